"""The figures table: server-side sorting and paging, readable display columns."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from analysis.labels import figure_labels
from dashboard.charts import document_titles
from dashboard.formatting import format_year, readable_usd, readable_values
from dashboard.i18n import tr, tr_value

PAGE_SIZE = 50
# Sort keys offered in the UI; "" keeps the document order.
SORT_KEYS: tuple[str, ...] = ("", "value_usd", "value", "year", "kind", "country", "sector",
                              "entity", "doc_id")
SORT_LABELS: dict[str, str] = {"doc_id": "document"}  # text keys of some sort keys
DISPLAY_COLUMNS: tuple[str, ...] = ("label", "value", "value_usd", "kind", "year", "country",
                                    "investor_country", "sector", "entity", "role", "quote",
                                    "measure", "doc_title", "figure_id")


def _translated(rows: pd.DataFrame, column: str, lang: str) -> list[object]:
    """A column's values translated for display (None stays empty)."""
    if column not in rows:
        return [None] * len(rows)
    return [None if v is None or v != v else tr_value(v, lang)
            for v in rows[column].astype(object)]


def sort_label(key: str, lang: str = "en") -> str:
    """A sort key as the menu shows it ("—" for the document order)."""
    return tr(SORT_LABELS.get(key, key), lang) if key else "—"


def page_count(rows: int, page_size: int = PAGE_SIZE) -> int:
    """Number of pages for `rows` rows (at least 1)."""
    return max(1, math.ceil(rows / page_size))


def sort_keys(column: pd.Series) -> np.ndarray:
    """Numbers that order a column: floats as they are, categoricals by category order;
    missing values as NaN (sorted last)."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy().astype(np.float64)
        return np.where(codes < 0, np.nan, codes)
    if pd.api.types.is_numeric_dtype(column.dtype):
        return column.to_numpy(dtype=np.float64, na_value=np.nan)
    return column.astype("category").cat.codes.to_numpy().astype(np.float64)


def sort_order(df: pd.DataFrame, by: str = "", descending: bool = False) -> np.ndarray:
    """Row positions of `df` in the requested order (stable; missing values last)."""
    if not by:
        positions = np.arange(len(df))
        return positions[::-1] if descending else positions
    keys = sort_keys(df[by])
    return np.argsort(-keys if descending else keys, kind="stable")


def page_rows(
    df: pd.DataFrame, by: str = "", descending: bool = False, page: int = 1,
    page_size: int = PAGE_SIZE,
) -> pd.DataFrame:
    """The rows of one page (1-based) after sorting; the last page when `page` is too big."""
    page = min(max(1, page), page_count(len(df), page_size))
    order = sort_order(df, by, descending)
    return df.iloc[order[(page - 1) * page_size : page * page_size]]


def display_frame(rows: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A page of figures with readable values and translated headers."""
    shown = pd.DataFrame(
        {
            "label": figure_labels(rows, lang),
            "value": readable_values(rows, lang),
            "value_usd": readable_usd(rows, lang),
            "kind": [tr_value(k, lang) for k in rows["kind"].astype(object)],
            "year": [format_year(y) for y in rows["year"]],
            "country": _translated(rows, "country", lang),
            "investor_country": _translated(rows, "investor_country", lang),
            "sector": _translated(rows, "sector", lang),
            "entity": rows["entity"].astype(object),
            "role": [None if r in (None, "single") or r != r else tr_value(r, lang)
                     for r in (rows["role"].astype(object) if "role" in rows
                               else [None] * len(rows))],
            "quote": rows["quote"].astype(object),
            "measure": rows["measure"].astype(object),
            "doc_title": document_titles(rows),
            "figure_id": rows["figure_id"].astype(object),
        },
        index=rows.index,
    )
    if "review_status" in rows:
        shown.insert(len(shown.columns) - 1, "review_status", review_labels(rows, lang))
    headers = {c: tr(c, lang) for c in (*DISPLAY_COLUMNS, "review_status")}
    return shown.fillna("").rename(columns=headers).reset_index(drop=True)


def review_labels(rows: pd.DataFrame, lang: str = "en") -> list[str]:
    """Each row's review status as shown in tables ("" when not reviewed)."""
    marks = {"accepted": "✓ ", "corrected": "✎ ", "rejected": "✗ "}
    return [
        "" if status in (None, "unreviewed") or status != status
        else marks.get(status, "") + tr_value(status, lang)
        for status in rows["review_status"].astype(object)
    ]
