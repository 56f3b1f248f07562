"""Exports hold exactly the filtered rows."""

import io
import json

import pandas as pd
import pytest

from analysis.filters import Filters, apply_filters
from analysis.reviews import REVIEW_COLUMNS
from dashboard.data import typed_figures
from dashboard.exports import EXPORT_COLUMNS, export_frame, sources_frame, to_csv, to_excel, to_json
from dashboard.synthetic import synthetic_figures


@pytest.fixture(scope="module")
def view() -> pd.DataFrame:
    df = synthetic_figures(600, n_docs=12, seed=3)
    df["doc_title"] = "Bài " + df["doc_id"]
    df["doc_published"] = "2025-01-02"
    figures = typed_figures(df)
    return apply_filters(figures, Filters(kinds=("investment",), countries=("Vietnam", "Japan")))


def test_csv_round_trip(view):
    back = pd.read_csv(io.BytesIO(to_csv(view)), encoding="utf-8-sig")
    # A frame without reviews applied has no review columns (see test_review for those).
    assert list(back.columns) == [c for c in EXPORT_COLUMNS if c not in REVIEW_COLUMNS]
    assert back["figure_id"].tolist() == view["figure_id"].tolist()
    assert set(back["kind"]) == {"investment"}
    assert back["value"].tolist() == pytest.approx(view["value"].tolist())
    assert "Bài syn_" in back["doc_title"].iloc[0]


def test_json_round_trip(view):
    rows = json.loads(to_json(view))
    assert [r["figure_id"] for r in rows] == view["figure_id"].tolist()
    assert all(r["country"] in ("Vietnam", "Japan") for r in rows)
    assert "tỷ đồng" in to_json(view).decode() or "USD" in to_json(view).decode()
    assert rows[0]["value_high"] is None


def test_excel_has_figures_and_sources(view):
    sheets = pd.read_excel(io.BytesIO(to_excel(view)), sheet_name=None)
    assert set(sheets) == {"figures", "sources"}
    assert sheets["figures"]["figure_id"].tolist() == view["figure_id"].tolist()
    sources = sheets["sources"]
    assert set(sources["doc_id"]) == set(view["doc_id"].astype(str))
    assert sources["figures"].sum() == len(view)


def test_excel_keeps_formula_like_text_as_text(view):
    tricky = view.copy()
    tricky["quote"] = tricky["quote"].astype(str)
    tricky.loc[tricky.index[0], "quote"] = "=1+1"
    book = pd.read_excel(io.BytesIO(to_excel(tricky)), sheet_name="figures")
    assert book.loc[0, "quote"] == "=1+1"


def test_empty_view_exports_headers_only(view):
    empty = view.iloc[:0]
    assert pd.read_csv(io.BytesIO(to_csv(empty)), encoding="utf-8-sig").empty
    assert json.loads(to_json(empty)) == []
    assert sources_frame(empty).empty


def test_export_frame_has_plain_values(view):
    frame = export_frame(view)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in frame.dtypes)
    assert frame.index.tolist() == list(range(len(view)))
