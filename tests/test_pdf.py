"""PDF input (issue 11): the text layer is read page by page, every figure keeps its page
(in the table, provenance and citations), a scan without text is refused clearly."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

from dashboard.citation import citation
from dashboard.data import build_dataset
from dashboard.provenance import provenance_html
from dashboard.uploads import add_bytes
from extractors import read_document
from extractors.pdf import page_at
from store.db import open_store
from tests.pdfmaker import text_pdf

POLICY = [
    ["National strategy on artificial intelligence",
     "Vietnam aims to train 50,000 AI engineers by 2030."],
    ["Investment",
     "Samsung will invest an additional $2 billion in its Bac Ninh plant in 2025."],
]


@pytest.mark.slow
def test_pdf_text_layer_gives_figures_with_pages(tmp_path):
    path = tmp_path / "policy.pdf"
    path.write_bytes(text_pdf(POLICY))
    doc = read_document(path)
    assert doc.fmt == "pdf" and doc.title == "National strategy on artificial intelligence"
    assert page_at(doc.text, doc.text.index("Samsung")) == 2
    out = tmp_path / "figures.csv"
    run = subprocess.run([sys.executable, "-m", "extractors", str(path), "--out", str(out),
                          "--jobs", "1", "--quiet"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    rows = pd.read_csv(out)
    pages = dict(zip(rows["quote"], rows["page"], strict=True))
    assert pages["50,000 AI engineers"] == 1 and pages["$2 billion"] == 2
    samsung = rows[rows["quote"] == "$2 billion"].iloc[0]
    assert (samsung["role"], samsung["investor_country"]) == ("increment", "South Korea")


def test_pdf_upload_shows_the_page_in_provenance(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    result = add_bytes(store, "policy.pdf", text_pdf(POLICY))
    assert result.status == "added" and result.figures == 2
    figures = build_dataset(store).visible
    row = figures[figures["quote"] == "$2 billion"].iloc[0].to_dict()
    assert int(row["page"]) == 2
    assert "<b>Page</b>: 2" in provenance_html(row)
    assert citation(row).endswith("p. 2")


def test_scanned_pdf_is_refused_with_a_reason(tmp_path):
    store = open_store(tmp_path / "s.sqlite")
    result = add_bytes(store, "scan.pdf", text_pdf([[], []]))
    assert result.status == "rejected"
    assert "scanned PDF without a text layer" in result.reason
    broken = add_bytes(store, "broken.pdf", b"%PDF-1.4 not really")
    assert broken.status == "rejected" and store.count_documents() == 0
