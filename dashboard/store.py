"""The SQLite store: documents and their figures, shared by the app and batch runs.

One file (WAL mode, busy timeout) holds three tables: ``documents`` (one row per
distinct text, keyed by ``doc_id``, unique by ``content_hash``), ``figures`` (the
extraction's COLUMNS) and ``meta`` (``revision``, bumped by every write, and the
``fingerprint`` of the extractor that produced the figures). Ingestion is
idempotent by content hash and each document is one transaction.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from extractors import Document, FileError

DEFAULT_DB = Path("data/figures.sqlite")
BUSY_TIMEOUT_MS = 30_000

# The figures table mirrors extractors.schema.COLUMNS (tests check they agree).
FIGURE_COLUMNS: dict[str, str] = {
    "figure_id": "TEXT",
    "doc_id": "TEXT NOT NULL REFERENCES documents(doc_id) ON DELETE CASCADE",
    "source": "TEXT",
    "lang": "TEXT",
    "start": "INTEGER",
    "end": "INTEGER",
    "quote": "TEXT",
    "sentence": "TEXT",
    "sentence_start": "INTEGER",
    "value": "REAL",
    "value_high": "REAL",
    "unit": "TEXT",
    "unit_family": "TEXT",
    "qualifier": "TEXT",
    "value_usd": "REAL",
    "value_usd_high": "REAL",
    "kind": "TEXT",
    "year": "INTEGER",
    "country": "TEXT",
    "sector": "TEXT",
    "entity": "TEXT",
    "measure": "TEXT",
    "rule": "TEXT",
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
)

_QUOTED = [f'"{name}"' for name in FIGURE_COLUMNS]

_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS documents (
    doc_id TEXT PRIMARY KEY,
    content_hash TEXT NOT NULL UNIQUE,
    source TEXT, title TEXT, published TEXT, lang TEXT, fmt TEXT,
    text TEXT NOT NULL,
    added_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS figures (
    {", ".join(f"{q} {sql}" for q, sql in zip(_QUOTED, FIGURE_COLUMNS.values(), strict=True))}
);
CREATE INDEX IF NOT EXISTS figures_doc_id ON figures(doc_id);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
INSERT OR IGNORE INTO meta(key, value) VALUES ('revision', '0');
"""

_INSERT_FIGURE = (
    f"INSERT INTO figures ({', '.join(_QUOTED)}) VALUES ({', '.join('?' for _ in _QUOTED)})"
)
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


class Store:
    """A SQLite file of documents and figures; one short connection per call."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    @contextmanager
    def connect(self) -> Iterator[sqlite3.Connection]:
        """A connection in autocommit mode (transactions are explicit), closed after use."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
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

    def init(self) -> Store:
        """Create the file and tables if missing; switch the file to WAL mode."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
            conn.executescript(_SCHEMA)
        return self

    # -- reading ---------------------------------------------------------------

    def revision(self) -> int:
        """A counter bumped by every write; cheap to poll."""
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = 'revision'").fetchone()
        return int(row[0]) if row else 0

    def get_meta(self, key: str) -> str | None:
        """A value from the meta table, None when unset."""
        with self.connect() as conn:
            row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else row[0]

    def set_meta(self, key: str, value: str) -> None:
        """Set a value in the meta table."""
        with self.transaction() as conn:
            conn.execute("INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)", (key, value))

    def count_documents(self) -> int:
        """Number of stored documents."""
        with self.connect() as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone()[0]

    def doc_id_of(self, content_hash: str) -> str | None:
        """The stored doc_id of the text with this content hash, None if not stored."""
        with self.connect() as conn:
            sql = "SELECT doc_id FROM documents WHERE content_hash = ?"
            row = conn.execute(sql, (content_hash,)).fetchone()
        return None if row is None else row[0]

    def documents(self, with_text: bool = False) -> pd.DataFrame:
        """The documents table (without the text unless asked), in insertion order."""
        columns = [c for c in DOCUMENT_COLUMNS if with_text or c != "text"]
        sql = f"SELECT {', '.join(columns)} FROM documents ORDER BY rowid"
        with self.connect() as conn:
            return pd.read_sql_query(sql, conn)

    def figures(self) -> pd.DataFrame:
        """All figures in FIGURE_COLUMNS order plus the document's title and date."""
        columns = ", ".join(f"f.{q}" for q in _QUOTED)
        sql = (
            f"SELECT {columns}, d.title AS doc_title, d.published AS doc_published "
            "FROM figures f JOIN documents d ON d.doc_id = f.doc_id ORDER BY f.rowid"
        )
        with self.connect() as conn:
            return pd.read_sql_query(sql, conn)

    def figures_for(self, doc_ids: Iterable[str]) -> pd.DataFrame:
        """The figures of the given documents, in COLUMNS order (as extracted)."""
        ids = list(dict.fromkeys(doc_ids))
        frames = []
        with self.connect() as conn:
            for begin in range(0, len(ids), 500):
                part = ids[begin : begin + 500]
                sql = (
                    f"SELECT {', '.join(_QUOTED)} FROM figures "
                    f"WHERE doc_id IN ({', '.join('?' for _ in part)}) ORDER BY rowid"
                )
                frames.append(pd.read_sql_query(sql, conn, params=part))
        if not frames:
            return pd.DataFrame(columns=list(FIGURE_COLUMNS))
        return pd.concat(frames, ignore_index=True)

    def document(self, doc_id: str) -> Document | None:
        """One stored document, or None."""
        from extractors import Document

        sql = f"SELECT {', '.join(DOCUMENT_COLUMNS)} FROM documents WHERE doc_id = ?"
        with self.connect() as conn:
            row = conn.execute(sql, (doc_id,)).fetchone()
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
        )

    # -- writing ---------------------------------------------------------------

    def ingest_document(self, doc: Document, figures: pd.DataFrame) -> bool:
        """Store a document and its figures in one transaction; False if already stored.

        A document whose ``doc_id`` is taken by a different text is stored under
        ``<doc_id>-<hash prefix>``; its figures are relabelled to match.
        """
        content_hash = doc.content_hash or _sha256(doc.text)
        with self.transaction() as conn:
            if conn.execute(
                "SELECT 1 FROM documents WHERE content_hash = ?", (content_hash,)
            ).fetchone():
                return False
            doc_id = _free_doc_id(conn, doc.doc_id or content_hash[:16], content_hash)
            conn.execute(_INSERT_DOCUMENT, _document_row(doc, doc_id, content_hash))
            conn.executemany(_INSERT_FIGURE, figure_rows(figures, doc_id))
            _bump_revision(conn)
        return True

    def replace_figures(self, doc_id: str, figures: pd.DataFrame) -> int:
        """Replace one document's figures in one transaction; returns the new count."""
        rows = figure_rows(figures, doc_id)
        with self.transaction() as conn:
            conn.execute("DELETE FROM figures WHERE doc_id = ?", (doc_id,))
            conn.executemany(_INSERT_FIGURE, rows)
            _bump_revision(conn)
        return len(rows)

    def ingest_paths(self, paths: Sequence[str | Path], config: Any = None) -> IngestReport:
        """Read, extract and store every input file under `paths`; texts already stored
        are skipped without extracting them again."""
        from extractors import FileError, ReadError, iter_input_files, read_document

        report = IngestReport()
        for path, problem in iter_input_files(paths):
            if problem:
                report.errors.append(FileError(str(path), problem))
                continue
            try:
                doc = read_document(path, config)
            except ReadError as exc:
                report.errors.append(FileError(str(path), str(exc)))
                continue
            content_hash = doc.content_hash or _sha256(doc.text)
            stored = self.doc_id_of(content_hash)
            if stored is None:
                figures = extract_figures(doc, config)
                if self.ingest_document(doc, figures):
                    report.documents_added += 1
                    report.figures_added += len(figures)
                else:
                    report.documents_skipped += 1
                stored = self.doc_id_of(content_hash)
            else:
                report.documents_skipped += 1
            report.doc_ids.append(stored or doc.doc_id)
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
        datetime.now(UTC).isoformat(timespec="seconds"),
    )


def _bump_revision(conn: sqlite3.Connection) -> None:
    """Increase the store revision inside the caller's transaction."""
    conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE key = 'revision'")


def open_store(path: str | Path = DEFAULT_DB) -> Store:
    """Open (creating if needed) the store at `path`."""
    return Store(path).init()
