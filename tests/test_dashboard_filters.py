"""Filters: each one keeps exactly the rows it names."""

import pandas as pd
import pytest

from analysis.filters import (
    MISSING,
    Filters,
    apply_filters,
    filter_options,
    normalise_query,
    option_counts,
    search_mask,
    year_bounds,
)
from dashboard.data import typed_figures
from dashboard.synthetic import synthetic_figures


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return typed_figures(synthetic_figures(3000, n_docs=40, seed=1))


def test_no_filter_returns_the_frame_itself(figures):
    assert apply_filters(figures, Filters()) is figures


@pytest.mark.parametrize(
    ("field", "column", "value"),
    [
        ("kinds", "kind", "target"),
        ("kinds", "kind", "investment"),
        ("unit_families", "unit_family", "money"),
        ("countries", "country", "Japan"),
        ("sectors", "sector", "AI"),
        ("entities", "entity", "Bộ Khoa học và Công nghệ"),
        ("doc_ids", "doc_id", "syn_00003"),
    ],
)
def test_choice_filter_keeps_exactly_matching_rows(figures, field, column, value):
    out = apply_filters(figures, Filters(**{field: (value,)}))
    expected = (figures[column] == value).sum()
    assert 0 < len(out) == expected < len(figures)
    assert set(out[column].astype(str)) == {value}


def test_missing_option_selects_empty_cells(figures):
    out = apply_filters(figures, Filters(countries=(MISSING, "Japan")))
    expected = figures["country"].isna().sum() + (figures["country"] == "Japan").sum()
    assert len(out) == expected
    assert set(out["country"].dropna().astype(str)) == {"Japan"}
    assert out["country"].isna().any()


def test_filters_combine_with_and(figures):
    out = apply_filters(figures, Filters(kinds=("target",), countries=("Vietnam",)))
    expected = ((figures["kind"] == "target") & (figures["country"] == "Vietnam")).sum()
    assert len(out) == expected > 0


def test_year_range_is_inclusive_and_keeps_undated_unless_switched_off(figures):
    dated = figures.copy()
    dated.loc[dated.index[:10], "year"] = pd.NA
    out = apply_filters(dated, Filters(year_range=(2030, 2032), include_undated=False))
    assert out["year"].between(2030, 2032).all()
    assert len(out) == dated["year"].between(2030, 2032).sum()
    assert {2030, 2032} <= set(out["year"].astype(int))
    # On by default: the figures without a year stay visible.
    with_undated = apply_filters(dated, Filters(year_range=(2030, 2032)))
    assert len(with_undated) == len(out) + 10
    assert with_undated["year"].isna().sum() == 10


def test_search_ignores_case_and_diacritics(figures):
    out = apply_filters(figures, Filters(search="VIỆT NAM"))
    assert len(out) > 0
    assert out["sentence"].astype(str).str.contains("Việt Nam").all()
    # An analyst without a Vietnamese keyboard finds the same figures.
    bare = apply_filters(figures, Filters(search="viet nam"))
    assert bare["figure_id"].tolist() == out["figure_id"].tolist()
    assert normalise_query("Bán dẫn ĐẦU TƯ") == "ban dan dau tu"


def test_investor_country_filter_and_option_counts(figures):
    out = apply_filters(figures, Filters(investor_countries=("South Korea",)))
    assert len(out) and (out["investor_country"] == "South Korea").all()
    counts = option_counts(figures)
    assert counts["investor_countries"]["South Korea"] == len(out)
    assert sum(counts["kinds"].values()) == len(figures)


def test_search_on_categorical_equals_search_on_text(figures):
    as_text = figures["sentence"].astype(str)
    for query in ("digital", "tỷ đồng", "zzz-not-there"):
        assert (search_mask(figures["sentence"], query) == search_mask(as_text, query)).all()


def test_blank_search_filters_nothing(figures):
    assert len(apply_filters(figures, Filters(search="   "))) == len(figures)


def test_options_list_values_and_missing(figures):
    options = filter_options(figures)
    assert options["kinds"] == ["investment", "statistic", "target"]
    assert options["countries"][-1] == MISSING
    assert "Japan" in options["countries"]
    assert len(options["doc_ids"]) == figures["doc_id"].nunique()
    assert year_bounds(figures) == (int(figures["year"].min()), int(figures["year"].max()))


def test_year_bounds_none_without_years(figures):
    assert year_bounds(figures.assign(year=pd.NA)) is None
