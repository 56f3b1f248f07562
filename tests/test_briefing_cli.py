"""`python -m briefing`: options become dashboard Filters, the store is built from the
articles when missing, and the output format follows the extension."""

import io
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pptx import Presentation

from analysis.filters import Filters
from briefing.cli import build_parser, filters_from_args, main
from briefing.sample import sample_figures
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return sample_figures(200, n_docs=4)


@pytest.fixture(scope="module")
def store_path(tmp_path_factory) -> Path:
    """A store built by the CLI itself from the bundled articles (as the app builds it)."""
    path = tmp_path_factory.mktemp("cli") / "figures.sqlite"
    out = path.parent / "brief.html"
    assert main(["--db", str(path), "--data", str(ROOT / "data"), "--out", str(out)]) == 0
    return path


def parse(*argv: str):
    return build_parser().parse_args(["--out", "x.pptx", *argv])


def test_options_mirror_the_dashboard_filters(figures):
    args = parse("--kind", "target", "--kind", "investment", "--unit-family", "money",
                 "--country", "Vietnam", "--sector", "AI", "--entity", "FPT", "--doc", "d1",
                 "--year-from", "2020", "--year-to", "2030", "--search", "tỷ USD")
    assert filters_from_args(args, figures) == Filters(
        kinds=("target", "investment"), unit_families=("money",), year_range=(2020, 2030),
        countries=("Vietnam",), sectors=("AI",), entities=("FPT",), doc_ids=("d1",),
        search="tỷ USD",
    )


def test_reviewed_only_option(figures):
    assert filters_from_args(parse("--reviewed-only"), figures) == Filters(reviewed_only=True)


def test_no_options_mean_no_filter(figures):
    assert filters_from_args(parse(), figures).is_empty()


def test_an_open_year_range_ends_at_the_data(figures):
    years = figures["year"].dropna()
    assert filters_from_args(parse("--year-from", "2030"), figures).year_range == (
        2030, int(years.max()))
    assert filters_from_args(parse("--year-to", "2030"), figures).year_range == (
        int(years.min()), 2030)


def test_unknown_extension_and_chart_are_refused(tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["--db", str(tmp_path / "f.sqlite"), "--out", str(tmp_path / "brief.docx")])
    assert exit_info.value.code == 2
    with pytest.raises(SystemExit):
        parse("--chart", "pie")


@pytest.mark.slow
def test_html_from_a_store_built_from_the_articles(store_path, tmp_path):
    store = Store(store_path)
    assert store.count_documents() == len(list((ROOT / "data").glob("*.txt")))
    out = tmp_path / "investments.html"
    assert main(["--db", str(store_path), "--out", str(out), "--kind", "investment"]) == 0
    page = out.read_text(encoding="utf-8")
    figures = store.figures()
    invest_docs = set(figures.loc[figures["kind"] == "investment", "doc_id"])
    for doc_id in figures["doc_id"].unique():
        assert (f'data-doc-id="{doc_id}"' in page) == (doc_id in invest_docs)
    assert "<li>Kind: investment</li>" in page


@pytest.mark.slow
def test_reviewed_only_keeps_the_reviewed_figures(store_path, tmp_path):
    store = Store(store_path)
    figure = store.figures().iloc[0]
    store.save_review(store.content_hash_of(figure["doc_id"]), int(figure["start"]),
                      int(figure["end"]), "accepted", "An")
    out = tmp_path / "reviewed.html"
    try:
        assert main(["--db", str(store_path), "--out", str(out), "--reviewed-only"]) == 0
    finally:
        store.clear_review(store.content_hash_of(figure["doc_id"]), int(figure["start"]),
                           int(figure["end"]), "An")
    page = out.read_text(encoding="utf-8")
    assert "<li>Reviewed only: accepted, corrected</li>" in page
    assert page.count("data-doc-id=") == 1 and f'data-doc-id="{figure["doc_id"]}"' in page


@pytest.mark.browser
def test_png_of_one_chart_at_the_requested_size(store_path, tmp_path):
    out = tmp_path / "chart.png"
    main(["--db", str(store_path), "--out", str(out), "--chart", "figures_sector",
          "--width", "640", "--height", "360", "--scale", "1.5", "--lang", "vi"])
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", data[16:24]) == (960, 540)


@pytest.mark.slow
def test_module_entry_point(store_path, tmp_path):
    out = tmp_path / "brief.html"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "--db", str(store_path), "--out", str(out),
         "--lang", "vi", "--year-from", "2030"],
        cwd=ROOT, capture_output=True, text=True, timeout=300, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.startswith(f"{out}: ")
    assert "<li>Năm: 2030–" in out.read_text(encoding="utf-8")


@pytest.mark.browser
def test_deck_by_extension(store_path, tmp_path):
    out = tmp_path / "brief.pptx"
    assert main(["--db", str(store_path), "--out", str(out), "--kind", "statistic"]) == 0
    prs = Presentation(io.BytesIO(out.read_bytes()))
    assert [s.shapes.title.text_frame.text for s in prs.slides][:3] == [
        "Briefing: figures from the news", "Figures by sector", "Figures by country"]
