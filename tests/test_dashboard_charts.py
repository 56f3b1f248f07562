"""Chart aggregates and figures: aggregates agree with the rows, marks carry provenance."""

import json

import numpy as np
import pandas as pd
import pytest

from analysis.filters import MISSING, Filters, apply_filters
from analysis.grouping import group_stats
from dashboard.charts import (
    aggregate_table,
    figures_by,
    figures_chart,
    group_rows,
    investments_by,
    investments_chart,
    selected_point,
    source_line,
    targets_by_year,
    targets_timeline,
)
from dashboard.data import typed_figures
from dashboard.synthetic import synthetic_figures


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    df = synthetic_figures(2000, n_docs=30, seed=2)
    df["doc_title"] = "Tiêu đề " + df["doc_id"]
    return typed_figures(df)


def _trace_ids(fig) -> set[str]:
    return {point[0] for trace in fig.data for point in trace.customdata}


def test_group_stats_matches_pandas(figures):
    stats = group_stats(figures, ["country", "kind"], weight="value", pick="max")
    labelled = figures.assign(country=figures["country"].astype(object).fillna(MISSING))
    expected = labelled.groupby(["country", "kind"], observed=True)["value"].agg(["size", "sum"])
    got = stats.set_index(["country", "kind"])
    assert len(got) == len(expected)
    for key, row in expected.iterrows():
        assert got.loc[key, "figures"] == row["size"]
        assert got.loc[key, "total"] == pytest.approx(row["sum"])
        rep = figures.iloc[got.loc[key, "rep"]]
        assert rep["value"] == labelled[
            (labelled["country"] == key[0]) & (labelled["kind"] == key[1])
        ]["value"].max()


def test_group_stats_first_row_and_integer_keys(figures):
    stats = group_stats(figures, ["year"])
    for row in stats.itertuples():
        positions = np.flatnonzero((figures["year"] == row.year).to_numpy(dtype=bool))
        assert row.rep == positions[0]
        assert row.figures == len(positions)


def test_targets_by_year_counts_every_dated_target(figures):
    agg = targets_by_year(figures)
    targets = figures[(figures["kind"] == "target") & figures["year"].notna()]
    assert agg["figures"].sum() == len(targets)
    assert agg["year"].is_monotonic_increasing
    by_id = figures.set_index("figure_id")
    for row in agg.itertuples():
        rep = by_id.loc[row.figure_id]
        assert rep["kind"] == "target" and int(rep["year"]) == row.year


def test_investments_sum_usd_of_investments_only(figures):
    mixed = figures.copy()
    # A statistic with a USD value must not be summed as an investment.
    statistic = mixed.index[(mixed["kind"] == "statistic").to_numpy()][0]
    mixed.loc[statistic, "value_usd"] = 1e15
    agg = investments_by(mixed, "country")
    assert agg["total_usd"].max() < 1e15
    rows = mixed[(mixed["kind"] == "investment") & mixed["value_usd"].notna()]
    named = rows[rows["entity"].notna()]
    # Organisations only; each amount of an organisation counted once.
    distinct = named.drop_duplicates(["entity", "unit", "value_usd"])
    assert agg["total_usd"].sum() == pytest.approx(distinct["value_usd"].sum())
    assert agg["figures"].sum() == len(named)
    assert agg["total_usd"].is_monotonic_decreasing


def test_figures_by_counts_all_rows_per_kind(figures):
    agg = figures_by(figures, "sector")
    assert agg["figures"].sum() == len(figures)
    assert set(agg["kind"]) == set(figures["kind"].astype(str))


def test_timeline_marks_are_aggregates_with_provenance(figures):
    fig = targets_timeline(figures)
    assert len(fig.data) == 1
    assert len(fig.data[0].x) == len(targets_by_year(figures))
    assert _trace_ids(fig) <= set(figures["figure_id"])
    # No value axis: targets of different unit families never share one.
    assert fig.layout.yaxis.type == "category"


def test_investment_bars_are_usd_totals(figures):
    fig = investments_chart(figures, "entity")
    agg = investments_by(figures, "entity")
    assert sorted(fig.data[0].x) == pytest.approx(sorted(agg["total_usd"]))


def test_kind_filter_changes_the_charts(figures):
    only_targets = apply_filters(figures, Filters(kinds=("target",)))
    fig = figures_chart(only_targets, "country")
    assert [trace.name for trace in fig.data] == ["target"]
    assert sum(sum(trace.y) for trace in fig.data) == len(only_targets)
    assert len(investments_chart(only_targets).data[0].x) == 0


def test_hover_shows_escaped_quote_value_and_source(figures):
    evil = figures.copy()
    evil["quote"] = evil["quote"].astype(str)
    first_target = evil.index[(evil["kind"] == "target").to_numpy()][0]
    evil.loc[first_target, "quote"] = "<img src=x onerror=alert(1)>"
    fig = targets_timeline(evil)
    text = " ".join(fig.data[0].hovertext)
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    assert "<img" not in text
    assert "Value:" in text and "Tiêu đề" in text


def test_vietnamese_labels(figures):
    fig = figures_chart(figures, "sector", lang="vi")
    assert {trace.name for trace in fig.data} == {"mục tiêu", "đầu tư", "thống kê"}
    assert "Số liệu theo lĩnh vực" in fig.layout.title.text


def test_source_line_names_documents(figures):
    line = source_line(figures)
    assert line.startswith(f"Source: {len(figures):,} figures in 30 documents")
    assert "Tiêu đề syn\\_" in line and "(+27 more)" in line
    mask = (figures["doc_id"] == "syn_00001").to_numpy()
    assert "in 1 document — Tiêu đề syn\\_00001" in source_line(figures, mask=mask)


def test_selected_point_and_group_rows(figures):
    agg = targets_by_year(figures)
    fig = targets_timeline(figures)
    point = list(fig.data[0].customdata[0])
    picked = selected_point({"selection": {"points": [{"customdata": point}]}})
    assert picked is not None
    figure_id, keys = picked
    members = group_rows(figures, keys)
    assert figure_id in set(members["figure_id"])
    assert (members["year"].astype(int) == int(keys["year"])).all()
    assert len(members[members["kind"] == "target"]) == agg.loc[0, "figures"]
    assert selected_point({"selection": {"points": []}}) is None
    assert selected_point(None) is None


def test_group_rows_missing_key(figures):
    members = group_rows(figures, {"country": MISSING})
    assert len(members) == figures["country"].isna().sum() > 0


def test_aggregate_table_is_readable(figures):
    table = aggregate_table(investments_by(figures, "entity"))
    assert "figure_id" not in table
    assert table["Total (USD)"].str.endswith("USD").all()


def test_chart_json_is_serialisable(figures):
    for fig in (targets_timeline(figures), investments_chart(figures), figures_chart(figures,
                                                                                     "country")):
        assert json.loads(fig.to_json())["data"]


def test_source_line_of_an_empty_view(figures):
    assert source_line(figures.iloc[:0]) == "Source: no figures in this view"
    none = np.zeros(len(figures), dtype=bool)
    assert source_line(figures, lang="vi", mask=none).startswith("Nguồn: không có số liệu")
