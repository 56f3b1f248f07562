"""The commitments and progress tabs of the page (layout only): the commitments of a
view (conflicts first), a selected one's mentions and their CSV; targets of the view
against their latest actual. `data` holds the figures the commitments are grouped over
(every figure on the pandas page, a view's scope on the archive page)."""

from __future__ import annotations

from datetime import date

import pandas as pd
import streamlit as st

from analysis.commitments import VALUE_TOLERANCE, commitments_in, mentions_of, with_quotes
from analysis.tracker import progress_in, this_year
from dashboard.charts import progress_plot
from dashboard.data import Dataset
from dashboard.exports import MIME, commitments_frame, export_name, progress_frame, table_csv
from dashboard.i18n import tr, tr_n
from dashboard.review_ui import on_pick
from dashboard.views import COMMITMENT_ROWS, commitment_frame, mention_frame, progress_display

URL = "query-params"


def view_commitments(data: Dataset, view: pd.DataFrame) -> pd.DataFrame:
    """The commitments with a mention in `view`, with their quotes (for exports)."""
    return with_quotes(commitments_in(view, data.commitments), data.visible, data.commitments)


def view_progress(data: Dataset, view: pd.DataFrame) -> pd.DataFrame:
    """The progress pairs of the targets in `view`, as of this year."""
    return progress_in(view, data.commitments, data.progress(this_year()))


def commitments_section(data: Dataset, view: pd.DataFrame, lang: str) -> None:
    """Commitments of the view (conflicts first), a selected one's mentions, CSV."""
    st.caption(tr("commitments_caption", lang, tol=f"{VALUE_TOLERANCE * 100:g}"))
    commitments = data.commitments
    conflicts_only = st.toggle(tr("conflicts_only", lang), key="conflicts", bind=URL)
    table = commitments_in(view, commitments, conflicts_only)
    if table.empty:
        st.info(tr("no_commitments", lang))
        return
    st.markdown(tr_n("commitments_shown", len(table), lang,
                     c=f"{int(table['conflict'].astype(bool).sum()):,}"))
    page = with_quotes(table.head(COMMITMENT_ROWS), data.visible, commitments)
    if len(page) < len(table):
        st.caption(tr("first_rows", lang, n=f"{len(page):,}", total=f"{len(table):,}"))
    st.caption(tr("commitment_select_hint", lang))
    picked = st.dataframe(commitment_frame(page, lang), key="commitments_table",
                          on_select="rerun", selection_mode="single-row", hide_index=True)
    rows = picked.selection.rows if picked is not None else []
    if rows and rows[0] < len(page):
        mentions = mentions_of(data.visible, commitments, int(page.index[rows[0]]))
        st.markdown(f"**{tr('mentions_of', lang)}**")
        st.session_state["mention_ids"] = mentions["figure_id"].astype(object).tolist()
        st.dataframe(mention_frame(mentions, lang), key="mentions_table", hide_index=True,
                     on_select=lambda: on_pick("mentions_table", "mention_ids"),
                     selection_mode="single-row")
    stamp = date.today().strftime("%Y%m%d")
    st.download_button(
        tr("commitments_csv", lang), key="dl_commitments", mime=MIME["csv"], on_click="ignore",
        data=lambda: table_csv(commitments_frame(view_commitments(data, view))),
        file_name=export_name("csv", stamp, "commitments"))


def progress_section(data: Dataset, view: pd.DataFrame, lang: str) -> None:
    """Targets of the view against their latest actual: chart, table, CSV."""
    st.caption(tr("progress_caption", lang, year=this_year()))
    rows = view_progress(data, view)
    if rows.empty:
        st.info(tr("no_progress", lang))
        return
    st.plotly_chart(progress_plot(rows, lang), key="chart_progress",
                    config={"displaylogo": False})
    progress_label = tr("progress", lang)
    st.dataframe(progress_display(rows, lang), hide_index=True, key="progress_table",
                 column_config={progress_label: st.column_config.ProgressColumn(
                     progress_label, format="%.0f%%", min_value=0, max_value=100)})
    stamp = date.today().strftime("%Y%m%d")
    st.download_button(tr("progress_csv", lang), key="dl_progress", mime=MIME["csv"],
                       data=lambda: table_csv(progress_frame(rows)), on_click="ignore",
                       file_name=export_name("csv", stamp, "progress"))


