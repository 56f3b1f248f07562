"""Reading the dashboard in a real browser (Playwright page), and the bundled store the
page tests open: shared by the browser, page and query tests."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.data import prepare_store
from store.db import Store

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


def reviewed_store(path: Path, reviews: dict[int, tuple[str, dict, str]],
                   reviewer: str = "An") -> Store:
    """A store at `path` of the bundled articles with `reviews`: row number of the
    store's figures -> (status, corrections, comment)."""
    store = prepare_store(path, ROOT / "data")
    figures = store.figures()
    docs = store.documents()
    hashes = dict(zip(docs["doc_id"], docs["content_hash"], strict=True))
    for i, (status, corrections, comment) in reviews.items():
        row = figures.iloc[i].to_dict()
        store.save_review(hashes[row["doc_id"]], row["start"], row["end"], status, reviewer,
                          corrections, comment, figure=row)
    return store
