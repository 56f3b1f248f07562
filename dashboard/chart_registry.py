"""The chart registry: every chart of the dashboard and the briefing, declared once.

An entry names its builder (`aggregate`, then `plot`), its title in dashboard.i18n, the
switch (grouping or view) and the counting it supports, its widget key (kept in the URL
with its switch), its place on the page, and the briefing charts (images, deck, brief)
it gives. The app lays out `layout()`; briefing.catalog draws `briefing_entries()`. Both
read REGISTRY when called, so a new entry is all they need.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.honest import aggregate_statistics
from dashboard.captions import (
    figures_caption,
    investments_caption,
    targets_caption,
    targets_markers_caption,
)
from dashboard.charts import (
    COUNTING,
    INVESTMENT_GROUPS,
    aggregates_plot,
    figures_by,
    figures_plot,
    investment_mask,
    investments_by,
    investments_plot,
    markers_plot,
    organisation_investment_mask,
    source_line,
    target_mask,
    target_rows,
    targets_by_year,
    timeline_plot,
)
from dashboard.i18n import count_text, tr

Mask = Callable[[pd.DataFrame], np.ndarray]
Aggregate = Callable[[pd.DataFrame, str, str], pd.DataFrame]  # (rows, option, lang)
Plot = Callable[[pd.DataFrame, str, str, str], go.Figure]  # (aggregate, option, lang, counting)
Caption = Callable[[pd.DataFrame, str, str], str]  # (rows, option, lang)
PANELS: tuple[str, ...] = ("tabs", "expander")


@dataclass(frozen=True)
class Switch:
    """A choice shown above a chart (how to group it, how to draw it), kept in the URL
    under `key` by code; the first option is the default."""

    key: str
    options: tuple[str, ...]
    labels: Mapping[str, str]  # option -> i18n key of its label
    title: str  # i18n key of the control's label
    help: str | None = None  # i18n key of its help text
    in_title: bool = False  # the chosen option's label follows the chart's title

    def label(self, option: str, lang: str) -> str:
        """The option's label in `lang`."""
        return tr(self.labels[option], lang)


@dataclass(frozen=True)
class Slot:
    """Where the app draws a chart: a grid row and column (charts sharing a cell stack in
    registry order) and its panel: "tabs" (Chart / Table tabs and a source line) or
    "expander" (folded, titled with its number of rows, shown only when it has rows)."""

    row: int
    column: int
    panel: str = "tabs"


@dataclass(frozen=True)
class Briefed:
    """A briefing chart drawn from an entry: its key (image file, deck, brief, the command
    line's --chart) and the switch option it draws ("" for the entry's own `option`)."""

    key: str
    option: str = ""


@dataclass(frozen=True)
class ChartEntry:
    """One chart. `key` is its widget key; with tabs, "<key>_view" keeps its open tab in
    the URL. `rows` are the rows it draws (None: every row), `cited` those its source line
    in the app names (None: `rows`). Counting modes it does not support draw mentions."""

    key: str
    title: str  # i18n key
    aggregate: Aggregate
    plot: Plot
    slot: Slot
    rows: Mask | None = None
    cited: Mask | None = None
    notes: tuple[str, ...] = ()  # i18n keys written after the source line
    switch: Switch | None = None
    option: str = ""  # the option drawn without a switch
    counting: tuple[str, ...] = COUNTING
    units: str = ""  # i18n key of the units line on its images
    caption: Caption | None = None  # the briefing's caption (default: the number of rows)
    briefing: tuple[Briefed, ...] = ()


def _targets_aggregate(rows: pd.DataFrame, view: str, lang: str) -> pd.DataFrame:
    """One row per target ("markers"), or targets counted per year and sector ("counts")."""
    return targets_by_year(rows) if view == "counts" else target_rows(rows, "sector", lang)


def _targets_plot(agg: pd.DataFrame, view: str, lang: str, counting: str) -> go.Figure:
    """The labelled target markers, or the bubbles counting targets."""
    if view == "counts":
        return timeline_plot(agg, lang, counting)
    return markers_plot(agg, lang, "sector")


def _targets_caption(rows: pd.DataFrame, view: str, lang: str) -> str:
    """The caption of the targets drawn as `view`."""
    if view == "counts":
        return targets_caption(rows, lang)
    return targets_markers_caption(rows, lang)


def _figures_chart(by: str, column: int) -> ChartEntry:
    """The stacked figure counts per `by` (sector or country), in the second row."""
    return ChartEntry(
        key=f"chart_{by}", title=f"by_{by}_chart",
        aggregate=lambda rows, by, lang: figures_by(rows, by), plot=figures_plot,
        slot=Slot(row=1, column=column), option=by,
        units="units_figures", caption=figures_caption, briefing=(Briefed(f"figures_{by}"),),
    )


TARGET_VIEWS = Switch("tgt_view", ("markers", "counts"), title="targets_chart",
                      labels={"markers": "targets_markers", "counts": "target_counts"})
INVESTMENT_GROUPING = Switch("inv_by", INVESTMENT_GROUPS, title="group_by", in_title=True,
                             labels={group: group for group in INVESTMENT_GROUPS})

REGISTRY: tuple[ChartEntry, ...] = (
    ChartEntry(
        key="chart_targets", title="targets_chart",
        aggregate=_targets_aggregate, plot=_targets_plot,
        slot=Slot(row=0, column=0), rows=target_mask, switch=TARGET_VIEWS,
        units="units_targets", caption=_targets_caption,
        briefing=(Briefed("targets", "markers"),),
    ),
    ChartEntry(
        key="chart_investments", title="investments_chart",
        aggregate=lambda rows, by, lang: investments_by(rows, by), plot=investments_plot,
        slot=Slot(row=0, column=1), rows=organisation_investment_mask, cited=investment_mask,
        notes=("sum_note", "honest_note"), switch=INVESTMENT_GROUPING,
        units="units_investments", caption=investments_caption,
        briefing=tuple(Briefed(f"investments_{by}", by)
                       for by in ("entity", "investor_country", "country", "sector")),
    ),
    ChartEntry(
        key="chart_aggregates", title="aggregates_chart",
        aggregate=lambda rows, option, lang: aggregate_statistics(rows),
        plot=lambda agg, option, lang, counting: aggregates_plot(agg, lang),
        slot=Slot(row=0, column=1, panel="expander"), notes=("aggregates_note",),
    ),
    _figures_chart("sector", 0),
    _figures_chart("country", 1),
)


def charts() -> tuple[ChartEntry, ...]:
    """Every registered chart, in registry order (read at call time)."""
    return REGISTRY


def options(entry: ChartEntry) -> tuple[str, ...]:
    """The options `entry` can draw: its switch's, else its own option."""
    return entry.switch.options if entry.switch else (entry.option,)


def url_keys(entry: ChartEntry) -> tuple[str, ...]:
    """The URL parameters `entry` keeps: its open tab and its switch."""
    tab = (f"{entry.key}_view",) if entry.slot.panel == "tabs" else ()
    return tab + ((entry.switch.key,) if entry.switch else ())


def switch_keys() -> list[str]:
    """The widget keys of every chart's switch (coded widgets, see dashboard.urlstate)."""
    return [entry.switch.key for entry in charts() if entry.switch]


def layout() -> list[list[list[ChartEntry]]]:
    """The app's chart grid: rows of columns, each column its charts in registry order."""
    entries = charts()
    grid: list[list[list[ChartEntry]]] = []
    for row in sorted({e.slot.row for e in entries}):
        in_row = [e for e in entries if e.slot.row == row]
        width = max(e.slot.column for e in in_row) + 1
        grid.append([[e for e in in_row if e.slot.column == c] for c in range(width)])
    return grid


def counted_as(entry: ChartEntry, counting: str) -> str:
    """The counting `entry` draws when the page counts by `counting`."""
    return counting if counting in entry.counting else "figures"


def chart_title(entry: ChartEntry, option: str, lang: str = "en") -> str:
    """The chart's title in `lang`, followed by the option's label where the switch says."""
    title = tr(entry.title, lang)
    if entry.switch and entry.switch.in_title:
        title += f" · {entry.switch.label(option, lang)}"
    return title


def build_plot(entry: ChartEntry, rows: pd.DataFrame, option: str, lang: str = "en",
               counting: str = "figures") -> go.Figure:
    """The plotly chart of `entry` drawing `rows` as `option`."""
    return entry.plot(entry.aggregate(rows, option, lang), option, lang, counting)


def caption_text(entry: ChartEntry, rows: pd.DataFrame, option: str, lang: str = "en") -> str:
    """The briefing caption of `entry` (its own, else the number of figures it draws)."""
    if entry.caption is not None:
        return entry.caption(rows, option, lang)
    drawn = int(entry.rows(rows).sum()) if entry.rows else len(rows)
    return f"{count_text(drawn, 'figure', lang)}."


def source_text(entry: ChartEntry, view: pd.DataFrame, lang: str = "en") -> str:
    """What the app writes under the chart: the source line of the rows it cites, then its
    notes (the notes alone for an expander)."""
    notes = " ".join(tr(note, lang) for note in entry.notes)
    if entry.slot.panel == "expander":
        return notes
    mask = entry.cited or entry.rows
    line = source_line(view, lang, mask(view) if mask else None)
    return f"{line}. {notes}" if notes else line


def briefing_entries() -> list[tuple[ChartEntry, Briefed]]:
    """(entry, briefing chart) of every briefing chart, in registry order."""
    return [(entry, briefed) for entry in charts() for briefed in entry.briefing]
