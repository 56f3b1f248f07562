"""Kept searches (analysis.search_views): a text search alone read through flags saves its
flags and its answers over the figures as extracted beside the dataset; asked again, in
another query object, it reads them and gives the pandas path's answers, reviews applied.
Searches ahead of the analysts (dashboard.warm_searches) ask the commonest ones."""

import json

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from pageparts import reviewed_store

import analysis.kept_organisations as kept_organisations
import analysis.search_views as search_views
from analysis.aggregates import ORGANISATIONS, _run, chart_groups, organisation_totals
from analysis.filters import Filters, apply_filters, option_counts
from analysis.honest import organisation_totals as honest_totals
from analysis.query import FigureQuery
from dashboard.synthetic_archive import fill_archive
from dashboard.warm_searches import WARMED, start_warming, warm_searches
from store.db import bump_revision, open_store


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    return reviewed_store(tmp_path_factory.mktemp("kept") / "figures.sqlite", {
        0: ("accepted", {}, ""), 3: ("rejected", {}, ""), 5: ("rejected", {}, ""),
        7: ("corrected", {"year": 2031, "country": "Japan", "entity": "Samsung"}, "")})


@pytest.fixture
def every_search_kept(monkeypatch):
    """Every search read through flags (as those of more than NARROW_ROWS figures are)."""
    monkeypatch.setattr(search_views, "NARROW_ROWS", 0)


def _texts(store) -> list[str]:
    """Searches whose hits hold the rejected figure 3 and the corrected figure 7."""
    figures = store.figures()
    return ["dau tu", "ty", *(" ".join(str(figures["sentence"].iloc[i]).split()[:2])
                              for i in (3, 7))]


def _assert_pandas_answers(query: FigureQuery, shown, text: str) -> None:
    """Counts, pages, documents, charts and organisations of the search `text` alone
    equal those of the pandas path."""
    filters = Filters(search=text)
    expected = apply_filters(shown, filters)
    ids = expected["figure_id"].astype(str).tolist()
    assert query.searches.kept(filters)
    assert query.count(filters) == len(ids)
    assert query.frame(filters)["figure_id"].tolist() == ids
    assert query.page(filters, page_size=3)["figure_id"].tolist() == ids[:3]
    assert query.page(filters, page=2, page_size=3)["figure_id"].tolist() == ids[3:6]
    assert query.page(filters, descending=True, page_size=3)["figure_id"].tolist() == \
        ids[::-1][:3]
    got = {k: v for k, v in query.facet_counts(filters).items() if v}
    assert got == {k: v for k, v in option_counts(expected).items() if v}
    per_doc = expected["doc_id"].astype(str).value_counts()
    top = query.ranked(filters, "doc_id", 3)
    assert top["figures"].tolist() == per_doc.head(3).tolist()
    assert top["set_figures"].tolist()[:1] in ([len(expected)], [])
    assert top["set_groups"].tolist()[:1] in ([len(per_doc)], [])
    groups = chart_groups(query, filters)
    assert groups["docs"]["set_figures"].tolist()[:1] in ([len(expected)], [])
    assert groups["sector"]["figures"].sum() == groups["country"]["figures"].sum() == \
        len(expected)
    honest = honest_totals(expected).set_index("_entity")["figures"].to_dict()
    assert organisation_totals(query, filters).set_index("entity")["figures"].to_dict() == \
        honest


def test_a_kept_search_answers_like_the_pandas_path(store, shown, every_search_kept) -> None:
    query = FigureQuery(store)
    for text in _texts(store):
        _assert_pandas_answers(query, shown, text)
    query.searches.wait_for_saves()
    assert list(query.path.glob("hits-*/facts.parquet")) and list(query.path.glob("base-*.pkl"))
    assert any(len(query.searches.rids(text)) > query.count(Filters(search=text))
               for text in _texts(store))  # a rejected figure among the hits


def test_a_kept_search_is_read_back_without_the_index(store, shown, every_search_kept,
                                                      monkeypatch) -> None:
    first = FigureQuery(store)
    first.count(Filters(search="dau tu"))  # found once, saved
    first.searches.wait_for_saves()

    def no_index(*args, **kwargs):
        raise AssertionError("the index was searched")

    monkeypatch.setattr(search_views, "search_hits", no_index)
    _assert_pandas_answers(FigureQuery(store), shown, "dau tu")
    _assert_pandas_answers(FigureQuery(store), shown, "ĐẦU TƯ")  # the same search


@pytest.mark.parametrize("damage", ["unreadable", "three flags", "missing"])
def test_saved_flags_not_of_this_dataset_are_ignored(store, shown, every_search_kept,
                                                     damage) -> None:
    query = FigureQuery(store)
    query.count(Filters(search="dau tu"))
    query.searches.wait_for_saves()
    path = query.path / f"hits-{query.searches.name('dau tu')}" / "facts.parquet"
    path.unlink()
    if damage == "unreadable":
        path.write_bytes(b"not flags")
    elif damage == "three flags":
        pq.write_table(pa.table({"hit": [True, False, True]}), path)
    again = FigureQuery(store)
    _assert_pandas_answers(again, shown, "dau tu")
    again.searches.wait_for_saves()
    assert FigureQuery(store).searches._saved_hits("dau tu") is not None  # saved anew


def test_the_commonest_searches_are_asked_ahead_once(tmp_path, every_search_kept,
                                                     monkeypatch) -> None:
    monkeypatch.setattr(search_views, "NARROW_ROWS", 12)  # searches of more than 12 figures
    store = reviewed_store(tmp_path / "figures.sqlite", {2: ("rejected", {}, "")})
    query = FigureQuery(store)
    assert warm_searches(query, stop=lambda: True) == 0
    asked = warm_searches(query)
    warmed = json.loads((query.path / WARMED).read_text("utf-8"))
    assert asked == len(warmed["texts"]) == len(warmed["asked"]) > 0
    assert not query.searches._searches  # asked ahead, then forgotten
    for text in warmed["texts"]:
        assert (query.path / f"hits-{query.searches.name(text)}" / "rids.npy").is_file()
        assert len(query.searches.rids(text)) > 12  # figures as extracted
    assert warm_searches(FigureQuery(store)) == 0  # already asked: nothing to do


def test_small_stores_are_not_warmed(store) -> None:
    assert start_warming(FigureQuery(store)) is None


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    """A synthetic archive of 3,000 figures whose investments are every fifth one a
    reported total (of organisations A to L), their amounts 1–4 billion USD, with
    reviews that reject each organisation's representative and latest total, correct
    amounts, organisations and kinds."""
    store = open_store(tmp_path_factory.mktemp("archive") / "figures.sqlite")
    fill_archive(store, 3_000)
    with store.transaction() as conn:
        conn.execute("UPDATE figures SET role = 'total' WHERE kind = 'investment' "
                     "AND rowid % 5 = 0 AND entity < 'M'")
        conn.execute("UPDATE figures SET value_usd = (rowid % 4 + 1) * 1e9 "  # amounts
                     "WHERE value_usd IS NOT NULL")  # repeated, as across articles
        bump_revision(conn, figures=True)
    query = FigureQuery(store)
    reps = set()
    for text in SEARCHED:
        reps |= set(_run(query, Filters(search=text), ORGANISATIONS)["rep"].tolist())
    rows = query.rows(sorted(reps))
    invested = query.frame(Filters(kinds=("investment",)))
    changes = [("rejected", {}), ("corrected", {"value": 9_999.0}),
               ("corrected", {"entity": "Samsung"}), ("corrected", {"kind": "statistic"}),
               ("accepted", {})]
    for i, row in enumerate([*rows.to_dict("records"),
                             *invested.iloc[::7].to_dict("records")]):
        status, corrections = changes[i % len(changes)] if i >= len(rows) else \
            ("rejected", {})
        store.save_review(store.content_hash_of(str(row["doc_id"])), int(row["start"]),
                          int(row["end"]), status, "An", corrections, "", figure=row)
    return store


SEARCHED = ("dau tu", "invest", "plant")


@pytest.mark.parametrize("candidates", [4, 1])
def test_kept_organisations_equal_the_live_query(archive, candidates, every_search_kept,
                                                 monkeypatch) -> None:
    monkeypatch.setattr(kept_organisations, "CANDIDATES", candidates)
    query = FigureQuery(archive)
    assert len(query.overlay) > 50
    for text in SEARCHED:
        filters = Filters(search=text)
        assert query.searches.kept(filters)
        got = organisation_totals(query, filters).sort_values("entity", ignore_index=True)
        live = _run(query, filters, ORGANISATIONS).sort_values("entity", ignore_index=True)
        assert len(live) > 10 and set(live["basis"]) == {"sum", "latest_total"}
        pd.testing.assert_frame_equal(got, live, check_dtype=False, rtol=1e-12)
