"""Uploads: a file too large, too slow or damaged is named and the others still go in."""

from __future__ import annotations

import codecs

import pytest
from helpers import new_app, run, shown

from dashboard.data import DB_ENV
from dashboard.uploads import MAX_UPLOAD_MB, add_bytes
from store.db import Store, open_store

GOOD = "Mục tiêu đến năm 2030, kinh tế số đóng góp 30% GDP.\n".encode()
CUT_UTF16 = codecs.BOM_UTF16_LE + "Exports rose 12% in 2023.\n".encode("utf-16-le")[:-1]
BAD_BOM = codecs.BOM_UTF32_LE + b"\x00\xff\x12" * 40


@pytest.fixture
def store(tmp_path) -> Store:
    return open_store(tmp_path / "uploads.sqlite")


def test_too_large_is_refused_before_reading(store) -> None:
    result = add_bytes(store, "huge.txt", b"a" * (MAX_UPLOAD_MB * 2**20 + 1))
    assert result.status == "rejected"
    assert result.reason == f"too large (10.0 MB; the limit is {MAX_UPLOAD_MB} MB)"
    assert store.count_documents() == 0


def test_over_budget_is_skipped_and_the_next_file_goes_in(store) -> None:
    slow = ("Doanh thu tăng 30% năm 2024, vốn đạt 5 tỷ USD. " * 20_000).encode()
    result = add_bytes(store, "slow.txt", slow, budget=0.01)
    assert (result.status, result.reason) == ("rejected",
                                              "over the time budget (0.01 s); skipped")
    assert store.count_documents() == 0
    assert add_bytes(store, "good.txt", GOOD).status == "added"


def test_damaged_files_are_named_and_kept_when_readable(store) -> None:
    assert add_bytes(store, "bom.txt", BAD_BOM).reason.startswith("bad byte-order mark")
    cut = add_bytes(store, "cut.txt", CUT_UTF16)
    assert cut.status == "added" and cut.figures == 1
    assert cut.notes == ("truncated UTF-16: the incomplete last character (1 byte) dropped",)


@pytest.mark.slow
def test_app_batch_goes_on_after_a_bad_file(tmp_path, monkeypatch) -> None:
    path = tmp_path / "own.sqlite"
    open_store(path)
    monkeypatch.setenv(DB_ENV, str(path))
    monkeypatch.setenv("DASHBOARD_DATA", str(tmp_path / "none"))
    at = run(new_app())
    assert any("Up to 10 MB per file" in c.value for c in at.caption)
    at.get("file_uploader")[0].set_value([("bom.txt", BAD_BOM, "text/plain"),
                                          ("cut.txt", CUT_UTF16, "text/plain"),
                                          ("good.txt", GOOD, "text/plain")])
    at.button[0].click()
    run(at)
    assert [shown(m.value).split(":")[0] for m in at.error] == ["bom.txt"]
    assert sorted(shown(m.value).split(":")[0] for m in at.success) == ["cut.txt", "good.txt"]
    assert "truncated UTF-16" in shown(at.warning[0].value)
    assert Store(path).count_documents() == 2
