"""Analyst reviews of figures: validating them, and applying them to a figures frame.

A review is keyed by its document's content hash and the figure's character span
(``start``, ``end``), never by a row number, so it survives re-extraction. Its
status is ``accepted``, ``rejected`` or ``corrected``; a correction overrides some
of CORRECTABLE (only the fields that differ from the extraction are stored).
`apply_reviews` gives every figure a ``review_status`` (``unreviewed`` when
none), the reviewer, comment and time, and the corrected values (with the unit
family and the USD value recomputed). A review whose figure is no longer
extracted is an orphan: it is kept and listed, never applied to another figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

STATUSES: tuple[str, ...] = ("accepted", "rejected", "corrected")
# Categories of the review_status column, in display order.
REVIEW_STATES: tuple[str, ...] = ("unreviewed", "accepted", "corrected", "rejected")
CORRECTABLE: tuple[str, ...] = ("value", "value_high", "unit", "year", "kind", "country",
                                "sector", "entity", "measure")
NUMBER_FIELDS: tuple[str, ...] = ("value", "value_high")
# Columns apply_reviews adds to a figures frame.
REVIEW_COLUMNS: tuple[str, ...] = ("review_status", "reviewer", "review_comment", "reviewed_at",
                                   "corrected_fields")
SYSTEM_REVIEWER = "(re-extraction)"  # author of the log entries re-extraction writes
YEAR_RANGE: tuple[int, int] = (1900, 2100)
MAX_TEXT = 300

_SCALE_SUFFIXES: dict[str, float] = {"k": 1e3, "m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9,
                                     "t": 1e12}
# A group of thousands never starts with 0 ("0.125" is a fraction).
_THOUSANDS = {",": re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+$"),
              ".": re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")}


class ReviewError(ValueError):
    """A review that cannot be stored; the message says why, for the analyst. `key` and
    `values` give the same message in the UI's language (dashboard.i18n)."""

    def __init__(self, message: str, key: str = "", **values: object) -> None:
        super().__init__(message)
        self.key, self.values = key, values


# -- values typed by an analyst ------------------------------------------------


def parse_number(text: str) -> float | None:
    """A number typed by an analyst: "50000", "50,000", "50.000", "1.6", "1,6", "1,234.5",
    "1.6 B" (k, M/mn, B/bn, T). A lone group of three digits after the mark is read as
    thousands ("1.600" is 1600) unless the number starts with 0 ("0.125"). Blank gives
    None; anything else raises ReviewError."""
    raw = str(text or "").strip().replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not raw:
        return None
    scale = 1.0
    match = re.match(r"^(.*?\d)([a-zA-Z]{1,2})$", raw)
    if match and match.group(2).lower() in _SCALE_SUFFIXES:
        raw, scale = match.group(1), _SCALE_SUFFIXES[match.group(2).lower()]
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        group = "." if decimal == "," else ","
        raw = raw.replace(group, "").replace(decimal, ".")
    else:
        for mark, pattern in _THOUSANDS.items():
            if mark in raw:
                raw = raw.replace(mark, "") if pattern.match(raw) else raw.replace(mark, ".")
    try:
        number = float(raw) * scale
    except ValueError:
        raise ReviewError(f"“{text}” is not a number", "err_number", text=text) from None
    if not math.isfinite(number):
        raise ReviewError(f"“{text}” is not a number", "err_number", text=text)
    return number


def number_text(value: float) -> str:
    """A number as the review form pre-fills it, in a form `parse_number` reads back
    unchanged: "1,600,000,000", "2.5", "12.3450" (not "12.345", which reads as thousands)."""
    if abs(value) >= 1e15:
        return f"{value:.0f}"
    text = f"{value:,.15g}"
    if "," not in text and re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text):
        text += "0"
    return text


def read_number(text: str, shown: object) -> float | None:
    """The number in a form field pre-filled with `shown`: `shown` itself when the text
    was left as pre-filled (no re-parsing), else `parse_number(text)`."""
    if not _missing(shown) and str(text or "").strip() == number_text(float(shown)):
        return float(shown)
    return parse_number(text)


def parse_year(text: str) -> int | None:
    """A year typed by an analyst ("2030"); blank gives None."""
    raw = str(text or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{4}", raw):
        raise ReviewError(f"“{text}” is not a year", "err_year", text=text)
    return int(raw)


@lru_cache(maxsize=1)
def known_units() -> dict[str, str]:
    """Unit -> unit family, from the extractors' config: %, count, rank, every currency
    code (money) and every physical unit."""
    from extractors import load_config

    config = load_config()
    units = {"%": "percent", "count": "count", "rank": "rank"}
    units |= {c["code"]: "money" for c in config["currencies"]}
    units |= {u: "physical" for u in config["physical"]["units"]}
    return units


def unit_family(unit: object) -> str | None:
    """The unit family of a unit ("USD" -> "money", "%" -> "percent"); None when empty."""
    if _missing(unit) or not str(unit):
        return None
    return known_units().get(str(unit), "physical")


def clean_corrections(corrections: Mapping[str, Any]) -> dict[str, Any]:
    """Corrections checked and typed: numbers as floats, the year as an int, texts trimmed
    (empty means "none"). Raises ReviewError naming the bad field."""
    from extractors import KINDS

    clean: dict[str, Any] = {}
    for field, value in corrections.items():
        if field not in CORRECTABLE:
            raise ReviewError(f"“{field}” cannot be corrected", "err_field", field=field)
        if field in NUMBER_FIELDS:
            clean[field] = None if _missing(value) else _number(value, field)
        elif field == "year":
            clean[field] = None if _missing(value) else _year(value)
        else:
            text = "" if _missing(value) else str(value).strip()[:MAX_TEXT]
            clean[field] = text or None
    if clean.get("kind") is None and "kind" in clean:
        raise ReviewError("a figure needs a kind", "err_kind", kinds=", ".join(KINDS))
    if clean.get("kind") is not None and clean["kind"] not in KINDS:
        raise ReviewError(f"kind must be one of {', '.join(KINDS)}", "err_kind",
                          kinds=", ".join(KINDS))
    if "unit" in clean and clean["unit"] not in known_units():
        raise ReviewError(f"unknown unit “{clean['unit']}”", "err_unit", unit=clean["unit"])
    if "value" in clean and clean["value"] is None:
        raise ReviewError("a figure needs a value", "err_value")
    return clean


def validate_review(status: str, corrections: Mapping[str, Any], reviewer: str) -> dict[str, Any]:
    """The review's clean corrections; ReviewError for an unknown status, a missing
    reviewer name, a correction without changes or corrections on another status."""
    if not str(reviewer or "").strip():
        raise ReviewError("type your name before reviewing (it is recorded with the review)",
                          "need_name")
    if status not in STATUSES:
        raise ReviewError(f"status must be one of {', '.join(STATUSES)}", "err_status",
                          statuses=", ".join(STATUSES))
    clean = clean_corrections(corrections)
    if status == "corrected" and not clean:
        raise ReviewError("nothing was changed: correct a field, or accept the figure",
                          "err_unchanged")
    if status != "corrected" and clean:
        raise ReviewError(f"only a correction changes values, not “{status}”",
                          "err_not_correction")
    return clean


def changed_fields(extracted: Mapping[str, Any], entered: Mapping[str, Any]) -> dict[str, Any]:
    """The entered fields (already typed) that differ from the extracted figure: what a
    correction stores. Empty texts and missing values count as equal."""
    changes = {}
    for field, value in entered.items():
        before = extracted.get(field)
        if _same(before, value):
            continue
        changes[field] = value
    return changes


def _same(a: object, b: object) -> bool:
    """Equal cells: both missing/empty, equal numbers, or equal texts."""
    if _blank(a) or _blank(b):
        return _blank(a) and _blank(b)
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return str(a) == str(b)


def _blank(value: object) -> bool:
    """Missing or empty text."""
    return _missing(value) or (isinstance(value, str) and not value.strip())


def _number(value: object, field: str) -> float:
    """A finite float, or ReviewError."""
    number = parse_number(value) if isinstance(value, str) else _float(value)
    if number is None or not math.isfinite(number):
        raise ReviewError(f"{field}: “{value}” is not a number", "err_number", text=value)
    return number


def _float(value: object) -> float | None:
    """float(value), None when it is not a number."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def _year(value: object) -> int:
    """A year inside YEAR_RANGE, or ReviewError."""
    year = parse_year(value) if isinstance(value, str) else _float(value)
    if year is None or year != int(year) or not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise ReviewError(f"year: “{value}” is not a year between {YEAR_RANGE[0]} and "
                          f"{YEAR_RANGE[1]}", "err_year", text=value)
    return int(year)


def _missing(value: object) -> bool:
    """None, NaN or pandas NA."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


# -- keeping reviews attached across re-extraction --------------------------------


Span = tuple[int, int]


def match_spans(reviewed: Iterable[Span], extracted: Iterable[Span]) -> dict[Span, Span | None]:
    """Where each reviewed span lives among newly extracted spans of the same document:
    itself when still extracted; else the unclaimed new span overlapping it most (ties:
    the closest start); else None (the review is orphaned). Each new span takes at most
    one review; exact matches are served first, then reviews in span order."""
    reviewed = list(dict.fromkeys(reviewed))
    extracted = sorted(set(extracted))
    claimed = set(reviewed) & set(extracted)
    result: dict[Span, Span | None] = {span: span for span in reviewed if span in claimed}
    for start, end in sorted(span for span in reviewed if span not in claimed):
        best, best_key = None, None
        for new in extracted:
            overlap = min(end, new[1]) - max(start, new[0])
            if overlap <= 0 or new in claimed:
                continue
            key = (overlap, -abs(new[0] - start))
            if best_key is None or key > best_key:
                best, best_key = new, key
        result[(start, end)] = best
        if best is not None:
            claimed.add(best)
    return result


# -- applying reviews to figures --------------------------------------------------


def match_reviews(figures: pd.DataFrame, reviews: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(figure positions, review positions) of the reviews whose (doc_id, start, end) is a
    figure of `figures`. Only the reviewed documents are looked at; keys are integers."""
    empty = np.empty(0, dtype=np.int64)
    if reviews.empty or figures.empty:
        return empty, empty
    doc_col = figures["doc_id"]
    if not isinstance(doc_col.dtype, pd.CategoricalDtype):
        doc_col = doc_col.astype("category")
    categories = doc_col.cat.categories
    review_docs = categories.get_indexer(reviews["doc_id"].astype(object).where(
        reviews["doc_id"].notna(), None))
    known = np.flatnonzero(review_docs >= 0)
    if not len(known):
        return empty, empty
    hit = np.zeros(len(categories) + 1, dtype=bool)
    hit[review_docs[known]] = True
    codes = doc_col.cat.codes.to_numpy().astype(np.int64)
    positions = np.flatnonzero(hit[codes])
    candidates = pd.DataFrame({
        "doc": codes[positions],
        "span": _span_key(figures["start"], figures["end"], positions),
        "_figure": positions,
    })
    keys = pd.DataFrame({
        "doc": review_docs[known].astype(np.int64),
        "span": _span_key(reviews["start"], reviews["end"], known),
        "_review": known,
    })
    pairs = candidates.merge(keys, on=["doc", "span"], how="inner")
    return pairs["_figure"].to_numpy(np.int64), pairs["_review"].to_numpy(np.int64)


def _span_key(start: pd.Series, end: pd.Series, positions: np.ndarray) -> np.ndarray:
    """start and end at `positions` as one integer (start * 2**32 + end; -1 when missing)."""
    a = start.to_numpy(dtype=np.float64, na_value=np.nan)[positions]
    b = end.to_numpy(dtype=np.float64, na_value=np.nan)[positions]
    key = np.nan_to_num(a, nan=-1).astype(np.int64) * (1 << 32) + np.nan_to_num(b, nan=-1).astype(
        np.int64)
    return np.where(np.isnan(a) | np.isnan(b), -1, key)


Matches = tuple[np.ndarray, np.ndarray]


def orphaned_reviews(figures: pd.DataFrame, reviews: pd.DataFrame,
                     matches: Matches | None = None) -> pd.DataFrame:
    """The reviews no figure of `figures` carries (the figure is no longer extracted, or
    its document is gone), with a `reason`. `matches` is `match_reviews` output."""
    _, matched = match_reviews(figures, reviews) if matches is None else matches
    orphans = reviews.drop(index=reviews.index[np.unique(matched)]).copy()
    orphans["reason"] = np.where(orphans["doc_id"].isna(), "document_gone", "not_extracted")
    return orphans.reset_index(drop=True)


def apply_reviews(figures: pd.DataFrame, reviews: pd.DataFrame,
                  matches: Matches | None = None) -> pd.DataFrame:
    """`figures` with the reviews applied: REVIEW_COLUMNS added (categoricals;
    ``review_status`` is ``unreviewed`` without a review) and corrected fields
    overriding the extracted ones, the unit family and USD value recomputed where a
    value, unit or year changed. Rejected figures are kept (and marked). The input is
    not modified; unchanged columns are shared, not copied. Work is done once per
    review and spread to its figures with numpy indexing. `matches` is `match_reviews`
    output, when already computed."""
    out = figures.copy(deep=False)
    n = len(out)
    fig_pos, rev_pos = match_reviews(figures, reviews) if matches is None else matches
    states = reviews["status"].map({s: i for i, s in enumerate(REVIEW_STATES)})
    status = np.zeros(n, dtype=np.int8)
    status[fig_pos] = states.to_numpy(dtype=np.int8, na_value=0)[rev_pos]
    out["review_status"] = pd.Categorical.from_codes(status, categories=list(REVIEW_STATES))
    corrections = reviews["corrections"].to_numpy(dtype=object)
    corrected = (reviews["status"] == "corrected").to_numpy(dtype=bool)
    fields = [", ".join(sorted(c, key=CORRECTABLE.index)) if on and c else None
              for c, on in zip(corrections, corrected, strict=True)]
    for column, values in (("reviewer", reviews["reviewer"]),
                           ("review_comment", reviews["comment"]),
                           ("reviewed_at", reviews["reviewed_at"]),
                           ("corrected_fields", pd.Series(fields, dtype=object))):
        out[column] = _spread_categorical(n, fig_pos, _categorical(values), rev_pos)
    if corrected.any() and len(fig_pos):
        _apply_corrections(out, fig_pos, rev_pos, corrections, corrected)
    return out


def _categorical(values: pd.Series) -> pd.Categorical:
    """`values` as a categorical; empty texts and missing values are missing."""
    cells = pd.Series(values, dtype=object).reset_index(drop=True)
    blank = cells.isna() | (cells.astype(str).str.strip() == "")
    return pd.Categorical(cells.where(~blank, None).astype(object))


def _spread_categorical(n: int, positions: np.ndarray, values: pd.Categorical,
                        picks: np.ndarray) -> pd.Categorical:
    """A categorical column of length `n`: `values[picks]` at `positions`, else empty."""
    codes = np.full(n, -1, dtype=np.int32)
    codes[positions] = np.asarray(values.codes, dtype=np.int32)[picks]
    return pd.Categorical.from_codes(codes, categories=values.categories)


def _apply_corrections(out: pd.DataFrame, fig_pos: np.ndarray, rev_pos: np.ndarray,
                       corrections: np.ndarray, corrected: np.ndarray) -> None:
    """Write corrected fields into `out` (column by column), then recompute the unit
    family and USD values of the rows whose money value may have changed."""
    recompute = np.zeros(len(out), dtype=bool)
    for field in CORRECTABLE:
        has = np.array([on and field in c for c, on in zip(corrections, corrected, strict=True)])
        chosen = has[rev_pos]
        if not chosen.any() or field not in out:
            continue
        per_review = np.array([c.get(field) if on else None for c, on in
                               zip(corrections, has, strict=True)], dtype=object)
        where = fig_pos[chosen]
        out[field] = _set_cells(out[field], where, per_review[rev_pos[chosen]])
        if field == "unit" and "unit_family" in out:
            units = out["unit"].to_numpy(dtype=object)[where]
            families = {u: unit_family(u) for u in set(units.tolist())}
            out["unit_family"] = _set_cells(out["unit_family"], where,
                                            np.array([families[u] for u in units], dtype=object))
        if field in ("value", "value_high", "unit", "year"):
            recompute[where] = True
    if recompute.any() and "value_usd" in out:
        where = np.flatnonzero(recompute)
        rows = out.iloc[where]
        rates = usd_rates(rows["unit"].to_numpy(dtype=object),
                          rows["year"].to_numpy(dtype=np.float64, na_value=np.nan))
        for column, source in (("value_usd", "value"), ("value_usd_high", "value_high")):
            if column in out:
                amounts = rows[source].to_numpy(dtype=np.float64, na_value=np.nan) / rates
                out[column] = _set_cells(out[column], where, amounts)


def usd_rates(units: np.ndarray, years: np.ndarray) -> np.ndarray:
    """Units of currency per USD for each (unit, year), from the extractors' dated FX
    table (config.yaml); NaN for units that are not money or unknown currencies. One FX
    lookup per distinct pair."""
    from extractors import load_config
    from extractors.fx import rate

    config = load_config()
    table: dict[tuple[object, float], float] = {}
    out = np.full(len(units), np.nan)
    for i, (unit, year) in enumerate(zip(units, years, strict=True)):
        key = (unit, year)
        if key not in table:
            money = unit_family(unit) == "money"
            found = rate(str(unit), None if np.isnan(year) else int(year), config) if money \
                else None
            table[key] = np.nan if found is None else float(found)
        out[i] = table[key]
    return out


def _set_cells(column: pd.Series, positions: np.ndarray, values: np.ndarray) -> pd.Series:
    """A copy of `column` with `values` at `positions`, keeping its dtype (categoricals
    gain the new categories; None or an empty text empties a cell)."""
    values = np.asarray(values, dtype=object)
    if isinstance(column.dtype, pd.CategoricalDtype):
        fresh = _categorical(pd.Series(values, dtype=object))
        categories = column.cat.categories.append(
            fresh.categories.difference(column.cat.categories))
        codes = column.cat.codes.to_numpy().astype(np.int32, copy=True)
        mapped = np.append(categories.get_indexer(fresh.categories), -1)  # code -1 -> -1
        codes[positions] = mapped[np.asarray(fresh.codes, dtype=np.int64)]
        return pd.Series(pd.Categorical.from_codes(codes, categories=categories),
                         index=column.index, name=column.name)
    if str(column.dtype) == "Int64":
        array = column.astype("Float64").to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        array[positions] = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan)
        return pd.Series(pd.array(array, dtype="Float64"), index=column.index,
                         name=column.name).round().astype("Int64")
    if pd.api.types.is_float_dtype(column.dtype):
        array = column.to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
        array[positions] = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(
            dtype=np.float64, na_value=np.nan)
        return pd.Series(array, index=column.index, name=column.name)
    array = column.to_numpy(dtype=object, copy=True)
    array[positions] = [None if _blank(v) else v for v in values]
    return pd.Series(array, index=column.index, name=column.name)


def visible(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures charts, tables and exports show: all but the rejected ones (`figures`
    itself when none is rejected)."""
    if "review_status" not in figures:
        return figures
    rejected = (figures["review_status"] == "rejected").to_numpy(dtype=bool)
    return figures[~rejected] if rejected.any() else figures


# -- showing reviews ------------------------------------------------------------------


def sentence_around(text: str, start: int, end: int, width: int = 400) -> str:
    """The sentence holding text[start:end] (cut at . ! ? followed by a space, or at a
    line break), at most about `width` characters."""
    left = max(text.rfind("\n", 0, start), *(text.rfind(m, 0, start) for m in (". ", "! ", "? ")))
    left = 0 if left < 0 else left + 1
    rights = [i for i in (text.find("\n", end), *(text.find(m, end) for m in (". ", "! ", "? ")))
              if i >= 0]
    right = min(rights) + 1 if rights else len(text)
    left, right = max(left, start - width // 2), min(right, end + width // 2)
    return text[left:right].strip()
