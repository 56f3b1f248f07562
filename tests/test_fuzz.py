"""Property-based tests: text made of what the rules read (digits, separators, %,
currency and scale words, Vietnamese and English cue words, capitals) never raises,
and every figure's span is inside the text with text[start:end] == quote. The
reader takes any bytes: a Document or a one-line ReadError, never another error."""

from __future__ import annotations

import codecs

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import ReadError, extract_document, extract_text, read_text_bytes

TOKENS = (
    # digits and numbers as written
    "0", "1", "7", "20", "30", "2024", "2030", "1.000", "1,6", "50.000", "1,000,000", "502,8",
    "12,34,567", "3", "99", "100000000000000000000",
    # separators and signs
    ".", ",", " ", "  ", "\u00a0", "-", "–", "—", "/", ":", ";", "(", ")", "+", "−", "~", "'",
    "\n", "\n\n", "\t",
    # percent, currency and scale words
    "%", "phần trăm", "percent", "USD", "$", "US$", "€", "£", "¥", "VND", "đồng", "đô la",
    "tỷ", "triệu", "nghìn", "ngàn", "trăm", "million", "billion", "bn", "M", "K", "cents",
    # Vietnamese and English cue words
    "năm", "đến năm", "mục tiêu", "đạt", "vốn", "đầu tư", "tăng", "giảm", "khoảng", "hơn",
    "ít nhất", "từ", "đến", "top", "thứ", "lớn thứ", "quý", "cùng kỳ", "năm nay", "by", "in",
    "reached", "about", "more than", "between", "and", "to", "rank", "third largest",
    "hai mươi", "mốt", "rưỡi", "thirty-five", "thousand", "hundred", "half",
    # capitals and names
    "Samsung", "FDI", "GDP", "AI", "Việt Nam", "Hàn Quốc", "Tập đoàn", "Công ty", "Inc",
    "ABC", "Q3", "TOP500", "5G", "UNOC 3", "Theo", "PwC",
)

texts = st.lists(
    st.one_of(st.sampled_from(TOKENS), st.text(max_size=3)), max_size=60
).map(" ".join)

FAST = settings(max_examples=80, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def assert_spans(text: str, frame) -> None:
    """Every figure lies inside the text and quotes it exactly."""
    for start, end, quote in zip(frame["start"], frame["end"], frame["quote"], strict=True):
        assert 0 <= start <= end <= len(text)
        assert text[start:end] == quote


@FAST
@given(texts, st.sampled_from([None, "vi", "en"]))
def test_extract_text_spans_quote_the_text(text: str, lang: str | None) -> None:
    assert_spans(text, extract_text(text, lang=lang))


@FAST
@given(texts, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-32"]),
       st.binary(max_size=6), st.integers(min_value=0, max_value=8))
def test_reader_takes_any_bytes(text: str, encoding: str, noise: bytes, cut: int) -> None:
    data = text.encode(encoding, errors="replace")
    data = data[: max(len(data) - cut, 0)] + noise  # truncated and followed by junk
    try:
        doc = read_text_bytes(data, "fuzz.txt")
    except ReadError as exc:
        assert "\n" not in str(exc)
        return
    assert_spans(doc.text, extract_document(doc))


@FAST
@given(st.lists(st.one_of(st.sampled_from(
    ["<div>", "</div>", "<p>", "</p>", "<article>", "<nav>", "<script>", "</script>",
     "<li>", "<td>", "<h1>", "<!--", "-->", "<br>", '<div class="related">', "&amp;", "&#x0;"]),
    texts), max_size=40).map("".join))
def test_html_reader_never_raises_another_error(html: str) -> None:
    try:
        doc = read_text_bytes(html.encode("utf-8"), "fuzz.html")
    except ReadError:
        return
    assert_spans(doc.text, extract_document(doc))


@FAST
@given(st.binary(max_size=400))
def test_reader_takes_random_bytes(data: bytes) -> None:
    for bom in (b"", codecs.BOM_UTF16_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF8):
        try:
            doc = read_text_bytes(bom + data, "random.txt")
        except ReadError as exc:
            assert "\n" not in str(exc)
            continue
        doc.source.encode("utf-8")
        assert_spans(doc.text, extract_document(doc))
