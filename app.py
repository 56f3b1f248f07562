"""Analyst dashboard over the figures store: `streamlit run app.py`.

Only widgets and layout live here; loading, filtering, aggregation, provenance,
reviews, commitments, progress and exports are plain functions in the
`dashboard` package.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pandas as pd
import streamlit as st

from analysis.commitments import (
    counted_rows,
)
from analysis.filters import Filters, apply_filters
from briefing.summary import filter_lines
from briefing.ui import render_briefing_downloads
from dashboard.archive import is_archive
from dashboard.archive_page import archive_page
from dashboard.chart_grid import COUNTING_SWITCH, charts_section, url_switch
from dashboard.chart_registry import (
    switch_keys,
)
from dashboard.charts import group_rows
from dashboard.data import (
    FINGERPRINT_KEY,
    Dataset,
    build_dataset,
    data_dir,
    db_path,
    extraction_fingerprint,
    load_figures,
    prepare_store,
)
from dashboard.exports import (
    EXCEL_MAX_ROWS,
    MIME,
    export_name,
    to_csv,
    to_excel,
    to_json,
)
from dashboard.i18n import LANGUAGES, count_text, tr, tr_n
from dashboard.provenance import find_figure, provenance_html
from dashboard.provenance_ui import selected_figure
from dashboard.review_ui import review_panel, review_section
from dashboard.safe import md_escape
from dashboard.sidebar import filter_widgets, url_multiselect
from dashboard.table import page_rows
from dashboard.table_ui import table_section
from dashboard.tabs import commitments_section, progress_section, view_commitments, view_progress
from dashboard.uploads import (
    MAX_UPLOAD_MB,
    TIME_BUDGET_S,
    UPLOAD_TYPES,
    AddResult,
    add_bytes,
    add_text,
)
from dashboard.urlstate import (
    coded_tabs,
    keep_through_language_switch,
    seed_from_url,
    write_to_url,
)
from store.db import Store, StoreDamaged, is_lock_error
from store.recovery import rebuild_store

GROUP_PREVIEW = 10
SECTIONS: tuple[str, ...] = ("figures_tab", "commitments_tab", "progress_tab", "review_tab")
# Widgets holding codes shown translated (kept in the URL by code, see dashboard.urlstate).
FILTER_KEYS: tuple[str, ...] = ("kind", "unit", "country", "investor", "sector", "org", "doc")
CODED_KEYS: tuple[str, ...] = ("kind", "unit", "country", "sector", "org", "doc", "count",
                               "sort", "investor")  # and the charts' switches (switch_keys)


@st.cache_resource(show_spinner=False)
def cached_store(path: str, articles: str) -> Store:
    """The store, built from the bundled articles on first start; the page's writes wait
    only seconds for a lock (Store.for_page)."""
    return prepare_store(path, articles).for_page()


@st.cache_resource(show_spinner="Loading figures…", max_entries=2)
def cached_figures(path: str, figures_revision: int) -> pd.DataFrame:
    """The extracted figures of one figures revision (a review does not reload them)."""
    return load_figures(Store(path))


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_dataset(path: str, revision: int) -> Dataset:
    """The figures of one store revision, reviews applied. cache_resource hands every
    session the same read-only frames (no copy per rerun); nothing below mutates them.
    Its commitments and progress are computed on first use and kept on the Dataset, so
    they always belong to these figures."""
    store = Store(path)
    return build_dataset(store, figures=cached_figures(path, store.figures_revision()))


@st.cache_resource(show_spinner=False, max_entries=2)
def cached_archive_mode(path: str, figures_revision: int) -> bool:
    """Whether the store is queried (an archive) rather than loaded."""
    return is_archive(Store(path))


def sidebar_filters(data: Dataset, lang: str) -> Filters:
    """The filter widgets (all kept in the URL) and the Filters they describe."""
    if st.session_state.get("_counts_of") != id(data.counts):
        # The option labels carry counts: when the figures change (a review, an upload),
        # set the filters again so the browser gets the new labels (as on a language switch).
        keep_through_language_switch(FILTER_KEYS)
        st.session_state["_counts_of"] = id(data.counts)

    def documents() -> list[str]:
        return url_multiselect("doc", tr("document", lang), data.options["doc_ids"],
                               lambda d, _lang: data.doc_labels.get(d, d), lang,
                               data.counts.get("doc_ids"))

    return filter_widgets(data.options, data.counts, data.years, lang, documents)


def provenance_section(store: Store, data: Dataset, view: pd.DataFrame, lang: str) -> None:
    """The selected figure's sentence (highlighted), document, date, source and rule, and
    its review form."""
    selected = selected_figure(lambda figure_id: find_figure(data.figures, figure_id), lang)
    if selected is None:
        return
    figure_id, row = selected
    review_panel(store, data, row, lang)
    group = st.session_state.get("group")
    if group and group["figure_id"] == figure_id:
        members = group_rows(view, group["keys"])
        if len(members) > 1:
            with st.expander(tr("group_figures", lang, n=f"{len(members):,}")):
                for record in members.head(GROUP_PREVIEW).to_dict("records"):
                    st.html(provenance_html(record, lang))


def exports_section(data: Dataset, view: pd.DataFrame, lang: str,
                    filters: Filters | None = None) -> None:
    """CSV, Excel (with commitments and progress sheets) and JSON of exactly the filtered
    rows, built only when clicked."""
    st.subheader(tr("exports", lang))
    stamp = date.today().strftime("%Y%m%d")
    csv_col, xlsx_col, json_col = st.columns(3)
    csv_col.download_button("CSV", data=lambda: to_csv(view), file_name=export_name("csv", stamp),
                            mime=MIME["csv"], on_click="ignore", key="dl_csv")
    too_big = len(view) > EXCEL_MAX_ROWS
    xlsx_col.download_button("Excel", data=lambda: excel_export(data, view, filters, lang),
                             key="dl_xlsx", file_name=export_name("xlsx", stamp),
                             mime=MIME["xlsx"], on_click="ignore", disabled=too_big)
    if too_big:
        xlsx_col.caption(tr("excel_too_big", lang, n=f"{EXCEL_MAX_ROWS:,}"))
    json_col.download_button("JSON", data=lambda: to_json(view), key="dl_json",
                             file_name=export_name("json", stamp), mime=MIME["json"],
                             on_click="ignore")


def excel_export(data: Dataset, view: pd.DataFrame, filters: Filters | None = None,
                 lang: str = "en") -> bytes:
    """The Excel workbook of the view: figures, sources, commitments, progress and the
    active filters."""
    return to_excel(view, commitments=view_commitments(data, view),
                    progress=view_progress(data, view),
                    filters=filter_lines(filters or Filters(), lang))


def lower_tabs(store: Store, data: Dataset, view: pd.DataFrame, filters: Filters,
               lang: str) -> None:
    """Figures table, commitments, target versus actual, review: only the open tab runs."""
    tabs = coded_tabs("section", SECTIONS, tr, lang)
    figures_tab, commitments_tab, progress_tab, review_tab = tabs
    if figures_tab.open:
        with figures_tab:
            table_section(len(view), lambda by, desc, page: page_rows(view, by, desc, page),
                          lang)
    if commitments_tab.open:
        with commitments_tab:
            commitments_section(data, view, lang)
    if progress_tab.open:
        with progress_tab:
            progress_section(data, view, lang)
    if review_tab.open:
        with review_tab:
            review_section(store, data, filters, lang)


def _add_one(store: Store, name: str, data: bytes, published: str | None, outlet: str,
             url: str) -> AddResult:
    """One uploaded file; a store that stays locked refuses this file, not the batch."""
    try:
        return add_bytes(store, name, data, published, outlet, url)
    except sqlite3.OperationalError as exc:
        if not is_lock_error(exc):
            raise
        return AddResult(name, "rejected",
                         reason=tr("store_busy", st.session_state.get("lang") or "en"))


def on_add(store: Store) -> None:
    """Form callback: extract and store the uploaded files and the pasted text."""
    day = st.session_state.get("add_date")
    published = day.isoformat() if day else None
    outlet = st.session_state.get("add_outlet", "") or ""
    url = st.session_state.get("add_url", "") or ""
    results: list[AddResult] = [
        _add_one(store, f.name, f.getvalue(), published, outlet, url)
        for f in st.session_state.get("upload") or []
    ]
    text = st.session_state.get("paste_text", "")
    if text.strip():
        results.append(add_text(store, text, st.session_state.get("paste_title", ""),
                                published, outlet, url))
    st.session_state["add_results"] = results


def add_documents_section(store: Store, lang: str) -> None:
    """Upload files or paste text; they are extracted, stored and shown at once."""
    with st.expander(tr("add_documents", lang),
                     expanded=bool(st.session_state.get("add_results"))):
        for result in st.session_state.pop("add_results", None) or [None]:
            show_add_result(result, lang)
        with st.form("add_form", clear_on_submit=True):
            st.file_uploader(tr("upload", lang), type=list(UPLOAD_TYPES),
                             accept_multiple_files=True, key="upload",
                             help=tr("upload_limits", lang, mb=MAX_UPLOAD_MB,
                                     seconds=f"{TIME_BUDGET_S:g}"))
            st.caption(tr("upload_limits", lang, mb=MAX_UPLOAD_MB,
                          seconds=f"{TIME_BUDGET_S:g}"))
            st.text_input(tr("paste_title", lang), key="paste_title")
            st.text_area(tr("paste", lang), key="paste_text")
            st.date_input(tr("add_date", lang), value=None, key="add_date",
                          help=tr("add_date_help", lang))
            outlet_col, url_col = st.columns(2)
            outlet_col.text_input(tr("outlet", lang), key="add_outlet")
            url_col.text_input(tr("url", lang), key="add_url", placeholder="https://…")
            st.form_submit_button(tr("add", lang), on_click=on_add, args=(store,))


def show_add_result(result: AddResult | None, lang: str) -> None:
    """One line per added (or refused) input."""
    if result is None:
        return
    name = md_escape(result.name)
    if result.status == "added":
        st.success(tr("added", lang, name=name,
                      figures=count_text(result.figures, "figure", lang)))
    elif result.status == "already":
        st.info(tr("already", lang, name=name))
    else:
        st.error(tr("rejected", lang, name=name, reason=md_escape(result.reason)))
    for note in result.notes:
        st.warning(tr("read_note", lang, name=name, note=md_escape(note)))


def on_language() -> None:
    """The language changed: the coded widgets (filters, switches, the review form's
    decision and kind) are shown again in the new language, with the same values."""
    form = [k for k in st.session_state if str(k).startswith(("rv_action_", "rv_kind_"))]
    keep_through_language_switch([*CODED_KEYS, *switch_keys(), *form])


def on_rebuild(path: str, articles: str) -> None:
    """Button callback: rebuild the damaged store, drop every cached frame of it."""
    report = rebuild_store(path, articles)
    Store(path).set_meta(FINGERPRINT_KEY, extraction_fingerprint())
    st.cache_resource.clear()
    st.session_state["rebuilt"] = report


def damaged_store_section(error: StoreDamaged, lang: str) -> None:
    """The store cannot be read: one line naming the file and what to do, and a button
    that rebuilds it (the damaged file is kept beside it)."""
    st.title(tr("title", lang))
    st.error(md_escape(str(error)))
    st.caption(tr("rebuild_help", lang, copy=md_escape(f"{error.path.name}.damaged-…"),
                  articles=md_escape(str(data_dir()))))
    st.button(tr("rebuild", lang), key="rebuild", on_click=on_rebuild,
              args=(str(error.path), str(data_dir())))


def main() -> None:
    """Lay out the page; a damaged store is named, with an offer to rebuild it."""
    st.set_page_config(page_title="Figures from the news", page_icon="📊", layout="wide")
    seed_from_url("lang", list(LANGUAGES), lambda code, _lang: LANGUAGES[code], "en")
    lang = st.sidebar.radio("Language / Ngôn ngữ", list(LANGUAGES), key="lang",
                            format_func=LANGUAGES.get, horizontal=True, on_change=on_language)
    write_to_url("lang", lang, "en")
    rebuilt = st.session_state.pop("rebuilt", None)
    if rebuilt is not None:
        st.success(md_escape(tr("rebuilt", lang, report=str(rebuilt))))
    try:
        page(lang)
    except StoreDamaged as exc:
        damaged_store_section(exc, lang)
    except sqlite3.DatabaseError as exc:
        if is_lock_error(exc):
            raise
        damaged_store_section(StoreDamaged(Path(db_path()), str(exc).splitlines()[0]), lang)


def page(lang: str) -> None:
    """The dashboard over the store."""
    store = cached_store(str(db_path()), str(data_dir()))
    if cached_archive_mode(str(store.path), store.figures_revision()):
        archive_page(store, lang, filter_lines, render_briefing_downloads)
        return
    data = cached_dataset(str(store.path), store.revision())
    filters = sidebar_filters(data, lang)
    shown = data.visible
    view = apply_filters(shown, filters)
    st.sidebar.divider()
    st.sidebar.text_input(tr("reviewer", lang), key="reviewer", persist_state="session",
                          help=tr("reviewer_help", lang))
    st.sidebar.caption(tr("store_line", lang, path=store.path,
                          docs=count_text(data.documents, "document", lang),
                          figures=count_text(len(shown), "figure", lang)))
    st.title(tr("title", lang))
    st.caption(tr("caption", lang))
    add_documents_section(store, lang)
    st.markdown(tr("shown", lang, n=f"**{len(view):,}**", total=f"{len(shown):,}"))
    if len(shown) < len(data.figures):
        st.caption(tr_n("rejected_hidden", len(data.figures) - len(shown), lang))
    if view.empty:
        st.info(tr("no_figures", lang))
    if filters.year_range is not None:
        undated = int(view["year"].isna().sum()) if len(view) else 0
        st.caption(tr("undated_note", lang, n=count_text(undated, "figure", lang))
                   if filters.include_undated
                   else tr("undated_hidden", lang))
    counting = url_switch(COUNTING_SWITCH, lang)
    counted = view
    if counting == "commitments":
        counted = counted_rows(view, data.commitments)
        st.caption(tr("counted_line", lang,
                      commitments=count_text(len(counted), "commitment", lang),
                      mentions=count_text(len(view), "mention", lang)))
    charts_section(view, counted, lang, counting)
    provenance_section(store, data, view, lang)
    lower_tabs(store, data, view, filters, lang)
    exports_section(data, view, lang, filters)
    render_briefing_downloads(view, filters, lang, total=len(shown))


main()
