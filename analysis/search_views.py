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
(``hits-<name>/``: its store places, and a Parquet file of a flag per row of facts and
of each SUBSETS table, which its views read when it is asked again: no table to build),
and the answers FigureQuery computes over its figures as extracted are saved there too
(FigureQuery.base_answer), so asking it again, in any server process, reads them
instead of the index and the archive
(dashboard.warm_searches asks the commonest words ahead).
"""

from __future__ import annotations

import hashlib
import shutil
import threading
from collections import OrderedDict, deque
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

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


def _quoted(path: Path) -> str:
    """`path` inside an SQL text literal."""
    return path.as_posix().replace("'", "''")


def _unsigned(values: np.ndarray) -> type[np.unsignedinteger]:
    """The smallest unsigned integer type holding `values` (none negative)."""
    top = int(values.max()) if len(values) else 0
    return next(kind for kind in (np.uint8, np.uint16, np.uint32, np.uint64)
                if top <= np.iinfo(kind).max)


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
        self._saving: list[threading.Thread] = []  # threads saving flags (_save_hits)

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
        """`rids` of a search not in memory: read from its saved flags or found (and its
        flags saved, on a thread of their own), its views made, kept."""
        first = self.query.first
        with self._lock:
            self._tables += 1
            prefix = f"s{self._tables}_"
        rids = self._saved_hits(text)
        saved = self._hits_folder(text) if rids is not None else None
        if rids is None:
            rids = self.hits(text)
            if len(rids) > NARROW_ROWS and first is not None:
                saving = threading.Thread(target=self._save_hits, args=(text, rids))
                saving.start()
                with self._lock:
                    self._saving.append(saving)
        narrowed = bool(len(rids)) and (len(rids) <= NARROW_ROWS or first is not None)
        if narrowed:
            self._create(prefix, rids, saved)
        with self._lock:
            self._searches[match] = rids
            if narrowed:
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

    def _hits_folder(self, text: str) -> Path:
        """Where the flags of a kept search are saved."""
        return self.query.path / f"hits-{self.name(text)}"

    def _saved_hits(self, text: str) -> np.ndarray | None:
        """Store places of a kept search's figures, from its saved flags (None: none
        saved, or not of this dataset)."""
        folder, first = self._hits_folder(text), self.query.first
        if first is None or not folder.is_dir():
            return None
        lengths = {"facts": self.query.rows_in_facts} | {
            table: len(places) for table, places in self.subset_places().items()}
        counts = ", ".join(f"(SELECT count(*) FROM read_parquet('{_quoted(folder / table)}"
                           ".parquet'))" for table in lengths)
        try:
            if self.query.cursor().execute(f"SELECT {counts}").fetchone() != \
                    tuple(lengths.values()):
                return None
            gaps = np.load(folder / "rids.npy")
        except (OSError, ValueError, duckdb.Error):
            return None
        rids = gaps.astype(np.int64)
        return np.cumsum(rids, out=rids) + first

    def wait_for_saves(self) -> None:
        """Return once the flags of every search found so far are saved."""
        with self._lock:
            saving, self._saving = self._saving, []
        for thread in saving:
            thread.join()

    def _save_hits(self, text: str, rids: np.ndarray) -> None:
        """Save the search's store places (``rids.npy``, the steps between them) and its
        flags, a Parquet file per table its views read (facts, and each SUBSETS table),
        into its folder (_hits_folder)."""
        tables = self._flag_tables(rids)
        try:
            with written_whole(self._hits_folder(text)) as partial:
                partial.mkdir()
                gaps = np.diff(rids, prepend=int(self.query.first or 0))  # the places as
                np.save(partial / "rids.npy", gaps.astype(_unsigned(gaps)))  # small steps
                for table, column in tables.items():
                    pq.write_table(pa.table({"hit": column}), partial / f"{table}.parquet")
                shutil.rmtree(self._hits_folder(text), ignore_errors=True)  # a damaged one
        except OSError:
            pass

    def _flag_tables(self, rids: np.ndarray) -> dict[str, np.ndarray]:
        """Per table a search's views read (``facts`` and each SUBSETS table), a flag per
        row: True for the store places `rids`."""
        flags = np.zeros(self.query.rows_in_facts, dtype=bool)
        flags[rids - int(self.query.first or 0)] = True
        return {"facts": flags} | {table: flags[places] for table, places in
                                   self.subset_places().items()}

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

    def _create(self, prefix: str, rids: np.ndarray, saved: Path | None) -> None:
        """The views of a search's figures `rids` (see the module); `saved`: the folder of
        its saved flags, read instead of tables of flags (`_save_hits`)."""
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
            flags = self._flag_tables(rids) if saved is None else {}
            for table, sub, source in (("facts", "", "facts.main.facts"), *(
                    (table, sub, f"summary.main.{table}") for table, sub in SUBSETS.items())):
                mask = f"read_parquet('{_quoted(saved / table)}.parquet')" if saved else \
                    self._mask_table(f"{prefix}{sub}", flags[table])
                cursor.execute(f"CREATE VIEW {prefix}{sub}base AS SELECT b.* FROM {source} b "
                               f"POSITIONAL JOIN {mask} m WHERE m.hit")
            for sub in SUBSETS.values():
                query.define_views(f"{prefix}{sub}", f"{prefix}{sub}base", f"{prefix}rev")
            with self._lock:
                self._subsetted.add(prefix)
        query.define_views(prefix, f"{prefix}base", f"{prefix}rev")

    def _mask_table(self, prefix: str, flags: np.ndarray) -> str:
        """Table ``<prefix>mask`` of `flags` (one per row of the table it flags)."""
        cursor = self.query.cursor()
        cursor.register("hit_mask", pd.DataFrame({"hit": flags}, copy=False))
        cursor.execute(f"CREATE TABLE {prefix}mask AS SELECT hit FROM hit_mask")
        return f"{prefix}mask"

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
