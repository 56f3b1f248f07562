"""The SQLite store: documents, their figures and the analysts' reviews, shared by the
app and batch runs.

One file (WAL mode, busy timeout) holds ``documents`` (one row per distinct text,
keyed by ``doc_id``, unique by ``content_hash``), ``figures`` (the extraction's
COLUMNS), ``reviews`` (one per reviewed figure, keyed by the document's content
hash and the figure's character span, so a review outlives re-extraction),
``review_log`` (append-only audit trail) and ``meta`` (``revision``, bumped by every
write; ``figures_revision``, bumped only when figures change; the ``fingerprint`` of
the extractor that produced the figures). Ingestion is idempotent by content hash
and each document is one transaction. Writes that meet a locked database are
retried, so concurrent sessions and batch runs queue instead of failing.
"""

from __future__ import annotations

import json
import math
import random
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import quote

import pandas as pd

from extractors.output import OutputError
from extractors.schema import FIGURE_SCHEMA
from store.review import SYSTEM_REVIEWER, ReviewError, match_spans, validate_review
from store.sidecar import (
    append_events,
    clear_event,
    document_event,
    save_event,
    sidecar_path,
)

if TYPE_CHECKING:
    from extractors import Document, FileError
    from extractors.batch import FileResult

DEFAULT_DB = Path("data/figures.sqlite")
BUSY_TIMEOUT_MS = 30_000  # batch runs: wait long for a lock rather than fail
LOCK_RETRIES = 8  # attempts of a write (or read) that meets "database is locked"
PAGE_BUSY_TIMEOUT_MS = 5_000  # the app's page: a locked store says "busy" within seconds
PAGE_LOCK_ATTEMPTS = 2
INGEST_BATCH = 200  # documents per transaction when ingesting a batch

T = TypeVar("T")

# The figures table: extractors.schema's columns and SQL types; a figure belongs to a
# stored document.
FIGURE_COLUMNS: dict[str, str] = {c.name: c.sql_type for c in FIGURE_SCHEMA} | {
    "doc_id": "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE",
}

DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id",
    "content_hash",
    "source",
    "title",
    "published",
    "lang",
    "fmt",
    "text",
    "added_at",
    "outlet",
    "url",
)

_QUOTED = [f'"{name}"' for name in FIGURE_COLUMNS]

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT, title TEXT, published TEXT, lang TEXT, fmt TEXT,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL,
    outlet TEXT, url TEXT
);
CREATE TABLE IF NOT EXISTS figures (
    {", ".join(f"{q} {sql}" for q, sql in zip(_QUOTED, FIGURE_COLUMNS.values(), strict=True))}
);
CREATE INDEX IF NOT EXISTS figures_doc_id ON figures(doc_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO meta(key, value) VALUES ('revision', '0');
INSERT OR IGNORE INTO meta(key, value)
    SELECT 'figures_revision', value FROM meta WHERE key = 'revision';
INSERT OR IGNORE INTO meta(key, value) VALUES ('figures_replaced', '0');
INSERT OR IGNORE INTO meta(key, value) VALUES ('store_id', lower(hex(randomblob(8))));
CREATE TABLE IF NOT EXISTS reviews (
    content_hash TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('accepted', 'rejected', 'corrected')),
    corrections TEXT NOT NULL DEFAULT '{{}}',
    comment TEXT NOT NULL DEFAULT '',
    reviewer TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    figure_id TEXT,
    quote TEXT,
    extracted TEXT,
    PRIMARY KEY (content_hash, start, "end")
);
CREATE TABLE IF NOT EXISTS review_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    content_hash TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    action TEXT NOT NULL,
    corrections TEXT,
    comment TEXT,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    figure_id TEXT,
    detail TEXT
);
CREATE INDEX IF NOT EXISTS review_log_key ON review_log(content_hash, start);
CREATE TRIGGER IF NOT EXISTS review_log_no_update BEFORE UPDATE ON review_log
    BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS review_log_no_delete BEFORE DELETE ON review_log
    BEGIN SELECT RAISE(ABORT, 'review_log is append-only'); END;
"""

REVIEW_TABLE_COLUMNS: tuple[str, ...] = (
    "content_hash", "start", "end", "status", "corrections", "comment", "reviewer",
    "reviewed_at", "figure_id", "quote", "extracted",
)
LOG_COLUMNS: tuple[str, ...] = (
    "id", "content_hash", "start", "end", "action", "corrections", "comment", "reviewer",
    "at", "figure_id", "detail",
)
_UPSERT_REVIEW = (
    'INSERT OR REPLACE INTO reviews (content_hash, start, "end", status, corrections, comment, '
    "reviewer, reviewed_at, figure_id, quote, extracted) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_INSERT_LOG = (
    'INSERT INTO review_log (content_hash, start, "end", action, corrections, comment, '
    "reviewer, at, figure_id, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)

_INSERT_FIGURE = (
    f"INSERT INTO figures ({', '.join(_QUOTED)}) VALUES ({', '.join('?' for _ in _QUOTED)})"
)
_DOC_ID = list(FIGURE_COLUMNS).index("doc_id")  # where a figure row holds its document
_INSERT_DOCUMENT = (
    f"INSERT INTO documents ({', '.join(DOCUMENT_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in DOCUMENT_COLUMNS)})"
)


@dataclass
class IngestReport:
    """What an ingestion run did."""

    documents_added: int = 0
    documents_skipped: int = 0
    figures_added: int = 0
    errors: list[FileError] = field(default_factory=list)
    doc_ids: list[str] = field(default_factory=list)  # stored ids of every document read

    def __iadd__(self, other: IngestReport) -> IngestReport:
        self.documents_added += other.documents_added
        self.documents_skipped += other.documents_skipped
        self.figures_added += other.figures_added
        self.errors += other.errors
        self.doc_ids += other.doc_ids
        return self

    def __str__(self) -> str:
        return (
            f"{self.documents_added} documents added, {self.documents_skipped} already "
            f"stored, {self.figures_added} figures added, {len(self.errors)} errors"
        )


def _plain(value: Any) -> Any:
    """A cell as SQLite takes it: None for NaN/NA, Python scalars for numpy ones."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        value = value.item()
        if isinstance(value, float) and math.isnan(value):
            return None
    return value


def figure_rows(figures: pd.DataFrame, doc_id: str) -> list[tuple[Any, ...]]:
    """Rows for the figures table, in FIGURE_COLUMNS order, all carrying `doc_id`."""
    frame = figures.reindex(columns=list(FIGURE_COLUMNS))
    frame["doc_id"] = doc_id
    cells = frame.astype(object).where(frame.notna(), None)
    return [tuple(map(_plain, row)) for row in cells.itertuples(index=False, name=None)]


class StoreDamaged(OutputError):
    """A store file SQLite cannot read (truncated, overwritten, not a database); str()
    is one line naming the file and what to do. An OutputError, so the command line
    reports it as a usage error, without a traceback."""

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path, self.reason = Path(path), reason
        super().__init__(
            f"{path}: the store is damaged ({reason}). Rebuild it with the dashboard's "
            f"'Rebuild the store' button, or move the file away and ingest again; reviews "
            f"are kept in {sidecar_path(path).name}"
        )


QUICK_CHECK_MAX_BYTES = 512 * 2**20  # larger stores get the light check (whole-file reads)


def damage_of(path: str | Path) -> str | None:
    """Why SQLite cannot use the store at `path` (None when it can, or when the file does
    not exist yet): its header, schema and pages are checked (PRAGMA quick_check). A
    store above QUICK_CHECK_MAX_BYTES (an archive: quick_check would read all of it, tens
    of seconds) gets its header, schema and tables read instead."""
    path = Path(path)
    if not path.exists() or path.stat().st_size == 0:
        return None
    light = path.stat().st_size > QUICK_CHECK_MAX_BYTES
    try:
        conn = sqlite3.connect(f"file:{quote(Path(path).as_posix())}?mode=ro", uri=True,
                               timeout=5)
    except sqlite3.Error as exc:
        return str(exc)
    try:
        return _read_lightly(conn) if light else _quick_check(conn)
    except sqlite3.OperationalError as exc:
        return None if is_lock_error(exc) else str(exc)
    except sqlite3.DatabaseError as exc:
        return str(exc)
    finally:
        conn.close()


def _quick_check(conn: sqlite3.Connection) -> str | None:
    """The first problem PRAGMA quick_check finds, in one line."""
    rows = conn.execute("PRAGMA quick_check").fetchall()
    problems = [str(row[0]) for row in rows if row and row[0] != "ok"]
    return problems[0].splitlines()[0] if problems else None


def _read_lightly(conn: sqlite3.Connection) -> None:
    """Read the header, the schema and one row of each table (raises on damage)."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        conn.execute(f'SELECT * FROM "{table}" LIMIT 1').fetchall()


class Store:
    """A SQLite file of documents and figures; one short connection per call. A call that
    meets a lock waits up to `busy_timeout_ms`, `lock_attempts` times."""

    def __init__(self, path: str | Path, busy_timeout_ms: int = BUSY_TIMEOUT_MS,
                 lock_attempts: int = LOCK_RETRIES) -> None:
        self.path = Path(path)
        self.busy_timeout_ms = busy_timeout_ms
        self.lock_attempts = lock_attempts

    def for_page(self) -> Store:
        """The same store with the page's short lock wait (PAGE_BUSY_TIMEOUT_MS,
        PAGE_LOCK_ATTEMPTS), so a click on a locked store is answered in seconds."""
        return Store(self.path, PAGE_BUSY_TIMEOUT_MS, PAGE_LOCK_ATTEMPTS)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode (transactions are explicit), closed after use."""
        conn = sqlite3.connect(self.path, timeout=self.busy_timeout_ms / 1000,
                               isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            conn.execute("PRAGMA foreign_keys = ON")
            yield conn
        finally:
            conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction (taken at once, so concurrent writers queue, not deadlock)."""
        with self.connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def write(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run `action(conn)` in one write transaction, retried whole when the database
        stays locked past the busy timeout (nothing is committed by a failed attempt)."""

        def attempt() -> T:
            with self.transaction() as conn:
                return action(conn)

        return retry_locked(attempt, self.lock_attempts)

    def read(self, action: Callable[[sqlite3.Connection], T]) -> T:
        """Run `action(conn)` on a fresh connection, retried on a transient lock. SQLite
        errors that pandas wraps in its own DatabaseError are raised as themselves."""

        def attempt() -> T:
            with self.connect() as conn:
                try:
                    return action(conn)
                except pd.errors.DatabaseError as exc:
                    if isinstance(exc.__cause__, sqlite3.Error):
                        raise exc.__cause__ from None
                    raise

        return retry_locked(attempt, self.lock_attempts)

    def init(self) -> Store:
        """Create the file and tables if missing; switch the file to WAL mode."""
        self.path.parent.mkdir(parents=True, exist_ok=True)

        def create(conn: sqlite3.Connection) -> None:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
            add_missing_columns(conn)

        try:
            self.read(create)
        except sqlite3.DatabaseError as exc:
            if is_lock_error(exc):
                raise
            raise StoreDamaged(self.path, str(exc)) from None
        self._seed_sidecar()
        return self

    @property
    def sidecar(self) -> Path:
        """The reviews sidecar beside the store (store.sidecar)."""
        return sidecar_path(self.path)

    def _seed_sidecar(self) -> None:
        """A store with reviews but no sidecar yet (made before sidecars existed): write
        its reviews to a new sidecar."""
        if self.sidecar.exists():
            return

        def seed(conn: sqlite3.Connection) -> None:
            if self.sidecar.exists():
                return
            rows = conn.execute(f"SELECT {', '.join(_quoted(REVIEW_TABLE_COLUMNS))} "
                                "FROM reviews").fetchall()
            if rows:
                append_events(self.sidecar, [save_event(dict(zip(REVIEW_TABLE_COLUMNS, row,
                                                                 strict=True)))
                                             for row in rows])

        self.write(seed)

    # -- reading ---------------------------------------------------------------

    def revision(self) -> int:
        """A counter bumped by every write (figures and reviews); cheap to poll."""
        value = self.get_meta("revision")
        return int(value) if value else 0

    def figures_revision(self) -> int:
        """A counter bumped only when documents or figures change (not by reviews): the
        label of cached and snapshotted figures. Falls back to `revision` on old stores."""
        value = self.get_meta("figures_revision")
        return int(value) if value else self.revision()

    def figures_replaced(self) -> int:
        """The figures revision at which stored figures were last deleted or replaced (0:
        never since this counter exists): until it moves, the store's figures only grow,
        so a dataset of an earlier revision can be appended to (store.columnar)."""
        value = self.get_meta("figures_replaced")
        return int(value) if value else 0

    def store_id(self) -> str:
        """A random id given to the store file when its tables were made: a store
        rebuilt at the same path has another ("" for a store made before ids)."""
        return self.get_meta("store_id") or ""

    def get_meta(self, key: str) -> str | None:
        """A value from the meta table, None when unset."""
        sql = "SELECT value FROM meta WHERE key = ?"
        row = self.read(lambda conn: conn.execute(sql, (key,)).fetchone())
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        """Set a value in the meta table."""
        sql = "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)"
        self.write(lambda conn: conn.execute(sql, (key, value)))

    def count_documents(self) -> int:
        """Number of stored documents."""
        return self.read(lambda conn: conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0])

    def doc_id_of(self, content_hash: str) -> str | None:
        """The stored doc_id of the text with this content hash, None if not stored."""
        sql = "SELECT doc_id FROM documents WHERE content_hash = ?"
        row = self.read(lambda conn: conn.execute(sql, (content_hash,)).fetchone())
        return None if row is None else row[0]

    def content_hash_of(self, doc_id: str) -> str | None:
        """The content hash of a stored document, None if not stored."""
        sql = "SELECT content_hash FROM documents WHERE doc_id = ?"
        row = self.read(lambda conn: conn.execute(sql, (doc_id,)).fetchone())
        return None if row is None else row[0]

    def documents(self, with_text: bool = False) -> pd.DataFrame:
        """The documents table (without the text unless asked), in insertion order."""
        columns = [c for c in DOCUMENT_COLUMNS if with_text or c != "text"]
        sql = f"SELECT {', '.join(columns)} FROM documents ORDER BY rowid"
        return self.read(lambda conn: pd.read_sql_query(sql, conn))

    def figures(self) -> pd.DataFrame:
        """All figures in FIGURE_COLUMNS order plus the document's title and date."""
        columns = ", ".join(f"f.{q}" for q in _QUOTED)
        sql = (
            f"SELECT {columns}, d.title AS doc_title, d.published AS doc_published, "
            "d.outlet AS doc_outlet, d.url AS doc_url "
            "FROM figures f JOIN documents d ON d.doc_id = f.doc_id ORDER BY f.rowid"
        )
        return self.read(lambda conn: pd.read_sql_query(sql, conn))

    def reviews(self) -> pd.DataFrame:
        """Every review with the doc_id of its document (empty when the document is gone);
        `corrections` and `extracted` parsed from JSON into dicts."""
        columns = ", ".join(f'r."{c}"' for c in REVIEW_TABLE_COLUMNS)
        sql = (
            f"SELECT {columns}, d.doc_id AS doc_id FROM reviews r "
            "LEFT JOIN documents d ON d.content_hash = r.content_hash "
            "ORDER BY r.reviewed_at, r.rowid"
        )
        try:
            frame = self.read(lambda conn: pd.read_sql_query(sql, conn))
        except sqlite3.OperationalError as exc:  # a store made before reviews existed
            if "no such table" not in str(exc):
                raise
            frame = pd.DataFrame(columns=[*REVIEW_TABLE_COLUMNS, "doc_id"])
        for column in ("corrections", "extracted"):
            frame[column] = [_loads(v) for v in frame[column]]
        return frame

    def review_log(self, content_hash: str | None = None, start: int | None = None,
                   end: int | None = None) -> pd.DataFrame:
        """The audit trail, oldest first; with a content hash (and a span) only the entries
        of that document (whose span overlaps the given one: a review moved by
        re-extraction keeps its history)."""
        sql = f"SELECT {', '.join(_quoted(LOG_COLUMNS))} FROM review_log"
        params: list[Any] = []
        if content_hash is not None:
            sql += " WHERE content_hash = ?"
            params.append(content_hash)
            if start is not None and end is not None:
                sql += ' AND start < ? AND "end" > ?'
                params += [end, start]
        sql += " ORDER BY id"
        try:
            return self.read(lambda conn: pd.read_sql_query(sql, conn, params=params))
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                raise
            return pd.DataFrame(columns=list(LOG_COLUMNS))

    def figures_for(self, doc_ids: Iterable[str]) -> pd.DataFrame:
        """The figures of the given documents, in COLUMNS order (as extracted)."""
        ids = list(dict.fromkeys(doc_ids))

        def select(conn: sqlite3.Connection) -> list[pd.DataFrame]:
            frames = []
            for begin in range(0, len(ids), 500):
                part = ids[begin : begin + 500]
                sql = (
                    f"SELECT {', '.join(_QUOTED)} FROM figures "
                    f"WHERE doc_id IN ({', '.join('?' for _ in part)}) ORDER BY rowid"
                )
                frames.append(pd.read_sql_query(sql, conn, params=part))
            return frames

        frames = self.read(select)
        if not frames:
            return pd.DataFrame(columns=list(FIGURE_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    def document_texts(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """doc_id -> stored text of the given documents (unknown ids left out), one query."""
        sql = "SELECT doc_id, text FROM documents WHERE doc_id IN (SELECT value FROM json_each(?))"
        ids = json.dumps(list(dict.fromkeys(doc_ids)))
        return dict(self.read(lambda conn: conn.execute(sql, (ids,)).fetchall()))

    def document(self, doc_id: str) -> Document | None:
        """One stored document, or None."""
        from extractors import Document

        sql = f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE doc_id = ?"
        row = self.read(lambda conn: conn.execute(sql, (doc_id,)).fetchone())
        if row is None:
            return None
        data = dict(zip(DOCUMENT_COLUMNS, row, strict=True))
        return Document(
            doc_id=data["doc_id"],
            text=data["text"],
            source=data["source"] or "",
            title=data["title"] or "",
            lang=data["lang"] or "",
            published=data["published"],
            content_hash=data["content_hash"],
            fmt=data["fmt"] or "txt",
            outlet=data["outlet"] or "",
            url=data["url"] or "",
        )

    # -- writing ---------------------------------------------------------------

    def ingest_document(self, doc: Document, figures: pd.DataFrame) -> bool:
        """Store a document and its figures in one transaction; False if already stored.

        A document whose ``doc_id`` is taken by a different text is stored under
        ``<doc_id>-<hash prefix>``; its figures are relabelled to match.
        """
        content_hash = doc.content_hash or _sha256(doc.text)

        def insert(conn: sqlite3.Connection) -> bool:
            if conn.execute(
                "SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)
            ).fetchone():
                return False
            doc_id = _free_doc_id(conn, doc.doc_id or content_hash[:16], content_hash)
            conn.execute(_INSERT_DOCUMENT, _document_row(doc, doc_id, content_hash))
            conn.executemany(_INSERT_FIGURE, figure_rows(figures, doc_id))
            bump_revision(conn, figures=True)
            return True

        return self.write(insert)

    def replace_figures(self, doc_id: str, figures: pd.DataFrame) -> int:
        """Replace one document's figures in one transaction; returns the new count.

        Reviews are never deleted: one whose span is no longer extracted moves to the new
        figure overlapping it most (a rule change widened "1,6 tỷ" to "1,6 tỷ USD"), or
        stays as an orphan, flagged in the review view. Moves, orphanings and
        restorations are written to the audit trail.
        """
        rows = figure_rows(figures, doc_id)

        def replace(conn: sqlite3.Connection) -> int:
            old = conn.execute(
                'SELECT start, "end" FROM figures WHERE doc_id = ?', (doc_id,)
            ).fetchall()
            conn.execute("DELETE FROM figures WHERE doc_id = ?", (doc_id,))
            conn.executemany(_INSERT_FIGURE, rows)
            _rebind_reviews(conn, doc_id, old, figures)
            _note_document_reviews(conn, self.sidecar, doc_id)
            bump_revision(conn, figures=True, replaced=True)
            return len(rows)

        return self.write(replace)

    def save_review(self, content_hash: str, start: int, end: int, status: str,
                    reviewer: str, corrections: Mapping[str, Any] | None = None,
                    comment: str = "", figure: Mapping[str, Any] | None = None) -> None:
        """Record (or replace) the review of the figure at `start:end` of the document with
        `content_hash`, and append it to the audit trail, in one transaction. `figure` is
        the figure as extracted (its id, quote and values are kept for the record).
        Raises ReviewError for an unknown status, bad corrections, an empty reviewer, or
        when no stored figure has that span (the page was older than the store)."""
        clean = validate_review(status, corrections or {}, reviewer)
        record = review_record(content_hash, start, end, status, reviewer, clean, comment,
                               figure or {})

        def upsert(conn: sqlite3.Connection) -> None:
            write_review(conn, record)
            bump_revision(conn)
            append_events(self.sidecar,
                          [save_event(dict(zip(REVIEW_TABLE_COLUMNS, record, strict=True)))])

        self.write(upsert)

    def clear_review(self, content_hash: str, start: int, end: int, reviewer: str,
                     comment: str = "") -> bool:
        """Remove a review (the figure is unreviewed again); the removal is logged. False
        when there was no review. Raises ReviewError for an empty reviewer."""
        validate_review("accepted", {}, reviewer)
        key = (content_hash, int(start), int(end))

        def delete(conn: sqlite3.Connection) -> bool:
            row = conn.execute(
                'SELECT figure_id FROM reviews WHERE content_hash = ? AND start = ? AND "end" = ?',
                key,
            ).fetchone()
            if row is None:
                return False
            conn.execute(
                'DELETE FROM reviews WHERE content_hash = ? AND start = ? AND "end" = ?', key
            )
            conn.execute(_INSERT_LOG, (*key, "cleared", None, comment.strip(), reviewer.strip(),
                                       _now(), row[0], None))
            bump_revision(conn)
            append_events(self.sidecar, [clear_event(*key)])
            return True

        return self.write(delete)

    def content_hashes(self) -> frozenset[str]:
        """Content hashes of every stored text (what an ingestion need not extract again)."""
        rows = self.read(lambda conn: conn.execute("SELECT content_hash FROM documents").fetchall())
        return frozenset(row[0] for row in rows)

    def ingest_paths(self, paths: Sequence[str | Path], config: Any = None,
                     published: str | None = None, jobs: int = 1) -> IngestReport:
        """Read, extract and store every input file under `paths` (dated `published`
        when given) on `jobs` processes; texts already stored are not extracted again."""
        from extractors import load_config
        from extractors.batch import Job, iter_results, list_files

        job = Job(config or load_config(), published, keep_text=True,
                  skip_hashes=self.content_hashes())
        return self.ingest_results(iter_results(list_files(paths), job, jobs))

    def ingest_results(self, results: Iterable[FileResult],
                       batch: int = INGEST_BATCH) -> IngestReport:
        """Store extracted files on one connection, a transaction per `batch` documents;
        a text already stored is skipped, a file that failed is kept in the report."""
        report = IngestReport()
        with self.connect() as conn:
            pending = 0
            for result in results:
                if result.error is not None:
                    report.errors.append(result.error)
                    continue
                if pending == 0:
                    conn.execute("BEGIN IMMEDIATE")
                    added = report.documents_added
                _store_result(conn, result, report)
                pending += 1
                if pending >= batch:
                    _commit(conn, changed=report.documents_added > added)
                    pending = 0
            if pending:
                _commit(conn, changed=report.documents_added > added)
        return report

    def reextract(self, config: Any = None, extract: Callable | None = None) -> int:
        """Re-run extraction on every stored text (one transaction each); figures written."""
        extract = extract or extract_figures
        total = 0
        for doc_id in self.documents()["doc_id"]:
            doc = self.document(doc_id)
            if doc is not None:
                total += self.replace_figures(doc_id, extract(doc, config))
        return total


def extract_figures(doc: Document, config: Any = None) -> pd.DataFrame:
    """The extractors' figures for one document (default config when None)."""
    from extractors import extract_document

    return extract_document(doc, config)


def _commit(conn: sqlite3.Connection, changed: bool) -> None:
    """Commit an ingestion batch, bumping the revisions when it stored anything."""
    if changed:
        bump_revision(conn, figures=True)
    conn.execute("COMMIT")


def _store_result(conn: sqlite3.Connection, result: FileResult, report: IngestReport) -> None:
    """Insert one extracted document and its figure rows, unless its text is stored."""
    doc = result.doc
    content_hash = doc.content_hash or _sha256(doc.text)
    row = conn.execute("SELECT doc_id FROM documents WHERE content_hash = ?",
                       (content_hash,)).fetchone()
    if row is not None:
        report.documents_skipped += 1
        report.doc_ids.append(row[0])
        return
    doc_id = _free_doc_id(conn, doc.doc_id or content_hash[:16], content_hash)
    conn.execute(_INSERT_DOCUMENT, _document_row(doc, doc_id, content_hash))
    rows = [(*r[:_DOC_ID], doc_id, *r[_DOC_ID + 1:]) for r in result.rows]
    conn.executemany(_INSERT_FIGURE, rows)
    report.documents_added += 1
    report.figures_added += len(result.rows)
    report.doc_ids.append(doc_id)


def _sha256(text: str) -> str:
    """sha256 hex of a text, as the extractors compute content_hash."""
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _free_doc_id(conn: sqlite3.Connection, doc_id: str, content_hash: str) -> str:
    """`doc_id`, or `doc_id-<hash prefix>` when another text already holds it."""
    taken = conn.execute("SELECT 1 FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    return f"{doc_id}-{content_hash[:8]}" if taken else doc_id


def _document_row(doc: Document, doc_id: str, content_hash: str) -> tuple[Any, ...]:
    """A documents-table row for `doc`."""
    return (
        doc_id,
        content_hash,
        doc.source or "",
        doc.title or "",
        doc.published,
        doc.lang or "",
        doc.fmt or "txt",
        doc.text,
        _now(),
        getattr(doc, "outlet", "") or "",
        getattr(doc, "url", "") or "",
    )


def review_record(content_hash: str, start: int, end: int, status: str, reviewer: str,
                  corrections: Mapping[str, Any], comment: str,
                  figure: Mapping[str, Any]) -> tuple[Any, ...]:
    """A reviews-table row (REVIEW_TABLE_COLUMNS) stamped with the time now; `corrections`
    already validated, `figure` the figure as extracted."""
    return (
        content_hash, int(start), int(end), status, json.dumps(dict(corrections),
                                                               ensure_ascii=False),
        comment.strip(), reviewer.strip(), _now(), figure.get("figure_id"), figure.get("quote"),
        json.dumps(_jsonable(figure), ensure_ascii=False),
    )


def write_review(conn: sqlite3.Connection, record: tuple[Any, ...]) -> None:
    """Store a `review_record` and its audit-trail entry inside the caller's transaction.
    Raises ReviewError when no stored figure has the record's document and span."""
    found = conn.execute(
        'SELECT 1 FROM figures f JOIN documents d ON d.doc_id = f.doc_id '
        'WHERE d.content_hash = ? AND f.start = ? AND f."end" = ? LIMIT 1', record[:3],
    ).fetchone()
    if found is None:
        raise ReviewError("this figure has moved; reload the page", "err_moved")
    conn.execute(_UPSERT_REVIEW, record)
    conn.execute(_INSERT_LOG, (*record[:9], None))


def bump_revision(conn: sqlite3.Connection, figures: bool = False,
                  replaced: bool = False) -> None:
    """Increase the store revision (and the figures revision when figures changed) inside
    the caller's transaction; `replaced`: stored figures were deleted or replaced, so the
    new figures revision is recorded as ``figures_replaced``."""
    keys = ("revision", "figures_revision") if figures or replaced else ("revision",)
    conn.execute(
        f"UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
        f"WHERE key IN ({', '.join('?' for _ in keys)})",
        keys,
    )
    if replaced:
        conn.execute("INSERT OR REPLACE INTO meta(key, value) SELECT 'figures_replaced', "
                     "value FROM meta WHERE key = 'figures_revision'")


def is_lock_error(error: BaseException) -> bool:
    """True for SQLite's "database is locked" / "database is busy" errors."""
    text = str(error).lower()
    return isinstance(error, sqlite3.OperationalError) and ("locked" in text or "busy" in text)


def retry_locked(action: Callable[[], T], attempts: int = LOCK_RETRIES) -> T:
    """`action()`, tried again with a growing random pause while it meets a locked
    database (each attempt already waits up to the busy timeout)."""
    pause = 0.05
    for attempt in range(attempts):
        try:
            return action()
        except sqlite3.OperationalError as exc:
            if not is_lock_error(exc) or attempt == attempts - 1:
                raise
            time.sleep(pause * (1 + random.random()))
            pause = min(pause * 2, 2.0)
    raise AssertionError("unreachable")


def _rebind_reviews(conn: sqlite3.Connection, doc_id: str, old: list[tuple[int, int]],
                    figures: pd.DataFrame) -> None:
    """After a document's figures were replaced: move each review whose span is gone to
    the new figure overlapping it most, and log moves, orphanings and restorations."""
    row = conn.execute("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return
    content_hash = row[0]
    reviewed = conn.execute(
        'SELECT start, "end", figure_id FROM reviews WHERE content_hash = ?', (content_hash,)
    ).fetchall()
    if not reviewed:
        return
    frame = figures.reindex(columns=["start", "end", "figure_id"])
    new = [(int(a), int(b)) for a, b in zip(frame["start"], frame["end"], strict=True)]
    ids = dict(zip(new, frame["figure_id"].astype(object), strict=True))
    before = {(int(a), int(b)) for a, b in old}
    moves = match_spans([(int(a), int(b)) for a, b, _ in reviewed], new)
    at = _now()
    for (start, end, figure_id) in reviewed:
        target = moves.get((start, end))
        if target == (start, end):
            if (start, end) not in before:
                conn.execute(_INSERT_LOG, (content_hash, start, end, "restored", None, None,
                                           SYSTEM_REVIEWER, at, figure_id, None))
            continue
        if target is None:
            if (start, end) in before:
                conn.execute(_INSERT_LOG, (content_hash, start, end, "orphaned", None, None,
                                           SYSTEM_REVIEWER, at, figure_id,
                                           "the figure is no longer extracted"))
            continue
        new_id = ids.get(target)
        conn.execute(
            'UPDATE reviews SET start = ?, "end" = ?, figure_id = ? '
            'WHERE content_hash = ? AND start = ? AND "end" = ?',
            (*target, new_id, content_hash, start, end),
        )
        conn.execute(_INSERT_LOG, (content_hash, *target, "moved", None, None, SYSTEM_REVIEWER,
                                   at, new_id, json.dumps({"from": [start, end]})))


def _note_document_reviews(conn: sqlite3.Connection, sidecar: Path, doc_id: str) -> None:
    """After re-extraction (reviews may have moved): the document's reviews as they are
    now, to the sidecar."""
    row = conn.execute("SELECT content_hash FROM documents WHERE doc_id = ?", (doc_id,)).fetchone()
    if row is None:
        return
    reviews = conn.execute(f"SELECT {', '.join(_quoted(REVIEW_TABLE_COLUMNS))} FROM reviews "
                           "WHERE content_hash = ?", (row[0],)).fetchall()
    if reviews:
        append_events(sidecar, [document_event(row[0], [dict(zip(REVIEW_TABLE_COLUMNS, r,
                                                                  strict=True))
                                                         for r in reviews])])


def _now() -> str:
    """The time now, UTC, ISO 8601 to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def _quoted(names: Iterable[str]) -> list[str]:
    """Column names quoted for SQL ("end" is a keyword)."""
    return [f'"{name}"' for name in names]


def _loads(text: object) -> dict[str, Any]:
    """A JSON object column value as a dict (empty for NULL or bad JSON)."""
    if not isinstance(text, str) or not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _jsonable(record: Mapping[str, Any]) -> dict[str, Any]:
    """A figure's cells as JSON-ready values (NaN/NA as null, numpy scalars as Python)."""
    return {str(k): _plain(v) for k, v in record.items()
            if isinstance(_plain(v), (str, int, float, bool, type(None)))}


def add_missing_columns(conn: sqlite3.Connection) -> None:
    """Columns a store made by an older version lacks (role, investor_country, label;
    a document's outlet and url), added empty: the store opens and is re-extracted."""
    for table, wanted in (("figures", FIGURE_COLUMNS),
                          ("documents", {c: "TEXT" for c in DOCUMENT_COLUMNS})):
        have = {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}
        for name, sql in wanted.items():
            if name not in have:
                conn.execute(f'ALTER TABLE {table} ADD COLUMN "{name}" {sql.split()[0]}')


def open_store(path: str | Path = DEFAULT_DB) -> Store:
    """Open (creating if needed) the store at `path`. Raises StoreDamaged (one line: the
    file and what to do) when SQLite cannot read it."""
    problem = damage_of(path)
    if problem:
        raise StoreDamaged(path, problem)
    return Store(path).init()
