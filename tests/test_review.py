"""Reviews as plain functions: typed input, validation, span matching, applying reviews to a
figures frame (values, statuses, USD recomputed), filters and exports."""

import io
import json

import numpy as np
import pandas as pd
import pytest

from analysis.filters import Filters, apply_filters
from analysis.reviews import (
    REVIEW_COLUMNS,
    apply_reviews,
    orphaned_reviews,
    sentence_around,
    usd_rates,
    visible,
)
from dashboard.data import typed_figures
from dashboard.exports import EXPORT_COLUMNS, to_csv, to_excel, to_json
from dashboard.synthetic import synthetic_figures
from dashboard.table import display_frame
from store.review import (
    ReviewError,
    changed_fields,
    match_spans,
    number_text,
    parse_typed_number,
    parse_year,
    read_number,
    unit_family,
    validate_review,
)


@pytest.mark.parametrize(("text", "number"), [
    ("50000", 50000), ("50,000", 50000), ("50.000", 50000), ("1.6", 1.6), ("1,6", 1.6),
    ("1,234.5", 1234.5), ("1.234,5", 1234.5), ("1.6 B", 1.6e9), ("200m", 2e8), ("3k", 3000),
    ("-2.5", -2.5), ("0.125", 0.125), ("0,125", 0.125), ("-0.125", -0.125), ("", None),
    ("  ", None),
])
def test_parse_number(text, number):
    assert parse_typed_number(text) == number


def test_scale_suffixes_come_from_the_config(monkeypatch):
    """review.scale_suffixes: the letters the form reads after a number, in any case."""
    from configedit import edited_config

    import extractors
    from store import review

    assert parse_typed_number("2 bn") == 2e9
    with pytest.raises(ReviewError):
        parse_typed_number("2 tỷ")
    config = edited_config(lambda d: d["review"].update(
        scale_suffixes={"tỷ": 1e9, "k": 1e3}))
    monkeypatch.setattr(extractors, "load_config", lambda: config)
    review._scale_suffix.cache_clear()
    try:
        assert parse_typed_number("2 TỶ") == 2e9 and parse_typed_number("3K") == 3000
        with pytest.raises(ReviewError):
            parse_typed_number("2 bn")
    finally:
        review._scale_suffix.cache_clear()


@pytest.mark.parametrize("value", [12.345, 0.125, 1_600_000_000, 30, 2.5, -12.345, 1234.567,
                                   1e16])
def test_a_prefilled_number_reads_back_unchanged(value):
    text = number_text(float(value))
    assert parse_typed_number(text) == value
    assert read_number(text, value) == value


def test_a_number_left_as_prefilled_keeps_the_figure_value():
    assert read_number(" 12.3450 ", 12.345) == 12.345
    assert read_number("0.125", 0.125) == 0.125
    assert read_number("12.345", 12.345) == 12345  # typed, not pre-filled: thousands
    assert read_number("", None) is None and read_number("5", None) == 5


@pytest.mark.parametrize("text", ["fifty", "1.2.3x", "nan", "inf"])
def test_parse_number_refuses_words(text):
    with pytest.raises(ReviewError):
        parse_typed_number(text)


def test_parse_year():
    assert parse_year("2030") == 2030 and parse_year("") is None
    with pytest.raises(ReviewError):
        parse_year("năm 2030")


def test_validate_review_messages():
    with pytest.raises(ReviewError, match="name"):
        validate_review("accepted", {}, "  ")
    with pytest.raises(ReviewError, match="status"):
        validate_review("maybe", {}, "An")
    with pytest.raises(ReviewError, match="nothing was changed"):
        validate_review("corrected", {}, "An")
    with pytest.raises(ReviewError, match="only a correction"):
        validate_review("rejected", {"value": 1}, "An")
    with pytest.raises(ReviewError, match="kind"):
        validate_review("corrected", {"kind": "wish"}, "An")
    with pytest.raises(ReviewError, match="unit"):
        validate_review("corrected", {"unit": "parsecs"}, "An")
    with pytest.raises(ReviewError, match="year"):
        validate_review("corrected", {"year": 30000}, "An")
    with pytest.raises(ReviewError, match="cannot be corrected"):
        validate_review("corrected", {"figure_id": "x"}, "An")
    clean = validate_review("corrected", {"value": "50,000", "year": "2030", "country": " "},
                            "An")
    assert clean == {"value": 50000.0, "year": 2030, "country": None}


def test_changed_fields_keeps_only_differences():
    extracted = {"value": 20000.0, "year": 2030, "country": "Vietnam", "entity": None,
                 "unit": "count"}
    entered = {"value": 50000.0, "year": 2030, "country": "Vietnam", "entity": "",
               "unit": "count"}
    assert changed_fields(extracted, entered) == {"value": 50000.0}
    assert changed_fields(extracted, {"entity": "FPT"}) == {"entity": "FPT"}
    assert changed_fields(extracted, {"country": None}) == {"country": None}


def test_match_spans_exact_then_overlap_then_orphan():
    # "1,6 tỷ" (10, 16) widened to "1,6 tỷ USD" (10, 20); (30, 35) still there; (50, 55) gone.
    moves = match_spans([(10, 16), (30, 35), (50, 55)], [(10, 20), (30, 35), (60, 70)])
    assert moves == {(10, 16): (10, 20), (30, 35): (30, 35), (50, 55): None}


def test_match_spans_one_review_per_new_span():
    # Two reviews overlap the same merged figure: the exact one keeps it, the other is orphaned.
    assert match_spans([(0, 5), (0, 12)], [(0, 12)]) == {(0, 12): (0, 12), (0, 5): None}
    # Neither exact: the first (by span order) takes it.
    assert match_spans([(0, 5), (6, 12)], [(0, 12)]) == {(0, 5): (0, 12), (6, 12): None}


def test_sentence_around():
    text = "First sentence. Vietnam aims for 50,000 AI engineers by 2030. Last one."
    start = text.index("50,000")
    expected = "Vietnam aims for 50,000 AI engineers by 2030."
    assert sentence_around(text, start, start + 6) == expected


def test_unit_family_and_usd_follow_the_extractors_config():
    assert unit_family("USD") == unit_family("VND") == "money"
    assert unit_family("%") == "percent" and unit_family("rank") == "rank"
    rates = usd_rates(np.array(["USD", "VND", "VND", "%"], dtype=object),
                      np.array([2024, 2024, np.nan, 2024]))
    assert rates[:2].tolist() == [1.0, 24_900.0] and np.isnan(rates[3])
    assert rates[2] > 0  # no year: the FX table's default year


@pytest.fixture
def figures() -> pd.DataFrame:
    df = synthetic_figures(60, n_docs=3, seed=11)
    df["doc_title"], df["doc_published"] = "Bài " + df["doc_id"], "2025-02-03"
    return typed_figures(df)


def _reviews(figures: pd.DataFrame, rows: list[tuple[int, str, dict, str]]) -> pd.DataFrame:
    """A reviews frame (as Store.reviews gives it) for figure positions."""
    records = []
    for position, status, corrections, comment in rows:
        figure = figures.iloc[position]
        records.append({
            "content_hash": f"hash-{figure['doc_id']}", "doc_id": str(figure["doc_id"]),
            "start": int(figure["start"]), "end": int(figure["end"]), "status": status,
            "corrections": corrections, "comment": comment, "reviewer": "An",
            "reviewed_at": f"2026-01-0{position % 9 + 1}T10:00:00+00:00",
            "figure_id": figure["figure_id"], "quote": figure["quote"], "extracted": {},
        })
    return pd.DataFrame(records)


def _unique_span_rows(figures: pd.DataFrame, kinds: tuple[str, ...], n: int) -> list[int]:
    """Positions of `n` figures whose (doc, span) no other figure shares."""
    keys = figures[["doc_id", "start", "end"]].astype(str).agg("|".join, axis=1)
    unique = ~keys.duplicated(keep=False)
    wanted = figures["kind"].isin(kinds) & unique
    return list(np.flatnonzero(wanted.to_numpy())[:n])


def test_apply_reviews_statuses_and_corrections(figures):
    money = _unique_span_rows(figures, ("investment",), 1)[0]
    target, rejected = _unique_span_rows(figures, ("target",), 2)
    vnd = figures.iloc[money]
    reviews = _reviews(figures, [
        (money, "corrected", {"value": 2.49e12, "unit": "VND", "year": 2024}, "wrong currency"),
        (target, "accepted", {}, ""),
        (rejected, "rejected", {}, "a date, not a figure"),
    ])
    out = apply_reviews(figures, reviews)
    assert set(REVIEW_COLUMNS) <= set(out.columns)
    status = out["review_status"].astype(str)
    assert status.iloc[money] == "corrected" and status.iloc[target] == "accepted"
    assert status.iloc[rejected] == "rejected"
    assert (status == "unreviewed").sum() == len(figures) - 3
    fixed = out.iloc[money]
    assert (fixed["value"], fixed["unit"], fixed["year"]) == (2.49e12, "VND", 2024)
    assert fixed["unit_family"] == "money"
    assert fixed["value_usd"] == pytest.approx(2.49e12 / 24_900)  # recomputed at the 2024 rate
    assert fixed["corrected_fields"] == "value, unit, year"
    assert fixed["review_comment"] == "wrong currency" and fixed["reviewer"] == "An"
    assert figures.iloc[money]["value"] == vnd["value"]  # the input is not modified
    untouched = [c for c in figures.columns if c not in ("value", "unit", "year", "value_usd",
                                                          "value_usd_high", "unit_family")]
    pd.testing.assert_frame_equal(out[untouched], figures[untouched])
    for column in ("unit", "country", "kind"):
        assert isinstance(out[column].dtype, pd.CategoricalDtype)
    assert str(out["year"].dtype) == "Int64"


def test_corrected_text_fields_add_categories_and_can_clear(figures):
    position = _unique_span_rows(figures, ("target",), 1)[0]
    reviews = _reviews(figures, [(position, "corrected",
                                  {"country": "Laos", "entity": None, "kind": "statistic"}, "")])
    row = apply_reviews(figures, reviews).iloc[position]
    assert (row["country"], row["kind"]) == ("Laos", "statistic")
    assert pd.isna(row["entity"])


def test_rejected_figures_leave_the_visible_frame(figures):
    position = _unique_span_rows(figures, ("statistic", "target", "investment"), 1)[0]
    out = apply_reviews(figures, _reviews(figures, [(position, "rejected", {}, "")]))
    shown = visible(out)
    assert len(shown) == len(figures) - 1
    assert figures["figure_id"].iloc[position] not in set(shown["figure_id"])
    assert shown.index.tolist() == [i for i in range(len(figures)) if i != position]
    empty = _reviews(figures, [(0, "accepted", {}, "")]).iloc[:0]
    no_reviews = apply_reviews(figures, empty)
    assert (no_reviews["review_status"] == "unreviewed").all()
    assert visible(no_reviews) is no_reviews


def test_reviews_of_missing_spans_are_orphans(figures):
    reviews = _reviews(figures, [(0, "accepted", {}, ""), (1, "rejected", {}, "")])
    reviews.loc[1, "start"] = 10_000  # this span is no longer extracted
    reviews.loc[len(reviews)] = {**reviews.iloc[0].to_dict(), "doc_id": None, "start": 5,
                                 "content_hash": "gone"}
    out = apply_reviews(figures, reviews)
    assert out["review_status"].astype(str).iloc[1] == "unreviewed"
    orphans = orphaned_reviews(figures, reviews)
    assert orphans["reason"].tolist() == ["not_extracted", "document_gone"]


def test_reviewed_only_filter(figures):
    a, b, c = _unique_span_rows(figures, ("target", "statistic", "investment"), 3)
    out = apply_reviews(figures, _reviews(figures, [(a, "accepted", {}, ""),
                                                    (b, "corrected", {"year": 2031}, ""),
                                                    (c, "rejected", {}, "")]))
    view = apply_filters(visible(out), Filters(reviewed_only=True))
    assert sorted(view.index) == sorted([a, b])
    assert apply_filters(figures, Filters(reviewed_only=True)).empty  # no review column


def test_exports_and_table_carry_the_review(figures):
    a, b = _unique_span_rows(figures, ("target",), 2)
    out = visible(apply_reviews(figures, _reviews(figures, [
        (a, "corrected", {"value": 123.0}, "checked the decree"), (b, "rejected", {}, "")])))
    csv = pd.read_csv(io.BytesIO(to_csv(out)), encoding="utf-8-sig")
    assert list(csv.columns) == list(EXPORT_COLUMNS)
    row = csv[csv["figure_id"] == figures["figure_id"].iloc[a]].iloc[0]
    assert (row["value"], row["review_status"], row["reviewer"]) == (123.0, "corrected", "An")
    assert row["review_comment"] == "checked the decree" and row["corrected_fields"] == "value"
    assert figures["figure_id"].iloc[b] not in set(csv["figure_id"])
    assert set(csv["review_status"]) == {"corrected", "unreviewed"}
    records = json.loads(to_json(out))
    assert {r["review_status"] for r in records} == {"corrected", "unreviewed"}
    sheet = pd.read_excel(io.BytesIO(to_excel(out)), sheet_name="figures")
    assert sheet.loc[sheet["figure_id"] == figures["figure_id"].iloc[a], "value"].item() == 123
    table = display_frame(out.loc[[a]])
    assert table["Review"].tolist() == ["✎ corrected"] and table["Value"].tolist() == ["123"]


def test_every_label_is_in_english_and_vietnamese():
    import re
    import string
    from pathlib import Path

    from dashboard.i18n import TEXT, VALUE_TEXT

    root = Path(__file__).resolve().parent.parent
    for key, entry in {**TEXT, **VALUE_TEXT}.items():
        assert set(entry) == {"en", "vi"}, key
        fields = [{f for _, f, _, _ in string.Formatter().parse(entry[lang]) if f}
                  for lang in ("en", "vi")]
        assert fields[0] == fields[1], key
    sources = [root / "app.py", *sorted((root / "dashboard").glob("*.py"))]
    used = {k for path in sources for k in re.findall(r'\btr\(\s*"([a-z_]+)"',
                                                       path.read_text(encoding="utf-8"))}
    assert used - set(TEXT) == set()
