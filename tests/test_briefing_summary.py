"""Briefing content without a browser: source note, counts, filters, top figures, sources,
excerpts and the key numbers in chart captions."""

import pandas as pd
import pytest

from analysis.filters import Filters, apply_filters
from briefing.catalog import briefing_charts, chart_spec, charts_with_data
from briefing.images import presentation_plot
from briefing.sample import sample_figures
from briefing.summary import (
    Quote,
    article_years,
    count_line,
    excerpt,
    filter_lines,
    source_documents,
    source_note,
    top_figures,
)
from dashboard.captions import targets_caption
from dashboard.charts import investments_by
from dashboard.formatting import format_usd
from dashboard.i18n import count_text

CHARTS = briefing_charts()  # the registry's briefing charts (dashboard.chart_registry)
TARGETS = chart_spec("targets")


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return sample_figures(600, n_docs=8)


def test_source_note_counts_articles_and_their_years(figures):
    assert source_note(figures) == "Source: 8 articles, 2018–2025; extracted figures"
    one = figures[figures["doc_id"] == figures["doc_id"].iloc[0]]
    year = str(one["doc_published"].iloc[0])[:4]
    assert source_note(one) == f"Source: 1 article, {year}; extracted figures"
    assert source_note(figures, "vi") == "Nguồn: 8 bài báo, 2018–2025; số liệu trích xuất"


def test_source_note_without_dates(figures):
    undated = figures.assign(doc_published=None)
    assert article_years(undated) is None
    assert source_note(undated) == "Source: 8 articles; extracted figures"


def test_count_line_with_and_without_total(figures):
    assert count_line(figures) == "600 figures from 8 documents"
    assert count_line(figures.head(10), total=600).startswith("10 of 600 figures, from ")


def test_filter_lines_name_every_active_filter():
    filters = Filters(kinds=("target", "investment"), year_range=(2020, 2030),
                      countries=("Vietnam",), search=" AI ")
    assert filter_lines(filters) == [
        "Kind: target, investment", "Country: Vietnam",
        "Years: 2020–2030 (Include figures without a year)", "Search: “AI”",
    ]
    assert filter_lines(Filters(kinds=("target",)), "vi") == ["Loại: mục tiêu"]
    assert filter_lines(Filters()) == ["Filters: none (every figure)"]


def test_filter_lines_name_reviewed_only():
    assert filter_lines(Filters(reviewed_only=True)) == ["Reviewed only: accepted, corrected"]
    assert filter_lines(Filters(reviewed_only=True), "vi") == [
        "Chỉ số liệu đã duyệt: đã chấp nhận, đã sửa"]


def test_top_figures_lead_with_largest_usd_then_nearest_targets(figures):
    top = top_figures(figures, 200)
    usd = top["value_usd"].dropna()
    assert list(usd) == sorted(usd, reverse=True)
    assert usd.iloc[0] == figures["value_usd"].max()
    after = top.iloc[len(usd):]
    targets = after[after["kind"] == "target"]
    assert list(targets["year"]) == sorted(targets["year"])
    assert (after["kind"].iloc[: len(targets)] == "target").all()


def test_source_documents_list_every_document_once_with_its_count(figures):
    view = apply_filters(figures, Filters(kinds=("investment",)))
    docs = source_documents(view, max_quotes=2)
    assert [d.doc_id for d in docs] == list(dict.fromkeys(view["doc_id"].astype(str)))
    counts = view["doc_id"].astype(str).value_counts()
    for doc in docs:
        assert doc.figures == counts[doc.doc_id]
        assert len(doc.quotes) == min(2, doc.figures)
        assert doc.hidden == doc.figures - len(doc.quotes)
        rows = view[view["doc_id"] == doc.doc_id]
        assert {q.quote for q in doc.quotes} <= set(rows["quote"])
        assert doc.title == rows["doc_title"].iloc[0]


def test_source_documents_of_an_empty_view():
    assert source_documents(sample_figures(20).head(0)) == []


@pytest.mark.parametrize(
    ("sentence", "quote", "width", "expected"),
    [
        ("Short sentence with 30% in it.", "30%", 160, "Short sentence with 30% in it."),
        ("one two three four five six 1,6 tỷ USD seven eight nine ten eleven twelve",
         "1,6 tỷ USD", 30, "…five six 1,6 tỷ USD seven…"),
        ("50% first and then a long tail of words that goes on and on", "50%", 20,
         "50% first and then…"),
    ],
)
def test_excerpt_keeps_the_quote_and_cuts_at_words(sentence, quote, width, expected):
    assert excerpt(Quote(quote, sentence, sentence.find(quote)), width) == expected


def test_targets_caption_gives_span_and_nearest_year(figures):
    years = figures.loc[figures["kind"] == "target", "year"].dropna().astype(int)
    text = targets_caption(figures, "en", this_year=2030)
    near = years[years >= 2030].min()
    assert text.startswith(f"{len(years):,} targets with a year, {years.min()}–{years.max()}.")
    assert f"Nearest target year: {near} ({(years == near).sum()} targets" in text


def test_investment_caption_states_the_chart_numbers(figures):
    caption = chart_spec("investments_entity").caption(figures, "en")
    agg = investments_by(figures, "entity")
    assert f"{format_usd(agg['total_usd'].sum())} in all" in caption
    top = agg.iloc[0]
    assert f"{top['entity']}, {format_usd(top['total_usd'])}" in caption


def test_figures_caption_names_the_biggest_group(figures):
    caption = chart_spec("figures_country").caption(figures, "en")
    biggest = figures["country"].value_counts().idxmax()
    assert f"Most in {biggest}: {figures['country'].value_counts().max():,}" in caption


def test_charts_without_rows_are_left_out(figures):
    only_stats = figures[figures["kind"] == "statistic"]
    keys = [spec.key for spec in charts_with_data(only_stats)]
    assert keys == ["figures_sector", "figures_country"]
    assert len(charts_with_data(figures)) == len(CHARTS) == 7
    assert TARGETS.caption(only_stats, "en") == "No figures for this chart."


def test_presentation_figure_draws_on_a_copy(figures):
    fig = TARGETS.build(figures, "en")
    before = fig.to_json()
    styled = presentation_plot(fig, "Title", "units", "Source: 1 article")
    assert fig.to_json() == before
    assert styled.layout.title.text == "<b>Title</b>"
    assert styled.layout.legend2.title.text == "Source: 1 article"


def test_chart_keys_are_unique_and_known():
    keys = [spec.key for spec in CHARTS]
    assert len(set(keys)) == len(keys)
    with pytest.raises(KeyError, match="targets"):
        chart_spec("pie")


def test_captions_follow_the_language(figures):
    years = figures.loc[figures["kind"] == "target", "year"].dropna().astype(int)
    text = targets_caption(figures, "vi", this_year=2030)
    assert text.startswith(f"{len(years):,} mục tiêu có năm, {years.min()}–{years.max()}.")
    assert "Năm mục tiêu gần nhất" in text


def test_counts_are_singular_for_one(figures):
    one = figures.head(1)
    caption = chart_spec("figures_country").caption(one, "en")
    assert caption.startswith("1 figure in 1 group.")
    assert count_text(1, "group") == "1 group" and count_text(2, "group") == "2 groups"
    assert count_text(1200, "figure", "vi") == "1.200 số liệu"
