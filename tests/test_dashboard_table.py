"""The table: server-side sort and paging, readable columns."""

import pandas as pd
import pytest

from dashboard.data import typed_figures
from dashboard.synthetic import synthetic_figures
from dashboard.table import display_frame, page_count, page_rows, sort_order


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return typed_figures(synthetic_figures(230, n_docs=5, seed=4))


def test_page_count():
    assert page_count(0) == 1
    assert page_count(50, 50) == 1
    assert page_count(51, 50) == 2


def test_pages_cover_every_row_once(figures):
    ids = []
    for page in range(1, page_count(len(figures), 50) + 1):
        ids += page_rows(figures, "", False, page, 50)["figure_id"].tolist()
    assert ids == figures["figure_id"].tolist()


def test_page_beyond_the_end_gives_the_last_page(figures):
    last = page_rows(figures, page=99, page_size=50)
    assert last["figure_id"].tolist() == figures["figure_id"].tolist()[200:]


def test_sort_by_number_descending_puts_missing_last(figures):
    rows = figures.iloc[sort_order(figures, "value_usd", descending=True)]
    usd = rows["value_usd"]
    known = usd.dropna()
    assert known.is_monotonic_decreasing
    assert usd.iloc[: len(known)].notna().all() and usd.iloc[len(known) :].isna().all()


def test_sort_by_category_is_alphabetical(figures):
    rows = page_rows(figures, "country", False, 1, len(figures))
    countries = rows["country"].dropna().astype(str).tolist()
    assert countries == sorted(countries)
    assert rows["country"].iloc[-1:].isna().all()


def test_display_frame_is_readable(figures):
    shown = display_frame(page_rows(figures, page_size=20))
    assert len(shown) == 20
    assert "Value" in shown and "Figure id" in shown
    money = figures.head(20)["unit"].astype(str).isin(["USD", "VND"]).to_numpy()
    assert shown.loc[money, "USD"].str.endswith("USD").all()
    assert not shown.isna().any().any()
    vi = display_frame(page_rows(figures, page_size=5), lang="vi")
    assert "Giá trị" in vi and "Loại" in vi
