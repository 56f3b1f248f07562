"""The SQLite store: schema, idempotent per-document ingestion, WAL sharing."""

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pandas as pd
import pytest

import extractors
from dashboard.data import FINGERPRINT_KEY, prepare_store
from dashboard.synthetic import fill_store, synthetic_figures
from extractors import Document, extract_document, read_document
from store.db import FIGURE_COLUMNS, IngestReport, Store, open_store

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
ARTICLES = sorted(DATA.glob("*.txt"))


@pytest.fixture
def store(tmp_path) -> Store:
    return open_store(tmp_path / "figures.sqlite")


def _count(store: Store, table: str) -> int:
    with store.connect() as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def _doc(text: str, doc_id: str = "note") -> Document:
    return extractors.read_text_bytes(text.encode("utf-8"), f"{doc_id}.txt")


def test_figures_table_mirrors_extractor_columns():
    assert tuple(FIGURE_COLUMNS) == tuple(extractors.COLUMNS)


def test_store_file_is_wal_with_busy_timeout(store):
    with store.connect() as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
    assert store.path.exists()


def test_ingest_bundled_articles_then_nothing_twice(store):
    report = store.ingest_paths([DATA])
    assert isinstance(report, IngestReport)
    assert report.documents_added == len(ARTICLES) and not report.errors
    assert report.figures_added == _count(store, "figures") > 0
    assert sorted(report.doc_ids) == sorted(p.stem for p in ARTICLES)
    revision = store.revision()
    again = store.ingest_paths([DATA])
    assert (again.documents_added, again.figures_added) == (0, 0)
    assert again.documents_skipped == len(ARTICLES)
    assert sorted(again.doc_ids) == sorted(report.doc_ids)
    assert store.revision() == revision
    assert _count(store, "documents") == len(ARTICLES)


def test_stored_documents_keep_text_and_metadata(store):
    store.ingest_paths([ARTICLES[0]])
    doc = read_document(ARTICLES[0])
    stored = store.document(doc.doc_id)
    assert stored is not None
    assert (stored.text, stored.content_hash, stored.title) == (doc.text, doc.content_hash,
                                                                doc.title)
    assert stored.source == doc.source and stored.published == doc.published


def test_stored_offsets_point_at_the_quote(store):
    store.ingest_paths([DATA])
    figures = store.figures()
    texts = {d: store.document(d).text for d in figures["doc_id"].unique()}
    for row in figures.itertuples():
        assert texts[row.doc_id][row.start : row.end] == row.quote
        offset = row.start - row.sentence_start
        assert row.sentence[offset : offset + len(row.quote)] == row.quote


def test_ingest_document_is_idempotent(store):
    doc = _doc("Việt Nam đặt mục tiêu 50.000 kỹ sư AI đến năm 2030.")
    figures = extract_document(doc)
    assert store.ingest_document(doc, figures) is True
    assert store.ingest_document(doc, figures) is False
    assert _count(store, "documents") == 1
    assert _count(store, "figures") == len(figures)


def test_failed_ingest_leaves_no_half_document(store):
    doc = _doc("Amkor invests $1.6 billion in Bac Ninh.")
    figures = pd.concat([extract_document(doc)] * 2, ignore_index=True)
    figures["measure"] = figures["measure"].astype(object)
    figures.loc[len(figures) - 1, "measure"] = object()  # SQLite cannot bind this
    with pytest.raises(sqlite3.Error):
        store.ingest_document(doc, figures)
    assert _count(store, "documents") == 0
    assert _count(store, "figures") == 0
    assert store.revision() == 0


def test_same_doc_id_with_other_text_gets_its_own_id(store):
    first, second = _doc("Text one: 30% by 2030.", "dup"), _doc("Text two: 40% by 2040.", "dup")
    assert store.ingest_document(first, extract_document(first))
    assert store.ingest_document(second, extract_document(second))
    ids = store.documents()["doc_id"].tolist()
    assert ids[0] == "dup" and ids[1].startswith("dup-") and len(set(ids)) == 2
    assert set(store.figures()["doc_id"]) <= set(ids)


def test_bad_and_missing_files_are_reported_and_skipped(store, tmp_path):
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02\xff" * 100)
    (tmp_path / "empty.md").write_bytes(b"")
    report = store.ingest_paths([tmp_path / "binary.txt", tmp_path / "empty.md",
                                 tmp_path / "missing.txt", ARTICLES[0]])
    assert {Path(e.path).name for e in report.errors} == {"binary.txt", "empty.md",
                                                           "missing.txt"}
    assert all(e.reason and "\n" not in e.reason for e in report.errors)
    assert report.documents_added == 1


def test_figures_for_returns_extraction_columns(store):
    report = store.ingest_paths(ARTICLES[:2])
    out = store.figures_for(report.doc_ids)
    assert list(out.columns) == list(extractors.COLUMNS)
    assert set(out["doc_id"]) <= set(report.doc_ids)
    assert len(out) == report.figures_added


def test_reader_is_not_blocked_by_a_writer(store):
    store.ingest_paths([ARTICLES[0]])
    reader = sqlite3.connect(store.path)
    reader.execute("BEGIN")
    before = reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0]
    store.ingest_paths([ARTICLES[1]])  # commits while the reader holds its snapshot
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before
    reader.execute("COMMIT")
    assert reader.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == before + 1
    reader.close()


def test_writers_queue_instead_of_failing(store):
    holding, release = threading.Event(), threading.Event()

    def hold_write_lock():
        with store.transaction():
            holding.set()
            release.wait(10)

    thread = threading.Thread(target=hold_write_lock)
    thread.start()
    holding.wait(10)
    threading.Timer(0.3, release.set).start()
    report = store.ingest_paths([ARTICLES[0]])  # waits for the lock (busy_timeout)
    thread.join()
    assert report.documents_added == 1


def test_reextract_replaces_figures_per_document(store):
    store.ingest_paths([DATA])
    revision = store.revision()
    written = store.reextract(extract=lambda doc, config: extract_document(doc).head(1))
    assert written == _count(store, "figures") <= len(ARTICLES)
    assert _count(store, "documents") == len(ARTICLES)
    assert store.revision() > revision


def test_prepare_store_builds_once_and_refreshes_stale_figures(tmp_path):
    path = tmp_path / "app.sqlite"
    store = prepare_store(path, DATA)
    assert store.count_documents() == len(ARTICLES)
    assert store.get_meta(FINGERPRINT_KEY)
    figures = _count(store, "figures")
    store.set_meta(FINGERPRINT_KEY, "an older extractor")
    with store.transaction() as conn:
        conn.execute("DELETE FROM figures")
    store = prepare_store(path, DATA)
    assert _count(store, "figures") == figures
    assert store.get_meta(FINGERPRINT_KEY) != "an older extractor"


def test_prepare_store_leaves_stores_without_fingerprint_alone(tmp_path):
    store = open_store(tmp_path / "synthetic.sqlite")
    fill_store(store, synthetic_figures(100, n_docs=3))
    prepare_store(store.path, DATA)
    assert _count(store, "figures") == 100 and store.count_documents() == 3


@pytest.mark.slow
def test_extraction_cli_ingests_into_the_store(tmp_path):
    db = tmp_path / "cli.sqlite"
    command = [sys.executable, "-m", "store", str(DATA), "--db", str(db), "--quiet"]
    first = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    again = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert Store(db).count_documents() == len(ARTICLES)


def test_store_made_before_roles_opens_and_gains_the_new_columns(tmp_path):
    import sqlite3

    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE documents (doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL UNIQUE,"
        " source TEXT, title TEXT, published TEXT, lang TEXT, fmt TEXT, text TEXT NOT NULL,"
        " added_at TEXT NOT NULL);"
        'CREATE TABLE figures (figure_id TEXT, doc_id TEXT, quote TEXT, "start" INTEGER,'
        ' "end" INTEGER, value REAL);'
        "INSERT INTO documents VALUES ('d', 'h', 's', 't', NULL, 'en', 'txt', 'x', 'now');"
        "INSERT INTO figures VALUES ('f', 'd', '5%', 0, 2, 5.0);"
    )
    conn.commit()
    conn.close()
    store = open_store(path)
    figures = store.figures()
    assert {"role", "investor_country", "label", "doc_outlet", "doc_url"} <= set(figures)
    assert figures["quote"].tolist() == ["5%"]
    assert store.document("d").outlet == ""
