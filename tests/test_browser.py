"""The real thing: `streamlit run app.py` on a free port, driven by Debian chromium."""

import io
import re
from pathlib import Path

import pandas as pd
import pytest
from pageparts import bundled_store, shown_count

from analysis.filters import Filters, apply_filters
from dashboard.data import DB_ENV, load_figures
from dashboard.devserver import launch_chromium, running_app, wait_for_page, wait_idle
from store.db import Store

pytestmark = [pytest.mark.browser, pytest.mark.slow]
playwright_api = pytest.importorskip("playwright.sync_api")


def choose(page, label: str, option: str) -> None:
    """Pick `option` in the sidebar multiselect labelled `label`."""
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text=label)
    box.locator("input").click()
    # Options show their number of figures: "target (12)".
    name = re.compile(rf"^{re.escape(option)}( \([\d,]+\))?$")
    page.get_by_role("option", name=name).click()
    page.keyboard.press("Escape")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    return bundled_store(tmp_path_factory.mktemp("browser"))


def test_dashboard_in_chromium(store_path, tmp_path, browser_path):
    figures = load_figures(Store(store_path))
    expected = apply_filters(figures, Filters(kinds=("target",)))
    assert 0 < len(expected) < len(figures)
    with running_app({DB_ENV: str(store_path)}) as url, playwright_api.sync_playwright() as p:
        browser = launch_chromium(p, browser_path)
        page = browser.new_page(viewport={"width": 1400, "height": 1800}, accept_downloads=True)
        page.goto(url)
        wait_for_page(page, charts=5)  # four charts and the aggregate statistics
        # The charts drew marks, not just empty axes.
        assert page.locator(".js-plotly-plot").count() == 5
        assert page.locator(".js-plotly-plot .bars path").count() > 0
        assert page.locator(".js-plotly-plot .scatterlayer .point").count() > 0
        assert shown_count(page) == len(figures)
        page.screenshot(path=str(tmp_path / "main.png"), full_page=True)

        choose(page, "Kind", "target")
        page.wait_for_function(
            f"document.body.innerText.includes('{len(expected):,} of {len(figures):,} figures')"
        )
        wait_idle(page)
        assert shown_count(page) == len(expected)
        assert "kind=target" in page.url  # the view is in the link

        with page.expect_download() as download:
            page.get_by_role("button", name="CSV", exact=True).click()
        csv = pd.read_csv(io.BytesIO(Path(download.value.path()).read_bytes()),
                          encoding="utf-8-sig")
        assert csv["figure_id"].tolist() == expected["figure_id"].tolist()
        assert set(csv["kind"]) == {"target"}

        # Clicking a bar opens the provenance of the figure behind it.
        page.locator(".js-plotly-plot").nth(2).locator(".bars path").first.click(force=True)
        mark = page.locator("blockquote.provenance-sentence mark").first
        mark.wait_for(timeout=30_000)
        assert mark.inner_text() in set(expected["quote"].astype(str))
        assert "fig=" in page.url

        # Reject that figure: it leaves the count (the name is typed once, in the sidebar).
        sidebar = page.get_by_test_id("stSidebar")
        name = sidebar.get_by_role("textbox", name="Your name (for reviews)")
        name.fill("Lan")
        name.press("Enter")
        wait_idle(page)
        form = page.get_by_test_id("stForm")
        form.get_by_text("Reject", exact=True).click()
        comment = form.get_by_role("textbox", name="Comment (optional)")
        comment.fill("a date, not a target")
        page.get_by_role("button", name="Save review").click()
        page.get_by_text("Review saved: rejected.").wait_for(timeout=30_000)
        wait_idle(page)
        assert shown_count(page) == len(expected) - 1
        assert Store(store_path).reviews()["reviewer"].tolist() == ["Lan"]

        # Undo: the form shows the figure again, without the old comment.
        page.get_by_role("button", name="Undo review").click()
        page.get_by_text("Review removed.").wait_for(timeout=30_000)
        wait_idle(page)
        assert comment.input_value() == "" and shown_count(page) == len(expected)

        # Another language: same view, the chip and the link follow, and a reload keeps it.
        sidebar.get_by_text("Tiếng Việt", exact=True).click()
        in_vi = f"{len(expected):,} / {len(figures):,} số liệu"
        page.get_by_text(in_vi).wait_for(timeout=30_000)
        wait_idle(page)
        assert sidebar.get_by_role("button", name=re.compile("^Remove mục tiêu")).count() == 1
        assert sidebar.get_by_role("button", name=re.compile("^Remove target")).count() == 0
        assert "kind=target" in page.url and "lang=vi" in page.url
        page.goto(page.url)
        wait_for_page(page, charts=3)  # targets only: the investments chart says it is empty
        page.get_by_text(in_vi).wait_for(timeout=30_000)
        assert page.get_by_text("Không có số liệu cho biểu đồ này trong khung nhìn.").count() == 1
        browser.close()
