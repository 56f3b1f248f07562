"""Briefing export times: a deck of 6 charts (the measure asked for), the HTML brief and the
PDF brief, on synthetic views of several sizes. Real kaleido + Debian chromium.

    .venv/bin/python bench/bench_briefing.py [--rows 1000 100000] [--repeat 3]

Prints the browser start (once per process) and, per view size, the median of `repeat`
runs: deck total, of which the 6 chart images, HTML brief, PDF brief.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from analysis.filters import Filters  # noqa: E402
from briefing.brief import build_html, build_pdf  # noqa: E402
from briefing.catalog import charts_with_data  # noqa: E402
from briefing.deck import build_deck, chart_png  # noqa: E402
from briefing.images import browser_path, start_renderer  # noqa: E402
from briefing.sample import sample_figures  # noqa: E402


def median_seconds(run: Callable[[], object], repeat: int) -> tuple[float, object]:
    """Median wall time of `repeat` runs, and the last result."""
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def bench_view(rows: int, lang: str, repeat: int) -> str:
    """One line of timings for a synthetic view of `rows` figures over 50 documents."""
    df = sample_figures(rows, n_docs=50)
    specs = charts_with_data(df)
    assert len(specs) == 6, "the benchmark view must fill all 6 charts"
    deck_s, deck = median_seconds(lambda: build_deck(df, Filters(), lang), repeat)
    images_s, _ = median_seconds(lambda: [chart_png(df, spec, lang) for spec in specs], repeat)
    html_s, page = median_seconds(lambda: build_html(df, Filters(), lang), repeat)
    pdf_s, pdf = median_seconds(lambda: build_pdf(df, Filters(), lang), repeat)
    return (f"{rows:>9,} rows: deck of 6 charts {deck_s:.2f} s ({len(deck) / 1e6:.1f} MB; "
            f"6 chart images {images_s:.2f} s) · HTML brief {html_s:.2f} s "
            f"({len(page) / 1e6:.1f} MB) · PDF brief {pdf_s:.2f} s ({len(pdf) / 1e6:.1f} MB)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[1_000, 100_000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--lang", default="vi")
    args = parser.parse_args()
    if browser_path() is None:
        sys.exit("chromium not found: apt-get install -y chromium")
    start = time.perf_counter()
    start_renderer()
    chart_png(sample_figures(50, 2), charts_with_data(sample_figures(50, 2))[0], args.lang)
    print(f"browser start + first image: {time.perf_counter() - start:.2f} s")
    for rows in args.rows:
        print(bench_view(rows, args.lang, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
