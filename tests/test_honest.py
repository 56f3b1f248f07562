"""Honest aggregation (issue 11): a store built from articles that repeat one
organisation's total and add a top-up charts the organisation at its latest total, keeps
the national stock apart, and the deck caption states the same number."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.filters import Filters, apply_filters
from analysis.honest import aggregate_statistics, organisation_totals
from briefing.catalog import chart_spec
from dashboard.charts import investments_by, investments_plot
from dashboard.data import build_dataset
from dashboard.formatting import format_usd
from extractors import read_document
from store.db import open_store

REPEATS = """Amkor mở rộng nhà máy ở Bắc Ninh

Bắc Ninh, 12/3/2024. Tập đoàn Amkor (Mỹ) đã nâng tổng vốn đầu tư tại nhà máy ở Bắc Ninh \
lên 1,6 tỷ USD.
Tổng vốn đầu tư của Amkor tại Bắc Ninh là 1,6 tỷ USD, theo lãnh đạo tỉnh.
Với tổng vốn đầu tư 1,6 tỷ USD, Amkor là một trong những nhà đầu tư lớn nhất của tỉnh.
Trước đó, Amkor đã rót thêm 1,07 tỷ USD vào nhà máy trong năm 2024.
Lũy kế đến hết năm 2023, tổng vốn FDI đăng ký của cả nước đạt 468,9 tỷ USD.
"""

EARLIER = """Amkor khánh thành nhà máy

Bắc Ninh, 11/10/2023. Tập đoàn Amkor (Mỹ) khánh thành nhà máy tại Bắc Ninh với tổng vốn \
đầu tư 530 triệu USD.
Samsung rót thêm 2 tỷ USD vào nhà máy ở Thái Nguyên trong năm 2023.
"""


@pytest.fixture()
def figures(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "amkor-2024.txt").write_text(REPEATS, encoding="utf-8")
    (folder / "amkor-2023.txt").write_text(EARLIER, encoding="utf-8")
    store = open_store(tmp_path / "store.sqlite")
    store.ingest_paths([folder])
    return build_dataset(store).visible


def test_roles_are_read_from_the_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(REPEATS, encoding="utf-8")
    from extractors import extract_document

    rows = extract_document(read_document(path))
    amkor = rows[rows["entity"] == "Amkor"]
    assert set(amkor.loc[amkor["value"] == 1.6e9, "role"]) == {"total"}
    assert set(amkor.loc[(amkor["value"] - 1.07e9).abs() < 1, "role"]) == {"increment"}
    assert (amkor["investor_country"] == "USA").all()


def test_organisation_is_charted_at_its_latest_total(figures):
    amkor = figures[(figures["entity"] == "Amkor") & (figures["kind"] == "investment")]
    assert len(amkor) >= 4  # three mentions of the total, a top-up, an older total
    orgs = organisation_totals(figures).set_index("entity")
    assert orgs.loc["Amkor", "total_usd"] == pytest.approx(1.6e9)
    assert orgs.loc["Amkor", "basis"] == "latest_total"
    assert orgs.loc["Amkor", "as_of"] == "2024-03-12"
    # An organisation without a total: its distinct amounts.
    assert orgs.loc["Samsung", "total_usd"] == pytest.approx(2e9)
    agg = investments_by(figures, "entity").set_index("entity")
    assert agg.loc["Amkor", "total_usd"] == pytest.approx(1.6e9)
    bars = investments_plot(investments_by(figures, "entity"), "entity")
    assert max(bars.data[0].x) == pytest.approx(2e9)
    assert "(none)" not in list(bars.data[0].y)


def test_national_stock_is_apart_from_organisations(figures):
    stock = aggregate_statistics(figures)
    assert stock["value_usd"].max() == pytest.approx(468.9e9)
    for by in ("entity", "country", "sector", "investor_country"):
        assert investments_by(figures, by)["total_usd"].sum() == pytest.approx(3.6e9)


def test_deck_caption_states_the_chart_number(figures):
    caption = chart_spec("investments_entity").caption(figures, "en")
    assert f"{format_usd(3.6e9)} in all" in caption
    assert "Samsung, 2 B USD" in caption
    only_amkor = apply_filters(figures, Filters(entities=("Amkor",)))
    caption = chart_spec("investments_entity").caption(only_amkor, "en")
    assert f"Amkor, {format_usd(1.6e9)} (100%), latest reported total, as of 2024-03-12" \
        in caption
    vi = chart_spec("investments_entity").caption(only_amkor, "vi")
    assert "Amkor, 1,6 tỷ USD" in vi


def test_investor_country_view_of_the_bundled_data(tmp_path):
    store = open_store(tmp_path / "bundled.sqlite")
    store.ingest_paths(["data/"])
    shown = build_dataset(store).visible
    korean = apply_filters(shown, Filters(kinds=("investment",),
                                          investor_countries=("USA",)))
    assert set(korean["entity"]) == {"Amkor"}


SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "vi"


@pytest.mark.skipif(not SHARED.is_dir(), reason="../shared/corpus is not beside the project")
def test_korean_groups_by_investor_country(tmp_path):
    # The bundled articles hold no Korean group's investment; the shared corpus does.
    store = open_store(tmp_path / "corpus.sqlite")
    store.ingest_paths([SHARED / "vi05_samsung_display_2017.txt",
                        SHARED / "vi11_fdi_electronics_2021.txt"])
    shown = build_dataset(store).visible
    korean = apply_filters(shown, Filters(kinds=("investment",),
                                          investor_countries=("South Korea",)))
    assert {"Samsung Display", "Samsung", "LG"} <= set(korean["entity"].astype(str))
    assert (korean["country"].astype(str) == "Vietnam").all()
    orgs = organisation_totals(korean).set_index("entity")
    assert orgs.loc["Samsung Display", "total_usd"] == pytest.approx(6.5e9)
    assert orgs.loc["Samsung Display", "basis"] == "latest_total"
    agg = investments_by(shown, "investor_country").set_index("investor_country")
    assert {"South Korea", "Taiwan"} <= set(agg.index)
