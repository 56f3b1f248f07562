"""The charts of a briefing: the dashboard's chart builders, each with a title, units,
the rows it draws and an auto-written caption with its key numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.captions import figures_caption, investments_caption, targets_markers_caption
from dashboard.charts import (
    figures_chart,
    investment_mask,
    investments_chart,
    target_mask,
    targets_markers,
)
from dashboard.i18n import tr


@dataclass(frozen=True)
class ChartSpec:
    """One briefing chart: how to build it, name it, and describe it."""

    key: str
    title: Callable[[str], str]
    units_key: str
    build: Callable[[pd.DataFrame, str], go.Figure]
    rows: Callable[[pd.DataFrame], np.ndarray]
    caption: Callable[[pd.DataFrame, str], str]


def all_rows(df: pd.DataFrame) -> np.ndarray:
    """Every row (the count charts draw the whole view)."""
    return np.ones(len(df), dtype=bool)


def _investments(by: str) -> ChartSpec:
    """The investment bars grouped by `by`."""
    return ChartSpec(
        key=f"investments_{by}",
        title=lambda lang: f"{tr('investments_chart', lang)} · {tr(by, lang)}",
        units_key="units_investments",
        build=lambda df, lang: investments_chart(df, by, lang),
        rows=lambda df: investment_mask(df) & df["entity"].notna().to_numpy(dtype=bool),
        caption=lambda df, lang: investments_caption(df, by, lang),
    )


def _figures(by: str) -> ChartSpec:
    """The stacked figure counts per `by`."""
    return ChartSpec(
        key=f"figures_{by}",
        title=lambda lang: tr("by_sector_chart" if by == "sector" else "by_country_chart", lang),
        units_key="units_figures",
        build=lambda df, lang: figures_chart(df, by, lang),
        rows=all_rows,
        caption=lambda df, lang: figures_caption(df, by, lang),
    )


TARGETS = ChartSpec(
    key="targets",
    title=lambda lang: tr("targets_chart", lang),
    units_key="units_targets",
    build=lambda df, lang: targets_markers(df, lang),
    rows=target_mask,
    caption=targets_markers_caption,
)

CHARTS: tuple[ChartSpec, ...] = (
    TARGETS,
    _investments("entity"),
    _investments("investor_country"),
    _investments("country"),
    _investments("sector"),
    _figures("sector"),
    _figures("country"),
)
CHART_KEYS: tuple[str, ...] = tuple(c.key for c in CHARTS)


def chart_spec(key: str) -> ChartSpec:
    """The chart named `key` (one of CHART_KEYS)."""
    for spec in CHARTS:
        if spec.key == key:
            return spec
    raise KeyError(f"unknown chart {key!r}; choose one of {', '.join(CHART_KEYS)}")


def chart_rows(df: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """The rows of `df` that `spec` draws."""
    return df[spec.rows(df)]


def charts_with_data(df: pd.DataFrame) -> list[ChartSpec]:
    """The charts that have at least one row to draw in `df`."""
    return [spec for spec in CHARTS if bool(spec.rows(df).any())]
