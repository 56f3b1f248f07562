"""Dashboard benchmark at archive scale: a store of 10,000,000 figures with distinct
sentences (bench/archive_store.py, kept under /tmp), queried through the query layer.

    .venv/bin/python bench/bench_archive.py [--figures N] [--repeat K] [--no-browser]
                                            [--extend]

Prints, in one run: the build times (when the store is new), the commonest searches
asked ahead (dashboard.warm_searches, in a process of its own, after removing what an
earlier run saved), a cold start (a new process opening the store and answering the first
page), the first load, filter changes, facet counts, text searches (common words read
from what was asked ahead, the rarer ones and the three-word phrase found anew), a review
save (with the reopened query of the new revision),
then against a real `streamlit run` in Debian chromium: the server's cold start to the
first full render, the first render of a new page, the redraw after a filter change,
the bytes the server sends per rerun (websocket frames) and the server's RSS, beside a
bare plotly page of the same four charts in the same browser. Aims (issue 14): cold
start < 5 s; filter change and text search median < 300 ms, max < 1 s; RSS < 1.5 GB;
< 100 KB per filter change; browser first render < 4 s. The machine is shared (2 cores):
figures are noisy.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from archive_store import DEFAULT_DIR, build_archive  # noqa: E402

from analysis.filters import Filters  # noqa: E402
from analysis.query import FigureQuery  # noqa: E402
from dashboard.archive import chart_data  # noqa: E402
from store.columnar import build_columnar, ensure_columnar  # noqa: E402
from store.db import Store  # noqa: E402

OUT = ROOT / "bench" / "out"
COUNT = re.compile(r"^[\d,]+ of [\d,]+ figures$")
FILTER_CHANGES: tuple[Filters, ...] = (
    Filters(kinds=("target",)),
    Filters(kinds=("target",), countries=("Vietnam",)),
    Filters(kinds=("target",), countries=("Vietnam",), year_range=(2025, 2035)),
    Filters(countries=("Vietnam",), year_range=(2025, 2035)),
    Filters(sectors=("semiconductors",)),
    Filters(unit_families=("money",), investor_countries=("USA",)),
    Filters(reviewed_only=True),
    Filters(),
)
SEARCHES: tuple[str, ...] = ("kỹ sư", "ban dan", "semiconductor", "Pegatron", "dau tu",
                             "Bắc Ninh", "of firms", "doanh nghiệp hoạt động")
COLD_START = """
import sys, time
started = time.perf_counter()
sys.path.insert(0, {root!r})
import streamlit, plotly  # what a server process imports
from analysis.filters import Filters
from analysis.query import FigureQuery
from dashboard.archive import chart_data
from store.db import Store
query = FigureQuery(Store({path!r}))
query.options(); query.year_bounds()
chart_data(query, Filters()); query.page(Filters())
print(time.perf_counter() - started)
"""
WARM = """
import sys, time
started = time.perf_counter()
sys.path.insert(0, {root!r})
from analysis.query import FigureQuery
from dashboard.warm_searches import warm_searches
from store.db import Store
asked = warm_searches(FigureQuery(Store({path!r})))
print(asked, time.perf_counter() - started)
"""
KEPT = ("hits-*", "base-*.pkl", "warmed-searches.json")  # what asking searches saves


def timed(action) -> float:  # noqa: ANN001
    """Seconds taken by `action()`."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def page_answers(query: FigureQuery, filters: Filters) -> None:
    """What the archive page asks for one view: charts (with the count), first page."""
    chart_data(query, filters)
    query.page(filters)


def bench_queries(path: Path, repeat: int) -> dict[str, float]:
    """Cold start, first load, filter changes, facet counts, searches, review save."""
    results: dict[str, float] = {}
    for pattern in KEPT:  # searches asked by an earlier run are asked anew
        for saved in ensure_columnar(Store(path)).glob(pattern):
            if saved.is_dir():
                shutil.rmtree(saved)
            else:
                saved.unlink()
    started = time.perf_counter()  # per store revision: the charts of the whole store
    chart_data(FigureQuery(Store(path)), Filters())
    results["precompute_whole_store_s"] = time.perf_counter() - started
    asked, seconds = subprocess.run(
        [sys.executable, "-c", WARM.format(root=str(ROOT), path=str(path))],
        capture_output=True, text=True, check=True).stdout.split()
    results["common_searches_asked_ahead"] = int(asked)
    results["ask_common_searches_ahead_s"] = float(seconds)
    colds = [float(subprocess.run([sys.executable, "-c", COLD_START.format(root=str(ROOT),
                                                                          path=str(path))],
                                  capture_output=True, text=True, check=True).stdout)
             for _ in range(repeat)]
    results["cold_start_process_s"] = statistics.median(colds)
    results["cold_start_process_max_s"] = max(colds)
    store = Store(path)
    query = FigureQuery(store)
    results["first_load_s"] = timed(lambda: page_answers(query, Filters()))
    first = [timed(lambda f=f: page_answers(query, f)) for f in FILTER_CHANGES]
    again = [timed(lambda f=f: page_answers(query, f)) for _ in range(repeat - 1)
             for f in FILTER_CHANGES]
    results["filter_change_median_s"] = statistics.median(first)  # views not seen before
    results["filter_change_max_s"] = max(first)
    if again:  # the same views again (their scans of the archive kept in the process)
        results["filter_change_again_median_s"] = statistics.median(again)
    facets = [timed(lambda f=f: query.facet_counts(f)) for f in FILTER_CHANGES if not
              f.is_empty()]
    results["facet_counts_median_s"] = statistics.median(facets)
    results["facet_counts_max_s"] = max(facets)
    searches = {s: timed(lambda s=s: page_answers(query, Filters(search=s))) for s in SEARCHES}
    again = [timed(lambda s=s: page_answers(query, Filters(search=s))) for s in SEARCHES]
    results["text_search_median_s"] = statistics.median(searches.values())
    results["text_search_max_s"] = max(searches.values())
    results["text_search_repeat_median_s"] = statistics.median(again)
    for text, seconds in searches.items():  # each search: hits and seconds
        hits = query.count(Filters(search=text))
        results[f"search '{text}' ({hits:,} hits) s"] = seconds
    row = query.page(Filters(kinds=("statistic",)))
    figure = row.iloc[len(row) // 2].to_dict()
    content_hash = store.content_hash_of(str(figure["doc_id"]))

    def save() -> None:
        store.save_review(content_hash, int(figure["start"]), int(figure["end"]), "accepted",
                          "bench", figure={"figure_id": figure["figure_id"]})
        reopened = FigureQuery(store)
        reopened.count(Filters(reviewed_only=True))

    results["review_save_s"] = timed(save)
    results["figures"] = query.all_figures
    return results


def bare_plotly_page(path: Path, folder: Path) -> Path:
    """An HTML page with the four charts of the unfiltered view and plotly.js alone."""
    import plotly
    import plotly.io as pio

    from dashboard.archive import targets_plot
    from dashboard.charts import figures_plot, investments_plot

    data = chart_data(FigureQuery(Store(path)), Filters())
    figures = [targets_plot(data.targets), investments_plot(data.investments, "entity"),
               figures_plot(data.sectors, "sector"), figures_plot(data.countries, "country")]
    script = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
    divs = "".join(f'<div id="c{i}" style="height:460px"></div>' for i in range(4))
    calls = "".join(f"Plotly.newPlot('c{i}', {pio.to_json(f)}.data, {pio.to_json(f)}.layout);"
                    for i, f in enumerate(figures))
    page = folder / "bare.html"
    page.write_text(f"<html><head><script src='{script.as_uri()}'></script></head><body>"
                    f"{divs}<script>{calls}</script></body></html>", encoding="utf-8")
    return page


def bench_browser(path: Path, repeat: int) -> dict[str, float]:
    """Server cold start to first render, renders, redraws, bytes per rerun, RSS."""
    import psutil
    from playwright.sync_api import sync_playwright

    from dashboard.data import DB_ENV
    from dashboard.devserver import free_port, launch_chromium, running_app, wait_for_page

    results: dict[str, float] = {}
    port = free_port()
    received: list[int] = []

    def listen(page) -> None:  # noqa: ANN001
        page.on("websocket", lambda ws: ws.on(
            "framereceived", lambda payload: received.append(len(payload))))

    with sync_playwright() as p, tempfile.TemporaryDirectory() as tmp:
        browser = launch_chromium(p)
        started = time.perf_counter()
        with running_app({DB_ENV: str(path)}, port=port) as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            listen(page)
            page.goto(url)
            wait_for_page(page, charts=4, timeout_ms=600_000)
            results["browser_cold_start_to_render_s"] = time.perf_counter() - started
            results["bytes_first_load_kb"] = sum(received) / 1024
            page.close()
            renders, redraws, sent = [], [], []
            for _ in range(repeat):
                page = browser.new_page(viewport={"width": 1400, "height": 1800})
                listen(page)
                renders.append(timed(lambda page=page: _load(page, url)))
                received.clear()
                redraws.append(timed(lambda page=page: _pick_target(page)))
                sent.append(sum(received) / 1024)
                page.close()
            results["browser_first_render_s"] = statistics.median(renders)
            results["browser_filter_redraw_s"] = statistics.median(redraws)
            results["bytes_per_filter_change_kb"] = statistics.median(sent)
            server = next(c.pid for c in psutil.net_connections("tcp")
                          if c.laddr and c.laddr.port == port and c.status == "LISTEN")
            process = psutil.Process(server)
            rss = process.memory_info().rss + sum(c.memory_info().rss
                                                  for c in process.children(recursive=True))
            results["server_rss_mb"] = rss / 2**20
        bare = bare_plotly_page(path, Path(tmp))
        times = []
        for _ in range(repeat):
            page = browser.new_page(viewport={"width": 1400, "height": 1800})
            times.append(timed(lambda page=page: (page.goto(bare.as_uri()), page.wait_for_function(
                "[...document.querySelectorAll('.js-plotly-plot')].filter("
                "p => p.querySelector('.main-svg')).length >= 4", timeout=60_000))))
            page.close()
        results["bare_plotly_render_s"] = statistics.median(times)
        browser.close()
    return results


def _load(page, url: str) -> None:  # noqa: ANN001
    """Open the page and wait for the four charts and the end of the script run."""
    page.goto(url)
    wait_for_page_4(page)


def wait_for_page_4(page) -> None:  # noqa: ANN001
    """dashboard.devserver.wait_for_page with four charts."""
    from dashboard.devserver import wait_for_page

    wait_for_page(page, charts=4, timeout_ms=600_000)


def _pick_target(page) -> None:  # noqa: ANN001
    """Filter on kind = target and wait until the page shows the new view."""
    from dashboard.devserver import wait_idle

    before = page.get_by_text(COUNT).inner_text()
    box = page.get_by_test_id("stSidebar").get_by_test_id("stMultiSelect").filter(has_text="Kind")
    box.locator("input").click()
    page.get_by_role("option", name="target").first.click()
    page.keyboard.press("Escape")
    page.wait_for_function("text => !document.body.innerText.includes(text)", arg=before,
                           timeout=600_000)
    wait_idle(page, timeout_ms=600_000)


def bench_extend(path: Path) -> dict[str, float]:
    """Seconds to extend the store's dataset as an upload would (store.columnar with the
    current dataset as the previous one; written to a scratch folder, then removed): the
    fixed cost of a revision that only adds figures."""
    store = Store(path)
    current = ensure_columnar(store)
    scratch = Path(tempfile.mkdtemp(prefix="extend-", dir=path.parent))
    try:
        started = time.perf_counter()
        build_columnar(store, scratch / "dataset", current)
        return {"extend_dataset_s": time.perf_counter() - started}
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def main() -> None:
    """Build (or reuse) the archive, run the measurements, print and save them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--extend", action="store_true",
                        help="also time extending the dataset as an upload would")
    args = parser.parse_args()
    path, build = build_archive(args.figures, args.dir)
    results: dict[str, float] = dict(build)
    results |= bench_queries(path, args.repeat)
    if args.extend:
        results |= bench_extend(path)
    if not args.no_browser and Path("/usr/bin/chromium").exists():
        results |= bench_browser(path, args.repeat)
    for name, value in results.items():
        shown = f"{value:,.3f}" if isinstance(value, float) else f"{value:,}"
        print(f"{name:44s} {shown:>12}")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / f"archive-{args.figures}.json").write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
