"""Command line: extract figures from files or folders into a table or the store."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from extractors.config import ConfigError, load_config
from extractors.dates import parse_user_date
from extractors.output import OutputError, check_output_path, write_table
from extractors.pipeline import extract_paths
from extractors.schema import FileError

DESCRIPTION = """Extract targets, investments and statistics from Vietnamese and English
texts (.txt, .md, .html files or folders of them). Bad files are named on stderr
and skipped; the exit status is 1 when any file failed, 2 on a usage error."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m extractors", description=DESCRIPTION)
    parser.add_argument("paths", nargs="+", help="files or folders to read")
    parser.add_argument("--out", help="output table: .csv, .jsonl or .parquet")
    parser.add_argument("--db", help="ingest into this SQLite store (e.g. data/figures.sqlite)")
    parser.add_argument("--config", help="config file (default: the project's config.yaml)")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="the texts' publication date, used instead of the one their "
                             "metadata or dateline gives ('this year' counts from it)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not args.out and not args.db:
        parser.error("give --out FILE, --db FILE or both")
    return args


def _date(value: str) -> str:
    try:
        return parse_user_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def report(error: FileError) -> None:
    """One line on stderr for a file that was skipped."""
    print(f"skipped {error.path}: {error.reason}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.config)
        if args.out:
            check_output_path(args.out)
        if args.db:
            return _ingest(args, config)
        result = extract_paths(args.paths, config, progress=not args.quiet, on_error=report,
                               published=args.date)
        write_table(result.figures, args.out)
    except (ConfigError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"{len(result.figures)} figures from {len(result.documents)} documents -> {args.out}"
          + (f"; {len(result.errors)} files skipped" if result.errors else ""), file=sys.stderr)
    return 1 if result.errors else 0


def _ingest(args: argparse.Namespace, config) -> int:
    """Ingest into the SQLite store (and write --out from what was extracted)."""
    from dashboard.store import open_store  # the store lives with the dashboard

    store = open_store(Path(args.db))
    rep = store.ingest_paths(args.paths, config=config, published=args.date)
    for error in rep.errors:
        report(error)
    if args.out:
        write_table(store.figures_for(rep.doc_ids), args.out)
    print(f"{args.db}: {rep.documents_added} documents added, {rep.documents_skipped} already "
          f"there, {rep.figures_added} figures", file=sys.stderr)
    return 1 if rep.errors else 0
