"""The sidebar's filter widgets, shared by the page over loaded figures (app.py) and the
page over an archive (dashboard/archive_page.py): every filter kept in the URL."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from analysis.filters import Filters
from dashboard.i18n import tr, tr_value
from dashboard.urlstate import URL, Label, seed_from_url, write_to_url


def url_multiselect(key: str, title: str, options: list[str], label: Label, lang: str,
                    counts: dict[str, int] | None = None, help: str | None = None
                    ) -> list[str]:
    """A sidebar multiselect of codes shown translated (with the number of figures of each
    option), kept in the URL by code."""
    seed_from_url(key, options, label, [], multi=True)
    counts = counts or {}

    def shown(option: str) -> str:
        n = counts.get(option)
        return label(option, lang) if n is None else f"{label(option, lang)} ({n:,})"

    chosen = st.sidebar.multiselect(title, options, key=key, placeholder=tr("choose", lang),
                                    format_func=shown, help=help)
    write_to_url(key, chosen, [])
    return chosen


def filter_widgets(options: dict[str, list[str]], counts: dict[str, dict[str, int]],
                   year_bounds: tuple[int, int] | None, lang: str,
                   documents: Callable[[], list[str]]) -> Filters:
    """The filter widgets over `options` (with their `counts` of figures) and the Filters
    they describe; `documents` draws the document filter and returns the chosen ids."""
    side = st.sidebar
    side.header(tr("filters", lang))

    def choose(key: str, title: str, name: str, help: str | None = None) -> list[str]:
        return url_multiselect(key, tr(title, lang), options.get(name, []), tr_value, lang,
                               counts.get(name), help=help)

    kinds = choose("kind", "kind", "kinds")
    families = choose("unit", "unit_family", "unit_families")
    years, undated = None, True
    if year_bounds and year_bounds[0] < year_bounds[1]:
        low, high = year_bounds
        chosen = side.slider(tr("years", lang), low, high, (low, high), key="years", bind=URL,
                             help=tr("years_help", lang))
        years = None if tuple(chosen) == (low, high) else (int(chosen[0]), int(chosen[1]))
        undated = side.toggle(tr("include_undated", lang), value=True, key="undated",
                              bind=URL)
    countries = choose("country", "country", "countries")
    investors = choose("investor", "investor_country", "investor_countries",
                       help=tr("investor_country_help", lang))
    sectors = choose("sector", "sector", "sectors")
    entities = choose("org", "entity", "entities")
    docs = documents()
    search = side.text_input(tr("search", lang), key="q", bind=URL, help=tr("search_help", lang))
    reviewed = side.toggle(tr("reviewed_only", lang), key="reviewed", bind=URL,
                           help=tr("reviewed_only_help", lang))
    return Filters(tuple(kinds), tuple(families), years, tuple(countries), tuple(sectors),
                   tuple(entities), tuple(docs), search or "", bool(reviewed),
                   tuple(investors), bool(undated))
