"""Shared fixtures: the project's paths, ../shared when it is there, and the callables
behind the app's download buttons."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared (seeds, gold, corpus, scorer); tests using it skip without it."""
    if not (SHARED / "tools" / "score.py").exists():
        pytest.skip("../shared is not beside the project (a user's clone has none)")
    return SHARED


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
