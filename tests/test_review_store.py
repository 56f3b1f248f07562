"""Reviews in the SQLite store: written with who and when, an append-only audit trail,
and kept attached to their figures when extraction runs again with another config."""

import copy
import hashlib
import sqlite3
from pathlib import Path

import pytest
import yaml

from dashboard.data import FINGERPRINT_KEY, build_dataset, prepare_store, reviewed_figures
from extractors import Document, extract_document, load_config
from store.db import REVIEW_TABLE_COLUMNS, Store, open_store
from store.review import ReviewError

TEXT = (
    "Việt Nam đặt mục tiêu đào tạo 50.000 kỹ sư AI đến năm 2030. "
    "Amkor đã nâng vốn đầu tư nhà máy ở Bắc Ninh lên 1,6 tỷ USD. "
    "Đến năm 2030, Việt Nam phấn đấu có 100.000 kỹ sư bán dẫn."
)


def _doc(text: str = TEXT, doc_id: str = "plan") -> Document:
    return Document(doc_id=doc_id, text=text, title="Kế hoạch nhân lực", published="2025-04-01",
                    content_hash=hashlib.sha256(text.encode()).hexdigest())


@pytest.fixture
def store(tmp_path) -> Store:
    store = open_store(tmp_path / "reviews.sqlite")
    doc = _doc()
    store.ingest_document(doc, extract_document(doc))
    return store


def _figure(store: Store, quote_start: str) -> dict:
    figures = store.figures()
    return figures[figures["quote"].str.startswith(quote_start)].iloc[0].to_dict()


def _review(store: Store, figure: dict, status: str, reviewer: str = "An", **kwargs) -> None:
    key = store.content_hash_of(figure["doc_id"])
    store.save_review(key, figure["start"], figure["end"], status, reviewer, figure=figure,
                      **kwargs)


def test_a_review_is_stored_with_who_when_and_logged(store):
    figure = _figure(store, "50.000")
    revision, figures_revision = store.revision(), store.figures_revision()
    _review(store, figure, "corrected", corrections={"value": 20000}, comment="đọc lại nguồn")
    reviews = store.reviews()
    assert len(reviews) == 1
    row = reviews.iloc[0]
    assert (row["status"], row["reviewer"], row["comment"]) == ("corrected", "An", "đọc lại nguồn")
    assert row["corrections"] == {"value": 20000.0}
    assert row["doc_id"] == "plan" and row["figure_id"] == figure["figure_id"]
    assert row["extracted"]["value"] == 50000 and row["reviewed_at"].endswith("+00:00")
    assert store.revision() == revision + 1  # cached views refresh ...
    assert store.figures_revision() == figures_revision  # ... without reloading the figures
    _review(store, figure, "accepted", reviewer="Bình")
    assert store.reviews()["status"].tolist() == ["accepted"]  # one review per figure
    log = store.review_log()
    assert log["action"].tolist() == ["corrected", "accepted"]
    assert log["reviewer"].tolist() == ["An", "Bình"]


def test_clearing_a_review_is_logged(store):
    figure = _figure(store, "1,6")
    _review(store, figure, "rejected")
    key = store.content_hash_of("plan")
    assert store.clear_review(key, figure["start"], figure["end"], "An", "nhầm") is True
    assert store.reviews().empty
    assert store.clear_review(key, figure["start"], figure["end"], "An") is False
    assert store.review_log()["action"].tolist() == ["rejected", "cleared"]


def test_a_review_of_a_span_no_figure_has_is_refused(store):
    figure = _figure(store, "50.000")
    key = store.content_hash_of("plan")
    revision = store.revision()
    with pytest.raises(ReviewError, match="moved") as refused:
        store.save_review(key, figure["start"], figure["end"] + 1, "accepted", "An")
    assert refused.value.key == "err_moved"
    with pytest.raises(ReviewError, match="moved"):  # a document the store does not hold
        store.save_review("0" * 64, figure["start"], figure["end"], "accepted", "An")
    assert store.reviews().empty and store.review_log().empty
    assert store.revision() == revision


def test_a_review_saved_from_a_stale_page_is_refused(store):
    figure = _figure(store, "50.000")
    figures = store.figures_for(["plan"])
    store.replace_figures("plan", figures[figures["figure_id"] != figure["figure_id"]])
    with pytest.raises(ReviewError, match="moved"):
        _review(store, figure, "accepted")
    assert store.reviews().empty


def test_orphans_read_each_document_once(store, monkeypatch):
    other = _doc(TEXT.replace("Amkor", "Intel"), doc_id="other")
    store.ingest_document(other, extract_document(other))
    for doc_id in ("plan", "other"):
        for figure in store.figures_for([doc_id]).to_dict("records"):
            _review(store, figure, "accepted")
        store.replace_figures(doc_id, store.figures_for([]))  # every review orphaned
    reads: list[list[str]] = []
    texts = Store.document_texts
    monkeypatch.setattr(Store, "document_texts",
                        lambda self, ids: reads.append(list(ids)) or texts(self, reads[-1]))
    monkeypatch.setattr(Store, "document", lambda *a: pytest.fail("one read per orphan"))
    orphans = build_dataset(store).orphans
    assert len(orphans) == 6 and len(reads) == 1 and set(reads[0]) == {"plan", "other"}
    assert sorted(orphans.loc[orphans["quote"] == "1,6 tỷ USD", "sentence"]) == [
        "Amkor đã nâng vốn đầu tư nhà máy ở Bắc Ninh lên 1,6 tỷ USD.",
        "Intel đã nâng vốn đầu tư nhà máy ở Bắc Ninh lên 1,6 tỷ USD."]


def test_audit_trail_is_append_only(store):
    _review(store, _figure(store, "1,6"), "accepted")
    with store.connect() as conn:
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("UPDATE review_log SET reviewer = 'someone else'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute("DELETE FROM review_log")
    assert store.review_log()["reviewer"].tolist() == ["An"]


def test_bad_reviews_are_refused_and_change_nothing(store):
    figure = _figure(store, "1,6")
    revision = store.revision()
    with pytest.raises(ReviewError, match="name"):
        _review(store, figure, "accepted", reviewer=" ")
    with pytest.raises(ReviewError):
        _review(store, figure, "corrected", corrections={"year": "soon"})
    assert store.reviews().empty and store.review_log().empty
    assert store.revision() == revision


def _changed_config(tmp_path):
    """The project's config plus one exclusion: "100.000 kỹ sư bán dẫn" is no longer a
    figure (what a rule change can do)."""
    data = copy.deepcopy(load_config().data)
    pattern = r"\d{1,3}(?:\.\d{3})*\s+kỹ sư bán dẫn"
    data["exclusions"]["patterns"]["test_not_semiconductors"] = pattern
    path = tmp_path / "changed.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_config(path)


def test_reviews_survive_reextraction_with_a_changed_config(store, tmp_path):
    engineers, semis = _figure(store, "50.000"), _figure(store, "100.000")
    _review(store, engineers, "corrected", corrections={"value": 20000, "year": 2035})
    _review(store, semis, "rejected", comment="not in the plan")
    written = store.reextract(config=_changed_config(tmp_path))
    assert written == 2  # the semiconductor engineers are no longer extracted
    assert len(store.reviews()) == 2  # no review is ever deleted
    data = build_dataset(store)
    row = data.figures[data.figures["figure_id"] == engineers["figure_id"]].iloc[0]
    assert (row["review_status"], row["value"], row["year"]) == ("corrected", 20000, 2035)
    assert len(data.orphans) == 1
    orphan = data.orphans.iloc[0]
    assert (orphan["status"], orphan["quote"], orphan["reason"]) == (
        "rejected", "100.000 kỹ sư bán dẫn", "not_extracted")
    assert orphan["sentence"] == "Đến năm 2030, Việt Nam phấn đấu có 100.000 kỹ sư bán dẫn."
    assert orphan["doc_title"] == "Kế hoạch nhân lực"
    assert store.review_log()["action"].tolist() == ["corrected", "rejected", "orphaned"]
    # The default config again: the figure is back and its review applies again.
    store.reextract()
    data = build_dataset(store)
    assert data.orphans.empty
    assert semis["figure_id"] not in set(data.visible["figure_id"])
    assert store.review_log()["action"].tolist()[-1] == "restored"


def test_a_widened_span_keeps_its_review(store):
    """An older rule found "1,6 tỷ"; the current one finds "1,6 tỷ USD": the review moves."""

    def narrow(doc, config):
        figures = extract_document(doc, config)
        money = figures["quote"] == "1,6 tỷ USD"
        figures.loc[money, "end"] -= 4
        figures.loc[money, "quote"] = "1,6 tỷ"
        figures.loc[money, "figure_id"] = "old-rule-id"
        return figures

    store.reextract(extract=narrow)
    old = _figure(store, "1,6 tỷ")
    assert old["quote"] == "1,6 tỷ"
    _review(store, old, "corrected", corrections={"entity": "Amkor Technology"})
    store.reextract()
    review = store.reviews().iloc[0]
    new = _figure(store, "1,6 tỷ USD")
    assert (review["start"], review["end"]) == (new["start"], new["end"])
    figures = reviewed_figures(store)
    row = figures[figures["figure_id"] == new["figure_id"]].iloc[0]
    assert (row["review_status"], row["entity"]) == ("corrected", "Amkor Technology")
    log = store.review_log()
    assert log["action"].tolist() == ["corrected", "moved"]
    assert store.review_log(review["content_hash"], new["start"], new["end"])["action"].tolist() \
        == ["corrected", "moved"]  # the figure's history spans its old and new span


def _articles(tmp_path: Path) -> Path:
    """A folder of articles holding TEXT, for stores built like the app's."""
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "plan.txt").write_text(TEXT, encoding="utf-8")
    return articles


def test_the_apps_automatic_reextraction_keeps_reviews(tmp_path):
    articles = _articles(tmp_path)
    store = prepare_store(tmp_path / "app.sqlite", articles)
    _review(store, _figure(store, "50.000"), "rejected")
    store.set_meta(FINGERPRINT_KEY, "an older extractor")
    store = prepare_store(store.path, articles)  # re-extracts: the extractors "changed"
    assert store.get_meta(FINGERPRINT_KEY) != "an older extractor"
    figures = reviewed_figures(store)
    assert "50.000 kỹ sư AI" not in set(figures["quote"].astype(str))
    assert build_dataset(store).orphans.empty


def test_old_stores_gain_the_review_tables(tmp_path):
    path = tmp_path / "old.sqlite"
    with sqlite3.connect(path) as conn:
        conn.executescript(
            "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
            "INSERT INTO meta VALUES ('revision', '7');"
        )
    store = Store(path)
    assert store.reviews().empty and store.review_log().empty  # before init: no tables yet
    open_store(path)
    assert store.figures_revision() == 7 and store.revision() == 7
    with store.connect() as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"documents", "figures", "reviews", "review_log"} <= tables
    assert list(store.reviews().columns) == [*REVIEW_TABLE_COLUMNS, "doc_id"]


def test_the_briefing_command_line_uses_the_reviews(tmp_path):
    from briefing.cli import load_all

    articles = _articles(tmp_path)
    store = prepare_store(tmp_path / "brief.sqlite", articles)
    _review(store, _figure(store, "100.000"), "rejected")
    _review(store, _figure(store, "50.000"), "corrected", corrections={"value": 20000})
    figures = load_all(store.path, articles)
    assert "100.000 kỹ sư bán dẫn" not in set(figures["quote"].astype(str))
    assert figures.loc[figures["quote"] == "50.000 kỹ sư AI", "value"].tolist() == [20000]
