"""Exports of an archive's view (dashboard.archive_exports), streamed in chunks from the
query layer, equal the pandas page's exports (dashboard.exports) of the same rows: CSV and
JSON byte for byte, Excel sheet for sheet; reviews applied, formula-like cells neutralised."""

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from pageparts import reviewed_store

from analysis.filters import Filters, apply_filters
from dashboard.archive_exports import (
    export_bytes,
    export_file,
    view_chunks,
    write_csv,
    write_excel,
    write_json,
)
from dashboard.exports import to_csv, to_excel, to_json
from store.db import Store

pytestmark = pytest.mark.slow  # builds an archive and both pages' exports of every view

ROOT = Path(__file__).resolve().parent.parent
FILTERS = [Filters(), Filters(kinds=("investment",)), Filters(search="dau tu"),
           Filters(year_range=(2025, 2030)), Filters(kinds=("no such kind",))]


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Store:
    return reviewed_store(tmp_path_factory.mktemp("exports") / "figures.sqlite", {
        1: ("rejected", {}, ""), 4: ("corrected", {"year": 2031, "country": "Japan"}, "=1+1"),
        6: ("accepted", {}, "-ok")}, reviewer="@An")


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_csv_and_json_are_byte_equal_to_the_pandas_exports(query, shown, filters) -> None:
    view = apply_filters(shown, filters)
    chunks = lambda: view_chunks(query, filters, rows=5)  # noqa: E731 (several chunks)
    assert export_bytes(lambda out: write_csv(chunks(), out)) == to_csv(view)
    assert export_bytes(lambda out: write_json(chunks(), out)) == to_json(view)


@pytest.mark.parametrize("filters", FILTERS[:3], ids=repr)
def test_excel_holds_the_same_sheets(query, shown, filters) -> None:
    view = apply_filters(shown, filters)
    lines = ["Kind: investment"]
    ours = pd.read_excel(io.BytesIO(export_bytes(
        lambda out: write_excel(view_chunks(query, filters, rows=5), out, filters=lines))),
        sheet_name=None)
    theirs = pd.read_excel(io.BytesIO(to_excel(view, filters=lines)), sheet_name=None)
    assert list(ours) == list(theirs) == ["figures", "sources", "filters"]
    for name in theirs:
        pd.testing.assert_frame_equal(ours[name], theirs[name])


def test_reviews_and_formula_guard_reach_the_csv(query) -> None:
    csv = pd.read_csv(io.BytesIO(export_bytes(
        lambda out: write_csv(view_chunks(query, Filters()), out))), encoding="utf-8-sig")
    assert set(csv["reviewer"].dropna()) == {"'@An"}
    assert {"'=1+1", "'-ok"} <= set(csv["review_comment"].dropna())
    assert "rejected" not in set(csv["review_status"])


def test_export_file_is_a_readable_file_removed_from_disk(query) -> None:
    with export_file(lambda out: write_json(view_chunks(query, Filters()), out)) as file:
        rows = json.loads(file.read())
        assert not Path(file.name).exists()
    assert len(rows) == query.count(Filters())
