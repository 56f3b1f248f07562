"""The one-page brief: a self-contained HTML file (plotly.js inline, interactive charts,
works offline) with every chart, the top figures and every source; and a PDF of it printed
by headless chromium. Article text is untrusted and escaped everywhere."""

from __future__ import annotations

import base64
import html
import subprocess
import tempfile
from datetime import date
from pathlib import Path

import pandas as pd
from plotly.offline import get_plotlyjs

from analysis.filters import Filters
from briefing.catalog import ChartSpec, charts_with_data
from briefing.deck import title_lines
from briefing.images import ImageSize, browser_path, chart_plot, render
from briefing.summary import SourceDoc, source_documents, top_table
from briefing.text import bt
from dashboard.i18n import count_text
from dashboard.provenance import highlight_sentence, source_link

HTML_QUOTES_PER_DOC = 20
CHART_HEIGHT = 560
PDF_IMAGE = ImageSize(1000, 560, 1.0)
PDF_TIMEOUT_S = 120
STYLE = """
body{font-family:"DejaVu Sans","Liberation Sans",Arial,sans-serif;color:#222;margin:0 auto;
max-width:1100px;padding:24px;line-height:1.45}
h1{margin:0 0 8px}h2{margin:28px 0 6px;font-size:1.3em}
.meta{color:#555;list-style:none;padding:0;margin:0}
.chart,.source{break-inside:avoid}.chart img{width:100%;height:auto}
.caption{background:#f4f6f8;border-left:4px solid #2ca02c;padding:8px 12px;margin:6px 0}
table{border-collapse:collapse;width:100%;font-size:.9em}
th,td{border:1px solid #ddd;padding:4px 6px;text-align:left;vertical-align:top}
th{background:#eef1f4}
.sources{padding-left:1.2em}.source{margin:0 0 12px}.facts{color:#555;font-size:.9em}
blockquote{margin:4px 0 4px 0;padding-left:10px;border-left:3px solid #ccc;font-size:.92em}
.note{color:#555;font-size:.9em}
@page{size:A4;margin:12mm}
"""


def interactive_chart(df: pd.DataFrame, spec: ChartSpec, lang: str) -> str:
    """A chart as a plotly <div> (plotly.js must be on the page already)."""
    plot = chart_plot(df, spec, lang, with_title=False)
    plot.update_layout(height=CHART_HEIGHT)
    config = {"displaylogo": False, "responsive": True,
              "toImageButtonOptions": {"format": "png", "filename": spec.key, "scale": 2}}
    return plot.to_html(full_html=False, include_plotlyjs=False, div_id=f"plot-{spec.key}",
                       config=config)


def static_chart(df: pd.DataFrame, spec: ChartSpec, lang: str) -> str:
    """A chart as an inline SVG image (for printing)."""
    svg = render(chart_plot(df, spec, lang, with_title=False), "svg", PDF_IMAGE)
    data = base64.b64encode(svg).decode()
    alt = html.escape(spec.title(lang), quote=True)
    return f'<img alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def chart_section(df: pd.DataFrame, spec: ChartSpec, lang: str, interactive: bool) -> str:
    """One chart with its title and caption."""
    body = interactive_chart(df, spec, lang) if interactive else static_chart(df, spec, lang)
    return (
        f'<section class="chart" id="chart-{spec.key}"><h2>{html.escape(spec.title(lang))}</h2>'
        f'{body}<p class="caption">{html.escape(spec.caption(df, lang))}</p></section>'
    )


def source_item(doc: SourceDoc, lang: str) -> str:
    """One document: title, date, figure count, source, then its highlighted quotes."""
    facts = [html.escape(doc.outlet), html.escape(doc.published),
             html.escape(bt("figures_in_doc", lang, n=count_text(doc.figures, "figure", lang))),
             source_link(doc.url) if doc.url else html.escape(doc.source)]
    quotes = "".join(
        f"<li><blockquote>{highlight_sentence(q.sentence, q.quote, q.offset)}</blockquote></li>"
        for q in doc.quotes
    )
    more = f'<li class="note">{html.escape(bt("more_quotes", lang, n=doc.hidden))}</li>'
    return (
        f'<li class="source" data-doc-id="{html.escape(doc.doc_id, quote=True)}">'
        f"<b>{html.escape(doc.title)}</b> "
        f'<span class="facts">{" · ".join(f for f in facts if f)}</span>'
        f"<ul>{quotes}{more if doc.hidden else ''}</ul></li>"
    )


def sources_section(docs: list[SourceDoc], lang: str) -> str:
    """Every document behind the view."""
    items = "".join(source_item(doc, lang) for doc in docs)
    return (f'<section id="sources"><h2>{html.escape(bt("sources", lang))}</h2>'
            f'<ol class="sources">{items}</ol></section>')


def table_section(df: pd.DataFrame, lang: str) -> str:
    """The top figures as an escaped HTML table."""
    table = top_table(df, lang).to_html(index=False, escape=True, border=0)
    return (f'<section id="top-figures"><h2>{html.escape(bt("top_figures", lang))}</h2>'
            f'<p class="note">{html.escape(bt("top_figures_note", lang))}</p>{table}</section>')


def build_html(df: pd.DataFrame, filters: Filters, lang: str = "en", total: int | None = None,
               generated: date | None = None, interactive: bool = True) -> str:
    """The brief as one HTML document; `interactive=False` draws charts as SVG images
    and leaves plotly.js out (the printable variant)."""
    title = html.escape(bt("brief_title", lang))
    meta = "".join(f"<li>{html.escape(line)}</li>" for line in
                   title_lines(df, filters, lang, total, generated or date.today()))
    charts = "".join(chart_section(df, spec, lang, interactive) for spec in charts_with_data(df))
    script = f'<script type="text/javascript">{get_plotlyjs()}</script>' if interactive else ""
    return (
        f'<!DOCTYPE html><html lang="{html.escape(lang, quote=True)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}</style>{script}</head><body>"
        f'<header><h1>{title}</h1><ul class="meta">{meta}</ul></header><main>{charts}'
        f"{table_section(df, lang)}"
        f"{sources_section(source_documents(df, HTML_QUOTES_PER_DOC), lang)}</main></body></html>"
    )


def print_command(browser: str, page: Path, pdf: Path, profile: Path) -> list[str]:
    """Headless chromium printing `page` to `pdf` (offline, own throw-away profile)."""
    return [
        browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", "--no-pdf-header-footer", "--virtual-time-budget=5000",
        f"--print-to-pdf={pdf}", page.as_uri(),
    ]


def html_to_pdf(document: str, browser: str | None = None) -> bytes:
    """Print an HTML document to PDF with headless chromium."""
    browser = browser or browser_path()
    if browser is None:
        raise RuntimeError("PDF export needs chromium (apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="briefing-") as tmp:
        page, pdf = Path(tmp) / "brief.html", Path(tmp) / "brief.pdf"
        page.write_text(document, encoding="utf-8")
        subprocess.run(print_command(browser, page, pdf, Path(tmp) / "profile"),
                       check=True, capture_output=True, timeout=PDF_TIMEOUT_S)
        if not pdf.exists() or pdf.read_bytes()[:5] != b"%PDF-":
            raise RuntimeError("chromium did not write a PDF")
        return pdf.read_bytes()


def build_pdf(df: pd.DataFrame, filters: Filters, lang: str = "en", total: int | None = None,
              generated: date | None = None) -> bytes:
    """The brief as PDF: the printable HTML variant printed by chromium."""
    return html_to_pdf(build_html(df, filters, lang, total, generated, interactive=False))
