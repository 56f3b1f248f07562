"""The briefing downloads on the Streamlit page (layout only; see briefing.downloads)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.filters import Filters
from briefing.catalog import briefing_charts
from briefing.downloads import Download, image_downloads, pack_downloads
from briefing.images import browser_path
from briefing.text import bt


def _button(column, item: Download, ready: bool = True) -> None:
    """A download button that builds its file only when clicked (no rerun)."""
    column.download_button(item.label, data=item.build, file_name=item.file_name,
                           mime=item.mime, key=item.key, on_click="ignore",
                           disabled=not (item.enabled and ready))


def render_briefing_downloads(filtered: pd.DataFrame, filters: Filters, lang: str,
                              total: int | None = None) -> None:
    """Deck, HTML and PDF brief of the filtered view, and PNG/SVG of every chart."""
    st.subheader(bt("briefing_section", lang))
    browser = browser_path() is not None
    if not browser:
        st.caption(bt("no_browser", lang))
    if filtered.empty:
        st.info(bt("empty_view", lang))
        return
    title = st.text_input(bt("deck_title", lang), value=bt("brief_title", lang),
                          key="deck_title")
    deck, page, pdf = pack_downloads(filtered, filters, lang, total, title=title)
    for column, item in zip(st.columns(3), (deck, page, pdf), strict=True):
        _button(column, item, ready=browser or item is page)
    images = image_downloads(filtered, lang, filters=filters)
    with st.expander(bt("chart_images", lang)):
        for i, spec in enumerate(briefing_charts()):
            name, *columns = st.columns([4, 1, 1])
            name.write(spec.title(lang))
            for column, item in zip(columns, images[2 * i : 2 * i + 2], strict=True):
                _button(column, item, browser)
