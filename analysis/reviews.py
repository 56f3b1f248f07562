"""Applying analysts' reviews (store.review) to a figures frame.

`apply_reviews` gives every figure a ``review_status`` (``unreviewed`` when none),
the reviewer, comment and time, and the corrected values (with the unit family and
the USD value recomputed). A review whose figure is no longer extracted is an
orphan: it is kept and listed, never applied to another figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from extractors.cells import is_blank
from store.review import CORRECTABLE, unit_family

# Categories of the review_status column, in display order.
REVIEW_STATES: tuple[str, ...] = ("unreviewed", "accepted", "corrected", "rejected")
# Columns apply_reviews adds to a figures frame.
REVIEW_COLUMNS: tuple[str, ...] = ("review_status", "reviewer", "review_comment", "reviewed_at",
                                   "corrected_fields")


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
    array[positions] = [None if is_blank(v) else v for v in values]
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
