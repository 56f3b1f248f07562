"""The Streamlit downloads: one button per file, each building a valid file on demand."""

import io

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from analysis.filters import Filters
from briefing.downloads import image_downloads, pack_downloads
from briefing.images import start_renderer
from briefing.sample import sample_figures


def briefing_page() -> None:
    from analysis.filters import Filters
    from briefing.sample import sample_figures
    from briefing.ui import render_briefing_downloads

    render_briefing_downloads(sample_figures(120, n_docs=3), Filters(kinds=("target",)), "vi")


@pytest.mark.slow
def test_page_offers_deck_briefs_and_every_chart_image():
    at = AppTest.from_function(briefing_page).run(timeout=60)
    assert not at.exception
    labels = [button.label for button in at.get("download_button")]
    assert labels[:3] == ["Tải bộ slide (.pptx)", "Tải bản tin (.html)", "Tải bản tin (.pdf)"]
    assert labels[3:] == ["PNG", "SVG"] * 7


def test_downloads_name_their_files():
    df = sample_figures(60, n_docs=2)
    pack = pack_downloads(df, Filters(), "en", stamp="20260101")
    assert [d.file_name for d in pack] == [
        "briefing-20260101.pptx", "briefing-20260101.html", "briefing-20260101.pdf"]
    images = image_downloads(df[df["kind"] == "statistic"], "en", stamp="20260101")
    assert images[0].file_name == "targets-20260101.png" and not images[0].enabled
    assert images[-1].file_name == "figures_country-20260101.svg" and images[-1].enabled


def test_html_download_builds_the_brief():
    (_, page, _) = pack_downloads(sample_figures(60, n_docs=2), Filters(), "en")
    html = page.build().decode("utf-8")
    assert html.startswith("<!DOCTYPE html>") and html.count("Plotly.newPlot(") == 7


@pytest.mark.browser
def test_image_and_deck_downloads_build_files():
    start_renderer()
    df = sample_figures(60, n_docs=2)
    statistics = df[df["kind"] == "statistic"]
    svg = image_downloads(statistics, "en")[-1]
    assert svg.mime == "image/svg+xml" and svg.build().startswith(b"<svg")
    deck, _, _ = pack_downloads(statistics, Filters(kinds=("statistic",)), "en")
    assert len(Presentation(io.BytesIO(deck.build())).slides) == 1 + 2 + 1 + 1
    assert deck.mime.endswith("presentationml.presentation")
