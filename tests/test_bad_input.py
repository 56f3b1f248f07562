"""Bad input files: each is named in one line, none crashes a batch, and the valid
text of a damaged file keeps its figures."""

from __future__ import annotations

import codecs
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_reader import cp1258

from extractors import ReadError, extract_document, iter_input_files, read_document, read_text_bytes
from extractors.reader import decode_bytes, html_article

VI = "Tổng vốn đầu tư đạt 1,6 tỷ USD trong năm 2024.\n"
EN = "Exports rose 12% in 2023.\n"


def values(doc) -> list[float]:
    return sorted(extract_document(doc).value.tolist())


def test_truncated_utf16_keeps_the_text_and_names_the_cut() -> None:
    data = codecs.BOM_UTF16_LE + (VI + EN).encode("utf-16-le")[:-1]
    doc = read_text_bytes(data, "cut.txt")
    assert doc.problems == ("truncated UTF-16: the incomplete last character (1 byte) dropped",)
    assert values(doc) == [12, 1.6e9]


def test_truncated_utf32_keeps_the_text() -> None:
    data = codecs.BOM_UTF32_LE + (EN + VI).encode("utf-32-le")[:-3]
    doc = read_text_bytes(data, "cut.txt")
    assert doc.problems[0].startswith("truncated UTF-32")
    assert values(doc) == [12, 1.6e9]


@pytest.mark.parametrize("bom", [codecs.BOM_UTF32_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF16_LE])
def test_a_bad_bom_is_named_and_the_text_read_without_it(bom: bytes) -> None:
    doc = read_text_bytes(bom + VI.encode("utf-8"), "bom.txt")
    assert doc.problems[0].startswith("bad byte-order mark")
    assert values(doc) == [1.6e9]


def test_a_bom_over_binary_is_a_one_line_error() -> None:
    with pytest.raises(ReadError) as err:
        read_text_bytes(codecs.BOM_UTF32_LE + b"\x00\xff\x12" * 40, "bom.txt")
    assert str(err.value) == "bad byte-order mark: the file starts with a UTF-32 mark but is not " \
                             "UTF-32 text"


def test_one_bad_byte_keeps_every_utf8_figure() -> None:
    data = VI.encode() + b"Doanh thu \xff t\xc4\x83ng 30%.\n" + EN.encode()
    doc = read_text_bytes(data, "one.txt")
    assert doc.problems == ("invalid UTF-8 bytes on line 2 replaced by U+FFFD; the rest read "
                            "as UTF-8",)
    assert "Tổng vốn đầu tư" in doc.text and "\ufffd" in doc.text
    assert values(doc) == [12, 30, 1.6e9]


def test_truncated_last_utf8_character_is_dropped_and_named() -> None:
    doc = read_text_bytes((VI + "tỷ").encode()[:-1], "cut.txt")
    assert doc.problems == ("truncated UTF-8: the incomplete last character dropped",)
    assert doc.text.startswith("Tổng vốn") and values(doc) == [1.6e9]


def test_mixed_utf8_and_cp1258_lines_each_read_right() -> None:
    data = VI.encode() + cp1258("Dự án có vốn 200 triệu USD.") + b"\n" + EN.encode()
    doc = read_text_bytes(data, "mixed.txt")
    assert doc.problems == ("mixed encodings: line 2 read as cp1258, the rest as UTF-8",)
    assert values(doc) == [12, 2e8, 1.6e9]


def test_a_real_cp1258_file_still_reads_as_cp1258() -> None:
    doc = read_text_bytes(cp1258("Dự án có vốn 200 triệu USD."), "win.txt")
    assert doc.problems == () and values(doc) == [2e8]


def test_decode_names_lines_compactly() -> None:
    data = b"".join(b"ok \xc4\x83\n" if i % 2 else b"bad \xff\n" for i in range(20))
    assert decode_bytes(data).problems == [
        "invalid UTF-8 bytes on 10 lines (1, 3, 5, 7, 9, ...) replaced by U+FFFD; "
        "the rest read as UTF-8"]


def test_non_utf8_file_name_is_valid_text(tmp_path) -> None:
    name = os.fsdecode(b"b\xe1o c\xe1o.txt")
    path = tmp_path / name
    path.write_text(EN, encoding="utf-8")
    doc = read_document(path)
    assert doc.doc_id == "b\ufffdo c\ufffdo"
    doc.source.encode("utf-8")  # no surrogates left
    assert doc.problems[0].startswith("the file name is not valid UTF-8")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_unreadable_folder_is_named(tmp_path) -> None:
    (tmp_path / "ok.txt").write_text(EN)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "hidden.txt").write_text(EN)
    locked.chmod(0)
    try:
        found = list(iter_input_files([tmp_path]))
    finally:
        locked.chmod(0o755)
    assert (locked, "cannot read folder: Permission denied") in found
    assert (tmp_path / "ok.txt", None) in found


@pytest.mark.slow  # 30,000 nested tags
@pytest.mark.parametrize("closed", [True, False])
def test_deep_html_is_read(closed: bool) -> None:
    depth = 30_000
    html = "<html><body>" + "<div>" * depth + "<p>Exports rose 12% in 2023.</p>" \
        + ("</div>" * depth if closed else "") + "</body></html>"
    assert html_article(html)[1] == "Exports rose 12% in 2023."


def run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractors", *args], cwd=cwd,
                          capture_output=True, timeout=600)


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".csv", ".jsonl", ".parquet"])
def test_bad_files_in_one_folder_through_the_cli(tmp_path, root, suffix: str) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "utf16.txt").write_bytes(codecs.BOM_UTF16_LE + EN.encode("utf-16-le")[:-1])
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF32_LE + b"\x00\xff\x12" * 40)
    (folder / os.fsdecode(b"t\xean.txt")).write_text("Revenue was $5 million in 2022.\n")
    (folder / "onebad.txt").write_bytes(VI.encode() + b"Doanh thu \xff 30%.\n")
    out = tmp_path / f"figures{suffix}"
    proc = run_cli([str(folder), "--out", str(out), "--quiet"], root)
    err = proc.stderr.decode("utf-8", errors="replace")
    assert proc.returncode == 1 and "Traceback" not in err, err
    lines = err.splitlines()
    assert [ln for ln in lines if "bom.txt" in ln] == [
        f"skipped {folder / 'bom.txt'}: bad byte-order mark: the file starts with a UTF-32 mark "
        "but is not UTF-32 text"]
    assert any("utf16.txt: truncated UTF-16" in ln for ln in lines)
    assert any("onebad.txt: invalid UTF-8 bytes on line 2" in ln for ln in lines)
    assert any("t\ufffdn.txt: the file name is not valid UTF-8" in ln for ln in lines)
    frame = {".csv": pd.read_csv, ".parquet": pd.read_parquet,
             ".jsonl": lambda p: pd.read_json(p, lines=True)}[suffix](out)
    got = dict(zip(frame.doc_id, frame.value, strict=False))
    assert sorted(frame.value.tolist()) == [12, 30, 5e6, 1.6e9]
    assert got["t\ufffdn"] == 5e6
