"""A new figures revision that only adds figures extends the previous columnar dataset
(store.columnar.appendable): the result equals a dataset built from scratch; a
replacement or deletion of stored figures means a full build."""

import json
import shutil
import sqlite3
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from extractors.dataset import MARKER
from store.columnar import (
    FACTS,
    SUMMARY,
    appendable,
    build_columnar,
    columnar_path,
    ensure_columnar,
)
from store.db import Store
from store.search_index import SEARCH, search_hits

ROOT = Path(__file__).resolve().parent.parent
ARTICLES = sorted((ROOT / "data").glob("*.txt"))
pytestmark = pytest.mark.slow  # builds stores and datasets of their own
WORDS = ("dau tu", "ban dan", "ky su", "2030", "digital economy", "AI")


def _table(path: Path, sql: str) -> pd.DataFrame:
    """Rows of `sql` over the DuckDB file `path` (attached as ``f``), texts as texts."""
    con = duckdb.connect()
    con.execute(f"ATTACH '{path}' AS f (READ_ONLY)")
    frame = con.execute(sql).df()
    con.close()
    return frame.astype(str)


def _same_dataset(one: Path, other: Path) -> None:
    """The two datasets hold the same figures, facts, summary, counts and search hits."""
    a, b = (json.loads((p / MARKER).read_text("utf-8")) for p in (one, other))
    for key in ("figures", "documents", "max_rid", "facets", "columns"):
        assert a[key] == b[key], key
    facts = "SELECT * REPLACE ({}) FROM f.facts ORDER BY rid"
    cols = _table(one / FACTS, "SELECT * FROM f.facts LIMIT 0").columns
    casts = ", ".join(f'CAST("{c}" AS VARCHAR) AS "{c}"' for c in cols)
    assert _table(one / FACTS, facts.format(casts)).equals(
        _table(other / FACTS, facts.format(casts)))
    cube = "SELECT * FROM f.cube ORDER BY ALL"
    assert _table(one / SUMMARY, cube).equals(_table(other / SUMMARY, cube))
    parts = "SELECT * FROM read_parquet('{}/figures/*.parquet') ORDER BY rid"
    con = duckdb.connect()
    assert con.execute(parts.format(one)).df().equals(con.execute(parts.format(other)).df())
    for text in WORDS:
        bounds = [(0, 10**9)]
        assert search_hits(one / SEARCH, text, bounds).tolist() == \
            search_hits(other / SEARCH, text, bounds).tolist(), text


@pytest.fixture()
def store(tmp_path) -> Store:
    store = Store(tmp_path / "figures.sqlite").init()
    store.ingest_paths(ARTICLES[:3])
    return store


def test_added_documents_extend_the_previous_dataset(store, tmp_path, monkeypatch) -> None:
    import store.columnar as columnar

    monkeypatch.setattr(columnar, "PART_ROWS", 4)  # full parts and a last, partial one
    monkeypatch.setattr(columnar, "READ_ROWS", 2)
    first = ensure_columnar(store)
    first_meta = json.loads((first / MARKER).read_text("utf-8"))
    parts = sorted((first / "figures").glob("*.parquet"))
    assert len(parts) > 2
    inodes = [p.stat().st_ino for p in parts]
    store.ingest_paths(ARTICLES[3:])
    assert appendable(store, store.figures_revision()) == first
    second = ensure_columnar(store)
    meta = json.loads((second / MARKER).read_text("utf-8"))
    now = sorted((second / "figures").glob("*.parquet"))
    assert [p.stat().st_ino for p in now[:len(parts) - 1]] == inodes[:-1]  # linked
    assert now[len(parts) - 1].stat().st_ino != inodes[-1]  # the partial one rewritten
    assert meta["figures"] == len(store.figures()) > first_meta["figures"]
    assert not first.exists()  # the older dataset is removed
    build_columnar(store, tmp_path / "scratch")
    _same_dataset(second, tmp_path / "scratch")


def test_an_unchanged_store_extends_to_the_same_dataset(store, tmp_path) -> None:
    current = ensure_columnar(store)
    build_columnar(store, tmp_path / "again", current)
    _same_dataset(current, tmp_path / "again")


@pytest.mark.parametrize("mishap", ["replaced meanwhile", "previous removed meanwhile"])
def test_a_store_changed_during_the_build_gets_a_full_one(store, tmp_path, mishap) -> None:
    previous = ensure_columnar(store)
    store.ingest_paths(ARTICLES[3:])
    assert appendable(store, store.figures_revision()) == previous
    if mishap == "replaced meanwhile":  # between the choice and the read
        doc_id = str(store.documents()["doc_id"].iloc[0])
        figures = store.figures()
        store.replace_figures(doc_id, figures[figures["doc_id"] == doc_id].head(1))
    else:  # another process cleaned the older datasets up
        shutil.rmtree(previous)
    meta = build_columnar(store, tmp_path / "built", previous)
    assert meta["figures"] == len(store.figures())
    assert meta["replaced"] == store.figures_replaced()
    build_columnar(store, tmp_path / "scratch")
    _same_dataset(tmp_path / "built", tmp_path / "scratch")


def test_a_store_made_anew_at_the_same_path_is_not_extended(store) -> None:
    ensure_columnar(store)
    for name in (store.path.name, f"{store.path.name}-wal", f"{store.path.name}-shm"):
        (store.path.parent / name).unlink(missing_ok=True)
    fresh = Store(store.path).init()  # a new file: another id
    for article in ARTICLES[1:]:  # its figures revision passes the old dataset's
        fresh.ingest_paths([article])
    assert fresh.figures_revision() > 1
    assert json.loads((columnar_path(store, 1) / MARKER).read_text("utf-8"))["replaced"] == \
        fresh.figures_replaced()  # all else would allow it
    assert appendable(fresh, fresh.figures_revision()) is None


def test_replaced_figures_mean_a_full_build(store) -> None:
    ensure_columnar(store)
    doc_id = str(store.documents()["doc_id"].iloc[0])
    figures = store.figures()
    store.replace_figures(doc_id, figures[figures["doc_id"] == doc_id].head(2))
    assert store.figures_replaced() == store.figures_revision()
    assert appendable(store, store.figures_revision()) is None
    meta = json.loads((ensure_columnar(store) / MARKER).read_text("utf-8"))
    assert meta["partitions"] == 1 and meta["figures"] == len(store.figures())


def test_figures_missing_below_the_last_rid_mean_a_full_build(store, tmp_path) -> None:
    previous = ensure_columnar(store)
    with sqlite3.connect(store.path) as conn:  # a deletion the counter did not see
        conn.execute("DELETE FROM figures WHERE rowid = (SELECT min(rowid) FROM figures)")
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                     "WHERE key = 'figures_revision'")
    assert appendable(store, store.figures_revision()) == previous  # the marker agrees ...
    meta = build_columnar(store, tmp_path / "built", previous)  # ... the read does not
    assert meta["figures"] == len(store.figures())
    build_columnar(store, tmp_path / "scratch")
    _same_dataset(tmp_path / "built", tmp_path / "scratch")


@pytest.mark.parametrize("change", [
    lambda meta: meta.pop("replaced"),  # written before the store counted replacements
    lambda meta: meta["columns"].append("sid"),  # parts of an earlier layout
], ids=["no record of replacements", "another layout"])
def test_an_older_kind_of_dataset_is_not_extended(store, change) -> None:
    path = ensure_columnar(store)
    meta = json.loads((path / MARKER).read_text("utf-8"))
    change(meta)
    (path / MARKER).write_text(json.dumps(meta), "utf-8")
    store.ingest_paths(ARTICLES[3:])
    assert appendable(store, store.figures_revision()) is None
