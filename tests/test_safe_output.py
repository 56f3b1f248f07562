"""A document full of markdown, HTML, JavaScript and spreadsheet formulas, uploaded
under a hostile file name and reviewed with a hostile name and comment: the page
shows it as text (no live link, image, colour, formula or script) and no exported
CSV cell starts a formula."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest
from helpers import download, new_app, run, shown

from dashboard.data import DB_ENV, prepare_store
from dashboard.exports import table_csv
from dashboard.safe import csv_cell, md_escape
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent
EVIL = "http://evil.example"
NAME = f"**bold** [a]({EVIL}) :red[x] $x^2$.txt"
HOSTILE = (
    f'=HYPERLINK("{EVIL}","click") [link]({EVIL}) ![img]({EVIL}/t.png) :red[alarm] $x^2$ '
    f"<script>alert(1)</script> <img src={EVIL}/p.png>\n\n"
    f"+SUM(1,2) Vốn đầu tư đạt 30% GDP năm 2024 [click](javascript:alert(1)) "
    f"<a href='{EVIL}'>a</a> www.evil.example.\n\n"
    f"-Doanh thu tăng 12% năm 2023 @cmd|' /C calc'!A0.\n"
)
REVIEWER = f"[me]({EVIL}) :red[x]"
COMMENT = f"![t]({EVIL}/t.png) =cmd|' /C calc'!A0 <b>bold</b>"
FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Markdown that would be live: a link or image, a colour directive, KaTeX, raw tags.
LIVE = re.compile(r"(?<!\\)(?:\]\(|:red\[|\$x|<script|<img|<a )|https?\\?:|www\\?\.")


def test_md_escape_shows_the_same_characters() -> None:
    assert shown(md_escape(HOSTILE)) == HOSTILE.replace("\n", " ")
    assert not LIVE.search(md_escape(HOSTILE))


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(cell: str) -> None:
    assert csv_cell(cell) == "'" + cell
    assert csv_cell("30%") == "30%" and csv_cell(-1.5) == -1.5


@pytest.fixture
def hostile_app(tmp_path, monkeypatch, deferred):
    """The app over a store of one bundled article, with the hostile file uploaded."""
    articles = tmp_path / "articles"
    articles.mkdir()
    first = sorted((ROOT / "data").glob("*.txt"))[0]
    shutil.copy(first, articles / first.name)
    path = tmp_path / "figures.sqlite"
    prepare_store(path, articles)
    monkeypatch.setenv(DB_ENV, str(path))
    at = run(new_app())
    at.get("file_uploader")[0].set_value((NAME, HOSTILE.encode(), "text/plain"))
    at.button[0].click()
    run(at)
    return at, path


def markdown_values(at) -> list[str]:
    """Every markdown string on the page (captions, messages, markdown)."""
    kinds = ("markdown", "caption", "success", "info", "warning", "error")
    return [element.value for kind in kinds for element in at.get(kind)]


def assert_no_formula_cells(data: bytes) -> None:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert len(rows) > 1
    for row in rows:
        for cell in row:
            assert not cell.startswith(FORMULA), cell


@pytest.mark.slow
def test_hostile_upload_is_text_on_the_page_and_in_exports(hostile_app, deferred) -> None:
    at, path = hostile_app
    store = Store(path)
    assert any(NAME in shown(m.value) for m in at.success), [m.value for m in at.success]
    figures = store.figures()
    hostile = figures[figures["doc_id"] != figures["doc_id"].iloc[0]]
    assert {12, 30} <= set(hostile["value"])
    doc = store.documents().set_index("doc_id")
    content_hash = doc.loc[hostile["doc_id"].iloc[0], "content_hash"]
    for row in hostile.itertuples():
        store.save_review(content_hash, row.start, row.end, "accepted", REVIEWER, {},
                          COMMENT)
    fresh = new_app()
    fresh.query_params["fig"] = hostile["figure_id"].iloc[0]
    run(fresh)
    values = markdown_values(fresh)
    review = next(v for v in values if "Review this figure" in v)
    assert shown(review).count(REVIEWER) == 1 and COMMENT in shown(review)
    for value in values:
        assert not LIVE.search(value), value
    assert_no_formula_cells(download(fresh, deferred, "CSV"))
    assert_no_formula_cells(table_csv(store.review_log()))


@pytest.mark.browser
@pytest.mark.slow
def test_hostile_text_in_the_browser_dom(hostile_app, browser_path: str) -> None:
    playwright_api = pytest.importorskip("playwright.sync_api")
    from dashboard.devserver import launch_chromium, running_app, wait_for_page

    _at, path = hostile_app
    store = Store(path)
    figures = store.figures()
    figure = figures[figures["value"] == 30].iloc[0]
    content_hash = store.content_hash_of(figure["doc_id"])
    store.save_review(content_hash, int(figure["start"]), int(figure["end"]), "accepted",
                      REVIEWER, {}, COMMENT)
    requests: list[str] = []
    with running_app({DB_ENV: str(path)}) as url, playwright_api.sync_playwright() as p:
        browser = launch_chromium(p, browser_path)
        page = browser.new_page(viewport={"width": 1400, "height": 2000})
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{url}/?fig={figure['figure_id']}")
        wait_for_page(page, charts=1)
        page.get_by_text("Review this figure").first.wait_for(timeout=30_000)
        body = page.inner_text("body").replace("\u2060", "")
        assert REVIEWER in body and COMMENT in body and f"[link]({EVIL})" in body
        assert page.locator("a[href*='evil.example'], a[href^='javascript']").count() == 0
        assert page.locator("img[src*='evil.example'], .katex").count() == 0
        assert page.locator("script:has-text('alert(1)')").count() == 0
        browser.close()
    assert not [u for u in requests if "evil.example" in u]
