"""The registered charts in their grid (dashboard.chart_registry) with their switches
and Chart / Table tabs, drawn from a loaded view: the small page's charts, and the
archive page's when it counts commitments."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard.chart_registry import ChartEntry, Switch, counted_as, layout, source_text
from dashboard.charts import COUNTING, aggregate_table, selected_point
from dashboard.i18n import tr
from dashboard.urlstate import coded_tabs, seed_from_url, write_to_url

COUNTING_SWITCH = Switch("count", COUNTING, title="count_by", help="count_help",
                         labels={c: f"count_{c}" for c in COUNTING})


def on_chart_select(key: str) -> None:
    """A chart mark was selected: open the provenance of its representative figure."""
    picked = selected_point(st.session_state.get(key))
    if picked:
        figure_id, keys = picked
        st.session_state["fig"] = figure_id
        st.session_state["group"] = {"figure_id": figure_id, "keys": keys}


def chart_tabs(key: str, lang: str) -> tuple:
    """The Chart / Table tabs of one chart; only the open one is computed (lazy tabs)."""
    return tuple(coded_tabs(f"{key}_view", ("chart", "table"), tr, lang))


def chart_block(tabs: tuple, key: str, plot: Callable[[], go.Figure], agg: pd.DataFrame,
                source: str, lang: str, counting: str = "figures") -> None:
    """Fill a chart's open tab (the chart, or its table view); then its source line."""
    chart_tab, table_tab = tabs
    if agg.empty:
        for tab in (t for t in tabs if t.open):
            tab.info(tr("no_chart_figures", lang))
    elif chart_tab.open:
        with chart_tab:
            st.plotly_chart(
                plot(), key=key, on_select=lambda: on_chart_select(key),
                selection_mode="points",
                config={"displaylogo": False,
                        "toImageButtonOptions": {"format": "png", "filename": key, "scale": 2}},
            )
    if table_tab.open and not agg.empty:
        with table_tab:
            st.dataframe(aggregate_table(agg, lang, counting), hide_index=True)
    st.caption(source)


def url_switch(switch: Switch, lang: str) -> str:
    """A segmented control of codes shown translated, kept in the URL; its chosen code."""
    default = switch.options[0]
    seed_from_url(switch.key, list(switch.options), switch.label, default)
    choice = st.segmented_control(
        tr(switch.title, lang), list(switch.options), required=True, key=switch.key,
        format_func=lambda code: switch.label(code, lang),
        help=tr(switch.help, lang) if switch.help else None)
    write_to_url(switch.key, choice, default)
    return choice if choice in switch.options else default


def chart_panel(entry: ChartEntry, view: pd.DataFrame, counted: pd.DataFrame, lang: str,
                counting: str) -> None:
    """One registered chart in its panel: Chart / Table tabs under its switch, or an
    expander shown only when the chart has rows."""
    how = counted_as(entry, counting)
    rows = counted if how == counting else view
    if entry.slot.panel == "expander":
        agg = entry.aggregate(rows, entry.option, lang)
        if len(agg):
            with st.expander(f"{tr(entry.title, lang)} ({len(agg):,})"):
                st.plotly_chart(entry.plot(agg, entry.option, lang, how), key=entry.key,
                                config={"displaylogo": False})
                st.caption(source_text(entry, view, lang))
        return
    tabs = chart_tabs(entry.key, lang)
    option = url_switch(entry.switch, lang) if entry.switch else entry.option
    agg = entry.aggregate(rows, option, lang)
    chart_block(tabs, entry.key, lambda: entry.plot(agg, option, lang, how), agg,
                source_text(entry, view, lang), lang, how)


def charts_section(view: pd.DataFrame, counted: pd.DataFrame, lang: str,
                   counting: str = "figures") -> None:
    """The registered charts in their grid (dashboard.chart_registry). They plot `counted`
    (the view, or one row per commitment); source lines name the view's mentions."""
    for row in layout():
        for column, entries in zip(st.columns(len(row)), row, strict=True):
            with column:
                for entry in entries:
                    chart_panel(entry, view, counted, lang, counting)
