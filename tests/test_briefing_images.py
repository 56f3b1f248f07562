"""Chart images through real kaleido + Debian chromium: valid PNG/SVG files of the requested
size, with title, units and source line drawn on them."""

import struct
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from briefing.catalog import briefing_charts, chart_rows, chart_spec
from briefing.images import ImageSize, chart_image, image_name, render, start_renderer
from briefing.sample import sample_figures
from briefing.summary import source_note
from briefing.text import bt

pytestmark = pytest.mark.browser
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHARTS = briefing_charts()  # the registry's briefing charts (dashboard.chart_registry)
TARGETS = chart_spec("targets")


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    start_renderer()
    return sample_figures(600, n_docs=8)


def png_header_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


def svg_root(data: bytes) -> ET.Element:
    root = ET.fromstring(data)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    return root


@pytest.mark.parametrize(
    ("size", "pixels"),
    [(ImageSize(), (2400, 1350)), (ImageSize(800, 600, 1.0), (800, 600)),
     (ImageSize(640, 360, 3.0), (1920, 1080))],
)
def test_png_has_the_requested_pixel_size(figures, size, pixels):
    assert size.pixels() == pixels
    assert png_header_size(chart_image(figures, TARGETS, "png", "en", size)) == pixels


@pytest.mark.parametrize(
    ("size", "attributes"),
    [(ImageSize(1000, 500, 1.0), ("1000", "500", "0 0 1000 500")),
     (ImageSize(1000, 500, 2.0), ("2000", "1000", "0 0 1000 500"))],
)
def test_svg_root_has_the_requested_size(figures, size, attributes):
    root = svg_root(chart_image(figures, TARGETS, "svg", "en", size))
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == attributes


@pytest.mark.parametrize("spec", CHARTS, ids=lambda s: s.key)
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_chart_draws_title_units_and_source(figures, spec, lang):
    text = "".join(svg_root(chart_image(figures, spec, "svg", lang)).itertext())
    assert spec.title(lang) in text
    assert bt(spec.units_key, lang) in text
    assert source_note(chart_rows(figures, spec), lang) in text


def test_source_line_counts_only_the_charts_articles(figures):
    one_doc = figures["doc_id"] == figures.loc[figures["kind"] == "investment", "doc_id"].iloc[0]
    view = figures[one_doc | (figures["kind"] != "investment")]
    text = "".join(svg_root(chart_image(view, CHARTS[1], "svg")).itertext())
    assert "Source: 1 article, " in text


def test_unknown_format_is_refused(figures):
    with pytest.raises(ValueError, match="png or svg"):
        render(TARGETS.build(figures, "en"), "gif")


def test_image_names():
    assert image_name(TARGETS, "svg", "20260101") == "targets-20260101.svg"
    assert image_name(TARGETS, "png") == "targets.png"
