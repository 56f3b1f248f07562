"""What the archive page's lower tabs read (plain functions over analysis.query): the
reviewed figures of a view, and a view's commitments.

Commitments group mentions across the whole store (analysis.commitments): a commitment of
the view counts its sources and mentions outside the view too, and a target is paired
with statistics of its country, measure and unit. So a view's commitments are grouped
over its *scope*: the view's figures plus every shown figure sharing country, measure
key (analysis.commitments.normalise_measure) and unit with one of them, found with one
DuckDB join over the dataset's measures. Grouped in store order, the scope gives each
commitment of the view the same sources, mentions, values, conflicts, quotes and
progress as grouping every figure would; only the commitment numbers differ.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from analysis.commitments import normalise_measure
from analysis.filters import Filters, apply_filters, normalise_query
from analysis.query import FigureQuery
from dashboard.data import Dataset

VIEW_MAX_ROWS = 200_000  # largest view whose commitments and briefings are computed
SCOPE_MAX_ROWS = 4 * VIEW_MAX_ROWS  # largest scope (the view and its commitments' rows)
_STATUSES = ("accepted", "corrected", "rejected")


def reviewed_in_view(query: FigureQuery, filters: Filters) -> pd.DataFrame:
    """The reviewed figures passing `filters` (rejected ones included, reviews applied),
    in store order, from the query's small overlay of reviewed figures; text search as
    the archive searches (store.search_index)."""
    overlay = query.overlay.reset_index(drop=True)
    if overlay.empty:
        return overlay
    plain = replace(filters, search="")
    found = apply_filters(overlay, plain)
    if normalise_query(filters.search):
        found = found[found["rid"].isin(query.searches.rids(filters.search))]
    return found.sort_values("rid", kind="stable")


def review_counts(reviewed: pd.DataFrame, shown: int) -> dict[str, int]:
    """Figures per review status in a view of `shown` figures (rejected ones not among
    them) whose reviewed figures are `reviewed`."""
    status = reviewed["review_status"].astype(str) if len(reviewed) else pd.Series(dtype=str)
    counts = {s: int((status == s).sum()) for s in _STATUSES}
    return counts | {"unreviewed": max(0, shown - counts["accepted"] - counts["corrected"])}


def measure_keys(query: FigureQuery) -> pd.DataFrame:
    """(measure, mkey) of every distinct measure phrase of the dataset with a key."""
    parts = (query.path / "figures").as_posix().replace("'", "''")
    phrases = query.cursor().execute(
        f"SELECT DISTINCT measure FROM read_parquet('{parts}/*.parquet') "
        "WHERE measure IS NOT NULL").fetchnumpy()["measure"]
    keys = pd.DataFrame({"measure": np.asarray(phrases, dtype=object)})
    keys["mkey"] = [normalise_measure(p) for p in keys["measure"]]
    return keys[keys["mkey"] != ""].reset_index(drop=True)


def _keys(rows: pd.DataFrame) -> pd.DataFrame:
    """(country, mkey, unit) of each row ("" when missing)."""
    return pd.DataFrame({
        "country": rows["country"].astype(object).fillna("").astype(str).to_numpy(),
        "mkey": [normalise_measure(m) for m in rows["measure"].astype(object)],
        "unit": rows["unit"].astype(object).fillna("").astype(str).to_numpy(),
    })


def _triples(rows: pd.DataFrame) -> pd.DataFrame:
    """Distinct (country, mkey, unit) of the groupable rows (a measure key and a value)."""
    frame = _keys(rows)
    value = pd.to_numeric(rows["value"], errors="coerce").notna().to_numpy()
    return frame[(frame["mkey"] != "").to_numpy() & value].drop_duplicates()


@dataclass(frozen=True)
class CommitmentScope:
    """A view's figures (`view`, index labels into `data.visible`) and the Dataset its
    commitments are grouped over."""

    data: Dataset
    view: pd.DataFrame


def commitment_scope(query: FigureQuery, filters: Filters, keys: pd.DataFrame,
                     limit: int = VIEW_MAX_ROWS) -> CommitmentScope | None:
    """The view's figures and their scope (module docstring); None when the view has more
    than `limit` figures or the scope more than SCOPE_MAX_ROWS. `keys`: measure_keys."""
    rids = query.rids(filters)
    if len(rids) > limit:
        return None
    view = query.rows(rids)
    wanted = _triples(view)
    found = np.empty(0, np.int64)
    if len(wanted):
        parts = (query.path / "figures").as_posix().replace("'", "''")
        cursor = query.cursor()
        cursor.register("view_keys", wanted)
        cursor.register("phrase_keys", keys)
        found = np.asarray(cursor.execute(
            f"SELECT p.rid FROM read_parquet('{parts}/*.parquet') p "
            "JOIN phrase_keys k ON p.measure = k.measure "
            "JOIN view_keys v ON v.mkey = k.mkey AND v.country = coalesce(p.country, '') "
            "AND v.unit = coalesce(p.unit, '')").fetchnumpy()["rid"], dtype=np.int64)
    extra = np.setdiff1d(np.union1d(found, query.overlay.index.to_numpy(np.int64)), rids)
    if len(rids) + len(extra) > SCOPE_MAX_ROWS:
        return None
    others = query.rows(extra)
    others = others[others["review_status"].astype(str) != "rejected"]
    if len(others):
        allowed = set(wanted.itertuples(index=False, name=None))
        mine = _keys(others)
        others = others[[key in allowed for key in mine.itertuples(index=False, name=None)]]
    scope = pd.concat([view, others], ignore_index=True) if len(others) else view
    scope = scope.sort_values("rid", kind="stable").reset_index(drop=True)
    in_view = scope["rid"].isin(rids).to_numpy()
    data = Dataset(figures=scope, options={}, years=None, doc_titles=query.titles,
                   doc_labels={}, documents=len(query.documents), shown=scope)
    return CommitmentScope(data, scope[in_view])
