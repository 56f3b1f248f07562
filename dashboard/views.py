"""Readable tables for the Review, Commitments and Target-vs-actual tabs: formatted
values, translated statuses and headers. Inputs are small (a page, a selection)."""

from __future__ import annotations

import json
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.tracker import progress_percent
from dashboard.charts import document_titles
from dashboard.formatting import format_value, format_year, readable_values
from dashboard.i18n import tr, tr_value
from dashboard.table import review_labels
from store.review import CORRECTABLE

REVIEW_ROWS = 500  # reviewed figures listed in the Review tab
COMMITMENT_ROWS = 500  # commitments listed in the Commitments tab


def _headers(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`frame` with translated column headers, empty cells blank."""
    return frame.fillna("").rename(columns={c: tr(c, lang) for c in frame.columns})


def short_time(at: object) -> str:
    """An ISO time as "2026-11-23 11:25" (UTC), empty when missing."""
    text = "" if at is None or (not isinstance(at, str) and pd.isna(at)) else str(at)
    return text[:16].replace("T", " ")


def field_values(values: Mapping[str, object], fields: list[str], lang: str = "en") -> str:
    """Some fields of a figure as "Value: 20,000 · Year: 2030", field names translated."""
    parts = []
    for field in fields:
        value = values.get(field)
        if field in ("value", "value_high"):
            shown = format_value(value, str(values.get("unit") or ""))
        elif field == "year":
            shown = format_year(value)
        else:
            shown = "" if value is None or (not isinstance(value, str) and pd.isna(value)) \
                else tr_value(value, lang)
        parts.append(f"{tr(field, lang)}: {shown or '—'}")
    return " · ".join(parts)


def corrections_text(corrections: object, lang: str = "en") -> str:
    """An audit-trail entry's corrections (JSON) as "Year: 2025 · Measure: …"."""
    values = json.loads(corrections) if isinstance(corrections, str) and corrections else {}
    return field_values(values, list(values), lang) if isinstance(values, dict) else ""


def corrected_list(fields: object) -> list[str]:
    """The corrected fields of a row ("value, year" -> ["value", "year"])."""
    if not isinstance(fields, str) or not fields:
        return []
    return [f.strip() for f in fields.split(",") if f.strip() in CORRECTABLE]


def review_frame(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Reviewed figures, newest review first: status, value, corrected fields, quote,
    document, reviewer, time, comment, figure id."""
    rows = rows.iloc[np.argsort(rows["reviewed_at"].astype(str).to_numpy(), kind="stable")[::-1]]
    rows = rows.head(REVIEW_ROWS)
    frame = pd.DataFrame({
        "review_status": review_labels(rows, lang),
        "value": readable_values(rows).to_numpy(),
        "corrected_fields": [", ".join(tr(f, lang) for f in corrected_list(fields))
                             for fields in rows["corrected_fields"].astype(object)],
        "quote": rows["quote"].astype(object).to_numpy(),
        "doc_title": document_titles(rows).to_numpy(),
        "reviewed_by": rows["reviewer"].astype(object).to_numpy(),
        "reviewed_at": [short_time(t) for t in rows["reviewed_at"].astype(object)],
        "review_comment": rows["review_comment"].astype(object).to_numpy(),
        "figure_id": rows["figure_id"].astype(object).to_numpy(),
    })
    return _headers(frame, lang)


def orphan_frame(orphans: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Orphaned reviews: status, quote, sentence, document, why, reviewer, time, comment."""
    frame = pd.DataFrame({
        "review_status": [tr_value(s, lang) for s in orphans["status"]],
        "quote": orphans["quote"].astype(object).to_numpy(),
        "sentence": orphans["sentence"].astype(object).to_numpy(),
        "doc_title": orphans["doc_title"].astype(object).to_numpy(),
        "reason": [tr(r, lang) for r in orphans["reason"]],
        "reviewed_by": orphans["reviewer"].astype(object).to_numpy(),
        "reviewed_at": [short_time(t) for t in orphans["reviewed_at"]],
        "review_comment": orphans["comment"].astype(object).to_numpy(),
    })
    return _headers(frame, lang)


def log_frame(log: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """An audit trail, newest first: time, action, reviewer, corrections, comment."""
    log = log.iloc[::-1]
    frame = pd.DataFrame({
        "at": [short_time(t) for t in log["at"]],
        "action": [tr_value(a, lang) for a in log["action"]],
        "reviewed_by": log["reviewer"].astype(object).to_numpy(),
        "corrected_to": [corrections_text(c, lang) for c in log["corrections"].astype(object)],
        "review_comment": log["comment"].astype(object).to_numpy(),
        "detail": log["detail"].astype(object).to_numpy(),
    })
    return _headers(frame, lang)


def commitment_frame(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Commitments as read by an analyst: conflict mark, kind, country, measure, value,
    year, sources, mentions, dates, reported values, other years, quotes."""
    values = [format_value(v, str(u or "")) for v, u in zip(table["value"], table["unit"],
                                                            strict=True)]
    frame = pd.DataFrame({
        "conflict": ["⚠ " + tr_value(t, lang) if c else "" for c, t in
                     zip(table["conflict"], table["conflict_type"], strict=True)],
        "kind": [tr_value(k, lang) for k in table["kind"]],
        "country": table["country"].to_numpy(),
        "measure": table["measure"].to_numpy(),
        "value": values,
        "year": [format_year(y) for y in table["year"]],
        "sources": table["sources"].to_numpy(),
        "mentions": table["mentions"].to_numpy(),
        "first_published": table["first_published"].to_numpy(),
        "latest_published": table["latest_published"].to_numpy(),
        "reported_values": table["reported_values"].to_numpy(),
        "other_years": table["other_years"].to_numpy(),
        "quotes": table["quotes"].to_numpy(),
    })
    return _headers(frame, lang)


def mention_frame(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """The mentions of one commitment: value, year, quote, document, date, figure id."""
    frame = pd.DataFrame({
        "value": readable_values(rows).to_numpy(),
        "year": [format_year(y) for y in rows["year"]],
        "quote": rows["quote"].astype(object).to_numpy(),
        "doc_title": document_titles(rows).to_numpy(),
        "published": rows["doc_published"].astype(object).to_numpy(),
        "review_status": review_labels(rows, lang) if "review_status" in rows else "",
        "figure_id": rows["figure_id"].astype(object).to_numpy(),
    })
    return _headers(frame, lang)


def progress_display(table: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Progress pairs: measure, country, target and year, latest actual and year,
    progress (percent, for a progress bar), years left, status."""
    units = [str(u or "") for u in table["unit"]]
    frame = pd.DataFrame({
        "measure": table["measure"].to_numpy(),
        "country": table["country"].to_numpy(),
        "target_value": [format_value(v, u) for v, u in zip(table["target_value"], units,
                                                            strict=True)],
        "target_year": table["target_year"].to_numpy(),
        "actual_value": [format_value(v, u) for v, u in zip(table["actual_value"], units,
                                                            strict=True)],
        "actual_year": table["actual_year"].to_numpy(),
        "progress": progress_percent(table["progress"]).to_numpy(),
        "years_left": table["years_left"].to_numpy(),
        "status": [tr_value(s, lang) for s in table["status"]],
        "projected": [format_value(v, u) for v, u in zip(table["projected"], units,
                                                         strict=True)],
    })
    return frame.rename(columns={c: tr(c, lang) for c in frame.columns})
