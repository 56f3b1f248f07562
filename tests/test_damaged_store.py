"""A damaged store (truncated, overwritten) is named in one line with what to do, in
the app and on the command line; the app rebuilds it, keeping a copy of the damaged
file and every review (from the reviews sidecar beside the store)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import new_app, run, shown

from dashboard.data import DATA_ENV, DB_ENV
from store.db import Store, StoreDamaged, open_store
from store.recovery import rebuild_store
from store.sidecar import read_events, replay, sidecar_path

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "data").glob("*.txt"))[:3]


@pytest.fixture
def articles(tmp_path) -> Path:
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in ARTICLES:
        shutil.copy(path, folder / path.name)
    return folder


def reviewed_store(path: Path, articles: Path) -> Store:
    """A store of the articles with three reviews saved and one of them cleared."""
    store = open_store(path)
    store.ingest_paths([articles])
    figures = store.figures().merge(store.documents()[["doc_id", "content_hash"]], on="doc_id")
    rows = figures.head(3).itertuples()
    for row, status in zip(rows, ("accepted", "rejected", "corrected"), strict=True):
        corrections = {"year": 2031} if status == "corrected" else {}
        store.save_review(row.content_hash, row.start, row.end, status, "An [x](http://e.vn)",
                          corrections, comment="=HYPERLINK(\"http://e.vn\")")
    first = figures.iloc[0]
    store.clear_review(first.content_hash, int(first.start), int(first.end), "An")
    return store


def review_keys(store: Store) -> list[tuple]:
    frame = store.reviews()
    return sorted(zip(frame.content_hash, frame.start, frame.end, frame.status,
                      frame.reviewer, frame.comment, strict=True))


def truncate(path: Path, keep: float = 0.5) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])


def test_every_review_write_goes_to_the_sidecar(tmp_path, articles) -> None:
    store = reviewed_store(tmp_path / "figures.sqlite", articles)
    assert store.sidecar == tmp_path / "reviews.jsonl"
    actions = [e["action"] for e in read_events(store.sidecar)]
    assert actions == ["save", "save", "save", "clear"]
    restored = replay(read_events(store.sidecar))
    assert sorted((k, v["status"]) for k, v in restored.items()) == sorted(
        ((h, s, e), st) for h, s, e, st, _, _ in review_keys(store))


def test_other_store_names_get_their_own_sidecar(tmp_path) -> None:
    assert sidecar_path(tmp_path / "own.sqlite") == tmp_path / "own.reviews.jsonl"


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_damaged_store_is_one_line_and_rebuild_keeps_reviews(tmp_path, articles, damage) -> None:
    path = tmp_path / "figures.sqlite"
    before = review_keys(reviewed_store(path, articles))
    figures_before = len(Store(path).figures())
    if damage == "truncated":
        truncate(path)
    else:
        path.write_bytes(b"not a database " * 500)
    with pytest.raises(StoreDamaged) as err:
        open_store(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path}: the store is damaged (")
    assert "Rebuild" in message and "reviews.jsonl" in message
    report = rebuild_store(path, articles)
    assert report.damaged_copy is not None and report.damaged_copy.exists()
    assert report.damaged_copy.name.startswith("figures.sqlite.damaged-")
    assert report.reviews == len(before) == 2
    store = open_store(path)
    assert review_keys(store) == before
    assert store.count_documents() == len(ARTICLES) and len(store.figures()) == figures_before


@pytest.mark.slow
def test_cli_names_a_damaged_store(tmp_path, articles) -> None:
    path = tmp_path / "figures.sqlite"
    reviewed_store(path, articles)
    truncate(path, 0.3)
    proc = subprocess.run([sys.executable, "-m", "store", str(articles), "--db", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {path}: the store is damaged (")


@pytest.mark.slow
def test_app_names_a_damaged_store_and_rebuilds_it(tmp_path, articles, monkeypatch) -> None:
    path = tmp_path / "figures.sqlite"
    before = review_keys(reviewed_store(path, articles))
    truncate(path)
    monkeypatch.setenv(DB_ENV, str(path))
    monkeypatch.setenv(DATA_ENV, str(articles))
    at = run(new_app())
    assert len(at.error) == 1
    assert shown(at.error[0].value).startswith(f"{path}: the store is damaged (")
    assert "Traceback" not in at.error[0].value
    at.button(key="rebuild").click()
    run(at)
    assert not at.error and at.success
    assert "2 reviews restored" in shown(at.success[0].value)
    assert review_keys(Store(path)) == before
    assert list(tmp_path.glob("figures.sqlite.damaged-*"))
    assert at.multiselect(key="doc").options  # the dashboard is back


def test_sidecar_skips_a_cut_line(tmp_path) -> None:
    side = tmp_path / "reviews.jsonl"
    good = {"action": "save", "review": {"content_hash": "h", "start": 1, "end": 3}}
    side.write_text(json.dumps(good) + "\n" + '{"action": "save", "rev', encoding="utf-8")
    assert list(replay(read_events(side))) == [("h", 1, 3)]


def test_a_large_store_gets_the_light_check(tmp_path, articles, monkeypatch) -> None:
    import store.db as db

    path = tmp_path / "large.sqlite"
    reviewed_store(path, articles)
    monkeypatch.setattr(db, "QUICK_CHECK_MAX_BYTES", 0)
    assert db.damage_of(path) is None
    path.write_bytes(b"not a database at all" * 100)
    assert db.damage_of(path)
    with pytest.raises(StoreDamaged):
        open_store(path)
