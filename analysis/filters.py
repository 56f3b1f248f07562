"""The sidebar filters as a dataclass, and applying them to a figures frame."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd

# Option standing for "attribute not given" in the country/sector/entity filters.
MISSING = "(none)"

# Review statuses the "reviewed only" filter keeps.
REVIEWED: tuple[str, ...] = ("accepted", "corrected")

# Filter field -> figures column, for the multi-value filters.
CHOICE_COLUMNS: dict[str, str] = {
    "kinds": "kind",
    "unit_families": "unit_family",
    "countries": "country",
    "sectors": "sector",
    "entities": "entity",
    "doc_ids": "doc_id",
    "investor_countries": "investor_country",
}


@dataclass(frozen=True)
class Filters:
    """What the analyst asked to see; an empty tuple or None means "no restriction".

    `year_range` keeps figures with a year inside it, and figures without a year
    while `include_undated` is on (the default). `search` matches the sentence and
    the label, ignoring case and diacritics ("ban dan" finds "bán dẫn").
    `reviewed_only` keeps the figures an analyst accepted or corrected (REVIEWED).
    `investor_countries` matches the investor's country (where the money comes from).
    """

    kinds: tuple[str, ...] = ()
    unit_families: tuple[str, ...] = ()
    year_range: tuple[int, int] | None = None
    countries: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    search: str = ""
    reviewed_only: bool = False
    investor_countries: tuple[str, ...] = ()
    include_undated: bool = True

    def is_empty(self) -> bool:
        """True when no filter restricts anything."""
        return all(not getattr(self, f.name) for f in fields(self)
                   if f.name != "include_undated")


def normalise_query(text: str) -> str:
    """Search text without case or diacritics: "Bán Dẫn" and "ban dan" both give
    "ban dan" (đ → d); white space collapsed."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return " ".join(bare.replace("đ", "d").split())


def _folded(values: pd.Series) -> pd.Series:
    """normalise_query of every value of a text series."""
    return pd.Series([normalise_query(v) if isinstance(v, str) else "" for v in values],
                     index=values.index, dtype=object)


def choice_mask(column: pd.Series, wanted: tuple[str, ...]) -> np.ndarray:
    """Rows whose value is one of `wanted`; MISSING in `wanted` selects empty cells.
    Categoricals are matched on their codes (a table lookup, not string compares)."""
    values = [w for w in wanted if w != MISSING]
    if isinstance(column.dtype, pd.CategoricalDtype):
        hit = np.zeros(len(column.cat.categories) + 1, dtype=bool)  # last slot: code -1
        hit[column.cat.categories.get_indexer(values)] = True
        hit[-1] = MISSING in wanted
        return hit[column.cat.codes.to_numpy()]
    mask = column.isin(values).to_numpy(dtype=bool)
    if MISSING in wanted:
        mask = mask | column.isna().to_numpy(dtype=bool)
    return mask


def year_mask(year: pd.Series, year_range: tuple[int, int],
              include_undated: bool = False) -> np.ndarray:
    """Rows whose year lies in the inclusive range (and rows without a year when
    `include_undated`)."""
    low, high = year_range
    return year.between(low, high).fillna(include_undated).to_numpy(dtype=bool)


def search_mask(sentence: pd.Series, query: str) -> np.ndarray:
    """Rows whose sentence contains `query`, ignoring case and diacritics.

    A categorical column is searched once per distinct sentence.
    """
    needle = normalise_query(query)
    if isinstance(sentence.dtype, pd.CategoricalDtype):
        categories = _folded(pd.Series(sentence.cat.categories))
        hits = categories.str.contains(needle, regex=False).to_numpy(dtype=bool)
        codes = sentence.cat.codes.to_numpy()
        return np.where(codes >= 0, hits[codes], False)
    found = _folded(sentence).str.contains(needle, regex=False)
    return found.fillna(False).to_numpy(dtype=bool)


def filter_mask(df: pd.DataFrame, filters: Filters) -> np.ndarray:
    """Boolean mask of the rows that pass every filter."""
    mask = np.ones(len(df), dtype=bool)
    for name, column in CHOICE_COLUMNS.items():
        wanted = getattr(filters, name)
        if wanted and column in df:
            mask = mask & choice_mask(df[column], wanted)
    if filters.year_range is not None:
        mask = mask & year_mask(df["year"], filters.year_range, filters.include_undated)
    if normalise_query(filters.search):
        found = search_mask(df["sentence"], filters.search)
        if "label" in df:
            found = found | search_mask(df["label"], filters.search)
        mask = mask & found
    if filters.reviewed_only:
        if "review_status" in df:
            mask = mask & choice_mask(df["review_status"], REVIEWED)
        else:
            mask = np.zeros(len(df), dtype=bool)
    return mask


def apply_filters(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of `df` that pass `filters` (`df` itself when nothing is filtered)."""
    if filters.is_empty():
        return df
    return df[filter_mask(df, filters)]


def choice_options(column: pd.Series) -> list[str]:
    """Sorted distinct values of a column, with MISSING last when some cells are empty."""
    options = sorted(str(v) for v in column.dropna().unique())
    if column.isna().any():
        options.append(MISSING)
    return options


def filter_options(df: pd.DataFrame) -> dict[str, list[str]]:
    """Options for every multi-value filter, keyed by Filters field name."""
    return {name: choice_options(df[column]) if column in df else []
            for name, column in CHOICE_COLUMNS.items()}


def option_counts(df: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Figures per option of every multi-value filter (MISSING counts empty cells)."""
    counts: dict[str, dict[str, int]] = {}
    for name, column in CHOICE_COLUMNS.items():
        if column not in df:
            counts[name] = {}
            continue
        values = df[column].value_counts(dropna=False, sort=False)
        counts[name] = {(MISSING if pd.isna(k) else str(k)): int(n)
                        for k, n in values.items() if n}
    return counts


def year_bounds(df: pd.DataFrame) -> tuple[int, int] | None:
    """Smallest and largest year in the frame, None when no figure has a year."""
    years = df["year"].dropna()
    if years.empty:
        return None
    return int(years.min()), int(years.max())
