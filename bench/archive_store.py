"""Build (or reuse) the archive store of the scale benchmark: N synthetic figures with
distinct sentences (dashboard.synthetic_archive), REVIEWS reviews, and its columnar dataset
and search index (store.columnar).

    .venv/bin/python bench/archive_store.py [--figures N] [--dir /tmp/archive-bench]

Kept under /tmp (never in the repository); reused when already built.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.synthetic_archive import fill_archive  # noqa: E402
from store.columnar import FACTS, build_facts, ensure_columnar  # noqa: E402
from store.db import Store, bump_revision, open_store, review_record, write_review  # noqa: E402

DEFAULT_DIR = Path("/tmp/archive-bench")
REVIEWS = 2_000


def archive_path(n: int, folder: Path = DEFAULT_DIR) -> Path:
    """Where the `n`-figure archive store lives."""
    return folder / f"archive-{n}.sqlite"


def build_archive(n: int, folder: Path = DEFAULT_DIR) -> tuple[Path, dict[str, float]]:
    """The store path and the seconds each build step took (empty when reused)."""
    path = archive_path(n, folder)
    times: dict[str, float] = {}
    if not (path.exists() and Store(path).get_meta("archive_figures") == str(n)):
        for stale in folder.glob(f"{path.name}*"):
            if stale.is_file():
                stale.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        store = open_store(path)
        fill_archive(store, n)
        times["build_sqlite_s"] = time.perf_counter() - started
        started = time.perf_counter()
        add_reviews(store)
        store.set_meta("archive_figures", str(n))
        times["add_reviews_s"] = time.perf_counter() - started
    started = time.perf_counter()
    dataset = ensure_columnar(Store(path))
    if not (dataset / FACTS).is_file():  # a dataset written before facts.duckdb existed
        build_facts(dataset)
    times["build_columnar_s"] = time.perf_counter() - started
    return path, times


def add_reviews(store: Store, n: int = REVIEWS) -> None:
    """`n` reviews (accepted, rejected, corrected in turn) of figures spread over the
    store, in one transaction."""
    total = store.read(lambda c: c.execute("SELECT max(rowid) FROM figures").fetchone()[0])
    step = max(1, total // n)
    rows = store.read(lambda c: c.execute(
        'SELECT d.content_hash, f.start, f."end", f.figure_id FROM figures f JOIN documents d '
        f"ON d.doc_id = f.doc_id WHERE f.rowid % {step} = 0 LIMIT {n}").fetchall())
    statuses = ("accepted", "rejected", "corrected")
    with store.transaction() as conn:
        for i, (content_hash, start, end, figure_id) in enumerate(rows):
            write_review(conn, review_record(
                content_hash, start, end, statuses[i % 3], "bench",
                {"value": 1234.0, "year": 2031} if i % 3 == 2 else {}, "bench",
                {"figure_id": figure_id}))
        bump_revision(conn)


def main() -> None:
    """Build the archive and print the build times."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--figures", type=int, default=10_000_000)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR)
    args = parser.parse_args()
    path, times = build_archive(args.figures, args.dir)
    print(path)
    for name, seconds in times.items():
        print(f"{name:24s} {seconds:10.1f}")


if __name__ == "__main__":
    main()
