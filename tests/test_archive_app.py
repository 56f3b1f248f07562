"""The page in archive mode (dashboard.archive_page: the store queried, not loaded), headless,
on the bundled articles with the archive threshold at 0: the same counts, filters, chart
totals and exports as the pandas path."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
import streamlit as st
from helpers import download, new_app, run

from analysis.filters import Filters, apply_filters
from briefing.summary import filter_lines
from dashboard.archive import ARCHIVE_ENV
from dashboard.data import DB_ENV, build_dataset, prepare_store
from dashboard.exports import to_csv, to_excel, to_json
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow  # the app through Streamlit's AppTest


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("archive") / "figures.sqlite"
    prepare_store(path, ROOT / "data")
    return path


@pytest.fixture
def app(bundled_db, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(bundled_db))
    monkeypatch.setenv(ARCHIVE_ENV, "0")
    return new_app()


def shown_count(at) -> int:
    line = next(m.value for m in at.markdown if m.value.startswith("**"))
    return int(line.split("**")[1].replace(",", ""))


def test_archive_page_counts_like_the_pandas_path(app, bundled_db) -> None:
    at = run(app)
    visible = build_dataset(Store(bundled_db)).visible
    assert shown_count(at) == len(visible)
    assert any("A large store" in c.value for c in at.caption)
    at.multiselect(key="kind").set_value(["target"])
    run(at)
    assert shown_count(at) == len(apply_filters(visible, Filters(kinds=("target",))))
    at.text_input(key="q").set_value("DAU TU")
    run(at)
    assert shown_count(at) == len(apply_filters(visible, Filters(kinds=("target",),
                                                                 search="dau tu")))


def test_a_view_too_large_to_download_is_written_beside_the_store(app, bundled_db,
                                                                  monkeypatch) -> None:
    import dashboard.archive_page as page

    monkeypatch.setattr(page, "DOWNLOAD_MAX_ROWS", 3)
    at = run(app)
    at.multiselect(key="kind").set_value(["investment"])
    run(at)
    assert not at.get("download_button") or all(
        b.proto.label not in ("CSV", "JSON", "Excel") for b in at.get("download_button"))
    assert any("are written to a file in" in c.value for c in at.caption)
    at.button(key="disk_csv").click()
    run(at)
    written = next(m.value for m in at.success if m.value.startswith("Written: "))
    path = Path(written.removeprefix("Written: ").replace("\\", ""))
    assert path.parent == bundled_db.parent / "exports" and path.suffix == ".csv"
    expected = apply_filters(build_dataset(Store(bundled_db)).visible,
                             Filters(kinds=("investment",)))
    assert path.read_bytes() == to_csv(expected)
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []


def test_document_filter_offers_only_typed_matches(app, bundled_db) -> None:
    at = run(app)
    assert at.multiselect(key="doc").options == []
    documents = Store(bundled_db).documents()
    doc_id, title = str(documents["doc_id"].iloc[0]), str(documents["title"].iloc[0])
    at.text_input(key="doc_q").set_value(title.split()[0].lower())
    run(at)
    options = at.multiselect(key="doc").options
    assert any(f"[{doc_id}]" in o for o in options)
    assert len(options) < len(documents) or len(documents) == 1
    at.multiselect(key="doc").set_value([doc_id])
    run(at)
    visible = build_dataset(Store(bundled_db)).visible
    assert shown_count(at) == len(apply_filters(visible, Filters(doc_ids=(doc_id,))))


def test_charts_are_drawn_from_aggregates(app) -> None:
    at = run(app)
    keys = {c.proto.id for c in at.get("plotly_chart")}
    assert len(at.get("plotly_chart")) >= 3, keys
    spec = json.loads(at.get("plotly_chart")[0].proto.spec)
    assert spec["data"]


def test_exports_hold_exactly_the_filtered_rows(app, bundled_db, deferred) -> None:
    at = run(app)
    at.multiselect(key="kind").set_value(["investment"])
    run(at)
    visible = build_dataset(Store(bundled_db)).visible
    filters = Filters(kinds=("investment",))
    expected = apply_filters(visible, filters)
    assert download(at, deferred, "CSV") == to_csv(expected)
    assert download(at, deferred, "JSON") == to_json(expected)
    rows = json.loads(download(at, deferred, "JSON"))
    assert [r["figure_id"] for r in rows] == expected["figure_id"].astype(str).tolist()
    book = pd.read_excel(io.BytesIO(download(at, deferred, "Excel")), sheet_name=None)
    theirs = pd.read_excel(io.BytesIO(to_excel(expected, filters=filter_lines(filters))),
                           sheet_name=None)
    for name in ("figures", "sources", "filters"):
        pd.testing.assert_frame_equal(book[name], theirs[name])


def test_a_table_row_opens_provenance_and_a_review_is_saved(app, bundled_db) -> None:
    at = run(app)
    figure_id = at.dataframe[-1].value["Figure id"].tolist()[0]
    at.text_input(key="reviewer").set_value("An")
    at.text_input(key="fig").set_value(figure_id)
    run(at)
    at.radio(key=f"rv_action_{figure_id}").set_value("rejected")
    at.button(key="review_save").click()
    run(at)
    assert at.success, at.error
    reviews = Store(bundled_db).reviews()
    assert figure_id in set(reviews["figure_id"])
    run(at)
    visible = build_dataset(Store(bundled_db)).visible
    assert shown_count(at) == len(visible)


def _both_modes(bundled_db, monkeypatch, params: dict[str, str]):
    """The same link opened on the pandas page and on the archive page."""
    monkeypatch.setenv(DB_ENV, str(bundled_db))
    pages = []
    for threshold in ("100000000", "0"):
        monkeypatch.setenv(ARCHIVE_ENV, threshold)
        st.cache_resource.clear()  # the store's mode is kept per revision
        at = new_app()
        at.query_params.update(params)
        pages.append(run(at))
    assert not any("A large store" in c.value for c in pages[0].caption)
    assert any("A large store" in c.value for c in pages[1].caption)
    st.cache_resource.clear()
    return pages


def _table(at, key: str) -> pd.DataFrame:
    return next(d for d in at.dataframe if d.proto.id and key in d.proto.id).value


def test_commitments_tab_equals_the_pandas_page(bundled_db, monkeypatch, deferred) -> None:
    small, archive = _both_modes(bundled_db, monkeypatch,
                                 {"section": "commitments_tab", "kind": "target"})
    pd.testing.assert_frame_equal(_table(archive, "commitments_table"),
                                  _table(small, "commitments_table"))
    ours = pd.read_csv(io.BytesIO(download(archive, deferred, "Commitments (CSV)")))
    theirs = pd.read_csv(io.BytesIO(download(small, deferred, "Commitments (CSV)")))
    pd.testing.assert_frame_equal(ours.drop(columns="commitment"),
                                  theirs.drop(columns="commitment"))
    book = pd.read_excel(io.BytesIO(download(archive, deferred, "Excel")), sheet_name=None)
    assert list(book) == ["figures", "sources", "commitments", "progress", "filters"]


def test_progress_tab_is_drawn(bundled_db, monkeypatch) -> None:
    small, archive = _both_modes(bundled_db, monkeypatch, {"section": "progress_tab"})
    assert [i.value for i in archive.info] == [i.value for i in small.info]


def test_review_tab_shows_the_same_reviews(bundled_db, monkeypatch) -> None:
    store = Store(bundled_db)
    row = store.figures().iloc[2].to_dict()
    hashes = dict(zip(store.documents()["doc_id"], store.documents()["content_hash"],
                      strict=True))
    store.save_review(hashes[row["doc_id"]], row["start"], row["end"], "accepted", "An", {},
                      "fine", figure=row)
    try:
        small, archive = _both_modes(bundled_db, monkeypatch, {"section": "review_tab"})
        pd.testing.assert_frame_equal(_table(archive, "reviews_table"),
                                      _table(small, "reviews_table"))
        counts = [c.value for c in small.caption if "accepted" in c.value.lower()]
        assert counts and counts[0] in [c.value for c in archive.caption]
    finally:
        store.clear_review(hashes[row["doc_id"]], row["start"], row["end"], "An")


def test_a_view_too_large_is_told_to_narrow(app, monkeypatch) -> None:
    monkeypatch.setattr("dashboard.archive_page.VIEW_MAX_ROWS", 1)
    app.query_params["section"] = "commitments_tab"
    at = run(app)
    notes = [i.value for i in at.info if "Narrow the filters" in i.value]
    assert len(notes) == 2  # the commitments tab and the briefing
