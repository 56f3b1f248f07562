"""Issue 11 in Chromium: the targets chart shows labelled target markers, search without
diacritics finds what search with them finds, and there is no Deploy button."""

import re
from pathlib import Path

import pytest
from pageparts import bundled_store, shown_count

from analysis.filters import Filters, apply_filters
from dashboard.data import DB_ENV, load_figures
from dashboard.devserver import launch_chromium, running_app, wait_for_page, wait_idle
from store.db import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")


def search(page, query: str, expected: int, total: int) -> None:
    box = page.get_by_test_id("stSidebar").get_by_role("textbox", name="Search in sentences")
    box.fill(query)
    box.press("Enter")
    page.wait_for_function(
        f"document.body.innerText.includes('{expected:,} of {total:,} figures')")
    wait_idle(page)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return bundled_store(tmp_path_factory.mktemp("browser11"))


def test_target_markers_and_diacritic_free_search(store_path, tmp_path, browser_path):
    figures = load_figures(Store(store_path))
    accented = apply_filters(figures, Filters(search="bán dẫn"))
    bare = apply_filters(figures, Filters(search="ban dan"))
    assert len(accented) > 0 and bare["figure_id"].tolist() == accented["figure_id"].tolist()
    with running_app({DB_ENV: str(store_path)}) as url, playwright_api.sync_playwright() as p:
        browser = launch_chromium(p, browser_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        page.goto(url)
        wait_for_page(page, charts=4)
        # The first chart is the targets timeline: one labelled marker per target.
        targets = page.locator(".js-plotly-plot").first
        labels = [t.strip() for t in targets.locator(".scatterlayer .textpoint text")
                  .all_text_contents() if t.strip()]
        assert len(labels) >= 1
        assert any(re.search(r"\d", t) for t in labels)  # "50,000 AI engineers by 2045 — …"
        assert targets.locator(".scatterlayer .point").count() == len(labels)
        assert page.locator("[data-testid='stAppDeployButton']").count() == 0
        page.screenshot(path=str(tmp_path / "targets.png"), full_page=True)

        search(page, "bán dẫn", len(accented), len(figures))
        with_marks = shown_count(page)
        search(page, "ban dan", len(bare), len(figures))
        assert shown_count(page) == with_marks == len(accented) > 0
        assert "q=ban+dan" in page.url or "q=ban%20dan" in page.url
        browser.close()
