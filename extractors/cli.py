"""Command line: extract figures from files or folders into a table or (on a Dask
cluster) a partitioned Parquet dataset. Ingesting into the store is `python -m store`
(store/cli.py), which reuses the arguments and progress bar defined here."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from tqdm import tqdm

from extractors.batch import BUDGET_BASE, BUDGET_RATE, FileResult, Job, iter_results, list_files
from extractors.config import ConfigError, load_config
from extractors.dates import parse_user_date
from extractors.output import OutputError, TableWriter, check_output_path
from extractors.schema import FileError

DESCRIPTION = """Extract targets, investments and statistics from Vietnamese and English
texts (.txt, .md, .html, .pdf files or folders of them). Bad files are named on stderr
and skipped; the exit status is 1 when any file failed, 2 on a usage error."""
MOVED_DB = "ingesting moved: python -m store PATH... --db FILE"


def cores() -> int:
    """Cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def add_input_args(parser: argparse.ArgumentParser) -> None:
    """The arguments saying what to read and how to extract it (shared with `python -m
    store`)."""
    parser.add_argument("--config", help="config file (default: the project's config.yaml)")
    parser.add_argument("--date", type=_date, metavar="YYYY-MM-DD",
                        help="the texts' publication date, used instead of the one their "
                             "metadata or dateline gives ('this year' counts from it)")
    parser.add_argument("--jobs", type=_positive, default=cores(), metavar="N",
                        help="processes to extract with (default: all cores, here %(default)s)")
    parser.add_argument("--budget", type=float, default=BUDGET_BASE, metavar="SECONDS",
                        help=f"time allowed per file: SECONDS plus 1 s per {BUDGET_RATE:,} "
                             "bytes; a file over it is named and skipped (0: no limit)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m extractors", description=DESCRIPTION)
    parser.add_argument("paths", nargs="+", help="files or folders to read")
    parser.add_argument("--out",
                        help="output table: .csv, .jsonl or .parquet (with --dask: a folder "
                             "for the partitioned Parquet dataset)")
    parser.add_argument("--dask", metavar="ADDRESS",
                        help="extract on a Dask cluster: a scheduler address "
                             "(tcp://host:8786) or 'local' for a LocalCluster of --jobs workers")
    parser.add_argument("--db", help=argparse.SUPPRESS)  # only to say where it went
    add_input_args(parser)
    args = parser.parse_args(argv)
    if args.db:
        parser.error(MOVED_DB)
    if not args.out:
        parser.error("give --out FILE (or a folder with --dask)")
    return args


def job_of(args: argparse.Namespace, **options) -> Job:
    """The extraction job the arguments describe (config loaded: may raise ConfigError)."""
    return Job(load_config(args.config), args.date, budget=args.budget, **options)


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
        job = job_of(args)
        if args.dask:
            return _on_dask(args, job)
        check_output_path(args.out)
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


def _on_dask(args: argparse.Namespace, job: Job) -> int:
    """Extract on a Dask cluster into the dataset folder --out (`python -m store` ingests
    it)."""
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
    return 1 if rep.errors else 0
