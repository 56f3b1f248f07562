"""Extract many files as a stream of per-file results, in input order, on one core or
several. Each file has a time budget; a file that fails is a FileError, never a crash."""

from __future__ import annotations

import multiprocessing
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from extractors.config import Config
from extractors.pipeline import document_figures, extract_text
from extractors.reader import ReadError, iter_input_files, read_document
from extractors.schema import COLUMNS, FLOAT_COLUMNS, INT_COLUMNS, Document, Figure, FileError

# No input may extract slower than this: a file's budget is BUDGET_BASE seconds plus one
# second per BUDGET_RATE bytes.
BUDGET_BASE = 20.0
BUDGET_RATE = 50_000
TASK_BYTES = 256_000  # files are sent to a worker in groups of about this size
TASK_FILES = 32  # and at most this many

_INTS = frozenset(COLUMNS.index(c) for c in INT_COLUMNS)
_FLOATS = frozenset(COLUMNS.index(c) for c in FLOAT_COLUMNS)

InputFile = tuple[Path, str | None]  # a path and, when it cannot be read, why


class OverBudget(BaseException):
    """A file took longer than its time budget (a BaseException, so that no rule's
    `except Exception` swallows it)."""


@dataclass(frozen=True)
class Job:
    """What every worker needs to extract a file."""

    config: Config
    published: str | None = None  # ISO date given by the user for every text
    keep_text: bool = False  # keep each Document's text (the store needs it)
    budget: float = BUDGET_BASE  # base seconds per file; 0 turns the budget off
    budget_rate: float = BUDGET_RATE  # bytes a second added to the base
    skip_hashes: frozenset[str] = frozenset()  # texts already stored: read, not extracted


@dataclass
class FileResult:
    """One input file: its document, its figures as rows in COLUMNS order, or its error."""

    path: str
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    doc: Document | None = None
    error: FileError | None = None
    chars: int = 0
    stored: bool = False  # its text was in `skip_hashes`: not extracted


def figure_row(fig: Figure) -> tuple[Any, ...]:
    """A figure as a row in COLUMNS order: ints and floats typed, None when missing."""
    row = []
    for i, col in enumerate(COLUMNS):
        value = getattr(fig, col)
        if value is not None and value == value:
            if i in _INTS:
                value = int(value)
            elif i in _FLOATS:
                value = float(value)
        else:
            value = None
        row.append(value)
    return tuple(row)


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the block after `seconds` (main thread on POSIX only; elsewhere,
    and for seconds <= 0, no limit)."""
    usable = (seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise OverBudget

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def file_budget(path: Path, job: Job) -> float:
    """Seconds allowed for a file: the job's base plus its size at the job's rate."""
    if job.budget <= 0:
        return 0
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return job.budget + size / job.budget_rate


def extract_file(path: Path, problem: str | None, job: Job) -> FileResult:
    """Read and extract one file; any failure becomes the result's error."""
    result = FileResult(str(path))
    budget = file_budget(path, job)
    try:
        if problem:
            raise ReadError(problem)
        with time_budget(budget):
            doc = read_document(path, job.config, job.published)
            result.chars = len(doc.text)
            if doc.content_hash in job.skip_hashes:
                result.stored = True
            else:
                result.rows = [figure_row(f) for f in document_figures(doc, job.config)]
        result.doc = doc if job.keep_text else replace(doc, text="")
    except ReadError as exc:
        result.error = FileError(str(path), str(exc))
    except OverBudget:
        result.error = FileError(str(path), f"over its time budget ({budget:.3g} s)")
    except Exception as exc:  # a rule's bug must not sink the batch: name it, go on
        result.error = FileError(str(path), f"extraction failed ({type(exc).__name__}: {exc})")
    return result


def extract_files(files: list[InputFile], job: Job) -> list[FileResult]:
    """Results of a group of files, in order (one worker task)."""
    return [extract_file(path, problem, job) for path, problem in files]


def list_files(paths: Iterable[str | Path]) -> list[InputFile]:
    """Every input file under `paths`, in the order they are extracted."""
    return list(iter_input_files(paths))


def tasks(files: list[InputFile]) -> Iterator[list[InputFile]]:
    """Consecutive groups of files of about TASK_BYTES (at most TASK_FILES files)."""
    group: list[InputFile] = []
    size = 0
    for item in files:
        group.append(item)
        try:
            size += item[0].stat().st_size if not item[1] else 0
        except OSError:
            pass
        if size >= TASK_BYTES or len(group) >= TASK_FILES:
            yield group
            group, size = [], 0
    if group:
        yield group


_WORKER_JOB: Job | None = None


def _start_worker(job: Job) -> None:
    global _WORKER_JOB
    _WORKER_JOB = job


def _worker_task(files: list[InputFile]) -> list[FileResult]:
    return extract_files(files, _WORKER_JOB)


def warm_up(config: Config) -> None:
    """Build the config's compiled rules and word lists once, so forked workers share them."""
    extract_text("Năm 2030 đạt 10% GDP; in 2025 it invested $5 million.", config=config)


def iter_results(files: list[InputFile], job: Job, jobs: int = 1) -> Iterator[FileResult]:
    """A result per file, in the order of `files`, from `jobs` processes. At most a few
    groups per process are in flight, so memory is bounded by the batch, not the corpus."""
    if jobs <= 1 or len(files) < 2:
        for path, problem in files:
            yield extract_file(path, problem, job)
        return
    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
    warm_up(job.config)
    with context.Pool(jobs, initializer=_start_worker, initargs=(job,)) as pool:
        pending: deque = deque()
        for group in tasks(files):
            pending.append(pool.apply_async(_worker_task, (group,)))
            if len(pending) >= 4 * jobs:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
