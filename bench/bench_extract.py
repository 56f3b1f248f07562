"""Extraction speed and bad-input handling, on one core.

    python bench/bench_extract.py [--mb 10] [--baseline REV] [--rounds 3]

1. Speed: builds a corpus of at least --mb megabytes from the bundled seeds
   (data/) and ../shared/corpus when present (texts repeated with their
   numbers varied so that documents differ), extracts it and prints
   characters per second and documents per second.
   With --baseline REV (default: the commit before the meaning work of issue
   9), the same corpus is also extracted by the extractors of that commit
   (checked out with `git archive`), each side in its own process, the two
   alternating for --rounds rounds; it prints both speeds (best round) and
   the ratio now / before. `--baseline none` skips it.
2. Profile: the top entries (cumulative time) of cProfile over one
   extraction of about a megabyte of that corpus.
3. quantulum3 (a general-purpose English quantity parser), when installed:
   its characters per second and ours on the same English texts, and the
   ratio (the bar of issue 10: ours at least 25 times theirs).
4. Bad input: a folder holding an empty file, a binary file, a cp1258 file,
   a 50 MB text (the articles repeated) and a line of 100,000 digits; prints
   the time, the figures of the good files and the names of the bad ones.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import pstats
import resource
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from test_reader import cp1258  # noqa: E402

from extractors import extract_paths, load_config  # noqa: E402
from extractors.language import text_language  # noqa: E402
from extractors.pipeline import find_figures  # noqa: E402
from extractors.segment import content_lines  # noqa: E402

SHARED_CORPUS = ROOT.parent / "shared" / "corpus"
BASELINE = "f5794d0"  # the extractors before issue 9 (measure, organisations, dates)
# Run in a child process: extract a folder with the extractors under a root.
TIMER = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from extractors import extract_paths, load_config
config = load_config()
start = time.perf_counter()
result = extract_paths([sys.argv[2]], config)
print(json.dumps({"seconds": time.perf_counter() - start, "figures": len(result.figures)}))
"""


def source_texts() -> list[str]:
    files = sorted((ROOT / "data").glob("*.txt"))
    if SHARED_CORPUS.exists():
        files += sorted(SHARED_CORPUS.glob("*/*.txt"))
    return [f.read_text(encoding="utf-8") for f in files]


def article_text(text: str) -> str:
    """A text without its tail furniture (a comment box ends an article, so one
    left inside the 50 MB file would end the extraction there)."""
    lines = content_lines(text, load_config())
    return text[:lines[-1].end] if lines else text


def build_corpus(folder: Path, megabytes: float) -> tuple[int, int]:
    texts = source_texts()
    total, n = 0, 0
    while total < megabytes * 1_000_000:
        text = texts[n % len(texts)].replace("2024", str(2000 + n % 30))
        (folder / f"doc{n:05d}.txt").write_text(text, encoding="utf-8")
        total += len(text)
        n += 1
    return total, n


def speed(megabytes: float) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        chars, docs = build_corpus(Path(tmp), megabytes)
        start = time.perf_counter()
        result = extract_paths([tmp])
        seconds = time.perf_counter() - start
    print(f"speed: {docs} documents, {chars / 1e6:.1f} M characters, "
          f"{len(result.figures)} figures in {seconds:.1f} s")
    print(f"  {chars / seconds / 1e6:.2f} M characters/s, {docs / seconds:.0f} documents/s")


def profile(megabytes: float, top: int = 15) -> None:
    """The `top` entries by cumulative time of cProfile over one extraction."""
    config = load_config()
    with tempfile.TemporaryDirectory() as tmp:
        chars, docs = build_corpus(Path(tmp), megabytes)
        extract_paths([tmp], config)  # compiled patterns and word lists are built once
        profiler = cProfile.Profile()
        profiler.runcall(extract_paths, [tmp], config)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(top)
    body = out.getvalue()
    print(f"profile of one extraction ({docs} documents, {chars / 1e6:.1f} M characters), "
          f"top {top} by cumulative time:")
    print(body[body.index("   ncalls"):].rstrip())


def versus_quantulum(seconds_at_least: float = 3.0) -> None:
    """Characters per second of quantulum3 and of ours on the English texts
    (ours: every figure with all its attributes, as extract_paths finds them
    before it builds its one table)."""
    try:
        from quantulum3 import parser
    except ImportError:
        print("quantulum3: not installed (pip install quantulum3); comparison skipped")
        return
    config = load_config()
    texts = [t for t in source_texts() if text_language(t, config) == "en"]
    chars = sum(len(t) for t in texts)
    parser.parse(texts[0])  # its tables load on first use

    def rate(extract) -> float:
        start, runs = time.perf_counter(), 0
        while runs == 0 or time.perf_counter() - start < seconds_at_least:
            for text in texts:
                extract(text)
            runs += 1
        return chars * runs / (time.perf_counter() - start)

    theirs = rate(parser.parse)
    ours = rate(lambda text: find_figures(text, config))
    print(f"quantulum3 on {len(texts)} English texts ({chars / 1e3:.0f} k characters): "
          f"{theirs / 1e3:.1f} k characters/s; ours {ours / 1e3:.0f} k characters/s; "
          f"ours / quantulum3: {ours / theirs:.0f}x")


def timed(root: Path, folder: Path) -> dict:
    """Seconds and figures of extracting `folder` with the extractors under `root`,
    in a fresh process."""
    out = subprocess.run([sys.executable, "-c", TIMER, str(root), str(folder)], check=True,
                         capture_output=True, text=True, cwd=root).stdout
    return json.loads(out.strip().splitlines()[-1])


def checkout(rev: str, into: Path) -> bool:
    """The files of commit `rev` under `into`; False when the repository lacks it."""
    archive = into / "rev.tar"
    with archive.open("wb") as out:
        done = subprocess.run(["git", "-C", str(ROOT), "archive", rev], stdout=out,
                              stderr=subprocess.DEVNULL)
    if done.returncode != 0:
        return False
    with tarfile.open(archive) as tar:
        tar.extractall(into / "tree", filter="data")
    return True


def compare(megabytes: float, rev: str, rounds: int) -> None:
    """Speed of the working tree against commit `rev` on one corpus, alternating."""
    with tempfile.TemporaryDirectory() as tmp:
        folder, base = Path(tmp) / "corpus", Path(tmp) / "base"
        folder.mkdir()
        base.mkdir()
        if not checkout(rev, base):
            print(f"baseline {rev}: not in this repository (a shallow clone?); skipped")
            return
        chars, docs = build_corpus(folder, megabytes)
        now, before = [], []
        for _ in range(rounds):
            now.append(timed(ROOT, folder))
            before.append(timed(base / "tree", folder))
    best_now = min(r["seconds"] for r in now)
    best_before = min(r["seconds"] for r in before)
    print(f"before/after on {docs} documents, {chars / 1e6:.1f} M characters "
          f"(best of {rounds} alternating rounds, one process each):")
    print(f"  before ({rev}): {chars / best_before / 1e6:.2f} M characters/s, "
          f"{before[0]['figures']} figures")
    print(f"  now:            {chars / best_now / 1e6:.2f} M characters/s, "
          f"{now[0]['figures']} figures")
    print(f"  throughput now / before: {best_before / best_now:.2f}")


def bad_input() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "empty.txt").write_bytes(b"")
        (folder / "binary.txt").write_bytes(bytes(range(256)) * 100)
        (folder / "windows.txt").write_bytes(cp1258("Dự án có tổng vốn 1,6 tỷ USD năm 2024."))
        (folder / "digits.txt").write_text("Mã " + "7" * 100_000 + "\nTăng 5%.\n")
        unit = "\n\n".join(article_text(t) for t in source_texts())
        (folder / "big.txt").write_text(unit * (50_000_000 // len(unit) + 1), encoding="utf-8")
        start = time.perf_counter()
        result = extract_paths([folder])
        seconds = time.perf_counter() - start
    counts = result.figures.groupby("doc_id").size().to_dict()
    print(f"bad input: {seconds:.1f} s for a 50 MB text + 4 small files; "
          f"figures per good file {counts}")
    for error in result.errors:
        print(f"  skipped {Path(error.path).name}: {error.reason}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size for the speed run")
    parser.add_argument("--skip-bad", action="store_true", help="only the speed run")
    parser.add_argument("--baseline", default=BASELINE,
                        help="commit to compare speed with ('none': no comparison)")
    parser.add_argument("--rounds", type=int, default=3, help="alternating rounds to compare")
    args = parser.parse_args()
    speed(args.mb)
    if args.baseline != "none":
        compare(args.mb, args.baseline, args.rounds)
    profile(min(args.mb, 1.0))
    versus_quantulum()
    if not args.skip_bad:
        bad_input()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")


if __name__ == "__main__":
    main()
