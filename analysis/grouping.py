"""Fast group-by for chart aggregates: counts, sums and one representative row per group.

Works on integer codes with numpy (about 10 ms per million rows), so charts
stay cheap on a large store. Empty key cells form their own group, labelled
MISSING.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.filters import MISSING


def key_codes(
    column: pd.Series, positions: np.ndarray | None = None
) -> tuple[np.ndarray, list[object]]:
    """(code per row, label per code) for a categorical or integer column, restricted to
    `positions` when given; code 0 = MISSING."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        codes = column.cat.codes.to_numpy()
        codes = codes if positions is None else codes[positions]
        names = column.cat.categories.to_numpy(dtype=object)
        return codes.astype(np.int64) + 1, [MISSING, *names]
    numbers = column.to_numpy(dtype=np.float64, na_value=np.nan)
    numbers = numbers if positions is None else numbers[positions]
    present = ~np.isnan(numbers)
    low = int(numbers[present].min()) if present.any() else 0
    high = int(numbers[present].max()) if present.any() else -1
    codes = np.where(present, np.nan_to_num(numbers) - low + 1, 0).astype(np.int64)
    return codes, [MISSING, *range(low, high + 1)]


def group_stats(
    df: pd.DataFrame,
    keys: list[str],
    weight: str | None = None,
    pick: str = "first",
    positions: np.ndarray | None = None,
) -> pd.DataFrame:
    """One row per non-empty group of `keys` among the rows at `positions` (all rows when
    None): the key labels, `figures` (count), `total` (sum of `weight`, when given) and
    `rep` (position in `df` of the group's first row, or of its largest `weight` when
    pick="max")."""
    rows = np.arange(len(df)) if positions is None else positions
    combined = np.zeros(len(rows), dtype=np.int64)
    labels: list[list[object]] = []
    for key in keys:
        codes, names = key_codes(df[key], positions)
        combined = combined * len(names) + codes
        labels.append(names)
    size = int(np.prod([len(n) for n in labels])) if labels else 1
    counts = np.bincount(combined, minlength=size)
    groups = np.flatnonzero(counts)
    out = _decode(groups, labels, keys)
    out["figures"] = counts[groups]
    values = None
    if weight is not None:
        values = df[weight].to_numpy(dtype=np.float64, na_value=np.nan)[rows]
        out["total"] = np.bincount(combined, weights=np.nan_to_num(values), minlength=size)[groups]
    first = _representatives(combined, size, values if pick == "max" else None)[groups]
    out["rep"] = rows[first]
    return out


def _decode(groups: np.ndarray, labels: list[list[object]], keys: list[str]) -> pd.DataFrame:
    """Key labels of combined group codes (mixed radix, last key fastest)."""
    columns: dict[str, list[object]] = {}
    rest = groups.copy()
    for key, names in reversed(list(zip(keys, labels, strict=True))):
        digit = rest % len(names)
        rest //= len(names)
        columns[key] = [names[d] for d in digit]
    return pd.DataFrame({key: columns[key] for key in keys})


def _representatives(codes: np.ndarray, size: int, values: np.ndarray | None) -> np.ndarray:
    """Per group code: position of its first row, or of its first largest value."""
    positions = np.arange(len(codes))
    first = np.full(size, len(codes), dtype=np.int64)
    if values is None:
        np.minimum.at(first, codes, positions)
        return first
    filled = np.where(np.isnan(values), -np.inf, values)
    best = np.full(size, -np.inf)
    np.maximum.at(best, codes, filled)
    at_best = filled == best[codes]
    np.minimum.at(first, codes[at_best], positions[at_best])
    return first
