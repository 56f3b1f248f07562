"""The HTML brief: self-contained (plotly.js inline), every chart and every source, article
text escaped; and its PDF printed by Debian's chromium."""

import re

import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from analysis.filters import Filters, apply_filters
from briefing.brief import build_html, build_pdf
from briefing.catalog import briefing_charts
from briefing.images import start_renderer
from briefing.sample import sample_figures
from dashboard.data import typed_figures

EVIL = '</script><script>alert("x")</script><img src=x onerror=alert(1)>'
FILTERS = Filters(kinds=("target", "investment"))
CHARTS = briefing_charts()  # the registry's briefing charts (dashboard.chart_registry)


pytestmark = pytest.mark.slow  # builds whole briefs, their 7 charts and plotly.js


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    df = sample_figures(500, n_docs=7)
    first = df["doc_id"] == df["doc_id"].iloc[0]
    df["doc_title"] = df["doc_title"].astype(object).where(~first, "Tin & số liệu " + EVIL)
    df["sentence"] = df["sentence"].astype(object).where(~first, df["sentence"].astype(str) + EVIL)
    df["entity"] = df["entity"].astype(object).where(~first, EVIL)
    return typed_figures(df)


@pytest.fixture(scope="module")
def view(figures) -> pd.DataFrame:
    return apply_filters(figures, FILTERS)


@pytest.fixture(scope="module")
def page(view, figures) -> str:
    return build_html(view, FILTERS, "en", total=len(figures))


def test_html_is_self_contained(page):
    assert get_plotlyjs()[:2000] in page
    assert not re.search(r"<(script|link|img|iframe)[^>]*\b(src|href)=[\"']?(https?:)?//", page)


def test_html_holds_every_chart_with_its_caption(page, view):
    for spec in CHARTS:
        assert f'<div id="plot-{spec.key}"' in page
        assert f'id="chart-{spec.key}"><h2>{spec.title("en")}</h2>' in page
    assert page.count("Plotly.newPlot(") == len(CHARTS)
    assert page.count('<p class="caption">') == len(CHARTS)


def test_html_lists_every_source_of_the_view(page, view):
    doc_ids = re.findall(r'<li class="source" data-doc-id="([^"]+)"', page)
    assert doc_ids == list(dict.fromkeys(view["doc_id"].astype(str)))
    for title in view["doc_title"].astype(str).unique():
        if EVIL not in title:
            assert f"<b>{title}</b>" in page


def test_html_escapes_article_text(page):
    assert EVIL not in page
    assert "<img src=x" not in page
    assert page.count("<script") == 1 + len(CHARTS)
    assert "<b>Tin &amp; số liệu &lt;/script&gt;&lt;script&gt;alert(&quot;x&quot;)" in page


def test_html_header_gives_counts_and_filters(page, view, figures):
    assert f"{len(view):,} of {len(figures):,} figures, from 7 documents" in page
    assert "<li>Kind: target, investment</li>" in page


@pytest.mark.browser
def test_printable_variant_draws_charts_as_images(view):
    start_renderer()
    page = build_html(view.head(60), FILTERS, "vi", interactive=False)
    assert "<script" not in page
    assert page.count('src="data:image/svg+xml;base64,') == sum(
        1 for spec in CHARTS if spec.rows(view.head(60)).any())


@pytest.mark.browser
def test_pdf_is_printed_by_chromium(view):
    start_renderer()
    pdf = build_pdf(view.head(60), FILTERS, "vi")
    assert pdf[:5] == b"%PDF-"
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) >= 2
