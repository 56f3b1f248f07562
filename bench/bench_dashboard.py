"""Dashboard benchmark on a store of 1,000,000 synthetic figures.

    .venv/bin/python bench/bench_dashboard.py [--figures N] [--repeat K] [--no-browser]

Measures loading (from SQLite, and from the Parquet snapshot a large store
leaves for the next process), applying reviews, grouping commitments and pairing
targets with actuals, the server-side script run (streamlit AppTest: first load
with the data cached, per filter change, the first switch to counting
commitments, saving a review) and, in Debian chromium against a real
`streamlit run`, the first full render and the re-render after a filter change.
Aims: script run < 1 s first load (cached), < 300 ms per filter change; browser
first full render < 4 s. The store (with REVIEWS reviews) is kept in bench/out/
and reused.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.commitments import group_commitments  # noqa: E402
from analysis.reviews import apply_reviews  # noqa: E402
from analysis.tracker import progress_table  # noqa: E402
from dashboard.data import DB_ENV, build_dataset, load_figures  # noqa: E402
from dashboard.devserver import (  # noqa: E402
    CHROMIUM,
    launch_chromium,
    running_app,
    wait_for_page,
    wait_idle,
)
from dashboard.synthetic import fill_store, synthetic_figures  # noqa: E402
from store.db import (  # noqa: E402
    Store,
    bump_revision,
    open_store,
    review_record,
    write_review,
)

OUT = ROOT / "bench" / "out"
REVIEWS = 2_000  # reviews stored in the bench store (one figure each)
COUNT = re.compile(r"^[\d,]+ of [\d,]+ figures$")
FILTER_CHANGES: tuple[tuple[str, str, object], ...] = (
    ("multiselect", "kind", ["target"]),
    ("multiselect", "country", ["Vietnam"]),
    ("text_input", "q", "kỹ sư"),
    ("slider", "years", (2025, 2035)),
    ("multiselect", "kind", []),
    ("toggle", "reviewed", True),
    ("toggle", "reviewed", False),
)


def build_store(n: int) -> Path:
    """A synthetic store with `n` figures over n/200 documents (reused when present)."""
    path = OUT / f"bench-{n}.sqlite"
    if path.exists() and Store(path).get_meta("synthetic_figures") == str(n):
        return path
    for stale in OUT.glob(f"bench-{n}.sqlite*"):
        stale.unlink()
    started = time.perf_counter()
    store = open_store(path)
    fill_store(store, synthetic_figures(n, n_docs=max(1, n // 200), seed=7))
    store.set_meta("synthetic_figures", str(n))
    print(f"built {path.name}: {n:,} figures in {time.perf_counter() - started:.1f} s")
    return path


def add_reviews(path: Path, n: int = REVIEWS) -> None:
    """Store `n` reviews (accepted, rejected and corrected in turn) of distinct figures, in
    one transaction, unless the store already has them."""
    store = open_store(path)
    if len(store.reviews()) >= n:
        return
    figures = store.figures().drop_duplicates(["doc_id", "start", "end"]).head(n)
    hashes = dict(zip(store.documents()["doc_id"], store.documents()["content_hash"],
                      strict=True))
    statuses = ("accepted", "rejected", "corrected")
    rows = [
        review_record(hashes[d], int(a), int(b), statuses[i % 3], "bench",
                      {"value": 1234.0, "year": 2031} if i % 3 == 2 else {}, "bench",
                      {"figure_id": f})
        for i, (d, a, b, f) in enumerate(zip(figures["doc_id"], figures["start"],
                                             figures["end"], figures["figure_id"], strict=True))
    ]
    with store.transaction() as conn:
        for row in rows:
            write_review(conn, row)
        bump_revision(conn)
    print(f"stored {len(rows):,} reviews")


def bench_functions(path: Path) -> dict[str, float]:
    """The plain functions behind reviews, commitments and the tracker, on the whole store."""
    store = Store(path)
    figures = load_figures(store)
    reviews = store.reviews()
    results = {"reviews": len(reviews)}
    results["apply_reviews_s"] = timed(lambda: apply_reviews(figures, reviews))
    results["build_dataset_cached_figures_s"] = timed(lambda: build_dataset(store, figures))
    shown = build_dataset(store, figures).visible
    grouped = {}
    results["group_commitments_s"] = timed(lambda: grouped.setdefault(
        "c", group_commitments(shown)))
    results["commitments"] = len(grouped["c"].table)
    results["progress_table_s"] = timed(lambda: progress_table(grouped["c"].table))
    return results


def timed(action) -> float:  # noqa: ANN001
    """Seconds taken by `action()`."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def bench_script(path: Path, repeat: int) -> dict[str, float]:
    """Script-run times through AppTest (same process, so the cache is shared)."""
    from streamlit.testing.v1 import AppTest

    os.environ[DB_ENV] = str(path)
    results: dict[str, float] = {}

    def new_app() -> AppTest:
        return AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)

    store = Store(path)
    for old in path.parent.glob(f"{path.name}.figures-r*.parquet"):
        old.unlink()
    results["load_from_sqlite_s"] = timed(lambda: load_figures(store, snapshot=False))
    first = new_app()  # loads from SQLite and leaves the Parquet snapshot
    results["script_cold_first_load_s"] = timed(first.run)
    assert not first.exception, first.exception
    results["load_from_snapshot_s"] = timed(lambda: load_figures(store))
    loads = []
    for _ in range(repeat):
        app = new_app()
        loads.append(timed(app.run))
    results["script_first_load_cached_s"] = statistics.median(loads)
    changes: list[float] = []
    app = new_app()
    app.run()
    for _ in range(repeat):
        for widget, key, value in FILTER_CHANGES:
            getattr(app, widget)(key=key).set_value(value)
            changes.append(timed(app.run))
            assert not app.exception, app.exception
    results["script_filter_change_median_s"] = statistics.median(changes)
    results["script_filter_change_max_s"] = max(changes)
    app.button_group(key="count").set_value("commitments")
    results["script_first_count_commitments_s"] = timed(app.run)
    app.multiselect(key="kind").set_value(["target"])
    results["script_filter_change_commitments_s"] = timed(app.run)
    app.button_group(key="count").set_value("figures")
    app.multiselect(key="kind").set_value([])
    app.run()
    figure_id = str(load_figures(store)["figure_id"].iloc[-1])
    app.text_input(key="reviewer").set_value("bench")
    app.text_input(key="fig").set_value(figure_id)
    app.run()
    app.radio(key=f"rv_action_{figure_id}").set_value("accepted")
    app.button(key="review_save").click()
    results["script_save_review_s"] = timed(app.run)
    assert not app.exception and app.success, (app.exception, app.error)
    return results


def bench_browser(path: Path, repeat: int) -> dict[str, float]:
    """First full render and re-render after a filter change, in Debian chromium."""
    from playwright.sync_api import sync_playwright

    results: dict[str, float] = {}
    with running_app({DB_ENV: str(path)}) as url, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        results["browser_cold_first_render_s"] = timed(lambda: _load(page, url))
        renders, rerenders = [], []
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            renders.append(timed(lambda page=page: _load(page, url)))
            rerenders.append(timed(lambda page=page: _pick_target(page)))
            page.close()
        results["browser_first_render_cached_s"] = statistics.median(renders)
        results["browser_rerender_after_filter_s"] = statistics.median(rerenders)
        browser.close()
    return results


def _load(page, url: str) -> None:  # noqa: ANN001
    """Open the page and wait for all four charts and the end of the script run."""
    page.goto(url)
    wait_for_page(page, charts=4, timeout_ms=600_000)


def _pick_target(page) -> None:  # noqa: ANN001
    """Filter on kind = target and wait until the page shows the new view."""
    before = page.get_by_text(COUNT).inner_text()
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Kind")
    box.locator("input").click()
    page.get_by_role("option", name="target", exact=True).click()
    page.keyboard.press("Escape")
    page.wait_for_function(
        "text => !document.body.innerText.includes(text)", arg=before, timeout=600_000
    )
    wait_idle(page, timeout_ms=600_000)


def main() -> None:
    """Build the store, run the measurements, print and save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = build_store(args.figures)
    add_reviews(path)
    results: dict[str, float] = {"figures": args.figures}
    results |= bench_functions(path)
    results |= bench_script(path, args.repeat)
    if not args.no_browser and CHROMIUM.exists():
        results |= bench_browser(path, args.repeat)
    for name, value in results.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        print(f"{name:36s} {shown:>12}")
    (OUT / "results.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
