"""Two reviewers and a batch ingestion writing one SQLite store at once, with a reader
loading the dashboard's dataset beside them, for ten seconds: every write is there
afterwards and no caller ever saw an error (no "database is locked")."""

import hashlib
import multiprocessing
import sqlite3
import threading
import time
import traceback

import pytest

from dashboard.data import build_dataset, reviewed_figures
from extractors import Document, extract_document
from store import db as store_module
from store.db import Store, is_lock_error, open_store

DURATION = 10.0
STATUSES = ("accepted", "corrected", "rejected")
SENTENCES = (
    "Việt Nam đặt mục tiêu đào tạo {n}.000 kỹ sư AI đến năm 2030.",
    "Amkor raised its investment in the Bac Ninh plant to {n} million USD in 2024.",
    "Đến năm 2030, kinh tế số chiếm {n}% GDP.",
    "By the end of 2024, Vietnam had {n},000 AI engineers.",
)


pytestmark = pytest.mark.slow  # processes racing on one store


def document(i: int) -> Document:
    text = " ".join(s.format(n=10 + i) for s in SENTENCES) + f" (bản tin số {i})"
    return Document(doc_id=f"doc-{i:03d}", text=text, title=f"Bản tin {i}",
                    published=f"2025-{i % 12 + 1:02d}-01",
                    content_hash=hashlib.sha256(text.encode()).hexdigest())


def _run(role, queue, *args) -> None:
    """A worker's result, or its traceback, to the parent."""
    try:
        queue.put((role, role_functions[role](*args), None))
    except BaseException:  # noqa: BLE001 - everything a caller could see counts as a failure
        queue.put((role, None, traceback.format_exc()))


def reviewer(path: str, name: str, keys: list, deadline: float) -> dict:
    """Review the same figures as the other reviewer, as fast as possible, until the
    deadline; returns the comments of every write (each one is unique)."""
    store = Store(path)
    written, errors, i = [], [], 0
    while time.time() < deadline:
        content_hash, start, end = keys[i % len(keys)]
        status = STATUSES[i % len(STATUSES)]
        corrections = {"value": float(i)} if status == "corrected" else {}
        comment = f"{name}-{i}"
        try:
            store.save_review(content_hash, start, end, status, name, corrections, comment)
            written.append(comment)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        i += 1
    return {"written": written, "errors": errors}


def ingester(path: str, first: int, count: int, deadline: float) -> dict:
    """A batch run: extract and store `count` new documents spread over the time."""
    store = Store(path)
    added, errors = [], []
    pause = (deadline - time.time()) / (count + 1)
    for i in range(first, first + count):
        doc = document(i)
        try:
            if store.ingest_document(doc, extract_document(doc)):
                added.append(doc.doc_id)
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
        time.sleep(max(0.0, pause))
    return {"added": added, "errors": errors}


def reader(path: str, deadline: float) -> dict:
    """The dashboard's loads (dataset with reviews, revision, audit trail) in a loop."""
    store = Store(path)
    loads, errors, last = 0, [], -1
    while time.time() < deadline:
        try:
            revision = store.revision()
            data = build_dataset(store)
            assert len(data.figures) > 0 and revision >= last
            store.review_log()
            last, loads = revision, loads + 1
        except Exception as exc:  # noqa: BLE001
            errors.append(repr(exc))
    return {"loads": loads, "errors": errors}


role_functions = {"reviewer": reviewer, "ingester": ingester, "reader": reader}


@pytest.fixture
def store(tmp_path) -> Store:
    store = open_store(tmp_path / "shared.sqlite")
    for i in range(3):
        doc = document(i)
        store.ingest_document(doc, extract_document(doc))
    return store


def test_two_reviewers_a_batch_and_a_reader_lose_nothing(store):
    figures = store.figures()
    hashes = dict(zip(store.documents()["doc_id"], store.documents()["content_hash"],
                      strict=True))
    keys = [(hashes[d], int(s), int(e)) for d, s, e in
            zip(figures["doc_id"], figures["start"], figures["end"], strict=True)]
    assert len(keys) >= 8
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    deadline = time.time() + DURATION
    jobs = [
        ("reviewer", str(store.path), "An", keys, deadline),
        ("reviewer", str(store.path), "Bình", keys[::-1], deadline),
        ("ingester", str(store.path), 100, 20, deadline),
        ("reader", str(store.path), deadline),
    ]
    processes = [context.Process(target=_run, args=(job[0], queue, *job[1:])) for job in jobs]
    for process in processes:
        process.start()
    results = [queue.get(timeout=DURATION + 120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    failures = [trace for _, _, trace in results if trace]
    assert not failures, failures[0]
    by_role: dict[str, list[dict]] = {}
    for role, result, _ in results:
        by_role.setdefault(role, []).append(result)
    for role, outcomes in by_role.items():
        for outcome in outcomes:
            assert outcome["errors"] == [], (role, outcome["errors"][:3])

    # Every review write is in the audit trail, once.
    written = [c for r in by_role["reviewer"] for c in r["written"]]
    assert len(written) > 100  # both reviewers really wrote, many times
    log = store.review_log()
    assert sorted(log["comment"]) == sorted(written)
    # Each figure's review is its last write (whoever made it), and nothing else.
    last = log.sort_values("id").groupby(["content_hash", "start", "end"]).tail(1)
    reviews = store.reviews()
    assert len(reviews) == len(set(keys))
    merged = reviews.merge(last, on=["content_hash", "start", "end"], suffixes=("", "_log"))
    assert (merged["comment"] == merged["comment_log"]).all()
    assert (merged["status"] == merged["action"]).all()
    # Every document of the batch run is stored, with its figures.
    added = by_role["ingester"][0]["added"]
    assert len(added) == 20
    assert store.count_documents() == 23
    assert set(added) <= set(reviewed_figures(store)["doc_id"].astype(str))
    assert by_role["reader"][0]["loads"] > 10


def test_the_page_gives_up_on_a_lock_in_seconds_a_batch_run_waits(store, monkeypatch):
    monkeypatch.setattr(store_module, "PAGE_BUSY_TIMEOUT_MS", 100)
    blocker = sqlite3.connect(store.path, isolation_level=None, check_same_thread=False)
    blocker.execute("BEGIN IMMEDIATE")
    release = threading.Timer(1.5, lambda: (blocker.execute("ROLLBACK"), blocker.close()))
    release.start()
    try:
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError) as refused:
            store.for_page().set_meta("page", "1")
        assert is_lock_error(refused.value) and time.monotonic() - started < 1.0
        store.set_meta("batch", "1")  # the default store waits for the lock to go
        assert time.monotonic() - started >= 1.4
    finally:
        release.join()
    assert (store.get_meta("page"), store.get_meta("batch")) == (None, "1")
