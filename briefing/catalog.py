"""The charts of a briefing, read from dashboard.chart_registry: each with a title, units,
the rows it draws and an auto-written caption with its key numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.chart_registry import (
    Briefed,
    ChartEntry,
    briefing_entries,
    build_plot,
    caption_text,
    chart_title,
)


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


def briefing_spec(entry: ChartEntry, briefed: Briefed) -> ChartSpec:
    """The briefing chart `briefed` of the registry's `entry`."""
    option = briefed.option or entry.option
    return ChartSpec(
        key=briefed.key,
        title=lambda lang: chart_title(entry, option, lang),
        units_key=entry.units,
        build=lambda df, lang: build_plot(entry, df, option, lang),
        rows=entry.rows or all_rows,
        caption=lambda df, lang: caption_text(entry, df, option, lang),
    )


def briefing_charts() -> list[ChartSpec]:
    """Every briefing chart, in registry order."""
    return [briefing_spec(entry, briefed) for entry, briefed in briefing_entries()]


def chart_keys() -> list[str]:
    """The keys of the briefing charts (file names, the command line's --chart)."""
    return [briefed.key for _, briefed in briefing_entries()]


def chart_spec(key: str) -> ChartSpec:
    """The chart named `key` (one of chart_keys())."""
    for spec in briefing_charts():
        if spec.key == key:
            return spec
    raise KeyError(f"unknown chart {key!r}; choose one of {', '.join(chart_keys())}")


def chart_rows(df: pd.DataFrame, spec: ChartSpec) -> pd.DataFrame:
    """The rows of `df` that `spec` draws."""
    return df[spec.rows(df)]


def charts_with_data(df: pd.DataFrame) -> list[ChartSpec]:
    """The charts that have at least one row to draw in `df`."""
    return [spec for spec in briefing_charts() if bool(spec.rows(df).any())]
