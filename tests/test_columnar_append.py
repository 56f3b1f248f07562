"""A new figures revision that only adds figures extends the previous columnar dataset
(store.columnar.appendable): the result equals a dataset built from scratch; a
replacement or deletion of stored figures means a full build."""

import json
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


def test_added_documents_extend_the_previous_dataset(store, tmp_path) -> None:
    first = ensure_columnar(store)
    first_meta = json.loads((first / MARKER).read_text("utf-8"))
    linked = (first / "figures" / "part-00000.parquet").stat().st_ino
    store.ingest_paths(ARTICLES[3:])
    assert appendable(store, store.figures_revision()) == first
    second = ensure_columnar(store)
    meta = json.loads((second / MARKER).read_text("utf-8"))
    assert meta["partitions"] == first_meta["partitions"] + 1  # one part for the new
    assert (second / "figures" / "part-00000.parquet").stat().st_ino == linked
    assert meta["figures"] == len(store.figures()) > first_meta["figures"]
    assert not first.exists()  # the older dataset is removed
    build_columnar(store, tmp_path / "scratch")
    _same_dataset(second, tmp_path / "scratch")


def test_replaced_figures_mean_a_full_build(store) -> None:
    ensure_columnar(store)
    doc_id = str(store.documents()["doc_id"].iloc[0])
    figures = store.figures()
    store.replace_figures(doc_id, figures[figures["doc_id"] == doc_id].head(2))
    assert store.figures_replaced() == store.figures_revision()
    assert appendable(store, store.figures_revision()) is None
    meta = json.loads((ensure_columnar(store) / MARKER).read_text("utf-8"))
    assert meta["partitions"] == 1 and meta["figures"] == len(store.figures())


def test_figures_missing_below_the_last_rid_mean_a_full_build(store) -> None:
    ensure_columnar(store)
    with sqlite3.connect(store.path) as conn:  # a deletion the counter did not see
        conn.execute("DELETE FROM figures WHERE rowid = (SELECT min(rowid) FROM figures)")
        conn.execute("UPDATE meta SET value = CAST(value AS INTEGER) + 1 "
                     "WHERE key = 'figures_revision'")
    assert appendable(store, store.figures_revision()) is None


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
