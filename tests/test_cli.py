"""python -m extractors (and python -m store): formats, bad files, exit status."""

import json
import subprocess
import sys

import pandas as pd
import pytest
from test_reader import cp1258

VI = "Mục tiêu đến năm 2030, kinh tế số đóng góp 30% GDP.\n"


pytestmark = pytest.mark.slow  # the command line in subprocesses


def run(args: list[str], cwd, module: str = "extractors") -> subprocess.CompletedProcess:
    """`python -m MODULE ARGS` in `cwd`."""
    return subprocess.run([sys.executable, "-m", module, *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def batch(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "good.txt").write_text(VI, encoding="utf-8")
    (folder / "win.txt").write_bytes(cp1258("Dự án có vốn 200 triệu USD."))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "image.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    (folder / "page.html").write_text("<html><body><p>Exports rose 12% in 2023.</p></body></html>")
    return folder


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_batch_with_bad_files(batch, tmp_path, root, suffix: str) -> None:
    out = tmp_path / f"figures{suffix}"
    proc = run([str(batch), "--out", str(out), "--quiet"], root)
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    skipped = [ln for ln in proc.stderr.splitlines() if ln.startswith("skipped")]
    assert sorted(ln.split(":")[0] for ln in skipped) == sorted(
        f"skipped {batch / name}" for name in ("empty.txt", "image.txt"))
    frame = {".csv": pd.read_csv, ".parquet": pd.read_parquet,
             ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](out)
    assert sorted(frame.doc_id.unique()) == ["good", "page", "win"]
    assert sorted(frame.value.tolist()) == [12, 30, 200e6]


def test_clean_batch_exits_zero(tmp_path, root) -> None:
    (tmp_path / "a.md").write_text(VI, encoding="utf-8")
    out = tmp_path / "a.jsonl"
    proc = run([str(tmp_path / "a.md"), "--out", str(out)], root)
    assert proc.returncode == 0, proc.stderr
    row = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert (row["value"], row["unit"], row["kind"], row["year"]) == (30, "%", "target", 2030)


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--out", "x.xlsx"], "unsupported output format"),
     (["--out", "/no/such/dir/x.csv"], "does not exist"),
     (["--out", "x.csv", "--config", "/no/such.yaml"], "file not found")],
)
def test_user_errors_are_one_line(tmp_path, root, args, message: str) -> None:
    (tmp_path / "a.txt").write_text(VI, encoding="utf-8")
    proc = run([str(tmp_path / "a.txt"), *args], root)
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_missing_input_is_reported(tmp_path, root) -> None:
    proc = run([str(tmp_path / "nope.txt"), "--out", str(tmp_path / "o.csv")], root)
    assert proc.returncode == 1
    assert "no such file or folder" in proc.stderr


def test_db_on_the_extraction_command_says_where_ingesting_went(tmp_path, root) -> None:
    proc = run([str(root / "data"), "--db", str(tmp_path / "s.sqlite")], root)
    assert proc.returncode == 2
    assert "ingesting moved: python -m store PATH... --db FILE" in proc.stderr
    assert not (tmp_path / "s.sqlite").exists()


def test_store_command_refuses_a_bad_config_before_making_the_store(tmp_path, root) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("languages: [", encoding="utf-8")
    proc = run([str(root / "data"), "--db", str(tmp_path / "s.sqlite"), "--config", str(bad)],
               root, "store")
    assert proc.returncode == 2 and proc.stderr.startswith("error: ")
    assert not (tmp_path / "s.sqlite").exists()
