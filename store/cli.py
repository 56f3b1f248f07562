"""`python -m store PATH... --db FILE`: extract files and folders into the SQLite store
the dashboard reads (one connection, a transaction per 200 documents; texts already in
the store are read but not extracted again). A dataset folder written by `python -m
extractors ... --dask ADDRESS --out DIR` is ingested as it is, without extracting."""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from extractors.batch import iter_results, list_files
from extractors.cli import add_input_args, job_of, progress
from extractors.config import ConfigError
from extractors.dataset import is_dataset, iter_dataset
from extractors.output import OutputError, check_output_path, write_table
from store.db import open_store

DESCRIPTION = """Extract Vietnamese and English texts (.txt, .md, .html, .pdf files or
folders of them) or ingest a dataset folder written on a Dask cluster into the
dashboard's SQLite store. Bad files are named on stderr and skipped; the exit status is 1
when any file failed, 2 on a usage error or a damaged store."""


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m store", description=DESCRIPTION)
    parser.add_argument("paths", nargs="+",
                        help="files or folders to read, or dataset folders written by --dask")
    parser.add_argument("--db", required=True,
                        help="the SQLite store (e.g. data/figures.sqlite); made if missing")
    parser.add_argument("--out", help="also write the figures these texts have in the store "
                                      "to a table: .csv, .jsonl or .parquet")
    add_input_args(parser)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.out:
            check_output_path(args.out)
        return ingest(args)
    except (ConfigError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def ingest(args: argparse.Namespace) -> int:
    """Ingest the files and dataset folders of `args` into --db (and write --out from what
    the store holds for them)."""
    job = job_of(args, keep_text=True)  # a bad config stops before the store is touched
    store = open_store(Path(args.db))
    job = replace(job, skip_hashes=store.content_hashes())
    datasets = [p for p in args.paths if is_dataset(p)]
    files = list_files([p for p in args.paths if p not in datasets])
    rep = store.ingest_results(progress(iter_results(files, job, args.jobs), len(files),
                                        args.quiet))
    for folder in datasets:
        rep += store.ingest_results(iter_dataset(folder))
    if args.out:
        write_table(store.figures_for(rep.doc_ids), args.out)
    print(f"{args.db}: {rep.documents_added} documents added, {rep.documents_skipped} already "
          f"there, {rep.figures_added} figures", file=sys.stderr)
    return 1 if rep.errors else 0
