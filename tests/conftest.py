"""Shared fixtures: the project's paths, ../shared when it is there, the browser (and the
`browser` marker's skip when it is absent), and the callables behind the app's download
buttons."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
NO_BROWSER = ("chromium is absent (apt-get install chromium; .ci/run installs it): "
              "browser, chart-image and PDF tests skipped")


def find_browser() -> str | None:
    """The one browser lookup of the suite: Debian's chromium at /usr/bin/chromium, else
    `chromium` on PATH; None when there is none."""
    if DEBIAN_CHROMIUM.exists():
        return str(DEBIAN_CHROMIUM)
    return shutil.which("chromium")


# Slow tests in modules being rewritten on another branch; the marker moves into the
# module (as a decorator) once that work is merged.
def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked `browser` skip, all with one message, when there is no browser."""
    if find_browser() is not None:
        return
    skip = pytest.mark.skip(reason=NO_BROWSER)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (seeds, gold, corpus, scorer); tests using it skip without it."""
    if not (SHARED / "tools" / "score.py").exists():
        pytest.skip("../shared is not beside the project (a user's clone has none)")
    return SHARED


@pytest.fixture(scope="session")
def browser_path() -> str:
    """The browser's path (see find_browser); a test asking for it is skipped without one."""
    path = find_browser()
    if path is None:
        pytest.skip(NO_BROWSER)
    return path


@pytest.fixture
def deferred(monkeypatch) -> dict:
    """file id -> the callable behind each download button (its file is built on click);
    read one with helpers.download."""
    captured: dict = {}
    original = MediaFileManager.add_deferred

    def spy(self, data_callable, *args, **kwargs):
        file_id = original(self, data_callable, *args, **kwargs)
        captured[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", spy)
    return captured


@pytest.fixture(scope="module")
def query(store):
    """The archive query over the test module's `store` (analysis.query.FigureQuery)."""
    from analysis.query import FigureQuery

    return FigureQuery(store)


@pytest.fixture(scope="module")
def shown(store):
    """The figures the loaded page shows for the test module's `store` (reviews applied)."""
    from dashboard.data import build_dataset

    return build_dataset(store).visible
