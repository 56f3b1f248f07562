"""One commitment across many sources: measure normalisation, grouping with a value
tolerance, value and year conflicts, counting commitments on the charts and in the app."""

import io
import json
import time

import numpy as np
import pandas as pd
import pytest
from helpers import ingest, new_app, numbers, run
from streamlit.testing.v1 import AppTest

from analysis.commitments import (
    VALUE_TOLERANCE,
    commitments_in,
    counted_rows,
    group_commitments,
    mentions_of,
    normalise_measure,
    with_quotes,
)
from dashboard.archive import ARCHIVE_ENV
from dashboard.charts import figures_by, investments_by, targets_by_year
from dashboard.data import DB_ENV, build_dataset, typed_figures
from dashboard.exports import commitments_frame, to_excel
from dashboard.synthetic import synthetic_figures
from store.db import Store, open_store

# Three articles report Vietnam's AI-engineer target: two agree, one gives another number.
AGREEING_VI = ("ai-vi", "2025-01-10",
               "Việt Nam đặt mục tiêu đào tạo 50.000 kỹ sư AI đến năm 2030.")
AGREEING_EN = ("ai-en", "2025-03-02",
               "Vietnam plans to train 50,000 AI engineers by 2030 under the national strategy.")
CONFLICTING = ("ai-other", "2025-05-20",
               "Theo chiến lược, Việt Nam sẽ đào tạo 20.000 kỹ sư AI đến năm 2030.")
OTHER_YEAR = ("ai-2045", "2025-07-01", "Vietnam aims to train 50,000 AI engineers by 2045.")
INVESTMENT = ("amkor", "2025-02-01",
              "Amkor raised its investment in the Bac Ninh plant to 1.6 billion USD in 2024.")


@pytest.fixture
def store(tmp_path) -> Store:
    return open_store(tmp_path / "commitments.sqlite")


@pytest.mark.parametrize(("phrase", "key"), [
    ("kỹ sư AI", "ai engineer"),
    ("AI engineers", "ai engineer"),
    ("Kĩ sư AI", "ai engineer"),  # the other spelling of the tone mark
    ("engineers in AI", "ai engineer"),  # word order and prepositions do not matter
    ("  AI   Engineers ", "ai engineer"),
    ("doanh nghiệp", "business"),
    ("businesses", "business"),
    ("các dự án FDI", "fdi project"),
    ("more than 42,002 projects", "project"),
    ("countries", "country"),
    # The country is a key of its own: its name (any alias) is not part of the measure.
    ("tỷ lệ nghèo của Việt Nam", "le ngheo ty"),
    ("tỷ lệ nghèo Viet Nam", "le ngheo ty"),
    ("Vietnam's poverty rate", "poverty rate"),
    ("the poverty rate of Vietnam", "poverty rate"),
    ("lao động", "worker"),  # not Laos ("Lào")
    ("khoảng 50.000 kỹ sư", "engineer"),
    ("", ""),
    (None, ""),
])
def test_normalise_measure(phrase, key):
    assert normalise_measure(phrase) == key


@pytest.fixture
def measure_config(monkeypatch):
    """Make normalise_measure read a config changed by the function this returns."""
    from configedit import edited_config

    import extractors
    from analysis import commitments

    def use(change) -> None:
        config = edited_config(change)
        monkeypatch.setattr(extractors, "load_config", lambda: config)
        commitments._measure_words.cache_clear()
        normalise_measure.cache_clear()

    yield use
    commitments._measure_words.cache_clear()
    normalise_measure.cache_clear()


def test_glossary_and_stop_words_come_from_the_config(measure_config):
    """commitments.glossary and stop_words in config.yaml, compared without diacritics."""
    assert normalise_measure("kỹ thuật viên AI tại nhà máy") == "ai ky plant thuat vien"
    measure_config(lambda d: (d["commitments"]["glossary"].update({"kỹ thuật viên": "technician"}),
                              d["commitments"]["stop_words"]["en"].append("AI")))
    assert normalise_measure("kỹ thuật viên AI tại nhà máy") == "plant technician"
    assert normalise_measure("AI technicians") == "technician"


def test_singular_rules_come_from_the_config(measure_config):
    """commitments.singular: "countries" -> "country", "branches" -> "branch", "campus"
    kept; a changed rule changes the keys."""
    assert normalise_measure("countries branches engineers campus") == \
        "branch campus country engineer"
    measure_config(lambda d: d["commitments"]["singular"].update(
        kept=["ss", "is"], endings={"ies": "y", "s": ""}))
    assert normalise_measure("countries branches engineers campus") == \
        "branche campu country engineer"


def test_three_sources_one_commitment_with_a_conflict(store):
    ingest(store, [AGREEING_VI, AGREEING_EN, CONFLICTING])
    data = build_dataset(store)
    commitments = group_commitments(data.visible)
    table = with_quotes(commitments.table, data.visible, commitments)
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["sources"], row["mentions"], row["conflict"]) == (3, 3, True)
    assert row["conflict_type"] == "value"
    assert (row["value"], row["year"], row["country"], row["kind"]) == (50000, 2030, "Vietnam",
                                                                        "target")
    assert row["reported_values"] == "50,000 (2 sources) · 20,000 (1 source)"
    assert (row["first_published"], row["latest_published"]) == ("2025-01-10", "2025-05-20")
    assert set(row["quotes"].split(" | ")) == {"50.000 kỹ sư AI", "50,000 AI engineers",
                                               "20.000 kỹ sư AI"}
    assert set(row["doc_ids"].split(", ")) == {"ai-vi", "ai-en", "ai-other"}
    # The representative (what charts show) is one of the agreeing mentions.
    rep = data.visible.loc[np.flatnonzero(commitments.representative)]
    assert rep["value"].tolist() == [50000] and rep["doc_id"].tolist() == ["ai-vi"]
    assert len(mentions_of(data.visible, commitments, 0)) == 3


def test_same_value_another_year_is_a_year_conflict(store):
    ingest(store, [AGREEING_VI, AGREEING_EN, OTHER_YEAR])
    table = group_commitments(build_dataset(store).visible).table.set_index("year")
    assert table.loc[2030, "sources"] == 2 and table.loc[2045, "sources"] == 1
    assert table["conflict"].tolist() == [True, True]
    assert table["conflict_type"].tolist() == ["year", "year"]
    assert (table.loc[2030, "other_years"], table.loc[2045, "other_years"]) == ("2045", "2030")


def frame(rows: list[dict]) -> pd.DataFrame:
    """A small figures frame (the columns grouping reads), one row per dict."""
    base = {"country": "Vietnam", "measure": "AI engineers", "unit": "count", "kind": "target",
            "year": 2030, "value": 50000.0, "value_high": np.nan, "unit_family": "count",
            "value_usd": np.nan, "quote": "50,000", "doc_published": "2025-01-01"}
    records = [{**base, "doc_id": f"d{i}", "figure_id": f"f{i}", **row}
               for i, row in enumerate(rows)]
    df = pd.DataFrame(records)
    df["year"] = df["year"].astype("Int64")
    return df


def test_values_within_the_tolerance_agree():
    close = 50000 * (1 + VALUE_TOLERANCE / 2)
    far = 50000 * (1 + VALUE_TOLERANCE * 2)
    table = group_commitments(frame([{}, {"value": close}])).table
    assert len(table) == 1 and not table["conflict"].iloc[0]
    table = group_commitments(frame([{}, {"value": far}])).table
    assert len(table) == 1 and table["conflict_type"].iloc[0] == "value"


def test_milestones_are_not_conflicts():
    # Top 20 by 2030, top 10 by 2045: another year with another value is another milestone.
    table = group_commitments(frame([
        {"unit": "rank", "value": 20.0, "year": 2030, "measure": "AI countries"},
        {"unit": "rank", "value": 10.0, "year": 2045, "measure": "AI countries"},
    ])).table
    assert len(table) == 2 and not table["conflict"].any()


def test_the_same_statistic_in_two_years_is_not_a_conflict():
    growth = {"kind": "statistic", "unit": "%", "value": 7.0, "measure": "GDP growth"}
    table = group_commitments(frame([{**growth, "year": 2022}, {**growth, "year": 2023}])).table
    assert len(table) == 2 and not table["conflict"].any()
    assert table["other_years"].tolist() == ["", ""]


def test_what_is_not_grouped():
    table = group_commitments(frame([
        {"measure": ""}, {"measure": ""},  # no measure: each its own commitment
        {"country": "Japan"},  # another country
        {"kind": "statistic"},  # another kind
        {"unit": "%", "value": 30.0},  # another unit
        {"year": None}, {"year": None},  # no year: grouped together
    ])).table
    assert len(table) == 6
    assert sorted(table["sources"].tolist()) == [1, 1, 1, 1, 1, 2]
    assert not table["conflict"].any()


def test_counted_rows_one_per_commitment(store):
    ingest(store, [AGREEING_VI, AGREEING_EN, CONFLICTING, OTHER_YEAR, INVESTMENT])
    data = build_dataset(store)
    commitments = group_commitments(data.visible)
    counted = counted_rows(data.visible, commitments)
    assert len(counted) == len(commitments.table) == 3
    assert set(counted["doc_id"]) == {"ai-vi", "ai-2045", "amkor"}
    # Charts counting commitments count each once; the investment is summed once.
    assert figures_by(counted, "country")["figures"].sum() == 3
    assert targets_by_year(counted)["figures"].sum() == 2
    assert investments_by(counted, "entity")["total_usd"].sum() == pytest.approx(1.6e9)
    # A view without the representative still counts the commitment, by another mention.
    view = data.visible[data.visible["doc_id"] != "ai-vi"]
    counted = counted_rows(view, commitments)
    assert len(counted) == 3 and "ai-en" in set(counted["doc_id"])
    listed = commitments_in(view, commitments, conflicts_only=True)
    assert len(listed) == 2 and listed["conflict"].all()


def test_commitments_export(store):
    ingest(store, [AGREEING_VI, AGREEING_EN, CONFLICTING])
    data = build_dataset(store)
    commitments = group_commitments(data.visible)
    table = with_quotes(commitments_in(data.visible, commitments), data.visible, commitments)
    export = commitments_frame(table)
    assert export[["sources", "conflict", "value"]].values.tolist() == [[3, True, 50000]]
    sheets = pd.read_excel(io.BytesIO(to_excel(data.visible, commitments=table)),
                           sheet_name=None)
    assert set(sheets) == {"figures", "sources", "commitments"}
    assert sheets["commitments"]["reported_values"].iloc[0].startswith("50,000 (2 sources)")


@pytest.mark.slow
def test_grouping_a_large_frame_is_vectorised():
    figures = typed_figures(synthetic_figures(200_000, n_docs=1000, seed=2).assign(
        doc_published="2025-01-01", doc_title="t"))
    started = time.perf_counter()
    commitments = group_commitments(figures)
    elapsed = time.perf_counter() - started
    assert commitments.ids.min() >= 0 and commitments.table["mentions"].sum() == len(figures)
    assert elapsed < 10  # about 0.3 s on a laptop; generous for slow CI


# -- in the app -----------------------------------------------------------------------


@pytest.fixture
def app(store, monkeypatch) -> AppTest:
    ingest(store, [AGREEING_VI, AGREEING_EN, CONFLICTING, OTHER_YEAR, INVESTMENT])
    monkeypatch.setenv(DB_ENV, str(store.path))
    return new_app()


def _country_bars(at: AppTest) -> float:
    spec = json.loads(at.get("plotly_chart")[3].proto.spec)
    return sum(sum(numbers(trace.get("y"))) for trace in spec["data"])


@pytest.mark.slow
def test_the_count_switch_counts_commitments(app):
    at = run(app)
    assert _country_bars(at) == 5  # five mentions
    at.button_group(key="count").set_value("commitments")
    run(at)
    assert _country_bars(at) == 3  # three commitments
    assert any("3 commitments from 5 mentions" in c.value for c in at.caption)
    spec = json.loads(at.get("plotly_chart")[3].proto.spec)
    assert spec["layout"]["title"]["text"] == "Commitments by country"


def _chart_titled(at: AppTest, title: str) -> dict:
    specs = [json.loads(chart.proto.spec) for chart in at.get("plotly_chart")]
    return next(s for s in specs if s["layout"].get("title", {}).get("text") == title)


@pytest.mark.slow
def test_the_archive_page_counts_commitments_in_views_it_can_load(app, monkeypatch):
    import dashboard.archive_page as page
    import dashboard.archive_views as views

    monkeypatch.setenv(ARCHIVE_ENV, "0")  # the same store, queried as an archive
    at = run(app)
    assert any("A large store" in c.value for c in at.caption)
    at.button_group(key="count").set_value("commitments")
    run(at)
    assert any("3 commitments from 5 mentions" in c.value for c in at.caption)
    bars = _chart_titled(at, "Commitments by country")["data"]
    assert sum(sum(numbers(trace.get("y"))) for trace in bars) == 3
    monkeypatch.setattr(page, "VIEW_MAX_ROWS", 4)  # a view of 5 figures is now too large
    run(at)
    assert any("Commitments are counted for views of up to 4 figures; this one has 5"
               in i.value for i in at.info)
    assert not any("commitments from" in c.value for c in at.caption)
    monkeypatch.setattr(page, "VIEW_MAX_ROWS", 200_000)
    for module in (page, views):  # the view fits, the figures its commitments reach not
        monkeypatch.setattr(module, "SCOPE_MAX_ROWS", 2)
    at.multiselect(key="kind").set_value(["target"])
    run(at)
    assert any("reach more than 2 figures" in i.value for i in at.info)


@pytest.mark.slow
def test_the_commitments_tab_lists_conflicts_first(app):
    app.query_params["section"] = "Commitments"
    at = run(app)
    table = at.dataframe[0].value
    assert len(table) == 3
    assert table["Conflict"].tolist()[:2] == ["⚠ value, year", "⚠ year"]
    assert table["Sources"].tolist()[0] == 3
    assert "Commitments (CSV)" in [b.proto.label for b in at.get("download_button")]
