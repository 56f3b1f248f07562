"""Adding documents from the app: good files are stored once, bad ones change nothing."""

import pytest

from dashboard.uploads import add_bytes, add_text
from store.db import Store, open_store

ARTICLE = (
    "Amkor khánh thành nhà máy 1,6 tỷ USD tại Bắc Ninh. Mục tiêu đến năm 2030 "
    "đào tạo 50.000 kỹ sư bán dẫn."
).encode()


@pytest.fixture
def store(tmp_path) -> Store:
    return open_store(tmp_path / "uploads.sqlite")


def _counts(store: Store) -> tuple[int, int, int]:
    return store.count_documents(), len(store.figures()), store.revision()


def test_upload_is_extracted_and_stored_once(store):
    result = add_bytes(store, "bac-ninh.txt", ARTICLE)
    assert result.status == "added" and result.figures == len(store.figures()) > 0
    assert store.documents()["title"].iloc[0].startswith("Amkor khánh thành")
    again = add_bytes(store, "copy.txt", ARTICLE)
    assert again.status == "already"
    assert store.count_documents() == 1


def test_html_upload_keeps_article_text(store):
    page = (
        "<html><head><title>Tin</title></head><body><nav>Menu 2024</nav>"
        f"<article><h1>Đầu tư</h1><p>{ARTICLE.decode()}</p></article></body></html>"
    ).encode()
    result = add_bytes(store, "page.html", page)
    assert result.status == "added"
    text = store.document(store.documents()["doc_id"].iloc[0]).text
    assert "Menu" not in text and "Bắc Ninh" in text


@pytest.mark.parametrize(
    ("name", "data"),
    [("binary.txt", bytes(range(256)) * 4), ("empty.md", b""), ("blank.txt", b"   \n ")],
)
def test_bad_upload_is_refused_and_changes_nothing(store, name, data):
    add_bytes(store, "good.txt", ARTICLE)
    before = _counts(store)
    result = add_bytes(store, name, data)
    assert result.status == "rejected"
    assert result.reason and "\n" not in result.reason
    assert _counts(store) == before


def test_extractor_failure_is_refused(store, monkeypatch):
    def broken(doc, config=None):
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("dashboard.uploads.extract_figures", broken)
    result = add_bytes(store, "good.txt", ARTICLE)
    assert (result.status, result.reason) == ("rejected", "extraction failed: boom")
    assert _counts(store) == (0, 0, 0)


def test_pasted_text_with_title(store):
    result = add_text(store, ARTICLE.decode(), title="Ghi chú của tôi")
    assert result.status == "added"
    assert store.documents()["title"].tolist() == ["Ghi chú của tôi"]
    assert add_text(store, "   ").status == "rejected"
