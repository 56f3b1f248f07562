"""The charts of a briefing: the dashboard's chart builders, each with a title, units,
the rows it draws and an auto-written caption with its key numbers."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.filters import MISSING
from analysis.honest import organisation_totals
from briefing.text import bt
from dashboard.charts import (
    figures_by,
    figures_chart,
    investment_mask,
    investments_by,
    investments_chart,
    target_mask,
    target_rows,
    targets_by_year,
    targets_markers,
)
from dashboard.formatting import format_usd
from dashboard.i18n import count_text, tr, tr_value


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


def _nearest_year(years: pd.Series, this_year: int) -> int:
    """The first year from `this_year` on, else the latest year."""
    ahead = years[years >= this_year]
    return int(ahead.min() if len(ahead) else years.max())


def targets_caption(df: pd.DataFrame, lang: str = "en", this_year: int | None = None) -> str:
    """Number and span of targets, the nearest target year and the busiest one."""
    agg = targets_by_year(df)
    if agg.empty:
        return bt("caption_empty", lang)
    per_year = agg.groupby("year")["figures"].sum()
    near = _nearest_year(per_year.index.to_series(), this_year or date.today().year)
    at_near = agg[agg["year"] == near].sort_values("figures", ascending=False, kind="stable")
    text = bt(
        "caption_targets", lang, n=f"{int(agg['figures'].sum()):,}",
        first=int(per_year.index.min()), last=int(per_year.index.max()), near=near,
        near_n=int(per_year[near]), near_sector=tr_value(at_near["sector"].iloc[0], lang),
    )
    busiest = int(per_year.idxmax())
    if busiest != near:
        text += " " + bt("caption_busiest", lang, year=busiest, n=int(per_year[busiest]))
    return text


def _who(row: pd.Series) -> str:
    """Who and where an investment is: entity, country, year (the ones given)."""
    parts = [row.get("entity"), row.get("country"), row.get("year")]
    return ", ".join(str(p) for p in parts if p is not None and not pd.isna(p)) or "—"


def investments_caption(df: pd.DataFrame, by: str, lang: str = "en") -> str:
    """The organisations' investments as the chart shows them (analysis.honest): each at
    its latest reported total, else the sum of its distinct amounts; the top group with
    its value, date and source. Aggregate statistics are named apart, not summed."""
    agg = investments_by(df, by)
    if agg.empty:
        return bt("caption_empty", lang)
    total = float(agg["total_usd"].sum())
    text = bt("caption_investments_honest", lang, n=f"{len(organisation_totals(df)):,}",
              total=format_usd(total, lang=lang))
    named = agg[agg[by].astype(str) != MISSING]
    if not named.empty:
        top = named.iloc[0]
        share = round(100 * float(top["total_usd"]) / total) if total else 0
        basis = bt("basis_latest" if top["basis"] == "latest_total" else "basis_sum", lang)
        text += " " + bt(
            "caption_top_group_honest", lang, top=bt(f"top_{by}", lang),
            name=tr_value(top[by], lang), value=format_usd(top["total_usd"], lang=lang),
            share=share, basis=basis, as_of=str(top["as_of"] or "—"),
            source=clip_text(str(top["source_title"]), 60))
    return text


def clip_text(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in "…" when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def targets_markers_caption(df: pd.DataFrame, lang: str = "en",
                            this_year: int | None = None) -> str:
    """How many targets, their span, and the nearest ones by their labels."""
    rows = target_rows(df, "sector", lang)
    if rows.empty:
        return bt("caption_empty", lang)
    near = _nearest_year(rows["year"], this_year or date.today().year)
    named = "; ".join(clip_text(str(t), 70) for t in rows[rows["year"] == near]["label"][:2])
    return bt("caption_targets_markers", lang, n=f"{len(rows):,}",
              first=int(rows["year"].min()), last=int(rows["year"].max()), near=near,
              named=named)


def figures_caption(df: pd.DataFrame, by: str, lang: str = "en") -> str:
    """Number of figures and groups, the named group with most figures and its kinds."""
    if df.empty:
        return bt("caption_empty", lang)
    agg = figures_by(df, by)
    named = agg[agg[by].astype(str) != MISSING]
    name = (named if len(named) else agg)[by].iloc[0]
    top = agg[agg[by] == name]
    kinds = ", ".join(f"{tr_value(k, lang)} {int(n):,}" for k, n in zip(
        top["kind"], top["figures"], strict=True))
    return bt(
        "caption_figures", lang, n=count_text(len(df), "figure", lang),
        groups=count_text(agg[by].nunique(), "group", lang),
        name=tr_value(name, lang), count=f"{int(top['figures'].sum()):,}", kinds=kinds,
    )


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
