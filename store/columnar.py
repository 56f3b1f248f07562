"""The store's figures as a columnar dataset, built once per figures revision, for queries
that do not load the figures (analysis.query).

    <store>.columnar-r<N>/_dataset.json            columns, partitions, figures, facets
    <store>.columnar-r<N>/figures/part-00000.parquet  figure rows in store order, with the
                                                    document's title, date, outlet and link
    <store>.columnar-r<N>/search-phrases.sqlite    FTS5 index of every figure's sentence
                                                    and label, rowid = rid: its words and
                                                    its word pairs (store.search_index)
    <store>.columnar-r<N>/facts.duckdb             the columns filters, charts and sorts
                                                    read, in DuckDB's own format, short
                                                    texts as ENUMs (3-5x faster scans)
    <store>.columnar-r<N>/arrays/                  the same as memory-mapped NumPy arrays,
                                                    gathered by position for a text
                                                    search's figures (store.fact_arrays)
    <store>.columnar-r<N>/summary.duckdb           pre-aggregates (``cube``, ``doc_cube``)
                                                    and the facts of investments and of
                                                    dated targets alone (build_summary)

The layout is that of `python -m extractors ... --out DIR` (extractors.dataset) plus one
column, ``rid`` (the figure's place in the store). Documents, reviews and the audit log
stay in SQLite; a write of documents or figures bumps the figures revision and the next
reader builds a new dataset (the previous one is removed), by extending the previous
one when the store only gained figures since (`appendable`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from extractors.dataset import MARKER, part_name
from extractors.schema import COLUMNS, FIGURE_SCHEMA
from store.db import Store
from store.fact_arrays import build_arrays
from store.files import written_whole
from store.search_index import SEARCH, append_search, build_search

PART_ROWS = 1_000_000  # figures per Parquet partition
READ_ROWS = 100_000  # figures read from SQLite at a time
DOC_COLUMNS: dict[str, str] = {"doc_title": "title", "doc_published": "published",
                               "doc_outlet": "outlet", "doc_url": "url"}
# Multi-value filter columns whose per-option counts the dataset keeps (analysis.filters).
FACET_COLUMNS: tuple[str, ...] = ("kind", "unit_family", "country", "sector", "entity",
                                  "doc_id", "investor_country")
# Columns of facts.duckdb; the ENUM ones hold few distinct texts.
FACT_COLUMNS: tuple[str, ...] = ("rid", "figure_id", "kind", "unit_family", "year", "country",
                                 "sector", "entity", "investor_country", "doc_id", "value",
                                 "value_usd", "role", "unit", "start", "end", "doc_published")
ENUM_COLUMNS: tuple[str, ...] = ("kind", "unit_family", "country", "sector", "entity",
                                 "investor_country", "doc_id", "role", "unit")
FACTS = "facts.duckdb"
SUMMARY = "summary.duckdb"  # pre-aggregates (build_summary)
# Tables of SUMMARY holding the facts of some figures alone: name -> which.
SUBSET_TABLES: dict[str, str] = {"investments": "kind = 'investment' AND value_usd IS NOT NULL",
                                 "targets": "kind = 'target' AND year IS NOT NULL"}
# Columns of the ``cube`` table of SUMMARY: its figures are grouped by these.
CUBE_COLUMNS: tuple[str, ...] = ("kind", "unit_family", "year", "country", "investor_country",
                                 "sector")
# Columns of its ``doc_cube`` table (``dated``: year known, ``usd``: value_usd known).
DOC_CUBE_COLUMNS: tuple[str, ...] = ("doc_id", "kind", "unit_family", "dated", "usd")
_TYPES = {"text": pa.string(), "int": pa.int64(), "float": pa.float64()}


def dataset_columns() -> list[str]:
    """The columns of a dataset's Parquet parts, in order."""
    return [*COLUMNS, *DOC_COLUMNS, "rid"]


def figures_schema() -> pa.Schema:
    """Arrow schema of the dataset's figures: COLUMNS, the document fields and ``rid``."""
    fields = [pa.field(c.name, _TYPES[c.type]) for c in FIGURE_SCHEMA]
    fields += [pa.field(name, pa.string()) for name in DOC_COLUMNS]
    return pa.schema([*fields, pa.field("rid", pa.int64())])


def columnar_path(store: Store, revision: int | None = None) -> Path:
    """Folder of the store's dataset at figures revision `revision` (default: the current)."""
    revision = store.figures_revision() if revision is None else revision
    return store.path.with_name(f"{store.path.name}.columnar-r{revision}")


def ensure_columnar(store: Store) -> Path:
    """The dataset of the store's current figures revision, built when missing (written to
    a temporary folder and renamed, so a reader never sees half of one; older datasets of
    the store are removed)."""
    revision = store.figures_revision()
    path = columnar_path(store, revision)
    if (path / MARKER).is_file():
        return path
    partial = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    shutil.rmtree(partial, ignore_errors=True)
    try:
        build_columnar(store, partial, appendable(store, revision))
        if (path / MARKER).is_file():  # another process built it meanwhile
            shutil.rmtree(partial, ignore_errors=True)
        else:
            shutil.rmtree(path, ignore_errors=True)
            os.replace(partial, path)
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    for old in store.path.parent.glob(f"{store.path.name}.columnar-r*"):
        if old != path and not old.name.endswith(".tmp"):
            shutil.rmtree(old, ignore_errors=True)
    return path


class NotAppendable(Exception):
    """The store no longer holds the previous dataset's figures unchanged."""


def appendable(store: Store, revision: int) -> Path | None:
    """The newest dataset of this store file older than `revision` that may be extended:
    its marker records the store's id, the revision of the store's last deletion or
    replacement of figures (``figures_replaced``, unchanged since) and the current
    layout. build_columnar checks, in the read that takes the new figures, that every
    figure up to its last rid is still there. None when there is none."""
    best, newest = None, -1
    for path in store.path.parent.glob(f"{store.path.name}.columnar-r*"):
        number = path.name.rsplit("-r", 1)[-1]
        if not number.isdigit() or not (path / MARKER).is_file() or \
                not (path / SEARCH).is_file() or not newest < int(number) < revision:
            continue
        meta = json.loads((path / MARKER).read_text("utf-8"))
        if meta.get("store_id") == store.store_id() != "" and "max_rid" in meta and \
                meta.get("replaced") == store.figures_replaced() and \
                meta.get("columns") == dataset_columns():  # parts of the same layout
            best, newest = path, int(number)
    return best


def _batches(store: Store, after: int, snapshot: dict[str, Any]) -> Iterator[pa.Table]:
    """The store's figures after rid `after` joined with their documents, READ_ROWS at a
    time, in rowid order; empty texts are missing values. Read in one transaction, which
    first sets ``replaced`` and ``store_id`` in `snapshot`, and, when `snapshot` has
    ``expect`` (figures_replaced, figures up to `after`), raises NotAppendable unless the
    store still agrees."""
    schema = figures_schema()
    text = {f.name for f in schema if f.type == pa.string()}
    cells = [f'NULLIF(f."{c}", \'\')' if c in text else f'f."{c}"' for c in COLUMNS]
    cells += [f"NULLIF(d.{source}, '')" for source in DOC_COLUMNS.values()]
    sql = (f"SELECT {', '.join(cells)}, f.rowid FROM figures f "
           "JOIN documents d ON d.doc_id = f.doc_id WHERE f.rowid > ? ORDER BY f.rowid")
    with store.connect() as conn:
        conn.execute("BEGIN")  # one snapshot: the checks and the rows read agree
        meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN "
                                 "('figures_replaced', 'store_id')").fetchall())
        snapshot["replaced"] = int(meta.get("figures_replaced") or 0)
        snapshot["store_id"] = meta.get("store_id") or ""
        if "expect" in snapshot:
            kept = conn.execute("SELECT count(*) FROM figures WHERE rowid <= ?",
                                (after,)).fetchone()[0]
            if (snapshot["replaced"], kept) != snapshot["expect"]:
                raise NotAppendable
        cursor = conn.execute(sql, (after,))
        while rows := cursor.fetchmany(READ_ROWS):
            columns = list(zip(*rows, strict=True))
            yield pa.table([pa.array(col, type=f.type) for col, f in
                            zip(columns, schema, strict=True)], schema=schema)
        conn.execute("COMMIT")


def build_columnar(store: Store, out: Path, previous: Path | None = None) -> dict[str, Any]:
    """Write the dataset of `store` into `out` (Parquet partitions, facts, arrays, search
    index, summary, facet counts, marker last); returns the marker's content.
    `previous`: a dataset of an earlier revision to extend (`appendable`): its Parquet
    parts are linked (a last part below PART_ROWS figures is rewritten with the new
    ones) and its search index copied, and only the figures after its last rid are
    written and indexed (an upload to an archive of 10 million figures takes a minute,
    not the search index's ten). When the store changed meanwhile, or the previous
    dataset went away, the dataset is built from scratch."""
    if previous is not None:
        try:
            return _build(store, out, previous)
        except (NotAppendable, OSError):
            shutil.rmtree(out, ignore_errors=True)
    return _build(store, out, None)


def _build(store: Store, out: Path, previous: Path | None) -> dict[str, Any]:
    """build_columnar, extending `previous` when given."""
    (out / "figures").mkdir(parents=True, exist_ok=True)
    old = json.loads((previous / MARKER).read_text("utf-8")) if previous else None
    snapshot: dict[str, Any] = {}
    first, seed = 0, None
    if previous is not None and old is not None:
        snapshot["expect"] = (old["replaced"], old["figures"])
        first, seed = _link_parts(previous, out)
        shutil.copyfile(previous / SEARCH, out / SEARCH)
    after = old["max_rid"] if old else -1
    con = duckdb.connect(config={"threads": 2})
    try:
        partitions, added, max_rid = _write_parts(con, _batches(store, after, snapshot), out,
                                                  first, seed)
        build_arrays(out, build_facts(out))
        if previous is None:
            build_search(out)
        else:
            append_search(out, after)
        build_summary(out)
        facets = facet_counts(con, f"read_parquet('{_quoted(out / 'figures')}/*.parquet')")
    finally:
        con.close()
    meta = {"columns": dataset_columns(), "partitions": partitions,
            "documents": store.count_documents(),
            "figures": (old["figures"] if old else 0) + added,
            "max_rid": max(max_rid, after), "replaced": snapshot["replaced"],
            "store_id": snapshot["store_id"], "facets": facets}
    (out / MARKER).write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")
    return meta


def _link_parts(previous: Path, out: Path) -> tuple[int, pa.Table | None]:
    """Link the previous dataset's Parquet parts into `out`, all but a last one below
    PART_ROWS figures, which is returned to be written again with the new figures;
    returns (number of the first part to write, that last part or None)."""
    parts = sorted((previous / "figures").glob("*.parquet"))
    seed = None
    if parts and pq.ParquetFile(parts[-1]).metadata.num_rows < PART_ROWS:
        seed = pq.read_table(parts[-1]).cast(figures_schema())
        parts = parts[:-1]
    for part in parts:
        os.link(part, out / "figures" / part.name)
    return len(parts), seed


def _quoted(path: Path) -> str:
    """`path` for an SQL text literal (quotes doubled)."""
    return path.as_posix().replace("'", "''")


def _write_parts(con: duckdb.DuckDBPyConnection, batches: Iterator[pa.Table], out: Path,
                 first: int, seed: pa.Table | None = None) -> tuple[int, int, int]:
    """Write `batches` (after the rows of `seed`, when given) as Parquet parts of
    PART_ROWS figures numbered from `first`; returns (parts in the dataset, figures of
    `batches` written, their last rid or -1). A dataset gets at least one part (an empty
    one keeps the schema)."""
    partitions, total, max_rid = first, 0, -1
    pending = [seed] if seed is not None else []
    rows = seed.num_rows if seed is not None else 0

    def flush() -> None:
        nonlocal partitions, pending
        chunk = pa.concat_tables(pending)  # noqa: F841 (read by DuckDB below)
        target = _quoted(out / "figures" / part_name(partitions))
        con.execute(f"COPY chunk TO '{target}' (FORMAT parquet, COMPRESSION zstd, "
                    "ROW_GROUP_SIZE 122880)")
        partitions, pending = partitions + 1, []

    for batch in batches:
        pending.append(batch)
        rows += batch.num_rows
        total += batch.num_rows
        max_rid = int(batch.column("rid")[-1].as_py())
        if rows >= PART_ROWS:
            flush()
            rows = 0
    if pending or partitions == 0:
        pending = pending or [figures_schema().empty_table()]
        flush()
    return partitions, total, max_rid


def facet_counts(con: duckdb.DuckDBPyConnection, relation: str) -> dict[str, dict[str, int]]:
    """Figures per value of every FACET_COLUMNS column of `relation` (None as "")."""
    counts: dict[str, dict[str, int]] = {}
    for column in FACET_COLUMNS:
        rows = con.execute(f'SELECT coalesce("{column}", \'\'), count(*) FROM {relation} '
                           "GROUP BY 1").fetchall()
        counts[column] = {str(k): int(n) for k, n in rows}
    return counts


def build_facts(dataset: Path) -> Path:
    """facts.duckdb of a dataset folder: FACT_COLUMNS in store order, ENUM_COLUMNS as
    ENUMs of their distinct values (written beside, then renamed)."""
    path = dataset / FACTS
    glob = (dataset / "figures" / "*.parquet").as_posix().replace("'", "''")
    with written_whole(path) as partial:
        _write_facts(partial, glob)
    return path


def _write_facts(partial: Path, glob: str) -> None:
    """The facts table of build_facts into the DuckDB file `partial`."""
    con = duckdb.connect(str(partial), config={"threads": 2})
    try:
        con.execute(f"CREATE VIEW parts AS SELECT * FROM read_parquet('{glob}')")
        cells = []
        for column in FACT_COLUMNS:
            quoted = f'"{column}"'
            present = column in ENUM_COLUMNS and con.execute(
                f"SELECT count(*) FROM parts WHERE {quoted} IS NOT NULL").fetchone()[0]
            if present:  # an ENUM needs at least one value
                con.execute(f"CREATE TYPE enum_{column} AS ENUM (SELECT DISTINCT {quoted} "
                            f"FROM parts WHERE {quoted} IS NOT NULL ORDER BY 1)")
                cells.append(f"{quoted}::enum_{column} AS {quoted}")
            elif column == "year":
                cells.append('"year"::SMALLINT AS "year"')
            else:
                cells.append(quoted)
        con.execute(f"CREATE TABLE facts AS SELECT {', '.join(cells)} FROM parts ORDER BY rid")
        con.execute("DROP VIEW parts")
    finally:
        con.close()


def build_summary(dataset: Path) -> Path:
    """SUMMARY of a dataset folder (from its facts.duckdb; written beside, then renamed):
    ``cube``, the figures grouped by CUBE_COLUMNS (texts) with their number ``n``, first
    ``rep`` (smallest rid), USD amounts ``usd_n`` and sum ``usd``; ``doc_cube``, the
    same by DOC_CUBE_COLUMNS (the source lines' documents); per SUBSET_TABLES
    (investments with a USD value, dated targets) the FACT_COLUMNS of those figures in
    store order (a third of an archive's figures each: what their charts read)."""
    path = dataset / SUMMARY
    with written_whole(path) as partial:
        _write_summary(partial, (dataset / FACTS).as_posix().replace("'", "''"))
    return path


def _write_summary(partial: Path, facts: str) -> None:
    """The tables of build_summary into the DuckDB file `partial`, from `facts`."""
    con = duckdb.connect(str(partial), config={"threads": 2})
    try:
        con.execute(f"ATTACH '{facts}' AS facts (READ_ONLY)")
        keys = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' if c != "year" else '"year"'
                         for c in CUBE_COLUMNS)
        con.execute(f"CREATE TABLE cube AS SELECT {keys}, count(*)::BIGINT AS n, "
                    "min(rid) AS rep, count(value_usd)::BIGINT AS usd_n, sum(value_usd) AS usd "
                    f"FROM facts.main.facts GROUP BY ALL ORDER BY ALL")
        con.execute("CREATE TABLE doc_cube AS SELECT CAST(doc_id AS VARCHAR) AS doc_id, "
                    "CAST(kind AS VARCHAR) AS kind, CAST(unit_family AS VARCHAR) AS unit_family, "
                    "year IS NOT NULL AS dated, value_usd IS NOT NULL AS usd, "
                    "count(*)::BIGINT AS n, min(rid) AS rep FROM facts.main.facts "
                    "GROUP BY ALL ORDER BY ALL")
        for table, which in SUBSET_TABLES.items():
            cells = []
            for column in FACT_COLUMNS:
                quoted = f'"{column}"'
                present = column in ENUM_COLUMNS and con.execute(
                    f"SELECT count({quoted}) FROM facts.main.facts WHERE {which}").fetchone()[0]
                if present:
                    kind = f"{table}_{column}"
                    con.execute(f"CREATE TYPE {kind} AS ENUM (SELECT DISTINCT CAST({quoted} "
                                f"AS VARCHAR) FROM facts.main.facts WHERE {which} AND "
                                f"{quoted} IS NOT NULL ORDER BY 1)")
                    cells.append(f"CAST(CAST({quoted} AS VARCHAR) AS {kind}) AS {quoted}")
                else:
                    cells.append(quoted)
            con.execute(f"CREATE TABLE {table} AS SELECT {', '.join(cells)} "
                        f"FROM facts.main.facts WHERE {which} ORDER BY rid")
        con.execute("DETACH facts")
    finally:
        con.close()
