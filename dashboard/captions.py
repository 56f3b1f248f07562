"""Auto-written captions of the charts: their key numbers in one or two sentences, as the
briefing's slides and brief print them under each chart (see dashboard.chart_registry)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analysis.filters import MISSING
from analysis.honest import organisation_totals
from dashboard.charts import figures_by, investments_by, target_rows, targets_by_year
from dashboard.formatting import format_usd
from dashboard.i18n import count_text, tr, tr_value


def _nearest_year(years: pd.Series, this_year: int) -> int:
    """The first year from `this_year` on, else the latest year."""
    ahead = years[years >= this_year]
    return int(ahead.min() if len(ahead) else years.max())


def clip_text(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in "…" when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def targets_caption(df: pd.DataFrame, lang: str = "en", this_year: int | None = None) -> str:
    """Number and span of targets, the nearest target year and the busiest one."""
    agg = targets_by_year(df)
    if agg.empty:
        return tr("caption_empty", lang)
    per_year = agg.groupby("year")["figures"].sum()
    near = _nearest_year(per_year.index.to_series(), this_year or date.today().year)
    at_near = agg[agg["year"] == near].sort_values("figures", ascending=False, kind="stable")
    text = tr(
        "caption_targets", lang, n=f"{int(agg['figures'].sum()):,}",
        first=int(per_year.index.min()), last=int(per_year.index.max()), near=near,
        near_n=int(per_year[near]), near_sector=tr_value(at_near["sector"].iloc[0], lang),
    )
    busiest = int(per_year.idxmax())
    if busiest != near:
        text += " " + tr("caption_busiest", lang, year=busiest, n=int(per_year[busiest]))
    return text


def targets_markers_caption(df: pd.DataFrame, lang: str = "en",
                            this_year: int | None = None) -> str:
    """How many targets, their span, and the nearest ones by their labels."""
    rows = target_rows(df, "sector", lang)
    if rows.empty:
        return tr("caption_empty", lang)
    near = _nearest_year(rows["year"], this_year or date.today().year)
    named = "; ".join(clip_text(str(t), 70) for t in rows[rows["year"] == near]["label"][:2])
    return tr("caption_targets_markers", lang, n=f"{len(rows):,}",
              first=int(rows["year"].min()), last=int(rows["year"].max()), near=near,
              named=named)


def investments_caption(df: pd.DataFrame, by: str, lang: str = "en") -> str:
    """The organisations' investments as the chart shows them (analysis.honest): each at
    its latest reported total, else the sum of its distinct amounts; the top group with
    its value, date and source. Aggregate statistics are named apart, not summed."""
    agg = investments_by(df, by)
    if agg.empty:
        return tr("caption_empty", lang)
    total = float(agg["total_usd"].sum())
    text = tr("caption_investments_honest", lang, n=f"{len(organisation_totals(df)):,}",
              total=format_usd(total, lang=lang))
    named = agg[agg[by].astype(str) != MISSING]
    if not named.empty:
        top = named.iloc[0]
        share = round(100 * float(top["total_usd"]) / total) if total else 0
        basis = tr("basis_latest" if top["basis"] == "latest_total" else "basis_sum", lang)
        text += " " + tr(
            "caption_top_group_honest", lang, top=tr(f"top_{by}", lang),
            name=tr_value(top[by], lang), value=format_usd(top["total_usd"], lang=lang),
            share=share, basis=basis, as_of=str(top["as_of"] or "—"),
            source=clip_text(str(top["source_title"]), 60))
    return text


def figures_caption(df: pd.DataFrame, by: str, lang: str = "en") -> str:
    """Number of figures and groups, the named group with most figures and its kinds."""
    if df.empty:
        return tr("caption_empty", lang)
    agg = figures_by(df, by)
    named = agg[agg[by].astype(str) != MISSING]
    name = (named if len(named) else agg)[by].iloc[0]
    top = agg[agg[by] == name]
    kinds = ", ".join(f"{tr_value(k, lang)} {int(n):,}" for k, n in zip(
        top["kind"], top["figures"], strict=True))
    return tr(
        "caption_figures", lang, n=count_text(len(df), "figure", lang),
        groups=count_text(agg[by].nunique(), "group", lang),
        name=tr_value(name, lang), count=f"{int(top['figures'].sum()):,}", kinds=kinds,
    )
