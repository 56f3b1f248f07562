"""Reading the dashboard in a real browser (Playwright page): shared by the browser tests."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.data import prepare_store

ROOT = Path(__file__).resolve().parent.parent
COUNT = re.compile(r"^([\d,]+) of ([\d,]+) figures$")


def shown_count(page) -> int:
    """The number of figures the page says it shows ("12 of 24 figures")."""
    text = page.get_by_text(COUNT).inner_text().strip()
    return int(COUNT.match(text).group(1).replace(",", ""))


def bundled_store(folder: Path) -> Path:
    """A store in `folder` built from the bundled articles."""
    path = folder / "figures.sqlite"
    prepare_store(path, ROOT / "data")
    return path
