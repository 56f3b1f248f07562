"""Rebuilding a damaged store: keep the damaged file aside, save what documents it
still gives, re-extract them and the bundled articles into a new store, and restore
every review from the sidecar (store.sidecar)."""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from store.db import (
    _INSERT_LOG,
    _UPSERT_REVIEW,
    REVIEW_TABLE_COLUMNS,
    Store,
    bump_revision,
    extract_figures,
    open_store,
)
from store.review import SYSTEM_REVIEWER
from store.sidecar import read_events, replay

if TYPE_CHECKING:
    from extractors import Document

SALVAGE_COLUMNS = ("doc_id", "content_hash", "source", "title", "published", "lang", "fmt",
                   "text")


@dataclass
class RebuildReport:
    """What a rebuild did: where the damaged file went, documents saved from it and
    read from the articles folder, reviews restored."""

    damaged_copy: Path | None = None
    salvaged: int = 0
    from_articles: int = 0
    reviews: int = 0
    errors: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return (f"{self.salvaged} documents saved from the damaged store, "
                f"{self.from_articles} read from the articles, {self.reviews} reviews restored"
                + (f"; the damaged file is kept as {self.damaged_copy}" if self.damaged_copy
                   else ""))


def set_aside(path: Path) -> Path | None:
    """Move the damaged store (and its -wal/-shm files) to `<name>.damaged-<time>`; the
    snapshots and columnar datasets of its figures are deleted. None when there was no
    file."""
    if not path.exists():
        return None
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
    copy = path.with_name(f"{path.name}.damaged-{stamp}")
    os.replace(path, copy)
    for suffix in ("-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            os.replace(extra, copy.with_name(copy.name + suffix))
    for snapshot in path.parent.glob(f"{path.name}.figures-r*.parquet"):
        snapshot.unlink(missing_ok=True)
    for dataset in path.parent.glob(f"{path.name}.columnar-r*"):
        shutil.rmtree(dataset, ignore_errors=True)
    return copy


def salvage_documents(path: Path) -> list[Document]:
    """The documents a damaged store still gives, read one by one until SQLite fails."""
    from extractors import Document

    found: list[Document] = []
    try:
        conn = sqlite3.connect(f"file:{quote(Path(path).as_posix())}?mode=ro", uri=True,
                               timeout=5)
    except sqlite3.Error:
        return found
    try:
        cursor = conn.execute(f"SELECT {', '.join(SALVAGE_COLUMNS)} FROM documents")
        while True:
            row = cursor.fetchone()
            if row is None:
                break
            data = dict(zip(SALVAGE_COLUMNS, row, strict=True))
            if isinstance(data["text"], str) and data["text"].strip():
                found.append(Document(
                    doc_id=data["doc_id"], text=data["text"], source=data["source"] or "",
                    title=data["title"] or "", lang=data["lang"] or "",
                    published=data["published"], content_hash=data["content_hash"] or "",
                    fmt=data["fmt"] or "txt"))
    except sqlite3.DatabaseError:
        pass  # the rest of the file is unreadable: keep what was read
    finally:
        conn.close()
    return found


def restore_reviews(store: Store) -> int:
    """Put every review of the sidecar back into the store (logged as "restored from the
    sidecar"); reviews whose figure is not extracted any more show as orphans."""
    reviews = replay(read_events(store.sidecar))
    if not reviews:
        return 0
    at = datetime.now(UTC).isoformat(timespec="seconds")

    def put(conn: sqlite3.Connection) -> None:
        for review in reviews.values():
            record = tuple(review.get(column) for column in REVIEW_TABLE_COLUMNS)
            conn.execute(_UPSERT_REVIEW, record)
            conn.execute(_INSERT_LOG, (*record[:3], "restored", None, None, SYSTEM_REVIEWER,
                                       at, record[8], "restored from the reviews sidecar"))
        bump_revision(conn)

    store.write(put)
    return len(reviews)


def rebuild_store(path: str | Path, articles: str | Path | None = None,
                  extract: Callable[[Document], Any] | None = None) -> RebuildReport:
    """Rebuild the store at `path`: the damaged file is kept aside, the documents it
    still holds and those under `articles` are extracted again, and the reviews come
    back from the sidecar."""
    path = Path(path)
    extract = extract or extract_figures
    report = RebuildReport(damaged_copy=set_aside(path))
    salvaged = salvage_documents(report.damaged_copy) if report.damaged_copy else []
    store = open_store(path)
    for doc in salvaged:
        if store.ingest_document(doc, extract(doc)):
            report.salvaged += 1
    if articles is not None and Path(articles).exists():
        ingest = store.ingest_paths([articles])
        report.from_articles = ingest.documents_added
        report.errors = [str(error) for error in ingest.errors]
    report.reviews = restore_reviews(store)
    return report
