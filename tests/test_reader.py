"""Reading files: encodings, HTML article text, bad files."""

import unicodedata

import pytest

from extractors import ReadError, extract_document, read_document, read_text_bytes

VI = "Tổng vốn đầu tư đạt 1,6 tỷ USD trong năm 2024."
TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258(text: str) -> bytes:
    """Vietnamese as Windows-1258 writes it: letters precomposed, tone marks apart."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES))
        out.append(base + "".join(c for c in parts if c in TONES))
    return "".join(out).encode("cp1258")


def encode(text: str, encoding: str) -> bytes:
    return cp1258(text) if encoding == "cp1258" else text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
def test_vietnamese_in_any_encoding(tmp_path, encoding: str) -> None:
    path = tmp_path / f"note_{encoding}.txt"
    path.write_bytes(encode(VI, encoding))
    doc = read_document(path)
    figures = extract_document(doc)
    assert figures.value.tolist() == [1.6e9]
    assert figures.unit.tolist() == ["USD"]
    row = figures.iloc[0]
    assert doc.text[row.start:row.end] == row.quote


def test_latin1_english(tmp_path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes("The café chain invested £20 million in 2023.".encode("latin-1"))
    doc = read_document(path)
    assert "café" in doc.text
    figures = extract_document(doc)
    assert figures[["value", "unit"]].values.tolist() == [[20e6, "GBP"]]


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty file"), (b"  \n\n", "empty file"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary")],
)
def test_bad_files_raise_one_line(data: bytes, reason: str) -> None:
    with pytest.raises(ReadError) as err:
        read_text_bytes(data, "bad.txt")
    assert reason in str(err.value)
    assert "\n" not in str(err.value)


def test_html_keeps_article_drops_furniture() -> None:
    html = b"""<html><head><title>Chip news</title><script>var x = 5000000;</script></head>
    <body><nav>Home | 2024 Awards | Top 10 lists</nav>
    <article><h1>Amkor expands</h1><p>Amkor will invest $1.6 billion in Vietnam.</p>
    <div class="related">Related: 300 firms join 5 programs</div></article>
    <footer>Comment (3) | 1,000 readers</footer></body></html>"""
    doc = read_text_bytes(html, "page.html")
    assert doc.title == "Amkor expands"
    assert "Related" not in doc.text and "readers" not in doc.text
    figures = extract_document(doc)
    assert figures.quote.tolist() == ["$1.6 billion"]
    assert doc.text[figures.start[0]:figures.end[0]] == "$1.6 billion"


def test_published_date_and_hash(tmp_path) -> None:
    path = tmp_path / "dated.txt"
    path.write_text("Hà Nội, 29/10/2025\n" + VI, encoding="utf-8")
    doc = read_document(path)
    assert doc.published == "2025-10-29"
    assert doc.doc_id == "dated" and len(doc.content_hash) == 64
    assert doc.lang == "vi"


def test_title_skips_a_date_stamp_and_ends_at_a_word(tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("date 2025-09-19 Hợp tác bán dẫn Việt - Hàn " + "rất dài " * 40 + "\nThân bài.",
                    encoding="utf-8")
    doc = read_document(path)
    assert doc.title.startswith("Hợp tác bán dẫn Việt - Hàn")
    assert doc.title.endswith("…") and len(doc.title) <= 201
    assert doc.title[:-1].split()[-1] in ("rất", "dài")  # cut between words
    assert doc.published == "2025-09-19"
