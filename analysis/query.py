"""Figures queried where they lie, not loaded: DuckDB over the store's columnar dataset
(store.columnar), the analysts' reviews applied as a small overlay, text search through
the dataset's FTS5 index.

`FigureQuery` answers what the page asks of a large store: how many figures pass the
filters, figures per option, year bounds, one sorted page of the table, one figure by
id, the filtered rows (for small views and exports) and documents matching typed text.
Its answers equal those of the pandas path (analysis.filters over the loaded figures),
except text search, which matches whole words and the start of the last word
("ban dan" finds "bán dẫn"; "ban da" too; "an da" does not).
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import regex

from analysis import saved_answers
from analysis.filters import (
    CHOICE_COLUMNS,
    MISSING,
    REVIEWED,
    Filters,
    normalise_query,
    option_counts,
)
from analysis.reviews import REVIEW_COLUMNS, apply_reviews, match_reviews, orphaned_reviews
from analysis.search_views import NARROW_ROWS, SUBSETS, SearchViews
from extractors.dataset import MARKER
from extractors.schema import COLUMNS, FIGURE_SCHEMA, FLOAT_COLUMNS, INT_COLUMNS
from store.columnar import (
    CUBE_COLUMNS,
    DOC_COLUMNS,
    DOC_CUBE_COLUMNS,
    ENUM_COLUMNS,
    FACET_COLUMNS,
    FACT_COLUMNS,
    FACTS,
    SUMMARY,
    build_facts,
    build_summary,
    ensure_columnar,
)
from store.db import Store
from store.fact_arrays import ARRAYS, COLUMNS_FILE, FactArrays, build_arrays
from store.search_index import SEARCH, build_search

THREADS = 2
MEMORY_LIMIT = "1GB"
BASE_PARTS = 128  # grouped scans of the figures as extracted kept per process
RANKED_KEPT = 128  # answers of `ranked` kept per query object
_BASE_PARTS: OrderedDict[tuple[str, str, Filters], pd.DataFrame] = OrderedDict()
_BASE_LOCK = threading.Lock()
SORTABLE: tuple[str, ...] = ("value_usd", "value", "year", "kind", "country", "sector",
                             "entity", "doc_id")
_REVIEW_NULLS = ", ".join(f"NULL::VARCHAR AS {c}" for c in REVIEW_COLUMNS[1:])
_REVIEWED_SQL = (  # store places of the reviewed figures (CROSS JOIN keeps this order of
    # lookups: review, its document by hash, its figures through the doc_id index)
    "SELECT DISTINCT f.rowid FROM reviews r CROSS JOIN documents d "
    "ON d.content_hash = r.content_hash CROSS JOIN figures f "
    'ON f.doc_id = d.doc_id AND f.start = r.start AND f."end" = r."end" ORDER BY f.rowid'
)
_FACT_TYPES = {"rid": "BIGINT", "year": "SMALLINT", "start": "BIGINT", "end": "BIGINT",
               "value": "DOUBLE", "value_usd": "DOUBLE"}  # other fact columns are texts
_ROW_COLUMNS: tuple[str, ...] = (*COLUMNS, *DOC_COLUMNS, "rid")
_TEXT_COLUMNS = frozenset(c.name for c in FIGURE_SCHEMA if c.type == "text") | set(DOC_COLUMNS)
_FIGURE_CELLS = ", ".join('f."' + c + '"' for c in COLUMNS)
_ROWS_SQL = (
    f"SELECT {_FIGURE_CELLS}, "
    f"{', '.join(f'd.{source}' for source in DOC_COLUMNS.values())}, f.rowid "
    "FROM figures f JOIN documents d ON d.doc_id = f.doc_id "
    "WHERE f.rowid IN (SELECT value FROM json_each(?))"
)


def _typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows with the dataset's dtypes: floats, nullable integers, objects."""
    for column in frame.columns:
        if column in FLOAT_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("float64")
        elif column in INT_COLUMNS or column == "rid":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
    return frame


def _literal(value: object) -> str:
    """`value` as an SQL text literal."""
    return "'" + str(value).replace("'", "''") + "'"


class FigureQuery:
    """Queries over one revision of a store: figures as extracted (the dataset of the
    figures revision) with the reviews of this revision applied. Thread-safe: each call
    runs on its own DuckDB cursor."""

    def __init__(self, store: Store, dataset: Path | None = None,
                 memory_limit: str = MEMORY_LIMIT) -> None:
        self.store = store
        self.revision = store.revision()  # read first: a later write only makes it older
        self.path = dataset or ensure_columnar(store)
        self.meta: dict[str, Any] = json.loads((self.path / MARKER).read_text("utf-8"))
        self.con = duckdb.connect(config={"threads": THREADS, "memory_limit": memory_limit})
        facts = self.path / FACTS
        if not facts.is_file():  # a dataset written before facts.duckdb existed
            build_facts(self.path)
        self.con.execute(f"ATTACH '{facts.as_posix().replace(chr(39), chr(39) * 2)}' "
                         "AS facts (READ_ONLY)")
        self.con.execute("CREATE VIEW base AS SELECT * FROM facts.main.facts")
        for name, build in ((SUMMARY, build_summary), (SEARCH, build_search)):
            if not (self.path / name).is_file():  # a dataset written before they existed
                build(self.path)
        summary = (self.path / SUMMARY).as_posix().replace("'", "''")
        self.con.execute(f"ATTACH '{summary}' AS summary (READ_ONLY)")
        for cube in ("cube", "doc_cube"):
            self.con.execute(f"CREATE VIEW {cube}_rows AS SELECT *, 'unreviewed' AS "
                             f"review_status FROM summary.main.{cube}")
        low, high, rows = self.con.execute("SELECT min(rid), max(rid), count(*) FROM base"
                                           ).fetchone()
        # rid - first is the row's place in facts when no rid is missing (POSITIONAL JOIN)
        self.first = int(low) if rows and high - low + 1 == rows else None
        self.rows_in_facts = int(rows)
        self.rid_range = (int(low or 0), int(high if rows else -1))
        if not (self.path / ARRAYS / COLUMNS_FILE).is_file():  # an older dataset
            build_arrays(self.path, facts)
        self.arrays = FactArrays(self.path / ARRAYS)
        self.searches = SearchViews(self)
        self._ranked: OrderedDict[tuple[str, tuple[Any, ...], Filters], pd.DataFrame] = \
            OrderedDict()  # answers of `ranked`, for the views seen again
        self._lock = threading.Lock()
        self.reviews = store.reviews()
        self.reviewed, self.orphans = self._overlay(self.reviews)
        self.documents = store.documents()
        self.counts = self._visible_counts()
        for table, prefix in SUBSETS.items():
            self.define_views(prefix, f"summary.main.{table}")
        if self.first is not None and self.rows_in_facts > NARROW_ROWS:  # for the first
            # search; not a daemon: the interpreter waits for it (DuckDB aborts if cut
            # mid-query)
            threading.Thread(target=self._read_ahead).start()

    def _read_ahead(self) -> None:
        """What the first search of a large store needs (SearchViews.prepare, the
        documents' titles), read ahead."""
        self.searches.prepare()
        _ = self.titles

    # -- reviews -----------------------------------------------------------------

    def _overlay(self, reviews: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Load the reviewed figures, apply the reviews (pandas, few rows) and define the
        views ``figures`` (every figure, reviews applied) and ``shown`` (without the
        rejected ones). Returns (extracted reviewed rows, orphaned reviews)."""
        rids = self.store.read(lambda conn: [row[0] for row in conn.execute(_REVIEWED_SQL)])
        self.overlay = pd.DataFrame(columns=[*_ROW_COLUMNS, *REVIEW_COLUMNS]).set_index(
            "rid", drop=False)
        extracted = self.rows(np.asarray(rids, np.int64), reviewed=False)
        matches = match_reviews(extracted, reviews)
        orphans = orphaned_reviews(extracted, reviews, matches)
        if len(matches[0]):
            reviewed = apply_reviews(extracted, reviews, matches)
            overlay = reviewed.iloc[np.unique(matches[0])]
            overlay = overlay.astype({c: object for c in overlay.columns
                                      if isinstance(overlay[c].dtype, pd.CategoricalDtype)})
            self.overlay = overlay.set_index("rid", drop=False)
            self._overlay_table(overlay)
            self.con.register("reviewed_facts", self.arrays.frame(  # gathered by place
                np.unique(overlay["rid"].to_numpy(np.int64))))
            self.con.execute("CREATE TABLE reviewed_base AS SELECT *, 'unreviewed' AS "
                             f"review_status, {_REVIEW_NULLS} FROM reviewed_facts")
            self.con.unregister("reviewed_facts")
            self.con.execute("CREATE VIEW overlay_shown AS SELECT * FROM overlay "
                             "WHERE review_status <> 'rejected'")
        self.define_views("", "base")
        return extracted, orphans

    def define_views(self, prefix: str, base: str, hits: str | None = None) -> None:
        """Views over the facts table `base`: ``<prefix>base_rows`` (as extracted),
        ``<prefix>figures`` (reviews applied) and ``<prefix>shown`` (rejected left out).
        `hits`: a table of the reviewed figures `base` holds (a search's), whose overlay
        views (``<prefix>overlay``, ``<prefix>reviewed_base``, ``<prefix>overlay_shown``)
        are defined too."""
        plain = "SELECT *, 'unreviewed' AS review_status, " + _REVIEW_NULLS + f" FROM {base}"
        figures = plain
        if len(self.overlay):
            overlay = "overlay"
            if hits is not None:
                for name in ("overlay", "reviewed_base", "overlay_shown"):
                    self.con.execute(f"CREATE OR REPLACE VIEW {prefix}{name} AS SELECT * FROM "
                                     f"{name} WHERE rid IN (SELECT rid FROM {hits})")
                overlay = f"{prefix}overlay"
            figures += (" WHERE rid NOT IN (SELECT rid FROM overlay) "
                        f"UNION ALL BY NAME SELECT * FROM {overlay}")
        self.con.execute(f"CREATE OR REPLACE VIEW {prefix}base_rows AS {plain}")
        self.con.execute(f"CREATE OR REPLACE VIEW {prefix}figures AS {figures}")
        self.con.execute(f"CREATE OR REPLACE VIEW {prefix}shown AS SELECT * FROM "
                         f"{prefix}figures WHERE review_status <> 'rejected'")

    def relation(self, filters: Filters, name: str, subset: str = "") -> str:
        """The view `name` ("shown", "base_rows"; "reviewed_base", "overlay_shown") to
        read for `filters`: with a text search, the same view over the search's figures
        alone (their facts copied, or read through a flag per figure), whose rows need
        no search condition (`where`). `subset` ("investments": with a USD value,
        "targets": dated): the query reads only those, so without a search the same
        view over the summary's table of them serves."""
        if not normalise_query(filters.search):
            if subset and name in ("base_rows", "figures", "shown"):
                return f"{SUBSETS[subset]}{name}"
            return name
        prefix = self.searches.prefix(filters.search)
        if prefix and subset and name in ("base_rows", "figures", "shown") and \
                self.searches.subsetted(prefix):
            return f"{prefix}{SUBSETS[subset]}{name}"
        return f"{prefix}{name}" if prefix else name

    def _overlay_table(self, overlay: pd.DataFrame) -> None:
        """The reviewed figures' facts as table ``overlay`` (typed like ``base``; texts
        when a correction brings a value its ENUM lacks): corrected values."""
        self.con.register("overlay_frame", overlay)
        review = ", ".join(f"o.{c}::VARCHAR AS {c}" for c in REVIEW_COLUMNS)
        cells = ", ".join(f'CAST(o."{c}" AS {_FACT_TYPES.get(c, "VARCHAR")}) AS "{c}"'
                          for c in FACT_COLUMNS if c in overlay.columns)
        select = f"SELECT {cells}, {review} FROM overlay_frame o"
        try:
            self.con.execute("CREATE TABLE overlay AS SELECT *, "
                             f"{', '.join(f'NULL::VARCHAR AS {c}' for c in REVIEW_COLUMNS)} "
                             "FROM base LIMIT 0")
            self.con.execute(f"INSERT INTO overlay BY NAME {select}")
        except duckdb.ConversionException:  # a corrected text no ENUM holds: plain texts
            self.con.execute("DROP TABLE IF EXISTS overlay")
            self.con.execute(f"CREATE TABLE overlay AS {select}")
        finally:
            self.con.unregister("overlay_frame")

    def _visible_counts(self) -> dict[str, dict[str, int]]:
        """Figures per option of the shown figures (analysis.filters.option_counts): the
        dataset's counts, less the reviewed figures as extracted, plus them as shown."""
        facets = self.meta["facets"]
        counts: dict[str, dict[str, int]] = {}
        after = self.overlay[self.overlay["review_status"] != "rejected"] \
            if len(self.overlay) else self.reviewed.iloc[:0]
        before_counts = option_counts(self.reviewed)
        after_counts = option_counts(after)
        for name, column in CHOICE_COLUMNS.items():
            base = {(MISSING if k == "" else k): n for k, n in facets.get(column, {}).items()}
            for key, n in before_counts.get(name, {}).items():
                base[key] = base.get(key, 0) - n
            for key, n in after_counts.get(name, {}).items():
                base[key] = base.get(key, 0) + n
            counts[name] = {k: n for k, n in base.items() if n > 0}
        return counts

    # -- plumbing ----------------------------------------------------------------

    @staticmethod
    def in_cube(filters: Filters, columns: Sequence[str] = CUBE_COLUMNS) -> bool:
        """True when `filters` read only `columns` (default: the ``cube``'s) and the review
        status, so the figures as extracted are counted from a pre-aggregate."""
        if normalise_query(filters.search) or (
                filters.year_range is not None and "year" not in columns):
            return False
        return all(not getattr(filters, name) or column in columns
                   for name, column in CHOICE_COLUMNS.items())

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of the query's database (one per call: cursors are not shared
        between threads)."""
        return self.con.cursor()

    def where(self, filters: Filters, cursor: duckdb.DuckDBPyConnection
              ) -> tuple[str, list[Any]]:
        """SQL condition and parameters of `filters` over the relation `relation` gives
        (a search with views of its own needs no condition; else its hits are registered
        on `cursor`)."""
        parts, params = ["TRUE"], []
        for name, column in CHOICE_COLUMNS.items():
            wanted = getattr(filters, name)
            if not wanted:
                continue
            values = [w for w in wanted if w != MISSING]
            alternatives = []
            if values:  # literals: a parameter would cast every ENUM value to text
                alternatives.append(f'"{column}" IN ({", ".join(map(_literal, values))})')
            if MISSING in wanted:
                alternatives.append(f'"{column}" IS NULL')
            parts.append(f"({' OR '.join(alternatives)})")
        if filters.year_range is not None:
            low, high = filters.year_range
            undated = " OR year IS NULL" if filters.include_undated else ""
            parts.append(f"(year BETWEEN ? AND ?{undated})")
            params += [int(low), int(high)]
        if normalise_query(filters.search) and not self.searches.prefix(filters.search):
            cursor.register("hit_rids", pd.DataFrame({"rid": self.searches.rids(filters.search)}))
            parts.append("rid IN (SELECT rid FROM hit_rids)")
        if filters.reviewed_only:
            parts.append(f"review_status IN ({', '.join(repr(s) for s in REVIEWED)})")
        return " AND ".join(parts), params

    # -- answers -----------------------------------------------------------------

    @property
    def total(self) -> int:
        """Number of shown figures (all but the rejected ones)."""
        return sum(self.counts.get("kinds", {}).values())

    @property
    def all_figures(self) -> int:
        """Number of figures, rejected ones included."""
        return int(self.meta["figures"])

    def additive(self, filters: Filters, select: str, keys: Sequence[str] = (),
                 group_by: str | None = None, cube: str | None = None, subset: str = "",
                 condition: str = "") -> pd.DataFrame:
        """`select` (counts: ``figures`` = count(*) and others, and ``rep`` = min(rid),
        grouped by `keys`) over the shown rows passing `filters`, computed as the figures as
        extracted, less the reviewed ones as extracted, plus them as reviewed: the large
        scan never joins the reviews. Groups left without figures are dropped; a group's
        representative is its first figure as extracted or reviewed. `group_by` replaces
        the GROUP BY clause (grouping sets; `keys` then name every output key). `cube`:
        the same select over the ``cube`` (count(*) as sum(n), min(rid) as min(rep)),
        read instead of the figures when the filters allow (in_cube). `condition`: SQL
        AND-ed to the filters'; `subset`: it keeps only those rows (relation)."""
        cursor = self.cursor()
        plain, params = self.where(filters, cursor)
        where = plain + (f" AND ({condition})" if condition else "")
        group = f" GROUP BY {group_by or ', '.join(keys)}" if keys else ""
        texts = [k for k in keys if k in ENUM_COLUMNS]  # as texts, not categoricals
        casts = ", ".join(f'CAST("{k}" AS VARCHAR) AS "{k}"' for k in texts)

        def sql(chosen: str, table: str, where: str = where) -> str:
            inner = f"SELECT {chosen} FROM {table} WHERE {where}{group}"
            return f"SELECT * REPLACE ({casts}) FROM ({inner})" if casts else inner

        frames = []
        for table, sign in self._parts(filters, subset):
            if table.endswith("base_rows"):
                chosen = sql(select, table)
                if cube is not None and self.in_cube(filters):
                    chosen = sql(cube, "cube_rows")
                found = self.base_answer(filters, chosen, params, cursor)
            else:
                found = cursor.execute(sql(select, table), params).df()
            for column in found.columns:
                if column not in keys and column != "rep":
                    found[column] = found[column].astype("int64") * sign
            if sign < 0:
                found["rep"] = np.nan
            frames.append(found)
        both = pd.concat(frames, ignore_index=True)
        sums = {c: (c, "sum") for c in both.columns if c not in keys and c != "rep"}
        if not keys:
            return pd.DataFrame({**{c: [int(both[c].sum())] for c in sums},
                                 "rep": [both["rep"].min()]})
        for key in keys:
            both[key] = both[key].astype(object)
        out = both.groupby(list(keys), dropna=False, sort=False).agg(
            **sums, rep=("rep", "min")).reset_index()
        out = out[out["figures"] > 0].reset_index(drop=True)
        out["figures"] = out["figures"].astype("int64")
        return out

    def ranked(self, filters: Filters, key: str, limit: int, subset: str = "",
               condition: str = "", doc_cube: str | None = None) -> pd.DataFrame:
        """The `limit` values of `key` with most shown figures passing `filters` and
        `condition` (ties: the earlier first figure), each with ``figures`` and ``rep``,
        and the totals over every value, ``set_figures`` and ``set_groups``: the parts of
        `additive` summed in one query, so only these rows leave DuckDB (a kept search's
        figures as extracted counted once, `base_answer`). `doc_cube`: a condition over
        the ``doc_cube``, read instead of the figures when the filters allow (in_cube)."""
        cursor = self.cursor()
        plain, params = self.where(filters, cursor)
        where = plain + (f" AND ({condition})" if condition else "")
        value = f'CAST("{key}" AS VARCHAR)'
        parts, values = [], []
        for table, sign in self._parts(filters, subset):
            if doc_cube is not None and table.endswith("base_rows") and \
                    self.in_cube(filters, DOC_CUBE_COLUMNS):
                cube = plain + (f" AND ({doc_cube})" if doc_cube else "")
                parts.append(f"SELECT {value} AS k, sum(n) AS n, min(rep) AS rep "
                             f"FROM doc_cube_rows WHERE {cube} GROUP BY 1")
            else:
                rep = "min(rid)" if sign > 0 else "NULL::BIGINT"
                parts.append(f"SELECT {value} AS k, {sign} * count(*) AS n, {rep} AS rep "
                             f"FROM {table} WHERE {where} GROUP BY 1")
            values += params
        cache_key = (tuple(parts), tuple(values), limit, filters)  # the filters tell
        # searches apart
        with self._lock:
            if cache_key in self._ranked:
                self._ranked.move_to_end(cache_key)
                return self._ranked[cache_key].copy()
        if self.searches.kept(filters):  # its figures as extracted counted once, saved
            cursor.register("kept_counts", self.base_answer(filters, parts[0],
                                                            values[:len(params)], cursor))
            parts, values = ["SELECT k, n, rep FROM kept_counts", *parts[1:]], \
                values[len(params):]
        found = cursor.execute(
            "WITH per AS (SELECT k, sum(n)::BIGINT AS figures, min(rep) AS rep FROM ("
            f"{' UNION ALL '.join(parts)}) GROUP BY k HAVING sum(n) > 0) "
            f'SELECT k AS "{key}", figures, rep, sum(figures) OVER ()::BIGINT AS '
            "set_figures, count(*) OVER () AS set_groups FROM per "
            f"ORDER BY figures DESC, rep LIMIT {int(limit)}", values).df()
        with self._lock:
            self._ranked[cache_key] = found
            while len(self._ranked) > RANKED_KEPT:
                self._ranked.popitem(last=False)
        return found.copy()

    def _parts(self, filters: Filters, subset: str = "") -> list[tuple[str, int]]:
        """(relation, sign) of `additive`: the figures as extracted, less the reviewed
        ones as extracted, plus them as shown."""
        parts = [(self.relation(filters, "base_rows", subset), 1)]
        if len(self.overlay):
            parts += [(self.relation(filters, "reviewed_base"), -1),
                      (self.relation(filters, "overlay_shown"), 1)]
        return parts

    def base_answer(self, filters: Filters, sql: str, params: Sequence[Any] = (),
                    cursor: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
        """`sql` over the figures as extracted of the view `filters` (reviews play no
        part): kept per dataset (so across reviews) for the next BASE_PARTS queries, and
        saved beside the dataset for the whole store and for kept searches (SearchViews.
        kept), so a new server process answers them without a scan."""
        key = (str(self.path), sql, filters)
        with _BASE_LOCK:
            if key in _BASE_PARTS:
                _BASE_PARTS.move_to_end(key)
                return _BASE_PARTS[key].copy()
        saved = self._saved_answer(filters, sql)
        found = saved_answers.load(saved) if saved is not None else None
        if found is None:
            found = (cursor or self.cursor()).execute(sql, list(params)).df()
            if saved is not None:
                saved_answers.save(saved, found)
        with _BASE_LOCK:
            _BASE_PARTS[key] = found
            while len(_BASE_PARTS) > BASE_PARTS:
                _BASE_PARTS.popitem(last=False)
        return found.copy()

    def _saved_answer(self, filters: Filters, sql: str) -> Path | None:
        """Where `base_answer` saves the answer of `sql` for `filters` (None: not saved).
        A kept search's views are named per process: the name is that of the search."""
        if filters.is_empty():
            text = sql
        elif self.searches.kept(filters):
            prefix = self.searches.prefix(filters.search) or ""
            text = regex.sub(rf"\b{prefix}", "<search>_", sql) + self.searches.name(
                filters.search)
        else:
            return None
        return self.path / f"base-{hashlib.sha1(text.encode()).hexdigest()[:16]}.pkl"

    def count(self, filters: Filters) -> int:
        """Number of shown figures passing `filters`."""
        if filters.is_empty():
            return self.total
        found = self.additive(filters, "count(*) AS figures, min(rid) AS rep",
                              cube="coalesce(sum(n), 0)::BIGINT AS figures, min(rep) AS rep")
        return int(found["figures"].iloc[0])

    def options(self) -> dict[str, list[str]]:
        """Options of every multi-value filter (analysis.filters.filter_options)."""
        out = {}
        for name, counts in self.counts.items():
            present = sorted(k for k in counts if k != MISSING)
            out[name] = present + ([MISSING] if MISSING in counts else [])
        return out

    def facet_counts(self, filters: Filters) -> dict[str, dict[str, int]]:
        """Figures per option of every multi-value filter among the rows passing
        `filters` (one grouping-sets query per part of `additive`)."""
        if filters.is_empty():
            return self.counts
        names = list(CHOICE_COLUMNS)
        out: dict[str, dict[str, int]] = {name: {} for name in names}
        cursor = self.cursor()
        where, params = self.where(filters, cursor)
        parts = self._parts(filters)
        cube = self.in_cube(filters)
        for table, sign in parts:
            queries = [(table, names, "count(*)")]
            if cube and table.endswith("base_rows"):  # the cube's columns from the cube
                inside = [n for n in names if CHOICE_COLUMNS[n] in CUBE_COLUMNS]
                queries = [("cube_rows", inside, "sum(n)::BIGINT"),
                           (table, [n for n in names if n not in inside], "count(*)")]
            for source, chosen, counter in queries:
                for name, value, n in self._facet_rows(cursor, source, chosen, counter,
                                                       where, params):
                    key = MISSING if value is None else str(value)
                    out[name][key] = out[name].get(key, 0) + sign * n
        return {name: {k: n for k, n in counts.items() if n > 0} for name, counts in out.items()}

    @staticmethod
    def _facet_rows(cursor: duckdb.DuckDBPyConnection, table: str, names: list[str],
                    counter: str, where: str, params: list[Any]) -> list[tuple[str, Any, int]]:
        """(filter name, value, figures) per option of the filters `names` among the rows
        of `table` passing `where` (one grouping-sets query)."""
        if not names:
            return []
        columns = [f'"{CHOICE_COLUMNS[name]}"' for name in names]
        flags = ", ".join(f"GROUPING({c}) AS g{i}" for i, c in enumerate(columns))
        values = ", ".join(f"CAST({c} AS VARCHAR) AS v{i}" for i, c in enumerate(columns))
        sets = ", ".join(f"({c})" for c in columns)
        rows = cursor.execute(f"SELECT {flags}, {values}, {counter} FROM {table} "
                              f"WHERE {where} GROUP BY GROUPING SETS ({sets})", params).fetchall()
        out = []
        for row in rows:
            which = list(row[:len(names)]).index(0)
            out.append((names[which], row[len(names) + which], int(row[-1])))
        return out

    def year_bounds(self) -> tuple[int, int] | None:
        """Smallest and largest year of the shown figures, None when none has a year."""
        low, high = self.cursor().execute("SELECT min(year), max(year) FROM shown").fetchone()
        return None if low is None else (int(low), int(high))

    def rids(self, filters: Filters | None = None, by: str = "", descending: bool = False,
             limit: int | None = None, offset: int = 0) -> np.ndarray:
        """Store places (``rid``) of the shown rows passing `filters`, sorted like
        dashboard.table.page_rows (stable, missing values last; "" = store order); only
        the filter and sort columns are read."""
        if by not in SORTABLE and limit is not None and filters is not None and \
                self.searches.kept(filters):  # in store order: its hits, less the rejected
            return self._shown_hits(filters.search, descending, offset, int(limit))
        cursor = self.cursor()
        where, params = self.where(filters or Filters(), cursor)
        direction = "DESC" if descending else "ASC"
        order = f'"{by}" {direction} NULLS LAST, rid' if by in SORTABLE else f"rid {direction}"
        tail = f" LIMIT {int(limit)} OFFSET {int(offset)}" if limit is not None else ""
        shown = self.relation(filters or Filters(), "shown")
        found = cursor.execute(f"SELECT rid FROM {shown} WHERE {where} ORDER BY {order}{tail}",
                               params).fetchnumpy()["rid"]
        return np.asarray(found, dtype=np.int64)

    def _shown_hits(self, search: str, descending: bool, offset: int, limit: int
                    ) -> np.ndarray:
        """Store places `offset` to `offset + limit` of the shown figures matching
        `search`, in store order (or reversed): its hits less the rejected ones, read
        from the few hits that can be on that page."""
        hits = self.searches.rids(search)
        rejected = self.overlay.index[self.overlay["review_status"] == "rejected"] \
            if len(self.overlay) else pd.Index([])
        ordered = hits[::-1] if descending else hits  # a view: nothing copied
        head = ordered[:offset + limit + len(rejected)]
        head = head[~np.isin(head, rejected.to_numpy(dtype=np.int64))]
        return head[offset:offset + limit]

    def rows(self, rids: Sequence[int] | np.ndarray, reviewed: bool = True) -> pd.DataFrame:
        """The figures at these store places, in that order, reviews applied: read from
        the SQLite store by rowid (a point lookup each), so a page costs what it shows.
        `reviewed` False: as extracted."""
        wanted = [int(r) for r in rids]
        found = self.store.read(lambda conn: [
            row for begin in range(0, len(wanted), 10_000)
            for row in conn.execute(_ROWS_SQL, (json.dumps(wanted[begin:begin + 10_000]),))])
        frame = pd.DataFrame(found, columns=_ROW_COLUMNS)
        text = [c for c in _ROW_COLUMNS if c in _TEXT_COLUMNS]
        frame[text] = frame[text].replace("", None)
        frame["review_status"] = "unreviewed"
        for column in REVIEW_COLUMNS[1:]:
            frame[column] = None
        if reviewed and len(self.overlay):
            hit = frame["rid"].isin(self.overlay.index).to_numpy()
            if hit.any():
                frame = frame.astype(object)
                patch = self.overlay.loc[frame.loc[hit, "rid"], frame.columns]
                frame.loc[hit, :] = patch.to_numpy(dtype=object)
        order = pd.Series(range(len(wanted)), index=wanted)
        frame = frame.iloc[np.argsort(order.loc[frame["rid"]].to_numpy(), kind="stable")]
        return _typed(frame.reset_index(drop=True))

    def page(self, filters: Filters, by: str = "", descending: bool = False, page: int = 1,
             page_size: int = 50) -> pd.DataFrame:
        """One page (1-based) of the rows passing `filters` (see `rids` for the order)."""
        offset = (max(1, int(page)) - 1) * page_size
        return self.rows(self.rids(filters, by, descending, page_size, offset))

    def frame(self, filters: Filters | None = None, limit: int | None = None) -> pd.DataFrame:
        """The shown rows passing `filters`, in store order (`limit` rows at most)."""
        return self.rows(self.rids(filters, limit=limit))

    def figure(self, figure_id: str, extracted: bool = False) -> dict[str, Any] | None:
        """One figure by id (reviews applied, rejected ones too; as extracted when
        `extracted`), None when unknown."""
        found = self.cursor().execute("SELECT rid FROM base WHERE figure_id = ? LIMIT 1",
                                      [figure_id]).fetchone()
        if found is None:
            return None
        rows = self.rows([found[0]], reviewed=not extracted)
        return rows.iloc[0].to_dict() if len(rows) else None

    def find_documents(self, text: str, limit: int = 20) -> list[str]:
        """doc_ids whose title or id contains `text` (case and accents ignored), most
        figures first."""
        needle = normalise_query(text)
        if not needle:
            return []
        hits = self.documents[self.folded_titles.str.contains(needle, regex=False)]
        counts = self.counts.get("doc_ids", {})
        ranked = sorted(hits["doc_id"].astype(str), key=lambda d: -counts.get(d, 0))
        return ranked[:limit]

    @cached_property
    def folded_titles(self) -> pd.Series:
        """Each document's title and id without case or accents (normalise_query, on the
        whole column at once)."""
        text = (self.documents["title"].fillna("").astype(str) + " "
                + self.documents["doc_id"].astype(str))
        bare = text.str.casefold().str.normalize("NFD").str.replace(
            r"[\u0300-\u036f]", "", regex=True).str.replace("đ", "d")
        return bare.str.split().str.join(" ")

    @cached_property
    def titles(self) -> dict[str, str]:
        """doc_id -> title ("" when none)."""
        return self.doc_titles()

    def doc_titles(self) -> dict[str, str]:
        """doc_id -> title ("" when none), built anew."""
        ids = self.documents["doc_id"].astype(str).tolist()  # lists: no per-cell pandas
        return {d: t if isinstance(t, str) else "" for d, t in
                zip(ids, self.documents["title"].tolist(), strict=True)}


__all__ = ["FACET_COLUMNS", "FigureQuery"]
