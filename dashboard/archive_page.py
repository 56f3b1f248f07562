"""The page over an archive (dashboard.archive): the same filters (in the URL), counts,
charts, provenance, review form, table and exports, with every answer queried for the
view instead of computed over loaded figures. The browser gets only what it shows: the
document filter offers the documents matching typed text, charts get aggregates, the
table one page."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from datetime import date, datetime
from typing import Any, BinaryIO

import pandas as pd
import streamlit as st

from analysis.commitments import counted_rows
from analysis.filters import Filters
from analysis.query import FigureQuery
from dashboard.archive import (
    ChartData,
    aggregate_rows,
    cached,
    chart_data,
    source_text,
    targets_plot,
)
from dashboard.archive_exports import (
    DOWNLOAD_MAX_ROWS,
    EXCEL_MAX_ROWS,
    export_file,
    export_folder,
    export_to_disk,
    view_chunks,
    write_csv,
    write_excel,
    write_json,
)
from dashboard.archive_views import (
    SCOPE_MAX_ROWS,
    VIEW_MAX_ROWS,
    CommitmentScope,
    commitment_scope,
    measure_keys,
    review_counts,
    reviewed_in_view,
)
from dashboard.chart_grid import COUNTING_SWITCH, charts_section, url_switch
from dashboard.charts import (
    INVESTMENT_GROUPS,
    aggregates_plot,
    figures_plot,
    investments_plot,
    selected_point,
)
from dashboard.data import Dataset, orphan_context, typed_figures
from dashboard.exports import MIME, export_name
from dashboard.i18n import count_text, tr
from dashboard.provenance_ui import selected_figure
from dashboard.review_ui import review_list, review_panel
from dashboard.safe import md_escape
from dashboard.sidebar import filter_widgets
from dashboard.table_ui import table_section
from dashboard.tabs import commitments_section, progress_section, view_commitments, view_progress
from dashboard.urlstate import URL, coded_tabs, seed_from_url, write_to_url
from dashboard.warm_searches import start_warming
from store.db import Store

DOC_MATCHES = 20  # documents offered for typed text
PLOT_CONFIG = {"displaylogo": False}
EXPORT_LABELS: dict[str, str] = {"csv": "CSV", "xlsx": "Excel", "json": "JSON"}
SECTIONS: tuple[str, ...] = ("figures_tab", "commitments_tab", "progress_tab", "review_tab")
Describe = Callable[[Filters, str], list[str]]  # active filters, one line each
Briefing = Callable[[pd.DataFrame, Filters, str, int], None]  # briefing.ui downloads


@st.cache_resource(show_spinner="Opening the archive…", max_entries=1)
def cached_query(path: str, revision: int) -> FigureQuery:
    """The query object of one store revision (its dataset built on first use; its
    commonest searches then asked ahead in the background, dashboard.warm_searches)."""
    query = FigureQuery(Store(path))
    start_warming(query)
    return query


def _documents(query: FigureQuery, lang: str) -> list[str]:
    """The document filter: type to find; only the chosen documents and the matches of
    the typed text are sent to the browser."""
    titles = query.titles
    if "doc" not in st.session_state:
        st.session_state["doc"] = [d for d in st.query_params.get_all("doc") if d in titles]
    typed = st.sidebar.text_input(tr("find_document", lang), key="doc_q", bind=URL,
                                  help=tr("find_document_help", lang))
    chosen = list(st.session_state.get("doc") or [])
    options = list(dict.fromkeys([*chosen, *query.find_documents(typed or "", DOC_MATCHES)]))
    counts = query.counts.get("doc_ids", {})

    def shown(doc_id: str) -> str:
        title = titles.get(doc_id) or doc_id
        title = title if len(title) <= 60 else title[:59] + "…"
        return f"{title} [{doc_id}] ({counts.get(doc_id, 0):,})"

    picked = st.sidebar.multiselect(tr("document", lang), options, key="doc",
                                    placeholder=tr("choose", lang), format_func=shown)
    write_to_url("doc", picked, [])
    return picked


def archive_filters(query: FigureQuery, lang: str) -> Filters:
    """The filter widgets over the archive's options and counts."""
    bounds = cached(query, Filters(), "years", query.year_bounds)
    return filter_widgets(query.options(), query.counts, bounds, lang,
                          lambda: _documents(query, lang))


def _on_select(key: str) -> None:
    """A chart mark was selected: open its representative figure."""
    picked = selected_point(st.session_state.get(key))
    if picked:
        st.session_state["fig"] = picked[0]


def _chart(key: str, figure, caption: str) -> None:  # noqa: ANN001
    """One chart (selectable marks) and its source line."""
    st.plotly_chart(figure, key=key, on_select=lambda: _on_select(key),
                    selection_mode="points", config=PLOT_CONFIG)
    st.caption(caption)


def grouping() -> str:
    """How the investment chart groups (in the URL; read before the charts are built)."""
    seed_from_url("inv_by", list(INVESTMENT_GROUPS), tr, "entity")
    by = st.session_state.get("inv_by")
    return by if by in INVESTMENT_GROUPS else "entity"


def archive_charts(query: FigureQuery, data: ChartData, lang: str) -> None:
    """The four charts from server-side aggregates (targets binned per year and sector)."""
    left, right = st.columns(2)
    with right:
        by = st.segmented_control(tr("group_by", lang), list(INVESTMENT_GROUPS), required=True,
                                  key="inv_by", format_func=lambda c: tr(c, lang))
        write_to_url("inv_by", by, "entity")
        by = by if by in INVESTMENT_GROUPS else "entity"
    with left:
        if data.targets.empty:
            st.info(tr("no_chart_figures", lang))
        else:
            _chart("chart_targets", targets_plot(data.targets, lang),
                   source_text(data.sources["targets"], lang))
    with right:
        if data.investments.empty:
            st.info(tr("no_chart_figures", lang))
        else:
            _chart("chart_investments", investments_plot(data.investments, by, lang),
                   f"{source_text(data.sources['investments'], lang)}. {tr('sum_note', lang)} "
                   f"{tr('honest_note', lang)}")
        total, largest = data.aggregates
        if total:
            with st.expander(f"{tr('aggregates_chart', lang)} ({total:,})"):
                st.plotly_chart(aggregates_plot(aggregate_rows(query, largest), lang),
                                key="chart_aggregates", config=PLOT_CONFIG)
                st.caption(tr("aggregates_note", lang))
    every_row = source_text(data.sources["all"], lang)
    for column, (by_key, frame) in zip(st.columns(2), (("sector", data.sectors),
                                                       ("country", data.countries)),
                                       strict=True):
        with column:
            if frame.empty:
                st.info(tr("no_chart_figures", lang))
            else:
                _chart(f"chart_{by_key}", figures_plot(frame, by_key, lang), every_row)


def archive_chart_section(query: FigureQuery, filters: Filters, data: ChartData,
                          counting: str, lang: str) -> None:
    """The charts of the view: of its figures, from server-side aggregates; counting
    commitments (a view of up to VIEW_MAX_ROWS figures), the small page's charts over the
    loaded view and one row per commitment (dashboard.chart_grid)."""
    scope = _scope(query, filters, data.count) if counting == "commitments" else None
    if scope is None:
        if counting == "commitments" and data.count > VIEW_MAX_ROWS:
            st.info(tr("archive_count_too_big", lang, count=f"{data.count:,}",
                       n=f"{VIEW_MAX_ROWS:,}"))
        elif counting == "commitments":
            _too_big(data.count, lang)
        archive_charts(query, data, lang)
        return
    figures = cached(query, filters, "typed-scope", lambda: typed_figures(scope.data.figures))
    view = figures.loc[scope.view.index]  # the small page's dtypes, the scope's positions
    counted = counted_rows(view, scope.data.commitments)
    st.caption(tr("counted_line", lang,
                  commitments=count_text(len(counted), "commitment", lang),
                  mentions=count_text(len(view), "mention", lang)))
    charts_section(view, counted, lang, counting)


def _one_figure_dataset(query: FigureQuery, row: dict) -> Dataset:
    """A Dataset of the selected figure alone: what the review form reads."""
    extracted = query.figure(str(row["figure_id"]), extracted=True)
    hashes = dict(zip(query.documents["doc_id"].astype(str),
                      query.documents["content_hash"].astype(str), strict=True))
    return Dataset(figures=pd.DataFrame([row]), options={}, years=None, doc_titles={},
                   doc_labels={}, documents=len(hashes),
                   extracted=pd.DataFrame([extracted or row]),
                   doc_hashes={str(row["doc_id"]): hashes.get(str(row["doc_id"]), "")})


def archive_provenance(store: Store, query: FigureQuery, lang: str) -> None:
    """The selected figure's sentence, document and review form."""
    selected = selected_figure(query.figure, lang)
    if selected is None:
        return
    _, row = selected
    review_panel(store, _one_figure_dataset(query, row), row, lang)


def archive_exports(query: FigureQuery, filters: Filters, count: int, lang: str,
                    describe: Describe) -> None:
    """CSV, Excel and JSON of exactly the filtered rows, streamed from the store to a
    file when clicked (dashboard.archive_exports): downloads up to DOWNLOAD_MAX_ROWS
    rows, files written beside the store above; Excel up to its row limit, its
    "filters" sheet written by `describe`."""
    st.subheader(tr("exports", lang))
    writers: dict[str, Callable[[BinaryIO], None]] = {
        "csv": lambda out: write_csv(view_chunks(query, filters), out),
        "xlsx": lambda out: write_excel(view_chunks(query, filters), out,
                                        *_commitment_sheets(query, filters, count),
                                        filters=describe(filters, lang)),
        "json": lambda out: write_json(view_chunks(query, filters), out)}
    too_big = count > EXCEL_MAX_ROWS
    columns = dict(zip(writers, st.columns(3), strict=True))
    if count > DOWNLOAD_MAX_ROWS:
        _disk_exports(query, writers, columns, count, lang)
    else:
        stamp = date.today().strftime("%Y%m%d")
        for kind, write in writers.items():
            columns[kind].download_button(
                EXPORT_LABELS[kind], data=lambda write=write: export_file(write),
                file_name=export_name(kind, stamp), mime=MIME[kind], on_click="ignore",
                key=f"dl_{kind}", disabled=kind == "xlsx" and too_big)
    if too_big:
        columns["xlsx"].caption(tr("excel_too_big", lang, n=f"{EXCEL_MAX_ROWS:,}"))


def _disk_exports(query: FigureQuery, writers: dict[str, Callable[[BinaryIO], None]],
                  columns: dict[str, Any], count: int, lang: str) -> None:
    """A view too large for the browser: buttons that write each export into the export
    folder beside the store, and the path of the file written."""
    folder = export_folder(query.store.path)
    st.caption(tr("export_to_disk", lang, count=f"{count:,}", n=f"{DOWNLOAD_MAX_ROWS:,}",
                  folder=md_escape(str(folder))))
    for kind, write in writers.items():
        column = columns[kind]
        if column.button(tr("write_export", lang, kind=EXPORT_LABELS[kind]), key=f"disk_{kind}",
                         disabled=kind == "xlsx" and count > EXCEL_MAX_ROWS):
            stamp = f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(2)}"  # one each
            with st.spinner(tr("writing_export", lang)):
                path = export_to_disk(folder, export_name(kind, stamp), write)
            column.success(tr("export_written", lang, path=md_escape(str(path))))


def _scope(query: FigureQuery, filters: Filters, count: int) -> CommitmentScope | None:
    """The view's commitment scope (dashboard.archive_views), kept per filters; None for a
    view above VIEW_MAX_ROWS figures (or a scope too large)."""
    if count > VIEW_MAX_ROWS:
        return None
    keys = cached(query, Filters(), "measure_keys", lambda: measure_keys(query))
    return cached(query, filters, "scope", lambda: commitment_scope(query, filters, keys))


def _commitment_sheets(query: FigureQuery, filters: Filters, count: int
                       ) -> tuple[pd.DataFrame | None, pd.DataFrame | None]:
    """The Excel export's commitments and progress sheets (None above VIEW_MAX_ROWS)."""
    scope = _scope(query, filters, count)
    if scope is None:
        return None, None
    return view_commitments(scope.data, scope.view), view_progress(scope.data, scope.view)


def _too_big(count: int, lang: str) -> None:
    """One line: the view, or the figures its commitments reach, are too many for
    commitments, progress and briefings."""
    if count > VIEW_MAX_ROWS:
        st.info(tr("archive_view_too_big", lang, count=f"{count:,}", n=f"{VIEW_MAX_ROWS:,}"))
    else:
        st.info(tr("archive_scope_too_big", lang, n=f"{SCOPE_MAX_ROWS:,}"))


def archive_reviews(store: Store, query: FigureQuery, filters: Filters, count: int,
                    lang: str) -> None:
    """The Review tab: the view's reviewed figures (from the query's overlay), counts per
    status, orphaned reviews, the audit trail."""
    reviewed = reviewed_in_view(query, filters)
    orphans = query.orphans
    if len(orphans):
        orphans = cached(query, Filters(), "orphans",
                         lambda: orphan_context(store, query.orphans, query.titles))
    data = Dataset(figures=query.overlay, options={}, years=None, doc_titles=query.titles,
                   doc_labels={}, documents=len(query.documents), orphans=orphans)
    review_list(store, data, reviewed, review_counts(reviewed, count), lang)


def archive_tabs(store: Store, query: FigureQuery, filters: Filters, count: int,
                 lang: str) -> None:
    """Figures table, commitments, target versus actual, review: only the open tab runs;
    commitments and progress for views of up to VIEW_MAX_ROWS figures."""
    figures_tab, commitments_tab, progress_tab, review_tab = coded_tabs(
        "section", SECTIONS, tr, lang)
    if figures_tab.open:
        with figures_tab:
            table_section(count, lambda by, desc, page: query.page(filters, by, desc, page),
                          lang)
    for tab, section in ((commitments_tab, commitments_section),
                         (progress_tab, progress_section)):
        if tab.open:
            with tab:
                scope = _scope(query, filters, count)
                if scope is None:
                    _too_big(count, lang)
                else:
                    section(scope.data, scope.view, lang)
    if review_tab.open:
        with review_tab:
            archive_reviews(store, query, filters, count, lang)


def archive_briefing(query: FigureQuery, filters: Filters, count: int, lang: str,
                     briefing: Briefing) -> None:
    """The briefing downloads of the view (its rows read once per filters), for views of
    up to VIEW_MAX_ROWS figures."""
    if count > VIEW_MAX_ROWS:
        _too_big(count, lang)
        return
    briefing(cached(query, filters, "frame", lambda: query.frame(filters)), filters, lang,
             query.total)


def archive_page(store: Store, lang: str, describe: Describe,
                 briefing: Briefing | None = None) -> None:
    """The dashboard over an archive. `describe` names the active filters (one line each,
    briefing.summary.filter_lines) and `briefing` draws the briefing downloads
    (briefing.ui.render_briefing_downloads): handed in by app.py, as dashboard does not
    import briefing."""
    query = cached_query(str(store.path), store.revision())
    filters = archive_filters(query, lang)
    by = grouping()
    data = cached(query, filters, f"charts-{by}", lambda: chart_data(query, filters, by))
    count = data.count
    st.sidebar.divider()
    st.sidebar.text_input(tr("reviewer", lang), key="reviewer", persist_state="session",
                          help=tr("reviewer_help", lang))
    st.sidebar.caption(tr("store_line", lang, path=store.path,
                          docs=count_text(len(query.documents), "document", lang),
                          figures=count_text(query.total, "figure", lang)))
    st.title(tr("title", lang))
    st.caption(tr("archive_caption", lang))
    st.markdown(tr("shown", lang, n=f"**{count:,}**", total=f"{query.total:,}"))
    counting = url_switch(COUNTING_SWITCH, lang)
    if count == 0:
        st.info(tr("no_figures", lang))
    else:
        archive_chart_section(query, filters, data, counting, lang)
    archive_provenance(store, query, lang)
    archive_tabs(store, query, filters, count, lang)
    archive_exports(query, filters, count, lang, describe)
    if briefing is not None:
        archive_briefing(query, filters, count, lang, briefing)
