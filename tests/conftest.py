"""Shared fixtures: the project's paths, and ../shared when it is there."""

from __future__ import annotations

from pathlib import Path

import pytest

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
