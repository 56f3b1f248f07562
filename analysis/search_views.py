"""The text searches of a FigureQuery (analysis.query): the figures matching typed text,
found once in the dataset's full-text index (store.search_index) and kept for the next
searches, with DuckDB views over them alone, so a query of a search reads its figures
and needs no search condition.

A search's views are those of the query (``base_rows``, ``figures``, ``shown`` and the
review overlay's) under a prefix of its own (``s<N>_``). At most NARROW_ROWS figures get
their facts gathered by place from the dataset's arrays (store.fact_arrays) into a
table; more are read from facts.duckdb through a flag per figure (``POSITIONAL JOIN``),
with the same over the summary's tables of investments and dated targets; when rids are
missing (no flag per place), they get no views and queries add the hits as a condition
(FigureQuery.where). Searches that differ in case or accents are one search.

A search read through flags is *kept*: its flags are saved beside the dataset
(``hits-<name>.npy``, one bit per figure), and the answers FigureQuery computes over its
figures as extracted are saved there too (FigureQuery.base_answer), so asking it again,
in any server process, reads them instead of the index and the archive
(dashboard.warm_searches asks the commonest words ahead).
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict, deque
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from analysis.filters import Filters, normalise_query
from store.files import written_whole
from store.search_index import SEARCH, match_of, search_hits

if TYPE_CHECKING:
    from analysis.query import FigureQuery

SEARCH_CACHE = 64  # text searches kept per query object
NARROW_ROWS = 300_000  # a search with at most this many figures gets its facts gathered
MASKS_KEPT = 4  # larger searches kept per query object (a flag per figure each)
RETIRED_KEPT = 2  # views of searches forgotten, dropped only after this many more (a
# query of another thread may still be reading them)
# A text column with more distinct texts is gathered as codes and joined to its texts
# (a categorical of 50,000 documents costs DuckDB 50 ms per search to convert).
WIDE_TEXTS = 1_000
# summary tables of some figures alone (store.columnar.SUBSET_TABLES) -> view prefix
SUBSETS: dict[str, str] = {"investments": "inv_", "targets": "tgt_"}
_VIEWS: tuple[str, ...] = ("shown", "figures", "base_rows", "overlay_shown",
                           "reviewed_base", "overlay")


Key = tuple[str, str] | None  # a search as kept: (table, FTS5 query) of its words


def _key(text: str) -> Key:
    """What a search is kept under: "Bán dẫn" and "ban dan" are one search."""
    return match_of(normalise_query(text))


class SearchViews:
    """The searches of one FigureQuery, with their views on its connection."""

    def __init__(self, query: FigureQuery) -> None:
        self.query = query
        self._searches: OrderedDict[Key, np.ndarray] = OrderedDict()
        self._narrowed: dict[Key, str] = {}  # search -> its views' prefix
        self._masked: OrderedDict[Key, None] = OrderedDict()
        self._subset_rids: dict[str, np.ndarray] = {}  # summary table -> places in facts
        self._subsetted: set[str] = set()  # prefixes with views over the summary's tables
        self._subset_lock = threading.Lock()
        self._coded: list[str] | None = None  # columns gathered as codes (code_tables)
        self._tables = 0
        self._lock = threading.Lock()
        self._running: dict[Key, threading.Event] = {}  # searches being found
        self._retired: deque[str] = deque()  # prefixes of forgotten searches, oldest first

    def hits(self, text: str) -> np.ndarray:
        """Store places (``rid``, ascending) of the figures whose sentence or label matches
        `text` (the index's rowids are the figures' rids), the two halves of the rid range
        searched side by side."""
        low, high = self.query.rid_range
        if high < low:
            return np.empty(0, np.int64)
        middle = (low + high) // 2
        return search_hits(self.query.path / SEARCH, text, [(low, middle), (middle + 1, high)])

    def rids(self, text: str) -> np.ndarray:
        """Store places of the figures matching `text`, found once (`hits`; views made for
        them, see the module) and kept for the next SEARCH_CACHE searches."""
        match = _key(text)
        with self._lock:
            if match in self._searches:
                self._searches.move_to_end(match)
                return self._searches[match]
            running = self._running.get(match)
            if running is None:
                self._running[match] = threading.Event()
        if running is not None:  # another thread is finding it: wait, then read it
            running.wait()
            return self.rids(text)
        try:
            return self._find(match, text)
        finally:
            with self._lock:
                self._running.pop(match).set()

    def _find(self, match: Key, text: str) -> np.ndarray:
        """`rids` of a search not in memory: read from its saved flags or found, its views
        made, kept."""
        first = self.query.first
        rids = self._saved_hits(text)
        if rids is None:
            rids = self.hits(text)
            if len(rids) > NARROW_ROWS and first is not None:
                self._save_hits(text, rids)
        prefix = None
        if len(rids) and (len(rids) <= NARROW_ROWS or first is not None):
            with self._lock:
                self._tables += 1
                prefix = f"s{self._tables}_"
            self._create(prefix, rids)
        with self._lock:
            self._searches[match] = rids
            if prefix:
                self._narrowed[match] = prefix
                if len(rids) > NARROW_ROWS:
                    self._masked[match] = None
            self._forget_old()
        return rids

    def _forget_old(self) -> None:
        """Forget the oldest searches beyond SEARCH_CACHE (MASKS_KEPT of those read
        through masks); their views are dropped RETIRED_KEPT forgotten searches later
        (called holding the lock)."""
        while len(self._searches) > SEARCH_CACHE or len(self._masked) > MASKS_KEPT:
            self._forget(next(iter(self._masked)) if len(self._masked) > MASKS_KEPT else
                         next(iter(self._searches)))

    def _forget(self, match: Key) -> None:
        """Forget one search; views are dropped RETIRED_KEPT forgotten searches later
        (called holding the lock)."""
        self._searches.pop(match)
        self._masked.pop(match, None)
        dropped = self._narrowed.pop(match, None)
        if dropped:
            self._subsetted.discard(dropped)
            self._retired.append(dropped)
        while len(self._retired) > RETIRED_KEPT:
            self._drop(self._retired.popleft())

    def name(self, text: str) -> str:
        """A file name part of the search `text` (equal for searches that are one)."""
        return hashlib.sha1(repr(_key(text)).encode()).hexdigest()[:16]

    def _hits_file(self, text: str) -> Path:
        """Where the flags of a kept search are saved."""
        return self.query.path / f"hits-{self.name(text)}.npy"

    def _saved_hits(self, text: str) -> np.ndarray | None:
        """Store places of a kept search's figures, from its saved flags (None: none
        saved, or not of this dataset's length)."""
        path, first = self._hits_file(text), self.query.first
        if first is None or not path.is_file():
            return None
        try:
            bits = np.load(path)
        except (OSError, ValueError):
            return None
        rows = self.query.rows_in_facts
        if bits.dtype != np.uint8 or len(bits) != (rows + 7) // 8:
            return None
        return np.flatnonzero(np.unpackbits(bits, count=rows).view(bool)) + first

    def _save_hits(self, text: str, rids: np.ndarray) -> None:
        """Save the flags of a search read through flags (one bit per figure)."""
        try:
            with written_whole(self._hits_file(text)) as partial, partial.open("wb") as out:
                np.save(out, np.packbits(self._flags(rids)))
        except OSError:
            pass

    def _flags(self, rids: np.ndarray) -> np.ndarray:
        """A flag per row of facts: True for the store places `rids`."""
        flags = np.zeros(self.query.rows_in_facts, dtype=bool)
        flags[rids - int(self.query.first or 0)] = True
        return flags

    def kept(self, filters: Filters) -> bool:
        """True when `filters` is a text search alone read through flags: answers over its
        figures as extracted are saved beside the dataset (FigureQuery.base_answer)."""
        if not normalise_query(filters.search) or not replace(filters, search="").is_empty():
            return False
        self.rids(filters.search)
        with self._lock:
            return _key(filters.search) in self._masked

    def forget(self, text: str) -> None:
        """Forget the search `text` now (its views dropped RETIRED_KEPT forgettings
        later): a search asked ahead leaves the analysts' searches in memory."""
        match = _key(text)
        with self._lock:
            if match in self._searches:
                self._forget(match)

    def prefix(self, text: str) -> str | None:
        """Prefix of the views of the search `text` (None: read with a condition)."""
        self.rids(text)
        with self._lock:
            return self._narrowed.get(_key(text))

    def subsetted(self, prefix: str) -> bool:
        """True when the search of `prefix` has views over the summary's tables too."""
        with self._lock:
            return prefix in self._subsetted

    def _create(self, prefix: str, rids: np.ndarray) -> None:
        """The views of a search's figures `rids` (see the module)."""
        query = self.query
        cursor = query.cursor()
        reviewed = query.overlay.index.to_numpy(dtype=np.int64)
        at = np.minimum(np.searchsorted(rids, reviewed), len(rids) - 1)
        reviewed = reviewed[rids[at] == reviewed]  # the reviewed figures among the hits
        cursor.register("reviewed_hits", pd.DataFrame({"rid": reviewed.astype(np.int64)}))
        cursor.execute(f"CREATE TABLE {prefix}rev AS SELECT rid FROM reviewed_hits")
        if len(rids) <= NARROW_ROWS:  # gathered by place: scattered hits touch every row
            # group of facts, a scan of the whole archive for DuckDB
            coded = self.code_tables()
            cursor.register("hit_facts", query.arrays.frame(rids, coded))
            joins = "".join(f' LEFT JOIN codes_{c} j{i} ON j{i}.code = h."{c}"'
                            for i, c in enumerate(coded))
            texts = "".join(f', j{i}."{c}"' for i, c in enumerate(coded))
            names = ", ".join(f'"{c}"' for c in coded)
            plain = f"h.* EXCLUDE ({names})" if coded else "h.*"
            cursor.execute(f"CREATE TABLE {prefix}base AS SELECT {plain}{texts} "
                           f"FROM hit_facts h{joins}")
        else:
            flags = self._flags(rids)
            places = self.subset_places()
            masks = [(prefix, "facts.main.facts", flags)] + [
                (f"{prefix}{sub}", f"summary.main.{table}", flags[places[table]])
                for table, sub in SUBSETS.items()]  # the same over the summary's tables
            for mask in masks:
                self._mask_view(*mask)
            for sub in SUBSETS.values():
                query.define_views(f"{prefix}{sub}", f"{prefix}{sub}base", f"{prefix}rev")
            with self._lock:
                self._subsetted.add(prefix)
        query.define_views(prefix, f"{prefix}base", f"{prefix}rev")

    def _mask_view(self, prefix: str, source: str, flags: np.ndarray) -> None:
        """View ``<prefix>base``: the rows of the table `source` flagged in `flags` (one
        per row), through table ``<prefix>mask`` (POSITIONAL JOIN)."""
        cursor = self.query.cursor()
        cursor.register("hit_mask", pd.DataFrame({"hit": flags}, copy=False))
        cursor.execute(f"CREATE TABLE {prefix}mask AS SELECT hit FROM hit_mask")
        cursor.execute(f"CREATE VIEW {prefix}base AS SELECT b.* FROM {source} b "
                       f"POSITIONAL JOIN {prefix}mask m WHERE m.hit")

    def prepare(self) -> None:
        """What the first search of a large store needs, read ahead (code_tables,
        subset_places)."""
        self.code_tables()
        self.subset_places()

    def code_tables(self) -> list[str]:
        """The text columns of the arrays with more than WIDE_TEXTS texts, each with a
        table ``codes_<column>`` (code, the column's value as in facts), made once."""
        with self._subset_lock:
            if self._coded is None:
                cursor = self.query.cursor()
                coded = [c for c, texts in self.query.arrays.texts.items()
                         if texts is not None and len(texts) > WIDE_TEXTS]
                for column in coded:
                    texts = self.query.arrays.texts[column]
                    cursor.execute(
                        f'CREATE OR REPLACE TABLE codes_{column} AS SELECT t.code::INTEGER AS '
                        f'code, f.v AS "{column}" FROM (SELECT DISTINCT "{column}" AS v FROM '
                        "facts.main.facts) f JOIN (SELECT unnest(?) AS text, "
                        "generate_subscripts(?, 1) - 1 AS code) t "
                        "ON t.text = CAST(f.v AS VARCHAR)", [texts, texts])
                self._coded = coded
            return self._coded

    def subset_places(self) -> dict[str, np.ndarray]:
        """Places in facts of the rows of each SUBSETS table, read once."""
        with self._subset_lock:
            if not self._subset_rids:
                cursor = self.query.cursor()
                for table in SUBSETS:
                    rids = cursor.execute(f"SELECT rid FROM summary.main.{table} ORDER BY rid"
                                          ).fetchnumpy()["rid"]
                    self._subset_rids[table] = np.asarray(rids, np.int64) - int(
                        self.query.first or 0)
            return self._subset_rids

    def _drop(self, prefix: str) -> None:
        """Drop the views and tables of a search (`_create`)."""
        con = self.query.con
        for view in _VIEWS:
            con.execute(f"DROP VIEW IF EXISTS {prefix}{view}")
        kinds = dict(con.execute(
            "SELECT table_name, table_type FROM information_schema.tables "
            "WHERE table_catalog = current_database() AND starts_with(table_name, ?)",
            [prefix]).fetchall())
        for name, kind in kinds.items():
            con.execute(f"DROP {'VIEW' if kind == 'VIEW' else 'TABLE'} IF EXISTS {name}")
