"""Citable sources (issue 11): title, outlet, date and URL from page metadata, a sidecar
file, front matter or the upload form; no local path in the deck, brief or exports; the
deck's sources are citations and its slides carry speaker notes."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from pptx import Presentation

from analysis.filters import Filters
from briefing.brief import build_html, sources_section
from briefing.deck import build_deck
from briefing.summary import source_documents
from dashboard.citation import citation, public_source
from dashboard.data import build_dataset
from dashboard.exports import to_csv, to_excel, to_json
from dashboard.uploads import add_bytes, add_text
from extractors import read_document
from extractors.metadata import text_metadata
from store.db import open_store

PAGE = """<html><head><title>Amkor | Tin nhanh VnE</title>
<meta property="og:site_name" content="VnExpress">
<meta property="og:title" content="Amkor nâng vốn nhà máy Bắc Ninh lên 1,6 tỷ USD">
<meta property="og:url" content="https://vnexpress.net/amkor-nang-von-4711.html">
<meta property="article:published_time" content="2024-03-12T08:00:00+07:00">
</head><body><nav>Trang chủ</nav><article><h1>Amkor nâng vốn</h1>
<p>Tập đoàn Amkor (Mỹ) đã rót thêm 1,07 tỷ USD, nâng tổng vốn đầu tư tại nhà máy ở Bắc Ninh
lên 1,6 tỷ USD.</p><p>Việt Nam đặt mục tiêu đào tạo 50.000 kỹ sư bán dẫn đến năm 2030.</p>
</article></body></html>"""

TEXT = "Samsung will invest an additional $2 billion in its Bac Ninh plant in 2025.\n"


@pytest.fixture()
def store_and_folder(tmp_path):
    folder = tmp_path / "private" / "articles"
    folder.mkdir(parents=True)
    (folder / "amkor.html").write_text(PAGE, encoding="utf-8")
    (folder / "samsung.txt").write_text(TEXT, encoding="utf-8")
    (folder / "samsung.txt.json").write_text(json.dumps({
        "title": "Samsung adds $2 billion in Bac Ninh", "outlet": "Reuters",
        "url": "https://www.reuters.com/samsung-bac-ninh", "published": "2025-01-05"}),
        encoding="utf-8")
    store = open_store(tmp_path / "store.sqlite")
    store.ingest_paths([folder])
    return store, folder


def test_page_metadata_and_sidecar_give_citable_documents(store_and_folder):
    store, folder = store_and_folder
    docs = store.documents().set_index("doc_id")
    assert docs.loc["amkor", "title"] == "Amkor nâng vốn nhà máy Bắc Ninh lên 1,6 tỷ USD"
    assert docs.loc["amkor", "outlet"] == "VnExpress"
    assert docs.loc["amkor", "url"] == "https://vnexpress.net/amkor-nang-von-4711.html"
    assert docs.loc["amkor", "published"] == "2024-03-12"
    assert docs.loc["samsung", "outlet"] == "Reuters"
    assert docs.loc["samsung", "published"] == "2025-01-05"
    # The user's date wins over the page's.
    assert read_document(folder / "amkor.html", published="2024-04-01").published == "2024-04-01"


def test_front_matter_and_source_line():
    meta = text_metadata("---\ntitle: Chip plan\noutlet: Nhân Dân\ndate: 2024-05-06\n---\nBody")
    assert (meta.title, meta.outlet, meta.published) == ("Chip plan", "Nhân Dân", "2024-05-06")
    assert text_metadata("Body.\n\nNguồn: https://baochinhphu.vn/x-1.htm\n").url == \
        "https://baochinhphu.vn/x-1.htm"


def test_citations_never_name_a_local_folder():
    row = {"doc_title": "T", "source": "/home/lan/secret/a.txt", "doc_published": "2024-01-02"}
    assert citation(row) == "T. 2024-01-02. [a.txt]"
    assert public_source("/home/lan/secret/a.txt") == "a.txt"
    assert citation({**row, "doc_outlet": "VnExpress", "doc_url": "https://vnexpress.net/a"}) \
        == "T. VnExpress, 2024-01-02. https://vnexpress.net/a"


def test_exports_and_brief_hold_no_local_path(store_and_folder):
    store, folder = store_and_folder
    view = build_dataset(store).visible
    private = str(folder.parent)
    for payload in (to_csv(view), to_json(view)):
        assert private not in payload.decode("utf-8-sig")
    with zipfile.ZipFile(io.BytesIO(to_excel(view, filters=["Kind: investment"]))) as book:
        xml = "".join(book.read(n).decode("utf-8") for n in book.namelist()
                      if n.endswith(".xml"))
    assert private not in xml and "Kind: investment" in xml
    page = build_html(view, Filters(), "en")  # interactive: no browser needed
    assert private not in page
    section = sources_section(source_documents(view), "en")
    assert private not in section
    assert "VnExpress" in section and "https://www.reuters.com/samsung-bac-ninh" in section
    for doc in source_documents(view):
        assert doc.title and (doc.outlet or doc.url)


def test_upload_fields_give_outlet_and_url(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    result = add_text(store, "FPT sẽ đầu tư 200 triệu USD vào nhà máy AI trong năm 2025.",
                      "FPT đầu tư nhà máy AI", None, "Báo Đầu tư", "https://baodautu.vn/fpt")
    assert result.status == "added"
    doc = store.documents().iloc[0]
    assert (doc["outlet"], doc["url"]) == ("Báo Đầu tư", "https://baodautu.vn/fpt")
    bad = add_bytes(store, "x.txt", b"Intel invests $1 billion in 2024.", None, "", "file:///etc")
    assert bad.status == "added" and store.documents().iloc[-1]["url"] == ""


@pytest.mark.browser
def test_deck_cites_sources_with_notes_and_no_path(store_and_folder):
    store, folder = store_and_folder
    view = build_dataset(store).visible
    deck = Presentation(io.BytesIO(build_deck(view, Filters(), "en", title="Chips briefing")))
    slides = list(deck.slides)
    texts = ["\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
             for slide in slides]
    assert texts[0].startswith("Chips briefing")
    everything = "\n".join(texts) + "\n".join(
        s.notes_slide.notes_text_frame.text for s in slides if s.has_notes_slide)
    assert str(folder.parent) not in everything
    sources = texts[-1]
    assert "VnExpress" in sources and "Reuters" in sources
    assert "https://vnexpress.net/amkor-nang-von-4711.html" in sources
    titles = [s.shapes.title.text_frame.text for s in slides[1:]]
    assert "Targets" in titles
    for slide in slides[1:-1]:
        notes = slide.notes_slide.notes_text_frame.text
        assert "“" in notes and ("VnExpress" in notes or "Reuters" in notes)
