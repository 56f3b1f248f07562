"""The archive page's lower tabs (dashboard.archive_views) read what the pandas page
shows: a view's commitments and progress grouped over its scope equal those grouped over
every figure; its reviewed figures and review counts equal the pandas page's."""

import pandas as pd
import pytest
from helpers import ingest

from analysis.commitments import commitments_in, with_quotes
from analysis.filters import Filters, apply_filters
from analysis.query import FigureQuery
from analysis.tracker import progress_in
from dashboard.archive_views import (
    commitment_scope,
    measure_keys,
    review_counts,
    reviewed_in_view,
)
from dashboard.data import build_dataset
from store.db import Store, open_store

pytestmark = pytest.mark.slow  # builds an archive and both pages' tabs of every view

ARTICLES = [
    ("target-vi", "2025-01-10", "Việt Nam đặt mục tiêu đào tạo 50.000 kỹ sư AI đến năm 2030."),
    ("target-en", "2025-02-11",
     "Vietnam plans to train 50,000 AI engineers by 2030 under the national strategy."),
    ("target-other", "2025-05-20", "Vietnam wants 20,000 AI engineers by 2030."),
    ("actual-2024", "2025-01-20", "By the end of 2024, Vietnam had 5,000 AI engineers."),
    ("actual-2025", "2026-01-15", "In 2025, Vietnam had 8,000 AI engineers."),
    ("unrelated", "2025-03-01",
     "Amkor raised its investment in the Bac Ninh plant to 1.6 billion USD in 2024."),
]
FILTERS = [Filters(), Filters(doc_ids=("target-vi",)), Filters(kinds=("target",)),
           Filters(doc_ids=("actual-2025", "unrelated")), Filters(search="engineers"),
           Filters(kinds=("no such kind",))]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    store = open_store(tmp_path_factory.mktemp("views") / "figures.sqlite")
    ingest(store, ARTICLES)
    figures = store.figures()
    hashes = dict(zip(store.documents()["doc_id"], store.documents()["content_hash"],
                      strict=True))
    rows = figures.set_index("doc_id", drop=False)
    for doc_id, status in (("target-en", "accepted"), ("unrelated", "rejected")):
        row = rows.loc[[doc_id]].iloc[0].to_dict()
        store.save_review(hashes[doc_id], row["start"], row["end"], status, "An", {},
                          figure=row)
    return store


@pytest.fixture(scope="module")
def query(store) -> FigureQuery:
    return FigureQuery(store)


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """A commitments or progress table without commitment numbers (they differ)."""
    return table.drop(columns=[c for c in ("commitment", "actual_commitment") if c in table]
                      ).reset_index(drop=True)


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_commitments_and_progress_equal_the_pandas_page(store, query, filters) -> None:
    data = build_dataset(store)
    view = apply_filters(data.visible, filters)
    scope = commitment_scope(query, filters, measure_keys(query))
    assert scope is not None
    assert scope.view["figure_id"].tolist() == view["figure_id"].tolist()
    ours = with_quotes(commitments_in(scope.view, scope.data.commitments), scope.data.visible,
                       scope.data.commitments)
    theirs = with_quotes(commitments_in(view, data.commitments), data.visible,
                         data.commitments)
    pd.testing.assert_frame_equal(_plain(ours), _plain(theirs), check_dtype=False)
    pd.testing.assert_frame_equal(
        _plain(progress_in(scope.view, scope.data.commitments, scope.data.progress(2026))),
        _plain(progress_in(view, data.commitments, data.progress(2026))), check_dtype=False)


def test_a_view_of_one_source_counts_the_commitments_other_sources(query) -> None:
    scope = commitment_scope(query, Filters(doc_ids=("target-vi",)), measure_keys(query))
    table = commitments_in(scope.view, scope.data.commitments)
    assert table["sources"].max() >= 2
    assert table["conflict"].astype(bool).any()
    assert len(progress_in(scope.view, scope.data.commitments, scope.data.progress(2026)))


def test_a_view_above_the_limit_is_refused(query) -> None:
    assert commitment_scope(query, Filters(), measure_keys(query), limit=1) is None


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_reviewed_figures_and_counts_equal_the_pandas_page(store, query, filters) -> None:
    data = build_dataset(store)
    scope = apply_filters(data.figures, filters)
    theirs = scope[scope["review_status"] != "unreviewed"]
    ours = reviewed_in_view(query, filters)
    assert ours["figure_id"].tolist() == theirs["figure_id"].tolist()
    expected = scope["review_status"].value_counts()
    assert review_counts(ours, query.count(filters)) == {
        s: int(expected.get(s, 0)) for s in ("accepted", "corrected", "rejected", "unreviewed")}
