"""Target versus actual: how far each target is from the latest reported figure.

A target commitment is paired with the statistics (commitments of kind
``statistic``) of the same country, normalised measure and unit. The **latest
actual** is the statistic with the latest year (ties: more sources, then the
latest publication). Lower is better for ranks and for a target below the first
(earliest) actual of its pair ("reduce the poverty rate from 3% to 1%").
**Progress** = latest actual / target (target / actual where lower is better);
**years left** = target year − the current year (negative when the target year
has passed). **Status**:

- ``achieved`` — the actual has reached the target;
- ``overdue`` — the target year has passed without reaching it;
- ``on_track`` / ``behind`` — with actuals for two or more years, the straight
  line through the first and the latest one reaches / misses the target by the
  target year (``projected`` is its value then);
- ``in_progress`` — a single actual: the pace is unknown.

Targets and actuals need a year and a value; a range target counts its low end.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from analysis.commitments import Commitments

STATUSES: tuple[str, ...] = ("achieved", "on_track", "in_progress", "behind", "overdue")
PAIR_KEY: tuple[str, ...] = ("country", "measure_key", "unit")
COLUMNS: tuple[str, ...] = (
    "commitment", "country", "measure", "unit", "target_value", "target_year",
    "target_sources", "actual_value", "actual_year", "actual_sources", "actual_points",
    "progress", "years_left", "status", "projected", "target_figure_id", "actual_figure_id",
)


def this_year() -> int:
    """The current year: the default "as of" year of progress (tests replace it)."""
    return date.today().year


def _dated(table: pd.DataFrame, kind: str) -> pd.DataFrame:
    """Commitments of `kind` with a measure, a value and a year; numbers as floats."""
    rows = table[(table["kind"] == kind) & (table["measure_key"].astype(str) != "")].copy()
    rows["value"] = pd.to_numeric(rows["value"], errors="coerce")
    rows["year"] = pd.to_numeric(rows["year"], errors="coerce")
    rows = rows[rows["value"].notna() & rows["year"].notna()]
    rows["country"] = rows["country"].astype(object).fillna("")
    return rows


def progress_table(table: pd.DataFrame, as_of: int | None = None) -> pd.DataFrame:
    """One row per target commitment that has an actual (COLUMNS), from a commitments
    table (`Commitments.table`). `as_of` is the current year (`this_year()` by default)."""
    as_of = this_year() if as_of is None else as_of
    targets, actuals = _dated(table, "target"), _dated(table, "statistic")
    if targets.empty or actuals.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    actuals = actuals.sort_values(["year", "sources", "latest_published"], kind="stable")
    history = actuals.groupby(list(PAIR_KEY), sort=False).agg(
        actual_points=("year", "nunique"), first_value=("value", "first"),
        first_year=("year", "first"), actual_value=("value", "last"),
        actual_year=("year", "last"), actual_sources=("sources", "last"),
        actual_figure_id=("figure_id", "last"),
    ).reset_index()
    pairs = targets.merge(history, on=list(PAIR_KEY), how="inner")
    if pairs.empty:
        return pd.DataFrame(columns=list(COLUMNS))
    out = pd.DataFrame({
        "commitment": pairs["commitment"].to_numpy(),
        "country": pairs["country"].replace("", None).to_numpy(),
        "measure": pairs["measure"].to_numpy(),
        "unit": pairs["unit"].to_numpy(),
        "target_value": pairs["value"].to_numpy(dtype=np.float64),
        "target_year": pairs["year"].astype(int).to_numpy(),
        "target_sources": pairs["sources"].to_numpy(),
        "actual_value": pairs["actual_value"].to_numpy(dtype=np.float64),
        "actual_year": pairs["actual_year"].astype(int).to_numpy(),
        "actual_sources": pairs["actual_sources"].to_numpy(),
        "actual_points": pairs["actual_points"].to_numpy(),
        "target_figure_id": pairs["figure_id"].to_numpy(),
        "actual_figure_id": pairs["actual_figure_id"].to_numpy(),
    })
    lower_better = lower_is_better(out["unit"].to_numpy(dtype=object), out["target_value"]
                                   .to_numpy(), pairs["first_value"].to_numpy(dtype=np.float64))
    out["progress"] = progress(out["target_value"].to_numpy(), out["actual_value"].to_numpy(),
                               lower_better)
    out["years_left"] = out["target_year"] - as_of
    out["projected"] = projected(pairs["first_value"].to_numpy(dtype=np.float64),
                                 pairs["first_year"].to_numpy(dtype=np.float64),
                                 out["actual_value"].to_numpy(), out["actual_year"].to_numpy(),
                                 out["target_year"].to_numpy())
    out["status"] = status(out["progress"].to_numpy(), out["years_left"].to_numpy(),
                           out["projected"].to_numpy(), out["target_value"].to_numpy(),
                           lower_better)
    order = out["status"].map({s: i for i, s in enumerate(STATUSES)})
    out = out.assign(_order=order).sort_values(["_order", "progress"], ascending=[True, False],
                                               kind="stable")
    return out.drop(columns="_order")[list(COLUMNS)].reset_index(drop=True)


def lower_is_better(unit: np.ndarray, target: np.ndarray, first_actual: np.ndarray,
                    ) -> np.ndarray:
    """Pairs where a smaller value is the aim: ranks, and targets below the first actual."""
    return (unit == "rank") | (target < first_actual)


def progress(target: np.ndarray, actual: np.ndarray, lower_better: np.ndarray) -> np.ndarray:
    """actual / target (target / actual where lower is better); NaN when undefined."""
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(lower_better, target / actual, actual / target)
    return np.where(np.isfinite(ratio) & (ratio >= 0), ratio, np.nan)


def projected(first_value: np.ndarray, first_year: np.ndarray, last_value: np.ndarray,
              last_year: np.ndarray, target_year: np.ndarray) -> np.ndarray:
    """The straight line through the first and the latest actual, at the target year;
    NaN with a single year of actuals."""
    span = last_year - first_year
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = (last_value - first_value) / span
    return np.where(span > 0, last_value + slope * (target_year - last_year), np.nan)


def status(ratio: np.ndarray, years_left: np.ndarray, projection: np.ndarray,
           target: np.ndarray, lower_better: np.ndarray) -> list[str]:
    """The status of each pair (see the module docstring)."""
    reaches = np.where(lower_better, projection <= target, projection >= target)
    return [
        "achieved" if r >= 1
        else "overdue" if left < 0
        else ("on_track" if ok else "behind") if not np.isnan(p)
        else "in_progress"
        for r, left, p, ok in zip(np.nan_to_num(ratio, nan=-1.0), years_left, projection,
                                  reaches, strict=True)
    ]


def progress_percent(ratio: pd.Series) -> pd.Series:
    """Progress ratios as percentages to one decimal (0.16 -> 16.0); NaN stays NaN."""
    return (pd.to_numeric(ratio, errors="coerce") * 100).round(1)


def progress_in(view: pd.DataFrame, commitments: Commitments,
                table: pd.DataFrame) -> pd.DataFrame:
    """The rows of a progress table whose target has a mention in `view`."""
    present = commitments.present(view)
    return table[table["commitment"].isin(present)].reset_index(drop=True)
