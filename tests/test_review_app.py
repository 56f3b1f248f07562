"""Reviewing in the app (streamlit AppTest on a real SQLite file): accept, reject and
correct a figure; the count, charts, table and exports follow; the Review tab keeps
rejected figures and orphaned reviews; a locked store shows a message, not an error."""

import io
import json
import sqlite3
import time
from pathlib import Path

import pandas as pd
import pytest
from helpers import download, new_app, numbers, run
from streamlit.testing.v1 import AppTest

from dashboard import views
from dashboard.charts import target_mask
from dashboard.data import DB_ENV, load_figures, prepare_store
from dashboard.formatting import format_year
from store import db as store_module
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent


pytestmark = pytest.mark.slow  # the app through Streamlit's AppTest


@pytest.fixture
def store(tmp_path) -> Store:
    return prepare_store(tmp_path / "review.sqlite", ROOT / "data")


@pytest.fixture
def figures(store) -> pd.DataFrame:
    return load_figures(store)


@pytest.fixture
def app(store, monkeypatch) -> AppTest:
    monkeypatch.setenv(DB_ENV, str(store.path))
    return new_app()


def shown_count(at: AppTest) -> int:
    line = next(m.value for m in at.markdown if m.value.startswith("**"))
    return int(line.split("**")[1].replace(",", ""))


CHART_KEYS = {0: "chart_targets", 1: "chart_investments", 2: "chart_sector", 3: "chart_country"}


def chart(at: AppTest, index: int) -> dict:
    """A chart's spec by its place among the four main charts (the aggregate statistics
    shown apart are skipped)."""
    key = CHART_KEYS[index]
    found = next(c for c in at.get("plotly_chart") if c.proto.id.endswith(key))
    return json.loads(found.proto.spec)


def bar_total(spec: dict) -> float:
    return sum(sum(numbers(trace.get("y"))) for trace in spec["data"])


def bubble_total(at: AppTest) -> float:
    """Target markers on the timeline (one per target)."""
    return len(numbers(chart(at, 0)["data"][0]["x"]))


def table_ids(at: AppTest) -> list[str]:
    return at.dataframe[-1].value["Figure id"].tolist()


def review(at: AppTest, figure_id: str, action: str, reviewer: str | None = "Lan",
           **fields: str) -> AppTest:
    """Open a figure, fill its review form and save it."""
    if reviewer is not None:
        at.text_input(key="reviewer").set_value(reviewer)
    at.text_input(key="fig").set_value(figure_id)
    run(at)
    at.radio(key=f"rv_action_{figure_id}").set_value(action)
    for field, value in fields.items():
        widget = at.selectbox if field in ("unit", "kind") else at.text_input
        widget(key=f"rv_{field}_{figure_id}").set_value(value)
    at.button(key="review_save").click()
    return run(at)


def pick(figures: pd.DataFrame, kind: str) -> pd.Series:
    rows = figures[figures["kind"] == kind]
    assert len(rows), f"the bundled data has no {kind}"
    return rows.iloc[0]


def test_a_review_needs_a_name(app, figures, store):
    at = review(run(app), figures["figure_id"].iloc[0], "rejected", reviewer=None)
    assert any("Type your name" in e.value for e in at.error)
    assert store.reviews().empty and shown_count(at) == len(figures)


def test_rejecting_removes_the_figure_from_charts_table_and_exports(app, figures, store,
                                                                    deferred):
    row = pick(figures, "target")
    at = run(app)
    before = (shown_count(at), bar_total(chart(at, 2)), bubble_total(at))
    at = review(at, row["figure_id"], "rejected", comment="a date, not a target")
    assert any("Review saved: rejected" in s.value for s in at.success)
    assert shown_count(at) == before[0] - 1 == len(figures) - 1
    assert bar_total(chart(at, 2)) == before[1] - 1
    assert bubble_total(at) == before[2] - int(target_mask(figures.loc[[row.name]]).sum())
    assert row["figure_id"] not in table_ids(at)
    assert any("1 rejected figure is hidden" in c.value for c in at.caption)
    csv = pd.read_csv(io.BytesIO(download(at, deferred, "CSV")), encoding="utf-8-sig")
    assert row["figure_id"] not in set(csv["figure_id"]) and len(csv) == len(figures) - 1
    # ... but it stays in the Review tab, and can be opened there.
    stored = store.reviews().iloc[0]
    assert (stored["status"], stored["reviewer"], stored["comment"]) == (
        "rejected", "Lan", "a date, not a target")
    at.query_params["section"] = "Review"
    reviewed = run(new_app_with(at)).dataframe[0].value
    assert reviewed["Figure id"].tolist() == [row["figure_id"]]
    assert reviewed["Review"].tolist() == ["✗ rejected"] and reviewed["Reviewer"].tolist() == [
        "Lan"]


def new_app_with(at: AppTest) -> AppTest:
    """A fresh session (another browser tab) with the same URL parameters."""
    fresh = new_app()
    for key, value in at.query_params.items():
        fresh.query_params[key] = value
    return fresh


def test_correcting_changes_values_charts_and_exports(app, figures, deferred):
    row = pick(figures, "statistic")
    at = run(app)
    bubbles = bubble_total(at)
    at = review(at, row["figure_id"], "corrected", value="12,345", kind="target", year="2031",
                comment="checked the report")
    assert any("Review saved: corrected" in s.value for s in at.success)
    assert shown_count(at) == len(figures)
    assert bubble_total(at) == bubbles + 1  # now a target of 2031: one more bubble
    years = numbers(chart(at, 0)["data"][0]["x"])
    assert 2031 in years
    status = next(m.value for m in at.markdown if m.value.startswith("**Review this figure"))
    assert "Corrected by Lan" in status and "checked the report" in status
    assert "As extracted:" in status and "Kind: statistic" in status
    csv = pd.read_csv(io.BytesIO(download(at, deferred, "CSV")), encoding="utf-8-sig")
    fixed = csv[csv["figure_id"] == row["figure_id"]].iloc[0]
    assert (fixed["value"], fixed["kind"], fixed["year"]) == (12345, "target", 2031)
    assert (fixed["review_status"], fixed["reviewer"]) == ("corrected", "Lan")
    assert fixed["corrected_fields"] == "value, year, kind"
    table = at.dataframe[-1].value
    shown = table[table["Figure id"] == row["figure_id"]].iloc[0]
    assert (shown["Value"], shown["Review"]) == ("12,345", "✎ corrected")


def test_accepted_and_corrected_figures_are_the_reviewed_only_view(app, figures):
    first, second, third = figures["figure_id"].iloc[:3]
    at = review(run(app), first, "accepted")
    at = review(at, second, "corrected", comment="fixed", entity="FPT")
    at = review(at, third, "rejected")
    at.toggle(key="reviewed").set_value(True)
    run(at)
    assert shown_count(at) == 2
    assert sorted(table_ids(at)) == sorted([first, second])


def test_undo_a_review(app, figures, store):
    row = pick(figures, "target")
    at = review(run(app), row["figure_id"], "rejected")
    assert shown_count(at) == len(figures) - 1
    at.button(key="review_clear").click()
    run(at)
    assert shown_count(at) == len(figures) and store.reviews().empty
    assert store.review_log()["action"].tolist() == ["rejected", "cleared"]
    assert any("Review removed" in s.value for s in at.success)


def test_another_session_sees_the_review(app, figures):
    row = pick(figures, "target")
    review(run(app), row["figure_id"], "rejected")
    other = run(new_app())
    assert shown_count(other) == len(figures) - 1


def test_a_locked_store_shows_a_message(app, figures, store, monkeypatch):
    monkeypatch.setattr(store_module, "PAGE_BUSY_TIMEOUT_MS", 200)  # the page's lock wait
    figure_id = figures["figure_id"].iloc[0]
    at = run(app)
    at.text_input(key="reviewer").set_value("Lan")
    at.text_input(key="fig").set_value(figure_id)
    run(at)
    blocker = sqlite3.connect(store.path, isolation_level=None)  # another writer holds the lock
    blocker.execute("BEGIN IMMEDIATE")
    try:
        started = time.monotonic()
        at.button(key="review_save").click()
        run(at)
        waited = time.monotonic() - started
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert any("store is busy" in e.value for e in at.error)
    assert store.reviews().empty and waited < 10
    at.button(key="review_save").click()  # the lock is gone: the same click saves
    run(at)
    assert store.reviews()["reviewer"].tolist() == ["Lan"]


def test_orphaned_reviews_are_flagged_in_the_review_tab(app, figures, store):
    row = pick(figures, "statistic")
    review(run(app), row["figure_id"], "corrected", value="99")
    store.reextract(extract=lambda doc, config: _without(doc, config, row["figure_id"]))
    app.query_params["section"] = "Review"
    at = run(new_app_with(app))
    assert any("1 review whose figure is no longer found" in w.value for w in at.warning)
    orphans = at.dataframe[-1].value
    assert orphans["Quote"].tolist() == [row["quote"]]
    assert row["quote"] in orphans["Sentence"].iloc[0]
    assert orphans["Why"].tolist() == ["no longer extracted"]
    at.text_input(key="reviewer").set_value("Lan")
    at.button(key="orphan_discard").click()
    run(at)
    assert store.reviews().empty
    assert store.review_log()["action"].tolist() == ["corrected", "orphaned", "cleared"]
    # The outcome shows in the Review tab, even with no orphan left, and only there.
    review_tab = next(t for t in at.tabs if t.label == "Review")
    assert [s.value for s in review_tab.success] == [s.value for s in at.success] == [
        "Review removed."]


def _without(doc, config, figure_id: str) -> pd.DataFrame:
    """The extraction of `doc` without one figure (as if a rule stopped finding it)."""
    from extractors import extract_document

    figures = extract_document(doc, config)
    return figures[figures["figure_id"] != figure_id]


def test_a_bad_correction_is_refused_with_a_message(app, figures, store):
    figure_id = figures["figure_id"].iloc[0]
    at = review(run(app), figure_id, "corrected")  # nothing changed
    assert any("nothing was changed" in e.value for e in at.error)
    at = review(at, figure_id, "corrected", year="soon")
    assert any("“soon” is not a year" in e.value for e in at.error)
    at.radio(key="lang").set_value("vi")
    at = review(run(at), figure_id, "corrected", value="nhiều")
    assert any("“nhiều” không phải là số" in e.value for e in at.error)
    assert store.reviews().empty


def test_correcting_only_the_year_keeps_a_decimal_value(app, figures, store):
    figure_id = pick(figures, "statistic")["figure_id"]
    at = review(run(app), figure_id, "corrected", value="12.3450")
    at = review(at, figure_id, "corrected", year="2031")  # the value box left as pre-filled
    assert store.reviews()["corrections"].iloc[0] == {"value": 12.345, "year": 2031}


def test_removing_a_review_already_removed_says_so(app, figures, store):
    row = pick(figures, "target")
    at = review(run(app), row["figure_id"], "rejected")
    # Another session removes the review before this one clicks "Remove".
    key = store.content_hash_of(row["doc_id"])
    assert store.clear_review(key, int(row["start"]), int(row["end"]), "Bình")
    at.button(key="review_clear").click()
    run(at)
    assert [i.value for i in at.info if "no review to remove" in i.value]
    assert not at.success
    assert store.review_log()["action"].tolist() == ["rejected", "cleared"]


def test_saving_from_a_stale_page_says_the_figure_moved(app, figures, store):
    row = pick(figures, "target")
    at = run(app)
    at.text_input(key="reviewer").set_value("Lan")
    at.text_input(key="fig").set_value(row["figure_id"])
    run(at)
    # A re-extraction elsewhere drops the figure while the page still shows it.
    kept = store.figures_for([row["doc_id"]])
    store.replace_figures(row["doc_id"], kept[kept["figure_id"] != row["figure_id"]])
    at.button(key="review_save").click()
    run(at)
    assert any("this figure has moved" in e.value for e in at.error)
    assert store.reviews().empty


def test_the_review_tab_says_when_its_list_is_cut(app, figures, monkeypatch):
    monkeypatch.setattr(views, "REVIEW_ROWS", 1)
    first, second = figures["figure_id"].iloc[:2]
    at = review(run(app), first, "accepted")
    at = review(at, second, "rejected")
    at.query_params["section"] = "Review"
    at = run(new_app_with(at))
    assert at.dataframe[0].value["Figure id"].tolist() == [second]  # newest first
    assert any(c.value == "Listing the first 1 of 2." for c in at.caption)


def test_undo_resets_the_review_form_to_the_figure(app, figures, store):
    row = pick(figures, "statistic")
    figure_id = row["figure_id"]
    at = review(run(app), figure_id, "corrected", year="2031", comment="checked the report")
    assert at.text_input(key=f"rv_year_{figure_id}").value == "2031"
    at.button(key="review_clear").click()
    run(at)
    # The form holds the figure again, and the browser is told so (set_value): otherwise
    # it keeps showing, and on the next save sends, the old comment and correction.
    comment, year = (at.text_input(key=f"rv_{f}_{figure_id}") for f in ("comment", "year"))
    assert (comment.value, comment.proto.set_value) == ("", True)
    assert (year.value, year.proto.set_value) == (format_year(row["year"]), True)
    assert at.radio(key=f"rv_action_{figure_id}").value == "accepted"
    at.button(key="review_save").click()
    run(at)
    saved = store.reviews().iloc[0]
    assert (saved["status"], saved["comment"], saved["corrections"]) == ("accepted", "", {})


def test_corrections_are_shown_with_translated_field_names(app, figures):
    row = pick(figures, "statistic")
    at = review(run(app), row["figure_id"], "corrected", year="2031")
    at.radio(key="lang").set_value("vi")
    run(at)
    status = next(m.value for m in at.markdown if m.value.startswith("**Duyệt số liệu này"))
    assert f"Khi trích xuất: Năm: {format_year(row['year']) or '—'}" in status
    trail = next(d.value for d in at.dataframe if "Sửa thành" in d.value.columns)
    assert trail["Sửa thành"].tolist() == ["Năm: 2031"]
    at.query_params["section"] = "review_tab"
    reviewed = run(new_app_with(at)).dataframe[0].value
    assert reviewed["Trường đã sửa"].tolist() == ["Năm"]
