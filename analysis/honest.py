"""Honest investment totals (README, "Honest aggregation").

- Within one document, repeated mentions of one organisation's amount (same
  organisation, unit and value) count once.
- An organisation with a reported total (`role` = total: "nâng tổng vốn lên 1,6 tỷ USD",
  "raised to $1.6 billion") is shown at its latest reported total (latest publication
  date, then year, then place in the text), never that total plus its increments.
- An organisation without a total is shown at the sum of its distinct amounts
  (increments and single amounts; one amount repeated by several articles counts once).
- Investments without an organisation (a national FDI stock, the registered capital of a
  whole country or sector) are aggregate statistics: listed apart, never summed with the
  organisations' investments.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

ROLE_ORDER = {"total": 0, "increment": 1, "single": 2}


def _text_column(column: pd.Series) -> pd.Series:
    """A text column as object strings, "" for missing cells."""
    return column.astype(object).where(column.notna(), "").astype(str)


def _rounded(column: pd.Series) -> pd.Series:
    return pd.to_numeric(column, errors="coerce").round(2)


def investment_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Investments with a USD value, with helper columns for ordering and dedup."""
    mask = ((df["kind"] == "investment") & df["value_usd"].notna()).to_numpy(dtype=bool)
    rows = df[mask]
    role = _text_column(rows["role"]) if "role" in rows else pd.Series("", index=rows.index)
    published = (_text_column(rows["doc_published"]) if "doc_published" in rows
                 else pd.Series("", index=rows.index))
    year = pd.to_numeric(rows["year"], errors="coerce").fillna(0) if "year" in rows else 0
    start = pd.to_numeric(rows["start"], errors="coerce").fillna(0) if "start" in rows else 0
    return rows.assign(
        _entity=_text_column(rows["entity"]),
        _role=role.map(ROLE_ORDER).fillna(2).astype(int),
        _is_total=(role == "total").to_numpy(),
        _date=published,
        _year=year,
        _start=start,
        _value=_rounded(rows["value_usd"]),
        _pos=np.arange(len(rows)),
    )


def distinct_mentions(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per (document, organisation, value): a total wins over a repeat of it."""
    ordered = rows.sort_values(["_role", "_pos"], kind="stable")
    kept = ordered.drop_duplicates(["doc_id", "_entity", "unit", "_value"], keep="first")
    return kept.sort_values("_pos", kind="stable")


def organisation_totals(df: pd.DataFrame) -> pd.DataFrame:
    """Per organisation: its representative row (the latest total, else its largest
    amount) with `total_usd` (the honest value), `basis` ("latest_total" or "sum"),
    `as_of` (the representative's publication date or year) and `figures` (mentions)."""
    rows = investment_rows(df)
    named = rows[rows["_entity"] != ""]
    if named.empty:
        return named.assign(total_usd=pd.Series(dtype=float), basis="", as_of="",
                            figures=pd.Series(dtype=int))
    mentions = named.groupby("_entity", sort=False).size()
    distinct = distinct_mentions(named)
    totals = distinct[distinct["_is_total"]]
    latest = (totals.sort_values(["_date", "_year", "_start", "_pos"], kind="stable")
              .groupby("_entity", sort=False).tail(1))
    latest = latest.assign(total_usd=latest["value_usd"].astype(float), basis="latest_total")
    rest = distinct[~distinct["_entity"].isin(set(latest["_entity"]))]
    rest = rest.drop_duplicates(["_entity", "unit", "_value"], keep="first")
    sums = rest.groupby("_entity", sort=False)["value_usd"].sum()
    largest = rest.sort_values(["value_usd", "_pos"], ascending=[False, True],
                               kind="stable").groupby("_entity", sort=False).head(1)
    largest = largest.assign(total_usd=largest["_entity"].map(sums).astype(float), basis="sum")
    out = pd.concat([latest, largest])
    dates = out["_date"].where(out["_date"] != "", out["_year"].astype(int).astype(str))
    out = out.assign(as_of=dates.replace("0", ""), figures=out["_entity"].map(mentions))
    return out.sort_values(["total_usd", "_pos"], ascending=[False, True], kind="stable")


def aggregate_statistics(df: pd.DataFrame) -> pd.DataFrame:
    """Investments without an organisation (national or sector aggregates), one row per
    distinct amount of a document, largest first: listed apart, never summed."""
    rows = investment_rows(df)
    rows = rows[rows["_entity"] == ""]
    rows = rows.drop_duplicates(["doc_id", "unit", "_value"], keep="first")
    return rows.sort_values(["value_usd", "_pos"], ascending=[False, True], kind="stable")


def honest_total(df: pd.DataFrame) -> float:
    """The organisations' investments, each counted at its honest value."""
    return float(organisation_totals(df)["total_usd"].sum())
