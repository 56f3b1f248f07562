"""A document's date: datelines, HTML metadata, a date the user gives, and the
years it resolves ("this year", "năm ngoái")."""

import subprocess
import sys

import pandas as pd
import pytest

from extractors import extract_document, read_text_bytes
from extractors.dates import find_date, parse_user_date, published_date


@pytest.mark.parametrize(("text", "iso"), [
    ("Hà Nội, 29/10/2025 - Bộ Công Thương cho biết", "2025-10-29"),
    ("Thứ Hai, 5.2.2024 10:00 (GMT+7)", "2024-02-05"),
    ("Cập nhật 05-02-2024", "2024-02-05"),
    ("Ngày 5 tháng 2 năm 2025, Chính phủ ban hành", "2025-02-05"),
    ("05 tháng 02, 2025", "2025-02-05"),
    ("SEOUL, May 14, 2019 (Reuters) -", "2019-05-14"),
    ("Published 14 May 2019", "2019-05-14"),
    ("Posted on 3rd of March, 2021", "2021-03-03"),
    ("date: 2023-11-30", "2023-11-30"),
    ("Updated 2023/11/30 08:15", "2023-11-30"),
    ("Filed 12-Jan-2018", "2018-01-12"),
])
def test_dateline_formats(text: str, iso: str) -> None:
    assert find_date(text) == iso


@pytest.mark.parametrize("text", [
    "TOKYO, March 31 - Leading chip makers",  # no year
    "Giai đoạn 2021-2025, vốn đạt 5 tỷ USD",  # a period, not a date
    "31/02/2024 is no day",
    "Nghị định 182/2024/NĐ-CP",
])
def test_not_a_date(text: str) -> None:
    assert find_date(text) is None


def test_first_date_in_the_text_wins() -> None:
    assert find_date("Cập nhật 6/3/2024. Sự kiện ngày 2024-01-15") == "2024-03-06"


def test_date_line_at_the_end() -> None:
    text = "Exports rose 5% this year.\n" + "More words. " * 80 + "\nPublished 14 May 2019"
    assert published_date(text) == "2019-05-14"


HTML = """<html><head><title>t</title>{meta}</head><body><article>
<p>This year the province aims to attract $500 million of FDI.</p></article></body></html>"""


@pytest.mark.parametrize("meta", [
    '<meta property="article:published_time" content="2022-04-07T08:00:00+07:00">',
    '<meta name="pubdate" content="2022-04-07">',
    '<meta itemprop="datePublished" content="2022-04-07">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "x",'
    ' "datePublished": "2022-04-07T08:00:00Z"}</script>',
    '<script type="application/ld+json">[{"@graph": [{"dateModified": "2022-05-01",'
    ' "datePublished": "2022-04-07"}]}]</script>',
])
def test_html_metadata_dates_the_page(meta: str) -> None:
    doc = read_text_bytes(HTML.format(meta=meta).encode(), "page.html")
    assert doc.published == "2022-04-07"
    figures = extract_document(doc)
    assert figures.year.tolist() == [2022]  # "this year" of a page dated 2022


def test_published_beats_modified_and_time_tag_is_last() -> None:
    meta = ('<meta property="article:modified_time" content="2023-01-01">'
            '<meta property="article:published_time" content="2022-04-07">')
    assert read_text_bytes(HTML.format(meta=meta).encode(), "p.html").published == "2022-04-07"
    page = HTML.format(meta="").replace("<article>", '<article><time datetime="2021-09-09">')
    assert read_text_bytes(page.encode(), "p.html").published == "2021-09-09"


def test_broken_json_ld_is_ignored() -> None:
    meta = '<script type="application/ld+json">{"datePublished": </script>'
    assert read_text_bytes(HTML.format(meta=meta).encode(), "p.html").published is None


def test_a_given_date_overrides_the_text() -> None:
    data = "Hà Nội, 29/10/2025\nNăm nay, tỉnh thu hút 500 triệu USD vốn FDI.".encode()
    assert read_text_bytes(data, "a.txt").published == "2025-10-29"
    doc = read_text_bytes(data, "a.txt", published="2024-01-02")
    assert doc.published == "2024-01-02"
    assert extract_document(doc).year.tolist() == [2024]


def test_undated_text_leaves_relative_years_empty() -> None:
    doc = read_text_bytes("Năm ngoái, xuất khẩu tăng 8%.".encode(), "a.txt")
    assert doc.published is None
    assert extract_document(doc).year.isna().all()


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "01/02/2024", ""])
def test_bad_user_date_is_one_clear_line(value: str) -> None:
    with pytest.raises(ValueError, match="YYYY-MM-DD") as err:
        parse_user_date(value)
    assert "\n" not in str(err.value)


def _cli(args: list[str], cwd) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "extractors", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_cli_date_dates_every_text(tmp_path, root) -> None:
    (tmp_path / "a.txt").write_text("Last year exports rose 8%.", encoding="utf-8")
    out = tmp_path / "out.csv"
    proc = _cli([str(tmp_path / "a.txt"), "--out", str(out), "--date", "2020-06-01",
                 "--quiet"], root)
    assert proc.returncode == 0, proc.stderr
    assert pd.read_csv(out).year.tolist() == [2019]


@pytest.mark.slow
def test_cli_bad_date_is_a_usage_error(tmp_path, root) -> None:
    (tmp_path / "a.txt").write_text("Exports rose 8%.", encoding="utf-8")
    proc = _cli([str(tmp_path / "a.txt"), "--out", str(tmp_path / "o.csv"), "--date",
                 "2020-31-12"], root)
    assert proc.returncode == 2
    assert "not a date" in proc.stderr and "Traceback" not in proc.stderr
