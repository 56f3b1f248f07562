"""Target versus actual: pairing a target with the latest statistic of the same measure and
country, progress, years left and status, in the tracker tab and in the exports."""

import io

import numpy as np
import pandas as pd
import pytest
from helpers import download, ingest, new_app
from streamlit.testing.v1 import AppTest

from analysis import tracker
from analysis.commitments import group_commitments
from analysis.tracker import COLUMNS, progress_in, progress_table
from dashboard.data import DB_ENV, build_dataset
from dashboard.exports import progress_frame, table_csv, to_excel
from store.db import Store, open_store

# Our own sentences: one target, reported twice, and two statistics a year apart.
ARTICLES = [
    ("target-vi", "2025-01-10", "Việt Nam đặt mục tiêu đào tạo 50.000 kỹ sư AI đến năm 2030."),
    ("target-en", "2025-02-11",
     "Vietnam plans to train 50,000 AI engineers by 2030 under the national strategy."),
    ("actual-2024", "2025-01-20", "By the end of 2024, Vietnam had 5,000 AI engineers."),
    ("actual-2025", "2026-01-15", "In 2025, Vietnam had 8,000 AI engineers."),
    ("unrelated", "2025-03-01",
     "Amkor raised its investment in the Bac Ninh plant to 1.6 billion USD in 2024."),
]


@pytest.fixture
def store(tmp_path) -> Store:
    store = open_store(tmp_path / "tracker.sqlite")
    ingest(store, ARTICLES)
    return store


def test_progress_of_a_target_from_real_sentences(store):
    data = build_dataset(store)
    table = progress_table(group_commitments(data.visible).table, as_of=2026)
    assert list(table.columns) == list(COLUMNS) and len(table) == 1
    row = table.iloc[0]
    assert (row["country"], row["unit"]) == ("Vietnam", "count")
    assert (row["target_value"], row["target_year"], row["target_sources"]) == (50000, 2030, 2)
    assert (row["actual_value"], row["actual_year"], row["actual_points"]) == (8000, 2025, 2)
    assert row["progress"] == pytest.approx(0.16)
    assert row["years_left"] == 4
    # 5,000 (2024) -> 8,000 (2025): 23,000 by 2030 at that pace, short of 50,000.
    assert row["projected"] == pytest.approx(23000) and row["status"] == "behind"


def test_a_single_actual_has_no_pace(store):
    data = build_dataset(store)
    without_2025 = data.visible[data.visible["doc_id"] != "actual-2025"]
    row = progress_table(group_commitments(without_2025).table, as_of=2026).iloc[0]
    assert (row["actual_value"], row["progress"], row["status"]) == (5000, 0.1, "in_progress")
    assert np.isnan(row["projected"])


def commitments_table(rows: list[dict]) -> pd.DataFrame:
    """A minimal commitments table (the columns the tracker reads)."""
    base = {"country": "Vietnam", "measure": "m", "measure_key": "m", "unit": "count",
            "sources": 1, "latest_published": "2025-01-01", "figure_id": "f"}
    table = pd.DataFrame([{**base, **row} for row in rows])
    table.insert(0, "commitment", range(len(table)))
    return table


@pytest.mark.parametrize(("actuals", "unit", "target", "status", "progress"), [
    ([(2020, 80), (2024, 120)], "count", 100, "achieved", 1.2),
    ([(2020, 10), (2024, 50)], "count", 100, "on_track", 0.5),  # +10/year reaches 100 by 2029
    ([(2020, 10), (2024, 20)], "count", 100, "behind", 0.2),
    ([(2024, 40), (2026, 60)], "%", 100, "overdue", 0.6),  # the target year (2025) has passed
    ([(2024, 40)], "rank", 20, "in_progress", 0.5),  # top 20 wanted, 40th now: lower is better
    ([(2024, 15)], "rank", 20, "achieved", 20 / 15),
    # A target below the first actual is a reduction: lower is better.
    ([(2024, 3)], "%", 1, "in_progress", 1 / 3),
    ([(2020, 5), (2024, 3)], "%", 1, "on_track", 1 / 3),  # -0.5/year: 0.5% by 2029
    ([(2020, 5), (2024, 4)], "%", 1, "behind", 1 / 4),
    ([(2020, 5), (2024, 0.8)], "%", 1, "achieved", 1 / 0.8),
])
def test_statuses(actuals, unit, target, status, progress):
    year = 2025 if status == "overdue" else 2029
    rows = [{"kind": "target", "value": target, "year": year, "unit": unit}]
    rows += [{"kind": "statistic", "value": v, "year": y, "unit": unit} for y, v in actuals]
    row = progress_table(commitments_table(rows), as_of=2026).iloc[0]
    assert row["status"] == status and row["progress"] == pytest.approx(progress)
    assert row["years_left"] == year - 2026


def test_a_reduction_target_above_the_actual_is_not_achieved():
    # "Reduce the poverty rate to 1% by 2030", with a poverty rate of 3% in 2024.
    rows = [{"kind": "target", "value": 1, "year": 2030, "unit": "%",
             "measure": "poverty rate", "measure_key": "poverty rate"},
            {"kind": "statistic", "value": 3, "year": 2024, "unit": "%",
             "measure": "poverty rate", "measure_key": "poverty rate"}]
    row = progress_table(commitments_table(rows), as_of=2026).iloc[0]
    assert row["status"] == "in_progress" and row["progress"] == pytest.approx(1 / 3)


def test_pairs_need_the_same_country_measure_and_unit():
    rows = [
        {"kind": "target", "value": 100, "year": 2030},
        {"kind": "statistic", "value": 50, "year": 2024, "country": "Japan"},
        {"kind": "statistic", "value": 50, "year": 2024, "measure_key": "other"},
        {"kind": "statistic", "value": 50, "year": 2024, "unit": "%"},
        {"kind": "statistic", "value": 50, "year": None},
    ]
    assert progress_table(commitments_table(rows), as_of=2026).empty


def test_progress_exports(store):
    data = build_dataset(store)
    commitments = group_commitments(data.visible)
    table = progress_in(data.visible, commitments, progress_table(commitments.table, as_of=2026))
    csv = pd.read_csv(io.BytesIO(table_csv(progress_frame(table))), encoding="utf-8-sig")
    assert csv[["target_value", "actual_value", "progress_pct", "years_left", "status"]].values \
        .tolist() == [[50000, 8000, 16.0, 4, "behind"]]
    book = pd.read_excel(io.BytesIO(to_excel(data.visible, progress=table)), sheet_name=None)
    assert book["progress"]["progress_pct"].tolist() == [16.0]
    # Filtering the view to the unrelated article leaves no target, so no progress row.
    unrelated = data.visible[data.visible["doc_id"] == "unrelated"]
    assert progress_in(unrelated, commitments, table).empty


# -- in the app -----------------------------------------------------------------------


@pytest.fixture
def app(store, monkeypatch) -> AppTest:
    monkeypatch.setenv(DB_ENV, str(store.path))
    monkeypatch.setattr(tracker, "this_year", lambda: 2026)  # the app's "as of" year
    return new_app()


@pytest.mark.slow
def test_the_tracker_tab_and_its_downloads(app, deferred):
    app.query_params["section"] = "Target vs actual"
    at = app.run()
    assert not at.exception, at.exception
    assert any("2026" in c.value for c in at.caption)
    table = at.dataframe[0].value
    assert table[["Target", "Latest actual", "Progress", "Years left", "Status"]].values \
        .tolist() == [["50,000", "8,000", 16.0, 4, "behind"]]
    assert at.get("plotly_chart")[-1].proto.spec.count("Progress towards targets") == 1
    csv = pd.read_csv(io.BytesIO(download(at, deferred, "Progress (CSV)")), encoding="utf-8-sig")
    assert csv["progress_pct"].tolist() == [16.0] and csv["status"].tolist() == ["behind"]
    book = pd.read_excel(io.BytesIO(download(at, deferred, "Excel")), sheet_name=None)
    assert set(book) == {"figures", "sources", "commitments", "progress", "filters"}
    assert book["progress"]["actual_value"].tolist() == [8000]
    assert book["commitments"]["sources"].max() == 2


@pytest.mark.slow
def test_the_tracker_tab_in_vietnamese(app):
    app.query_params["lang"] = "Tiếng Việt"
    app.query_params["section"] = "Mục tiêu và thực tế"
    at = app.run()
    assert not at.exception, at.exception
    table = at.dataframe[0].value
    assert table["Trạng thái"].tolist() == ["chậm tiến độ"]
    assert table["Tiến độ"].tolist() == [16.0]
