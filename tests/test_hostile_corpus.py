"""A folder of hostile files, built here, run through the command line: no
traceback, every bad file named on stderr, every figure of the good files written."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytestmark = pytest.mark.slow  # the command line in subprocesses, megabytes of input

DEPTH = 30_000
GOOD = {
    "good_vi.txt": ("Mục tiêu đến năm 2030, kinh tế số đóng góp 30% GDP.\n", [30]),
    "good_en.md": ("Samsung invested $2.5 billion in Vietnam in 2023.\n", [2.5e9]),
    "nested.html": ("<html><body>" + "<div>" * DEPTH + "<p>Exports rose 12% in 2023.</p>"
                    + "</div>" * DEPTH + "</body></html>", [12]),
    "unclosed.html": ("<html><body>" + "<div>" * DEPTH + "<p>Imports fell 4% in 2022.</p>",
                      [4]),
    "digits.txt": ("9" * 100_000 + "\nRevenue rose 7% in 2022.\n", [7]),
    "capitals.txt": ("VIETNAM SEMICONDUCTOR FDI " * 40_000 + "\nSales rose 3% in 2020.\n", [3]),
    "chain.txt": ("A-B&C.D-" * 25_000 + "\nOutput fell 2% in 2019.\n", [2]),
}


def hostile_folder(folder: Path) -> dict[str, str]:
    """Write the corpus; returns what stderr must say about each bad file."""
    folder.mkdir()
    for name, (text, _values) in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "nul.txt").write_bytes(b"Vo\x00n 30%\x00 GDP \x00" * 200)
    (folder / "utf16_cut.txt").write_bytes(
        codecs.BOM_UTF16_LE + "Lợi nhuận tăng 15% năm 2024.\n".encode("utf-16-le")[:-1])
    (folder / "bad_bom.txt").write_bytes(codecs.BOM_UTF32_LE + b"\x00\xff\x12" * 50)
    (folder / os.fsdecode(b"b\xe1o_c\xe1o.txt")).write_text("Profit rose 9% in 2021.\n")
    (folder / "one_bad_byte.txt").write_bytes(
        "Vốn FDI đạt 20 tỷ USD năm 2024.\n".encode() + b"Doanh thu \xff t\xc4\x83ng 6%.\n")
    return {
        "nul.txt": "skipped {}: binary file",
        "bad_bom.txt": "skipped {}: bad byte-order mark",
        "utf16_cut.txt": "warning {}: truncated UTF-16",
        "b\ufffdo_c\ufffdo.txt": "warning {}: the file name is not valid UTF-8",
        "one_bad_byte.txt": "warning {}: invalid UTF-8 bytes on line 2",
    }


@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_hostile_corpus_through_the_cli(tmp_path, root, suffix: str) -> None:
    folder = tmp_path / "hostile"
    expected = hostile_folder(folder)
    out = tmp_path / f"figures{suffix}"
    proc = subprocess.run([sys.executable, "-m", "extractors", str(folder), "--out", str(out),
                           "--quiet"], cwd=root, capture_output=True, timeout=600)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode == 1, err
    assert "Traceback" not in err
    lines = err.splitlines()
    for name, line in expected.items():
        start = line.format(folder / name)
        assert any(ln.startswith(start) for ln in lines), (start, lines)
    frame = {".csv": pd.read_csv, ".parquet": pd.read_parquet,
             ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](out)
    for name, (_text, values) in GOOD.items():
        got = frame.loc[frame.doc_id == Path(name).stem, "value"].tolist()
        assert sorted(got) == values, name
    by_doc = frame.groupby("doc_id")["value"].apply(sorted).to_dict()
    assert by_doc["utf16_cut"] == [15]
    assert by_doc["b\ufffdo_c\ufffdo"] == [9]
    assert by_doc["one_bad_byte"] == [6, 2e10]
    assert "nul" not in by_doc and "bad_bom" not in by_doc


def test_articles_saved_one_after_another_are_all_read(tmp_path, root) -> None:
    """A page tail (related headlines, comments) ends one article, not the file: the next
    article, after its dateline or as a long paragraph, is read again."""
    tail = "\nTin liên quan\nGiá vàng tăng 2% trong phiên sáng\nXuất khẩu gạo đạt 5 triệu tấn\n"
    first = ("Năm 2024, vốn FDI vào Việt Nam đạt 38 tỷ USD, tăng 9% so với năm trước. "
             "Các dự án chế biến, chế tạo chiếm phần lớn vốn đăng ký mới.\n")
    second = "(Dân trí) - Tập đoàn X nâng tổng vốn đầu tư lên 3 tỷ USD trong năm 2025.\n"
    third = ("The ministry said on Monday that exports of electronics rose 11% in 2023, "
             "driven by phones and components assembled by foreign-invested factories, and "
             "that the sector expects similar growth next year as new plants start production "
             "in the northern provinces around Hanoi.\n")
    path = tmp_path / "saved.txt"
    path.write_text(first + tail + second + tail + third + tail, encoding="utf-8")
    out = tmp_path / "f.csv"
    subprocess.run([sys.executable, "-m", "extractors", str(path), "--out", str(out), "--quiet"],
                   cwd=root, check=True, timeout=300)
    assert sorted(pd.read_csv(out).value) == [9, 11, 3e9, 38e9]
