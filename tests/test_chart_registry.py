"""The chart registry: every chart declared once (builder, titles, switch, URL keys, place
on the page, briefing charts), and the app and the briefing drawing whatever it holds."""

import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from helpers import new_app, run
from pageparts import bundled_store

from briefing.catalog import briefing_charts, chart_keys, charts_with_data
from briefing.cli import build_parser
from briefing.downloads import image_downloads
from dashboard import chart_registry
from dashboard.chart_registry import (
    PANELS,
    Briefed,
    ChartEntry,
    Slot,
    Switch,
    briefing_entries,
    build_plot,
    caption_text,
    chart_title,
    charts,
    counted_as,
    layout,
    options,
    source_text,
    switch_keys,
    url_keys,
)
from dashboard.charts import figures_by, source_line
from dashboard.data import DB_ENV, load_figures
from dashboard.i18n import LANGUAGES, TEXT, tr
from store.db import Store


@pytest.fixture(scope="module")
def bundled_db(tmp_path_factory) -> Path:
    return bundled_store(tmp_path_factory.mktemp("registry"))


@pytest.fixture(scope="module")
def bundled(bundled_db) -> pd.DataFrame:
    return load_figures(Store(bundled_db))


def kinds_plot(agg: pd.DataFrame, by: str, lang: str, counting: str) -> go.Figure:
    """A test chart's builder: figures per group of `by`."""
    return go.Figure(go.Bar(x=agg[by].astype(str).tolist(), y=agg["figures"].tolist()),
                     layout={"title": {"text": tr("kind", lang)}})


NEW_CHART = ChartEntry(
    key="chart_kinds", title="kind",
    aggregate=lambda rows, by, lang: figures_by(rows, by), plot=kinds_plot,
    slot=Slot(row=2, column=0),
    switch=Switch("kinds_by", ("country", "sector"), title="group_by",
                  labels={"country": "country", "sector": "sector"}),
    briefing=(Briefed("kinds", "country"),),
)


@pytest.fixture
def with_new_chart(monkeypatch) -> ChartEntry:
    """The registry with one more chart, registered as a contributor would (nothing else)."""
    monkeypatch.setattr(chart_registry, "REGISTRY", (*chart_registry.REGISTRY, NEW_CHART))
    return NEW_CHART


@pytest.mark.parametrize("entry", charts(), ids=lambda e: e.key)
def test_every_chart_builds_a_plot_on_the_bundled_and_an_empty_frame(entry, bundled):
    assert entry.slot.panel in PANELS
    for option in options(entry):
        for counting in entry.counting:
            plot = build_plot(entry, bundled, option, "vi", counting)
            assert isinstance(plot, go.Figure) and plot.data, f"{entry.key} ({option})"
            title = plot.layout.title.text or ""
            assert not re.fullmatch(r"[a-z0-9_]+", title), f"untranslated title {title!r}"
            assert isinstance(build_plot(entry, bundled.head(0), option, "vi", counting),
                              go.Figure)


def _text_keys(entry: ChartEntry) -> list[str]:
    """Every i18n key an entry names."""
    keys = [entry.title, *entry.notes, *([entry.units] if entry.units else [])]
    if entry.switch:
        keys += [entry.switch.title, *entry.switch.labels.values()]
        keys += [entry.switch.help] if entry.switch.help else []
    return keys


@pytest.mark.parametrize("entry", charts(), ids=lambda e: e.key)
def test_every_title_and_label_is_in_both_languages(entry):
    for key in _text_keys(entry):
        assert key in TEXT, f"{entry.key}: no text for {key!r} in dashboard/i18n.py"
        assert all(TEXT[key].get(lang) for lang in LANGUAGES), f"{key}: a language is missing"
    if entry.switch:
        assert set(entry.switch.labels) == set(entry.switch.options)


def test_url_and_widget_keys_are_unique():
    keys = [key for entry in charts() for key in url_keys(entry)]
    widgets = [entry.key for entry in charts()]
    assert len(set(keys)) == len(keys)
    assert len(set(widgets)) == len(widgets)
    assert keys == ["chart_targets_view", "tgt_view", "chart_investments_view", "inv_by",
                    "chart_sector_view", "chart_country_view"]
    assert switch_keys() == ["tgt_view", "inv_by"]


def test_layout_is_the_page_of_before():
    grid = [[[entry.key for entry in cell] for cell in row] for row in layout()]
    assert grid == [[["chart_targets"], ["chart_investments", "chart_aggregates"]],
                    [["chart_sector"], ["chart_country"]]]


def test_briefing_catalog_is_the_registry_briefing_entries(bundled):
    entries = briefing_entries()
    specs = briefing_charts()
    assert [spec.key for spec in specs] == [briefed.key for _, briefed in entries]
    assert chart_keys() == ["targets", "investments_entity", "investments_investor_country",
                            "investments_country", "investments_sector", "figures_sector",
                            "figures_country"]
    for spec, (entry, briefed) in zip(specs, entries, strict=True):
        option = briefed.option or entry.option
        assert option in options(entry)
        assert spec.units_key == entry.units
        for lang in LANGUAGES:
            assert spec.title(lang) == chart_title(entry, option, lang)
            assert spec.caption(bundled, lang) == caption_text(entry, bundled, option, lang)
        assert spec.build(bundled, "en").to_json() == \
            build_plot(entry, bundled, option, "en").to_json()


def test_titles_name_the_switch_option_where_it_says():
    investments, targets = (next(e for e in charts() if e.key == k)
                            for k in ("chart_investments", "chart_targets"))
    assert chart_title(investments, "investor_country") == "Investments in USD · Investor country"
    assert chart_title(investments, "entity", "vi") == "Đầu tư quy đổi USD · Tổ chức"
    assert chart_title(targets, "markers") == "Targets by target year"


def test_source_text_cites_the_chart_rows_then_its_notes(bundled):
    by_key = {entry.key: entry for entry in charts()}
    assert source_text(by_key["chart_sector"], bundled) == source_line(bundled)
    investments = source_text(by_key["chart_investments"], bundled)
    assert investments.endswith(f". {tr('sum_note')} {tr('honest_note')}")
    assert source_text(by_key["chart_aggregates"], bundled, "vi") == tr("aggregates_note", "vi")


def test_a_chart_without_commitments_counts_mentions_and_has_a_plain_caption(bundled):
    mentions_only = ChartEntry("chart_x", "kind", NEW_CHART.aggregate, kinds_plot,
                               Slot(0, 0), option="country", counting=("figures",))
    assert counted_as(mentions_only, "commitments") == "figures"
    assert counted_as(NEW_CHART, "commitments") == "commitments"
    assert caption_text(mentions_only, bundled, "country") == f"{len(bundled)} figures."


def test_a_new_entry_reaches_the_briefing_without_other_edits(with_new_chart, bundled):
    assert chart_keys()[-1] == "kinds"
    assert "kinds" in build_parser().parse_args(["--out", "x.png", "--chart", "kinds"]).chart
    assert [spec.key for spec in charts_with_data(bundled)][-1] == "kinds"
    images = image_downloads(bundled, "en", stamp="20260101")
    assert [d.file_name for d in images[-2:]] == ["kinds-20260101.png", "kinds-20260101.svg"]
    spec = briefing_charts()[-1]
    assert spec.title("vi") == "Loại"
    assert spec.caption(bundled, "en") == f"{len(bundled)} figures."
    bars = spec.build(bundled, "en").data[0]
    assert sum(bars.y) == len(bundled)


@pytest.mark.slow  # the app through Streamlit's AppTest
def test_a_new_entry_appears_in_the_app_without_other_edits(with_new_chart, bundled_db,
                                                            bundled, monkeypatch):
    monkeypatch.setenv(DB_ENV, str(bundled_db))
    at = new_app()
    at.query_params["kinds_by"] = "sector"
    run(at)
    drawn = [c for c in at.get("plotly_chart") if c.proto.id.endswith("chart_kinds")]
    assert len(drawn) == 1
    bars = json.loads(drawn[0].proto.spec)["data"][0]
    assert set(bars["x"]) == set(figures_by(bundled, "sector")["sector"].astype(str))
    assert at.segmented_control(key="kinds_by").value == "sector"
    assert any(c.value.startswith("Source:") for c in at.caption)
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[6:] == ["PNG", "SVG"] * 8
    assert any(m.value == "Kind" for m in at.markdown)
