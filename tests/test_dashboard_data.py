"""Loading the store for the app: dtypes, snapshots, dataset bundle."""

import pandas as pd
import pytest

from dashboard import data
from dashboard.data import build_dataset, doc_label, load_figures, snapshot_path, typed_figures
from dashboard.synthetic import fill_store, synthetic_figures
from store.db import Store, open_store


@pytest.fixture
def store(tmp_path) -> Store:
    store = open_store(tmp_path / "s.sqlite")
    fill_store(store, synthetic_figures(300, n_docs=6, seed=5))
    return store


def test_typed_figures_dtypes_and_empty_strings():
    raw = pd.DataFrame({"kind": ["target", ""], "year": [2030.0, None], "value": ["1.5", None],
                        "entity": [None, "FPT"]})
    df = typed_figures(raw)
    assert isinstance(df["kind"].dtype, pd.CategoricalDtype)
    assert df["kind"].isna().tolist() == [False, True]
    assert str(df["year"].dtype) == "Int64" and df["year"].iloc[0] == 2030
    assert df["value"].iloc[0] == 1.5


def test_snapshot_equals_sqlite_and_is_retired_by_a_write(store, monkeypatch):
    monkeypatch.setattr(data, "SNAPSHOT_MIN_ROWS", 100)
    fresh = load_figures(store)
    path = snapshot_path(store, store.figures_revision())
    assert path.exists()
    pd.testing.assert_frame_equal(load_figures(store), fresh)
    fill_store(store, synthetic_figures(10, n_docs=1, seed=9).assign(doc_id="syn_new"))
    grown = load_figures(store)
    assert len(grown) == len(fresh) + 10
    assert not path.exists() and snapshot_path(store, store.figures_revision()).exists()


def test_broken_snapshot_falls_back_to_sqlite(store, monkeypatch):
    monkeypatch.setattr(data, "SNAPSHOT_MIN_ROWS", 100)
    snapshot_path(store, store.figures_revision()).write_bytes(b"not parquet")
    assert len(load_figures(store)) == 300


def test_small_stores_leave_no_snapshot(store):
    load_figures(store)
    assert not list(store.path.parent.glob("*.parquet"))


def test_dataset_bundle(store):
    dataset = build_dataset(store)
    assert len(dataset.figures) == 300 and dataset.documents == 6
    assert set(dataset.options["doc_ids"]) == set(dataset.doc_titles)
    some_id = next(iter(dataset.doc_titles))
    assert dataset.doc_labels[some_id].endswith(f"[{some_id}]")


def test_doc_label_shortens_long_titles():
    assert doc_label("d1", {"d1": "x" * 100}, width=10) == "xxxxxxxxx… [d1]"
    assert doc_label("d2", {}) == "d2"


def test_a_review_keeps_the_snapshot_and_shows_in_the_dataset(store, monkeypatch):
    monkeypatch.setattr(data, "SNAPSHOT_MIN_ROWS", 100)
    load_figures(store)
    path = snapshot_path(store, store.figures_revision())
    figure = store.figures().drop_duplicates(["doc_id", "start", "end"], keep=False).iloc[0]
    revision = store.revision()
    store.save_review(store.content_hash_of(figure["doc_id"]), figure["start"], figure["end"],
                      "rejected", "An")
    assert store.revision() == revision + 1
    assert path.exists()  # figures unchanged: the snapshot still serves them
    dataset = build_dataset(store)
    assert len(dataset.figures) == 300 and len(dataset.visible) == 299
    assert figure["figure_id"] not in set(dataset.visible["figure_id"])


def test_commitments_and_progress_belong_to_their_dataset(store, monkeypatch):
    calls = []
    group = data.group_commitments
    monkeypatch.setattr(data, "group_commitments", lambda f: calls.append(f) or group(f))
    dataset = build_dataset(store)
    assert calls == []  # grouped only when asked
    commitments = dataset.commitments
    assert dataset.commitments is commitments
    assert len(calls) == 1 and calls[0] is dataset.visible
    assert len(commitments.ids) == len(dataset.figures)
    assert dataset.progress(2026) is dataset.progress(2026)
    other = build_dataset(store)  # another build: its own commitments
    assert other.commitments is not commitments and len(calls) == 2
