"""Command line: the briefing exports for scheduled runs, filters as options, output
format by extension.

    python -m briefing --db data/figures.sqlite --out brief.pptx --kind investment
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.filters import CHOICE_COLUMNS, MISSING, Filters, apply_filters, year_bounds
from briefing.brief import build_html, build_pdf
from briefing.catalog import chart_keys, chart_spec
from briefing.deck import build_deck
from briefing.images import ImageSize, chart_image
from briefing.text import bt
from dashboard.data import data_dir, db_path, prepare_store, reviewed_figures
from dashboard.i18n import LANGUAGES

OUTPUTS: tuple[str, ...] = (".pptx", ".html", ".pdf", ".png", ".svg")
# (option, Filters field) of the repeatable choice filters.
CHOICE_OPTIONS: tuple[tuple[str, str], ...] = tuple(
    (f"--{column.replace('_', '-')}" if column != "doc_id" else "--doc", field)
    for field, column in CHOICE_COLUMNS.items()
)


def build_parser() -> argparse.ArgumentParser:
    """The options: store, output, language, the dashboard's filters, image settings."""
    parser = argparse.ArgumentParser(
        prog="python -m briefing",
        description="Briefing deck (.pptx), brief (.html, .pdf) or chart image (.png, .svg) "
        "from the figures store, filtered like the dashboard.",
    )
    parser.add_argument("--db", type=Path, default=None,
                        help="SQLite store (default: $DASHBOARD_DB or data/figures.sqlite); "
                        "built from --data when empty")
    parser.add_argument("--data", type=Path, default=None,
                        help="articles to build the store from (default: $DASHBOARD_DATA or data/)")
    parser.add_argument("--out", type=Path, required=True,
                        help=f"output file; its extension picks the format: {', '.join(OUTPUTS)}")
    parser.add_argument("--lang", choices=list(LANGUAGES), default="en")
    for option, field in CHOICE_OPTIONS:
        parser.add_argument(option, dest=field, action="append", default=[], metavar="VALUE",
                            help=f"keep figures whose {CHOICE_COLUMNS[field]} is VALUE "
                            f"(repeatable; {MISSING} for none)")
    parser.add_argument("--year-from", type=int, help="first year kept (figures need a year)")
    parser.add_argument("--year-to", type=int, help="last year kept")
    parser.add_argument("--search", default="", help="text the sentence must contain")
    parser.add_argument("--reviewed-only", action="store_true",
                        help="keep only the figures an analyst accepted or corrected")
    charts = chart_keys()
    parser.add_argument("--chart", choices=charts, default=charts[0],
                        help="the chart of a .png/.svg output")
    parser.add_argument("--width", type=int, default=ImageSize.width, help="image width (px)")
    parser.add_argument("--height", type=int, default=ImageSize.height, help="image height (px)")
    parser.add_argument("--scale", type=float, default=ImageSize.scale,
                        help="PNG pixels per layout pixel")
    return parser


def year_range(args: argparse.Namespace, bounds: tuple[int, int] | None) -> tuple[int, int] | None:
    """The years asked for; an open end takes the data's first or last year."""
    if args.year_from is None and args.year_to is None:
        return None
    low, high = bounds or (args.year_from or args.year_to, args.year_to or args.year_from)
    return (args.year_from if args.year_from is not None else low,
            args.year_to if args.year_to is not None else high)


def filters_from_args(args: argparse.Namespace, figures: pd.DataFrame) -> Filters:
    """The dashboard Filters the options describe."""
    choices = {field: tuple(getattr(args, field)) for _, field in CHOICE_OPTIONS}
    return Filters(**choices, year_range=year_range(args, year_bounds(figures)),
                   search=args.search, reviewed_only=args.reviewed_only)


def load_all(db: Path | None, data: Path | None) -> pd.DataFrame:
    """Every figure of the store as the app shows it (analysts' corrections applied, rejected
    figures left out), built from the articles first when empty."""
    store = prepare_store(db or db_path(), data or data_dir())
    return reviewed_figures(store)


def export(view: pd.DataFrame, filters: Filters, args: argparse.Namespace, total: int) -> bytes:
    """The requested output's bytes."""
    kind = args.out.suffix.lower()
    if kind == ".pptx":
        return build_deck(view, filters, args.lang, total)
    if kind == ".html":
        return build_html(view, filters, args.lang, total).encode("utf-8")
    if kind == ".pdf":
        return build_pdf(view, filters, args.lang, total)
    size = ImageSize(args.width, args.height, args.scale)
    return chart_image(view, chart_spec(args.chart), kind[1:], args.lang, size, filters)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.out.suffix.lower() not in OUTPUTS:
        parser.error(f"--out must end in one of {', '.join(OUTPUTS)}")
    figures = load_all(args.db, args.data)
    filters = filters_from_args(args, figures)
    view = apply_filters(figures, filters)
    if view.empty:
        print(f"{args.out}: {bt('empty_view', args.lang)}", file=sys.stderr)
        return 1
    payload = export(view, filters, args, len(figures))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_bytes(payload)
    docs = view["doc_id"].nunique() if len(view) else 0
    print(f"{args.out}: {len(view):,} of {len(figures):,} figures, {docs:,} documents, "
          f"{len(payload):,} bytes", file=sys.stderr)
    return 0
