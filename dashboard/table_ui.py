"""The table of a view on the page: sort, order and page controls kept in the URL, one
page of rows, and a selected row opening its figure's provenance. Shared by the loaded
page (app.py) and the archive page."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from dashboard.i18n import tr
from dashboard.table import SORT_KEYS, display_frame, page_count, sort_label
from dashboard.urlstate import URL, seed_from_url, write_to_url

# (sort column or "", descending, 1-based page) -> that page's figures
PageOf = Callable[[str, bool, int], pd.DataFrame]


def on_table_select() -> None:
    """A table row was selected: open its provenance."""
    rows = st.session_state["table"].selection.rows
    ids = st.session_state.get("page_ids", [])
    if rows and rows[0] < len(ids):
        st.session_state["fig"] = ids[rows[0]]
        st.session_state.pop("group", None)


def table_section(count: int, page_of: PageOf, lang: str) -> None:
    """One sorted page of a view of `count` figures; a selected row opens its provenance."""
    st.subheader(tr("table_section", lang))
    sort_col, desc_col, page_col = st.columns([2, 1, 1])
    seed_from_url("sort", SORT_KEYS, sort_label, "")
    by = sort_col.selectbox(tr("sort_by", lang), SORT_KEYS, key="sort",
                            format_func=lambda c: sort_label(c, lang))
    write_to_url("sort", by, "")
    descending = desc_col.toggle(tr("descending", lang), key="desc", bind=URL)
    pages = page_count(count)
    page = page_col.number_input(tr("page", lang), 1, pages, 1, key="page", bind=URL,
                                 help=tr("page_of", lang, pages=pages))
    rows = page_of(by or "", bool(descending), min(int(page), pages))
    st.session_state["page_ids"] = rows["figure_id"].astype(object).tolist()
    st.dataframe(display_frame(rows, lang), key="table", on_select=on_table_select,
                 selection_mode="single-row", hide_index=True)
