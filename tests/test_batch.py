"""Many files: --jobs N gives the rows of one process in the same order, writers stream,
CSV cells never start a formula, a file over its time budget is named and skipped,
python -m store ingests in batches, and a Dask LocalCluster writes the same rows as one process."""

import time

import pandas as pd
import pyarrow.parquet as pq
import pytest
from test_cli import run

from extractors import extract_paths, load_config
from extractors.batch import FileResult, Job, OverBudget, iter_results, list_files, time_budget
from extractors.dataset import iter_dataset
from extractors.output import TableWriter, frame_rows

SENTENCES = [
    "Mục tiêu đến năm {year}, kinh tế số đóng góp {n}% GDP.",
    "In {year} the company invested $ {n} million in a chip plant in Bắc Ninh.",
    "=HYPERLINK(\"http://x\") Exports rose {n}% in {year}.",
    "- Output fell {n} pct in {year}, the ministry said.",
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory, root):
    """The bundled articles plus 30 short generated texts and a bad file."""
    folder = tmp_path_factory.mktemp("corpus")
    for article in sorted((root / "data").glob("*.txt")):
        (folder / article.name).write_bytes(article.read_bytes())
    for i in range(30):
        text = "\n".join(s.format(year=2020 + i % 10, n=i + 1) for s in SENTENCES)
        (folder / f"gen{i:02d}.txt").write_text(text, encoding="utf-8")
    (folder / "image.txt").write_bytes(b"\x00\x01binary\x00" * 40)
    return folder


@pytest.mark.slow
def test_jobs_two_writes_the_rows_of_one_process(corpus, tmp_path, root) -> None:
    one, two = tmp_path / "one.csv", tmp_path / "two.csv"
    first = run([str(corpus), "--out", str(one), "--quiet", "--jobs", "1"], root)
    second = run([str(corpus), "--out", str(two), "--quiet", "--jobs", "2"], root)
    assert first.returncode == second.returncode == 1  # the binary file
    skipped = [ln for ln in second.stderr.splitlines() if ln.startswith("skipped ")]
    assert len(skipped) == 1 and "image.txt" in skipped[0]
    assert one.read_bytes() == two.read_bytes()
    frame = pd.read_csv(one)
    assert frame.figure_id.tolist() == extract_paths([corpus]).figures.figure_id.tolist()
    assert (frame[frame.doc_id == "gen03"].value.tolist() == [4, 4e6, 4, 4])


def test_results_keep_input_order_across_processes(corpus) -> None:
    files = list_files([corpus])
    job = Job(load_config())
    assert [r.path for r in iter_results(files, job, jobs=2)] == [str(p) for p, _ in files]


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_streamed_table_equals_the_frame(corpus, tmp_path, suffix) -> None:
    frame = extract_paths([corpus]).figures
    out = tmp_path / f"t{suffix}"
    with TableWriter(out) as writer:
        rows = frame_rows(frame)
        writer.write(rows[:7])  # in pieces, as the CLI appends
        writer.write(rows[7:])
    back = {".csv": pd.read_csv, ".parquet": pd.read_parquet,
            ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](out)
    assert len(back) == len(frame) == writer.rows
    assert back.figure_id.tolist() == frame.figure_id.tolist()
    assert back.value.tolist() == frame.value.tolist()
    if suffix == ".parquet":
        pd.testing.assert_frame_equal(back, frame)


@pytest.mark.slow
def test_csv_cells_never_start_a_formula(corpus, tmp_path, root) -> None:
    out = tmp_path / "f.csv"
    run([str(corpus), "--out", str(out), "--quiet"], root)
    frame = pd.read_csv(out, dtype=str, keep_default_na=False)
    text = frame.drop(columns=["value", "value_high", "value_usd", "value_usd_high"])
    starts = text.map(lambda cell: cell[:1]).stack()
    assert not starts.isin(["=", "+", "-", "@", "\t", "\r"]).any()
    hyperlink = frame[frame.sentence.str.contains("HYPERLINK")]
    assert len(hyperlink) > 0 and hyperlink.sentence.str.startswith("'=HYPERLINK").all()
    dash = frame[frame.sentence.str.contains("Output fell")]
    assert dash.sentence.str.startswith("'- Output fell").all()


def test_time_budget_interrupts_the_block() -> None:
    started = time.perf_counter()
    with pytest.raises(OverBudget), time_budget(0.05):
        time.sleep(5)
    assert time.perf_counter() - started < 4


def test_file_over_budget_is_named_and_the_batch_goes_on(root, tmp_path) -> None:
    article = sorted((root / "data").glob("*.txt"))[0]
    job = Job(load_config(), budget=1e-4, budget_rate=1e15)  # a tenth of a millisecond
    results = list(iter_results([(article, None), (tmp_path / "gone.txt", "no such file")], job))
    assert "over its time budget" in results[0].error.reason
    assert results[1].error.reason == "no such file"
    relaxed = list(iter_results([(article, None)], Job(load_config())))
    assert relaxed[0].error is None and relaxed[0].rows


@pytest.mark.slow
def test_progress_bar_counts_documents_and_characters(corpus, tmp_path, root) -> None:
    proc = run([str(corpus), "--out", str(tmp_path / "f.jsonl"), "--jobs", "2"], root)
    assert "/36 [" in proc.stderr and "doc/s" in proc.stderr and "M chars" in proc.stderr


@pytest.mark.slow
def test_db_ingests_what_out_writes(corpus, tmp_path, root) -> None:
    db, direct = tmp_path / "s.sqlite", tmp_path / "direct.csv"
    run([str(corpus), "--out", str(direct), "--quiet"], root)
    proc = run([str(corpus), "--db", str(db), "--jobs", "2", "--quiet"], root, "store")
    assert proc.returncode == 1 and "image.txt" in proc.stderr
    assert "35 documents added, 0 already there" in proc.stderr
    again = run([str(corpus), "--db", str(db), "--quiet", "--out", str(tmp_path / "db.csv")],
                root, "store")
    assert "0 documents added, 35 already there, 0 figures" in again.stderr
    stored = pd.read_csv(tmp_path / "db.csv")
    assert sorted(stored.figure_id) == sorted(pd.read_csv(direct).figure_id)


def test_partitions_keep_order_and_feed_every_worker(corpus) -> None:
    from extractors.cluster import PARTITION_BYTES, partition_size, partitions

    files = list_files([corpus])
    groups = partitions(files, max_bytes=10**9, max_files=4)
    assert [f for group in groups for f in group] == files
    assert [len(g) for g in groups] == [4] * 9
    assert partition_size(10_000_000, slots=2) == 1_250_000
    assert partition_size(10**12, slots=2) == PARTITION_BYTES


@pytest.fixture(scope="module")
def dask_run(corpus, tmp_path_factory):
    """The corpus extracted on a 2-worker LocalCluster, 4 files a partition."""
    pytest.importorskip("distributed")
    from extractors.cluster import run_on_dask

    out = tmp_path_factory.mktemp("dataset")
    job = Job(load_config())
    report = run_on_dask(list_files([corpus]), job, out, "local", 2,
                         partition_bytes=10**9, partition_files=4)
    return out, report


@pytest.mark.slow
def test_dask_dataset_has_the_rows_of_one_process(corpus, dask_run) -> None:
    out, report = dask_run
    single = [r for r in iter_results(list_files([corpus]), Job(load_config()))]
    good: list[FileResult] = [r for r in single if r.error is None]
    assert report.partitions == 9 and report.documents == len(good) == 35
    assert [e.path for e in report.errors] == [str(corpus / "image.txt")]
    parts = sorted((out / "figures").glob("part-*.parquet"))
    assert len(parts) == 9
    rows = [tuple(row.values()) for p in parts for row in pq.read_table(p).to_pylist()]
    assert rows == [row for r in good for row in r.rows]
    assert [r.doc.doc_id for r in iter_dataset(out)] == [r.doc.doc_id for r in good]


@pytest.mark.slow
def test_db_ingests_a_dask_dataset_without_extracting(dask_run, tmp_path, root) -> None:
    out, report = dask_run
    db = tmp_path / "s.sqlite"
    proc = run([str(out), "--db", str(db), "--out", str(tmp_path / "f.csv"), "--quiet"], root,
               "store")
    assert proc.returncode == 0, proc.stderr
    assert f"{report.documents} documents added" in proc.stderr
    assert len(pd.read_csv(tmp_path / "f.csv")) == report.figures
