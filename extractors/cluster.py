"""The same extraction on a Dask cluster: file partitions go to workers, each writes one
partition of a Parquet dataset (extractors.dataset) and returns its errors and counts."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from extractors.batch import InputFile, Job, extract_files
from extractors.config import Config, parse_config
from extractors.dataset import write_marker, write_partition
from extractors.schema import FileError

PARTITION_BYTES = 32_000_000  # input bytes per partition (one task, one output file)
PARTITION_FILES = 2_000  # and at most this many files


@dataclass
class ClusterReport:
    """What a cluster run wrote."""

    partitions: int = 0
    documents: int = 0
    figures: int = 0
    chars: int = 0
    errors: list[FileError] = field(default_factory=list)


def partitions(files: list[InputFile], max_bytes: int = PARTITION_BYTES,
               max_files: int = PARTITION_FILES) -> list[list[InputFile]]:
    """Consecutive groups of files of about `max_bytes` (at most `max_files` files)."""
    groups: list[list[InputFile]] = [[]]
    size = 0
    for path, problem in files:
        if groups[-1] and (size >= max_bytes or len(groups[-1]) >= max_files):
            groups.append([])
            size = 0
        groups[-1].append((path, problem))
        size += _size(path)
    return [g for g in groups if g]


def _size(path: Path) -> int:
    """A file's size in bytes, 0 when it cannot be read."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def partition_size(total_bytes: int, slots: int) -> int:
    """Input bytes per partition: PARTITION_BYTES, or less so that each of the cluster's
    `slots` (worker threads) gets about four partitions."""
    return min(PARTITION_BYTES, max(1, total_bytes // (4 * max(slots, 1))))


_CONFIGS: dict[str, Config] = {}


def _config_on_worker(text: str, path: str, digest: str) -> Config:
    """The config, parsed once per worker process (its compiled rules are cached per
    Config object, so one object per digest keeps them warm across tasks)."""
    if digest not in _CONFIGS:
        _CONFIGS[digest] = parse_config(text, path)
    return _CONFIGS[digest]


def run_partition(index: int, files: list[InputFile], out: str, config_text: str,
                  config_path: str, digest: str, published: str | None,
                  budget: float) -> tuple[int, int, int, list[FileError]]:
    """Extract one partition on a worker and write it; (documents, figures, chars, errors)."""
    config = _config_on_worker(config_text, config_path, digest)
    job = Job(config, published, keep_text=True, budget=budget)
    results = extract_files(files, job)
    write_partition(Path(out), index, results)
    good = [r for r in results if r.error is None]
    return (len(good), sum(len(r.rows) for r in good), sum(r.chars for r in good),
            [r.error for r in results if r.error is not None])


def connect(address: str, workers: int):  # -> distributed.Client
    """A Dask client: 'local' starts a LocalCluster of `workers` single-threaded processes
    on this machine; anything else is a scheduler address (tcp://host:8786)."""
    from distributed import Client, LocalCluster

    if address == "local":
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        return Client(cluster)
    return Client(address)


def run_on_dask(files: list[InputFile], job: Job, out: Path, address: str, workers: int,
                on_done: Callable[[int, int], None] | None = None,
                partition_bytes: int | None = None,
                partition_files: int = PARTITION_FILES) -> ClusterReport:
    """Extract `files` on the cluster at `address` into the dataset folder `out`, one
    partition per group of about `partition_bytes` (at most `partition_files` files). By
    default a partition is PARTITION_BYTES, or less so that every worker gets about four.
    `on_done(files, chars)` is called as each partition finishes."""
    from distributed import as_completed

    out.mkdir(parents=True, exist_ok=True)
    config_text = Path(job.config.path).read_text(encoding="utf-8")
    client = connect(address, workers or os.cpu_count() or 1)
    try:
        if partition_bytes is None:
            total = sum(_size(path) for path, _ in files)
            partition_bytes = partition_size(total, sum(client.nthreads().values()))
        groups = partitions(files, partition_bytes, partition_files)
        report = ClusterReport(partitions=len(groups))
        futures = {
            client.submit(run_partition, i, group, str(out.resolve()), config_text,
                          job.config.path, job.config.digest, job.published, job.budget,
                          pure=False): len(group)
            for i, group in enumerate(groups)
        }
        for future in as_completed(futures):
            documents, figures, chars, errors = future.result()
            report.documents += documents
            report.figures += figures
            report.chars += chars
            report.errors += errors
            if on_done:
                on_done(futures[future], chars)
        report.errors.sort(key=lambda error: error.path)
    finally:
        cluster = client.cluster
        client.close()
        if cluster is not None:
            cluster.close()
    write_marker(out, report.partitions, report.documents, report.figures, job.config.digest)
    return report
