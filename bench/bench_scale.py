"""Extraction at scale, through the command line as a user runs it.

    python bench/bench_scale.py [--mb 10] [--docs 1000,10000,100000] [--no-dask]

0. quantulum3 (when installed): its characters per second and ours on the same English
   texts, one core, and the ratio (bench_extract.py's comparison).
1. Cores: a corpus of at least --mb megabytes (articles, as bench_extract.py builds
   it) extracted with --jobs 1, 2, 4 … up to this machine's cores; time, characters
   and documents per second, speed-up over --jobs 1, and whether every output file is
   byte-identical to the --jobs 1 one.
2. Documents: 1k → 10k → 100k generated short documents (one or two paragraphs of
   the articles, numbers varied) on all cores; time, documents per second and peak
   memory of the main process and of the largest worker (time should grow linearly,
   memory stay flat).
3. Dask: the --mb corpus on a LocalCluster of one worker per core (--dask local),
   cluster start included.
4. Store: the 10k documents ingested with `python -m store --db` against written with
   --out; rows per second and the ratio (the bar: --db within 1.5× of --out).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_extract import (  # noqa: E402
    article_text,
    build_corpus,
    source_texts,
    versus_quantulum,
)

# Run the CLI in this child process and print its peak memory and its workers'.
CLI = """
import importlib, json, resource, sys
main = importlib.import_module(sys.argv[1] + ".cli").main
code = main(sys.argv[2:])
mb = lambda who: resource.getrusage(who).ru_maxrss / 1024
print(json.dumps({"code": code, "self_mb": mb(resource.RUSAGE_SELF),
                  "worker_mb": mb(resource.RUSAGE_CHILDREN)}))
"""
NUMBER = re.compile(r"\d+")


def cli(*args: str, module: str = "extractors") -> dict:
    """Run `python -m MODULE ARGS --quiet`; seconds, exit code and peak memory."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CLI, module, *args, "--quiet"], cwd=ROOT,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"{module} {' '.join(args)} failed:\n{done.stderr[-2000:]}")
    return {"seconds": seconds, **json.loads(done.stdout.strip().splitlines()[-1])}


def job_counts() -> list[int]:
    """1, 2, 4 … up to the cores this process may use (and that number itself)."""
    cores = len(os.sched_getaffinity(0))
    counts = [1]
    while counts[-1] * 2 <= cores:
        counts.append(counts[-1] * 2)
    return counts + ([cores] if counts[-1] != cores else [])


def cores_run(folder: Path, chars: int, docs: int, work: Path) -> None:
    print(f"1. cores: {docs} documents, {chars / 1e6:.1f} M characters")
    base = None
    reference = work / "jobs1.csv"
    for jobs in job_counts():
        out = work / f"jobs{jobs}.csv"
        run = cli(str(folder), "--out", str(out), "--jobs", str(jobs))
        base = base or run["seconds"]
        same = out.read_bytes() == reference.read_bytes()
        print(f"  --jobs {jobs}: {run['seconds']:.1f} s, {chars / run['seconds'] / 1e6:.2f} M "
              f"chars/s, {docs / run['seconds']:.0f} docs/s, speed-up "
              f"{base / run['seconds']:.2f}, output identical to --jobs 1: {same}")


def shifted(number: str, shift: int) -> str:
    """`number` plus `shift`, unless it reads as a year."""
    return number if 1900 <= int(number) <= 2100 else str(int(number) + shift)


def short_documents(folder: Path, count: int) -> int:
    """`count` documents of two article paragraphs (a different pair for each, numbers
    other than years shifted: all but about 0.1% distinct); their characters."""
    paragraphs = [p.strip() for text in source_texts() for p in article_text(text).split("\n")
                  if NUMBER.search(p) and len(p) > 80]
    size = len(paragraphs)
    folder.mkdir()
    total = 0
    for n in range(count):
        pair = (paragraphs[n % size], paragraphs[(n // size + n + 1) % size])
        body = NUMBER.sub(lambda m, shift=n % 1000: shifted(m.group(), shift), "\n\n".join(pair))
        (folder / f"d{n:06d}.txt").write_text(body, encoding="utf-8")
        total += len(body)
    return total


def documents_run(counts: list[int], work: Path) -> Path | None:
    """Time and memory at growing document counts; the 10k folder for the store run."""
    print("2. documents (all cores):")
    ten_k = None
    for count in counts:
        folder = work / f"docs{count}"
        chars = short_documents(folder, count)
        run = cli(str(folder), "--out", str(work / f"docs{count}.jsonl"))
        print(f"  {count:>7,} documents, {chars / 1e6:6.1f} M chars: {run['seconds']:6.1f} s, "
              f"{count / run['seconds']:5.0f} docs/s, {chars / run['seconds'] / 1e6:.2f} M "
              f"chars/s, peak main {run['self_mb']:.0f} MB, worker {run['worker_mb']:.0f} MB")
        if count == 10_000:
            ten_k = folder
    return ten_k


def dask_run(folder: Path, chars: int, work: Path) -> None:
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("3. dask: distributed is not installed; skipped")
        return
    run = cli(str(folder), "--out", str(work / "dataset"), "--dask", "local")
    print(f"3. dask LocalCluster ({len(os.sched_getaffinity(0))} workers, start included): "
          f"{run['seconds']:.1f} s, {chars / run['seconds'] / 1e6:.2f} M chars/s")


def store_run(folder: Path, work: Path) -> None:
    out = cli(str(folder), "--out", str(work / "store.jsonl"))
    db = cli(str(folder), "--db", str(work / "store.sqlite"), module="store")
    rows = sum(1 for _ in (work / "store.jsonl").open(encoding="utf-8"))
    ratio = db["seconds"] / out["seconds"]
    print(f"4. store, {folder.name}: --out {out['seconds']:.1f} s, --db {db['seconds']:.1f} s "
          f"({rows / db['seconds']:,.0f} rows/s), --db / --out {ratio:.2f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size for 1 and 3")
    parser.add_argument("--docs", default="1000,10000,100000",
                        help="document counts for 2 (comma-separated)")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask run")
    args = parser.parse_args()
    print("0. ", end="")
    versus_quantulum()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        folder = work / "corpus"
        folder.mkdir()
        chars, docs = build_corpus(folder, args.mb)
        cores_run(folder, chars, docs, work)
        ten_k = documents_run([int(c) for c in args.docs.split(",")], work)
        if not args.no_dask:
            dask_run(folder, chars, work)
        if ten_k is not None:
            store_run(ten_k, work)


if __name__ == "__main__":
    main()
