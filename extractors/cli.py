"""Command line: extract figures from files or folders into a table, the store, or (on a
Dask cluster) a partitioned Parquet dataset."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tqdm import tqdm

from extractors.batch import BUDGET_BASE, BUDGET_RATE, FileResult, Job, iter_results, list_files
from extractors.config import ConfigError, load_config
from extractors.dataset import is_dataset, iter_dataset
from extractors.dates import parse_user_date
from extractors.output import OutputError, TableWriter, check_output_path, write_table
from extractors.schema import FileError

DESCRIPTION = """Extract targets, investments and statistics from Vietnamese and English
texts (.txt, .md, .html files or folders of them). Bad files are named on stderr
and skipped; the exit status is 1 when any file failed, 2 on a usage error."""


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m extractors", description=DESCRIPTION)
    parser.add_argument("paths", nargs="+", help="files or folders to read (with --db, also "
                        "a dataset folder written by --dask)")
    parser.add_argument("--out", help="output table: .csv, .jsonl or .parquet (with --dask: "
                        "a folder for the partitioned Parquet dataset)")
    parser.add_argument("--db", help="ingest into this SQLite store (e.g. data/figures.sqlite)")
    parser.add_argument("--config", help="config file (default: the project's config.yaml)")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="the texts' publication date, used instead of the one their "
                             "metadata or dateline gives ('this year' counts from it)")
    parser.add_argument("--jobs", type=_positive, default=cores(), metavar="N",
                        help="processes to extract with (default: all cores, here %(default)s)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="extract on a Dask cluster: a scheduler address "
                             "(tcp://host:8786) or 'local' for a LocalCluster of --jobs workers")
    parser.add_argument("--budget", type=float, default=BUDGET_BASE, metavar="SECONDS",
                        help=f"time allowed per file: SECONDS plus 1 s per {BUDGET_RATE:,} "
                             "bytes; a file over it is named and skipped (0: no limit)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    if not args.out and not args.db:
        parser.error("give --out FILE, --db FILE or both")
    if args.dask and not args.out:
        parser.error("--dask writes a dataset folder: give --out FOLDER")
    return args


def _date(value: str) -> str:
    try:
        return parse_user_date(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _positive(value: str) -> int:
    if not value.isdigit() or int(value) < 1:
        raise argparse.ArgumentTypeError(f"{value!r} is not a positive whole number")
    return int(value)


def report(error: FileError) -> None:
    """One line on stderr for a file that was skipped."""
    print(f"skipped {error.path}: {error.reason}", file=sys.stderr)


def progress(results: Iterable[FileResult], total: int, quiet: bool) -> Iterator[FileResult]:
    """`results`, counted on a progress bar in documents and characters; errors reported."""
    bar = tqdm(total=total, desc="extracting", unit="doc", disable=quiet or total < 2,
               leave=False)
    chars = 0
    with bar:
        for result in results:
            chars += result.chars
            bar.set_postfix_str(f"{chars / 1e6:,.1f} M chars", refresh=False)
            bar.update()
            if result.error:
                report(result.error)
            yield result


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        config = load_config(args.config)
        job = Job(config, args.date, budget=args.budget)
        if args.dask:
            return _on_dask(args, job)
        if args.out:
            check_output_path(args.out)
        if args.db:
            return _ingest(args, job)
        return _extract(args, job)
    except (ConfigError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _extract(args: argparse.Namespace, job: Job) -> int:
    """Extract into --out, appending each file's rows as it is done."""
    files = list_files(args.paths)
    documents = errors = 0
    with TableWriter(args.out) as writer:
        for result in progress(iter_results(files, job, args.jobs), len(files), args.quiet):
            if result.error:
                errors += 1
            else:
                documents += 1
                writer.write(result.rows)
    skipped = f"; {errors} file{'s' if errors > 1 else ''} skipped" if errors else ""
    print(f"{writer.rows} figures from {documents} documents -> {args.out}{skipped}",
          file=sys.stderr)
    return 1 if errors else 0


def _ingest(args: argparse.Namespace, job: Job) -> int:
    """Ingest into the SQLite store (and write --out from what it holds for these texts).
    A dataset folder written by --dask is ingested as it is, without extracting again."""
    from store.db import open_store  # imported only when a store is asked for

    store = open_store(Path(args.db))
    datasets = [p for p in args.paths if is_dataset(p)]
    files = list_files([p for p in args.paths if p not in datasets])
    job = Job(job.config, job.published, keep_text=True, budget=job.budget,
              skip_hashes=store.content_hashes())
    results = progress(iter_results(files, job, args.jobs), len(files), args.quiet)
    rep = store.ingest_results(results)
    for folder in datasets:
        rep += store.ingest_results(iter_dataset(folder))
    if args.out:
        write_table(store.figures_for(rep.doc_ids), args.out)
    print(f"{args.db}: {rep.documents_added} documents added, {rep.documents_skipped} already "
          f"there, {rep.figures_added} figures", file=sys.stderr)
    return 1 if rep.errors else 0


def _on_dask(args: argparse.Namespace, job: Job) -> int:
    """Extract on a Dask cluster into the dataset folder --out (then --db ingests it)."""
    from extractors.cluster import run_on_dask

    out = Path(args.out)
    if out.suffix.lower() in (".csv", ".jsonl", ".parquet") or out.is_file():
        raise OutputError(f"{out}: --dask writes a dataset folder, not a file")
    files = list_files(args.paths)
    bar = tqdm(total=len(files), desc="extracting", unit="doc", disable=args.quiet, leave=False)
    chars = 0

    def done(count: int, more: int) -> None:
        nonlocal chars
        chars += more
        bar.set_postfix_str(f"{chars / 1e6:,.1f} M chars", refresh=False)
        bar.update(count)

    with bar:
        rep = run_on_dask(files, job, out, args.dask, args.jobs, done)
    for error in rep.errors:
        report(error)
    print(f"{rep.figures} figures from {rep.documents} documents -> {out} "
          f"({rep.partitions} partition{'s' if rep.partitions != 1 else ''})", file=sys.stderr)
    if args.db:
        from store.db import open_store

        ingested = open_store(Path(args.db)).ingest_results(iter_dataset(out))
        print(f"{args.db}: {ingested.documents_added} documents added, "
              f"{ingested.documents_skipped} already there", file=sys.stderr)
    return 1 if rep.errors else 0
