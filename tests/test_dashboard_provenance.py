"""Provenance: the sentence with the figure highlighted, always escaped."""

import pandas as pd

from dashboard.provenance import (
    find_figure,
    highlight_sentence,
    provenance_html,
    quote_span,
    source_link,
)

ROW = {
    "figure_id": "abc123",
    "doc_id": "001_x",
    "doc_title": "Việt Nam & <AI>",
    "doc_published": "2025-04-17",
    "source": "data/001_x.txt",
    "sentence": "Đến năm 2030, đào tạo 50.000 kỹ sư AI <b>ngay</b>.",
    "sentence_start": 100,
    "start": 122,
    "end": 128,
    "quote": "50.000",
    "value": 50_000.0,
    "value_high": None,
    "unit": "count",
    "qualifier": None,
    "value_usd": None,
    "value_usd_high": None,
    "kind": "target",
    "year": 2030,
    "country": "Vietnam",
    "sector": "workforce",
    "entity": None,
    "measure": "kỹ sư AI",
    "rule": "count.vi+year.by",
}


def test_quote_span_prefers_the_recorded_offset():
    assert quote_span("5% and 5%", "5%", 7) == (7, 9)
    assert quote_span("5% and 5%", "5%", 3) == (0, 2)  # wrong offset: first occurrence
    assert quote_span("no figure", "5%", 0) is None


def test_highlight_marks_the_figure():
    html = highlight_sentence(ROW["sentence"], "50.000", 22)
    assert '50.000</mark> kỹ sư AI' in html
    assert html.startswith("Đến năm 2030, đào tạo <mark")


def test_highlight_escapes_article_text():
    html = highlight_sentence('<script>alert("x")</script> costs $5 & 10%', "10%", None)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp;" in html
    assert ">10%</mark>" in html


def test_quote_with_markup_is_escaped_inside_the_mark():
    html = highlight_sentence("a <i>5</i> b", "<i>5</i>", 2)
    assert ">&lt;i&gt;5&lt;/i&gt;</mark>" in html


def test_source_link_only_for_http():
    assert source_link("https://vnexpress.net/a?b=1&c=2").startswith('<a href="https://')
    assert "&amp;c=2" in source_link("https://vnexpress.net/a?b=1&c=2")
    assert source_link("javascript:alert(1)") == "<code>javascript:alert(1)</code>"
    assert source_link("data/<x>.txt") == "<code>data/&lt;x&gt;.txt</code>"


def test_provenance_card_shows_sentence_document_date_path_rule():
    html = provenance_html(ROW)
    assert "<mark>50.000</mark>" in html
    assert "&lt;b&gt;ngay&lt;/b&gt;" in html and "<b>ngay</b>" not in html
    assert "Việt Nam &amp; &lt;AI&gt;" in html
    for text in ("2025-04-17", "001_x.txt", "count.vi+year.by", "50,000", "2030"):
        assert text in html
    assert "data/001_x.txt" not in html  # never a local folder


def test_provenance_card_in_vietnamese_with_usd():
    row = {**ROW, "unit": "VND", "value": 26_000e9, "value_usd": 1.04e9, "quote": "50.000"}
    html = provenance_html(row, lang="vi")
    assert "Ngày đăng" in html and "Quy tắc" in html
    assert "26 T VND (≈ 1.04 B USD)" in html


def test_find_figure():
    df = pd.DataFrame([ROW, {**ROW, "figure_id": "other"}])
    assert find_figure(df, "other")["figure_id"] == "other"
    assert find_figure(df, "missing") is None
    assert find_figure(df, "") is None
