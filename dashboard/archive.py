"""The page's data for a store too large to load (an archive): chart frames, source lines
and table pages built from the query layer's aggregates (analysis.query,
analysis.aggregates), in the shapes dashboard.charts plots, so the same plots draw them.
Only groups and their representative figures leave the database."""

from __future__ import annotations

import math
import os
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from analysis import saved_answers
from analysis.aggregates import aggregate_statistics, chart_groups, organisation_totals
from analysis.filters import Filters
from analysis.query import FigureQuery
from dashboard.charts import (
    _example_fields,
    document_titles,
    organisation_groups,
    timeline_plot,
)
from dashboard.i18n import count_text, tr, tr_n
from dashboard.safe import md_escape
from store.db import Store

ARCHIVE_ENV = "DASHBOARD_ARCHIVE_ROWS"
ARCHIVE_ROWS = 300_000  # stores with more figures are queried, not loaded
RESULTS_KEPT = 32  # chart bundles kept per query object (one per recent filter set)
MAX_MARKS = 120  # bubbles of the targets timeline (years binned into spans beyond that)


def archive_threshold() -> int:
    """Figures above which a store is an archive: $DASHBOARD_ARCHIVE_ROWS or ARCHIVE_ROWS."""
    value = os.environ.get(ARCHIVE_ENV, "")
    return int(value) if value.strip().isdigit() else ARCHIVE_ROWS


def is_archive(store: Store) -> bool:
    """True when the store holds more figures than `archive_threshold` (its largest rowid:
    no count over the table)."""
    last = store.read(lambda conn: conn.execute("SELECT max(rowid) FROM figures").fetchone()[0])
    return int(last or 0) > archive_threshold()


@dataclass(frozen=True)
class ChartData:
    """The frames of one filtered view's charts and their source lines."""

    count: int
    targets: pd.DataFrame
    investments: pd.DataFrame
    sectors: pd.DataFrame
    countries: pd.DataFrame
    sources: dict[str, tuple[int, int, list[str]]]  # rows -> (figures, documents, top titles)
    aggregates: tuple[int, pd.DataFrame]  # (investments without organisation, largest)


_NO_ORGANISATIONS = pd.DataFrame({"entity": pd.Series(dtype=object),
                                  "rep": pd.Series(dtype="int64"),
                                  "total_usd": pd.Series(dtype=float),
                                  "basis": pd.Series(dtype=object),
                                  "figures": pd.Series(dtype="int64")})
_NO_ROWS = pd.DataFrame({"rid": pd.Series(dtype="int64"), "value_usd": pd.Series(dtype=float)})
_cache: OrderedDict[tuple[int, Filters, str], Any] = OrderedDict()


def cached(query: FigureQuery, filters: Filters, name: str, build: Callable[[], Any]) -> Any:
    """`build()` kept per (query, filters, name) for the next RESULTS_KEPT calls: a rerun
    that changes no filter (a page, a selection) queries nothing again."""
    key = (id(query), filters, name)
    if key in _cache:
        _cache.move_to_end(key)
        return _cache[key]
    value = build()
    _cache[key] = value
    while len(_cache) > RESULTS_KEPT:
        _cache.popitem(last=False)
    return value


def _with_examples(reps: pd.DataFrame, groups: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Groups with their representative figure's id, quote, readable value and source
    (`reps`: the representative rows, indexed by rid)."""
    if groups.empty:
        return pd.DataFrame(columns=[*keys, "figures", "figure_id", "quote", "value_text",
                                     "source_title"])
    fields = _example_fields(reps.loc[groups["rep"]])
    out = groups[[*keys, "figures"]].reset_index(drop=True)
    return pd.concat([out, fields.reset_index(drop=True)], axis=1)


def _figures_by(reps: pd.DataFrame, groups: pd.DataFrame, by: str) -> pd.DataFrame:
    """dashboard.charts.figures_by from grouped counts."""
    agg = _with_examples(reps, groups, [by, "kind"])
    totals = agg.groupby(by)["figures"].transform("sum")
    agg = agg.assign(_total=totals).sort_values(["_total", by, "figures"], ascending=False)
    return agg.drop(columns="_total").reset_index(drop=True)


def investments(reps: pd.DataFrame, orgs: pd.DataFrame, by: str) -> pd.DataFrame:
    """dashboard.charts.investments_by from the honest totals computed in SQL
    (analysis.aggregates.organisation_totals) and the representative rows by rid."""
    if orgs.empty:
        return organisation_groups(orgs, by)
    reps = reps.loc[orgs["rep"]].reset_index(drop=True)
    dates = reps["doc_published"].astype(object).where(reps["doc_published"].notna(), "")
    years = reps["year"].astype("Float64").fillna(0).astype(int).astype(str)
    as_of = [d if d else ("" if y == "0" else y) for d, y in zip(dates, years, strict=True)]
    frame = reps.assign(total_usd=orgs["total_usd"].to_numpy(dtype=float),
                        basis=orgs["basis"].to_numpy(), figures=orgs["figures"].to_numpy(),
                        as_of=as_of, _pos=reps["rid"].astype(int).to_numpy())
    return organisation_groups(frame, by)


def chart_data(query: FigureQuery, filters: Filters, by: str = "entity") -> ChartData:
    """Every chart of the view `filters` selects. Those of the whole store (no filter)
    are kept beside its dataset per store revision, so a new server process draws its
    first page without scanning the archive."""
    if not filters.is_empty():
        return _chart_data(query, filters, by)
    saved = query.path / f"charts-r{query.revision}-{by}.pkl"
    data = saved_answers.load(saved)
    if data is not None:
        return data
    data = _chart_data(query, filters, by)
    for old in query.path.glob(f"charts-r*-{by}.pkl"):
        old.unlink(missing_ok=True)
    saved_answers.save(saved, data)
    return data


def _may_hold_money(filters: Filters) -> bool:
    """False when the filters leave out every investment in USD (kind or unit family)."""
    return (not filters.kinds or "investment" in filters.kinds) and (
        not filters.unit_families or "money" in filters.unit_families)


def _chart_data(query: FigureQuery, filters: Filters, by: str) -> ChartData:
    """Every chart of the view `filters` selects, queried."""
    money = _may_hold_money(filters)  # else no scan for investments
    query.relation(filters, "shown")  # a new text search resolved once, before the threads
    with ThreadPoolExecutor(max_workers=3) as pool:  # DuckDB runs them side by side
        grouped = pool.submit(chart_groups, query, filters)
        totals = pool.submit(organisation_totals, query, filters) if money else None
        statistics = pool.submit(aggregate_statistics, query, filters) if money else None
        groups = grouped.result()
        orgs = totals.result() if totals else _NO_ORGANISATIONS
        aggregates = statistics.result() if statistics else (0, _NO_ROWS)
    wanted = pd.concat([groups[name]["rep"] for name in ("targets", "sector", "country")]
                       + [orgs["rep"]]).unique()
    reps = query.rows(wanted).set_index("rid", drop=False)
    targets = _with_examples(reps, groups["targets"], ["year", "sector"])
    if len(targets):
        targets["year"] = targets["year"].astype(int)
        targets = targets.sort_values(["year", "figures"], ascending=[True, False],
                                      ignore_index=True)
    titles = query.titles
    sources = {}
    for name, part in (("all", groups["docs"]), ("targets", groups["target_docs"]),
                       ("investments", groups["investment_docs"])):
        if part.empty:
            sources[name] = (0, 0, [])
            continue
        top = part.sort_values(["figures", "rep"], ascending=[False, True])
        sources[name] = (int(part["set_figures"].iloc[0]), int(part["set_groups"].iloc[0]),
                         [titles.get(str(d)) or str(d) for d in top["doc_id"]])
    count = sources["all"][0]
    return ChartData(
        count=count,
        targets=targets,
        investments=investments(reps, orgs, by),
        sectors=_figures_by(reps, groups["sector"], "sector"),
        countries=_figures_by(reps, groups["country"], "country"),
        sources=sources,
        aggregates=aggregates,
    )


def binned_targets(targets: pd.DataFrame, max_marks: int = MAX_MARKS
                   ) -> tuple[pd.DataFrame, int]:
    """(targets counted per (span of years, sector), span): the span (1, 2, 3… years)
    is the shortest that keeps at most `max_marks` bubbles; each bubble keeps the example
    of its first figure and is placed at its span's first year."""
    if len(targets) <= max_marks:
        return targets, 1
    low, high = int(targets["year"].min()), int(targets["year"].max())
    sectors = max(1, targets["sector"].nunique())
    span = 1
    while math.ceil((high - low + 1) / span) * sectors > max_marks and span < high - low + 1:
        span += 1
    frame = targets.assign(year=low + (targets["year"].astype(int) - low) // span * span)
    first = frame.sort_values("rep" if "rep" in frame else "year", kind="stable")
    grouped = first.groupby(["year", "sector"], sort=False)
    out = grouped.head(1).set_index(["year", "sector"])
    out["figures"] = grouped["figures"].sum()
    out = out.reset_index().sort_values(["year", "figures"], ascending=[True, False],
                                        ignore_index=True)
    return out, span


def targets_plot(targets: pd.DataFrame, lang: str = "en") -> go.Figure:
    """The targets timeline of an archive: dashboard.charts.timeline_plot over
    `binned_targets`, each bubble's hover naming its span of years."""
    binned, span = binned_targets(targets)
    figure = timeline_plot(binned, lang)
    if span > 1:
        trace = figure.data[0]
        trace.hovertext = [
            text.replace(f"<b>{year} ·", f"<b>{year}–{year + span - 1} ·", 1)
            for text, year in zip(trace.hovertext, binned["year"], strict=True)]
        figure.update_xaxes(title_text=f"{tr('year', lang)} ({tr_n('year_spans', span, lang)})")
    return figure


def source_text(source: tuple[int, int, list[str]], lang: str, max_titles: int = 3) -> str:
    """dashboard.charts.source_line from (figures, documents, top titles)."""
    figures, documents, titles = source
    if not figures:
        return tr("source_none", lang)
    named = "; ".join(md_escape(str(t)[:70]) for t in titles[:max_titles])
    if documents > max_titles:
        named += f" ({tr('more', lang, n=documents - max_titles)})"
    return tr("source_line", lang, figures=count_text(figures, "figure", lang),
              docs=count_text(documents, "document", lang), titles=named)


def aggregate_rows(query: FigureQuery, largest: pd.DataFrame) -> pd.DataFrame:
    """The rows of the largest investments without an organisation (for their chart)."""
    if largest.empty:
        return largest
    rows = query.rows(largest["rid"].to_numpy())
    return rows.assign(source_title=document_titles(rows).to_numpy())
