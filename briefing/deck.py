"""The briefing deck (python-pptx, 16:9): title slide, one slide per chart with its image
and caption, a table of top figures, and the sources with their quotes."""

from __future__ import annotations

import io
import struct
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Inches, Pt

from analysis.filters import Filters
from analysis.labels import row_label
from briefing.catalog import ChartSpec, chart_rows, charts_with_data
from briefing.images import SLIDE_IMAGE, chart_plot, render
from briefing.summary import (
    SourceDoc,
    clip,
    count_line,
    excerpt,
    filter_lines,
    source_documents,
    source_note,
    top_figures,
    top_table,
)
from briefing.text import bt
from dashboard.charts import target_mask
from dashboard.citation import citation
from dashboard.i18n import count_text

# Arial has every Vietnamese glyph on Windows and macOS; on Linux, fontconfig renders it
# with the metric-compatible Liberation Sans, which has them too.
DECK_FONT = "Arial"
SLIDE_WIDTH, SLIDE_HEIGHT = Inches(13.333), Inches(7.5)
TITLE_LAYOUT, TITLE_ONLY_LAYOUT = 0, 5
GREY = RGBColor(0x55, 0x55, 0x55)
MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
QUOTES_PER_DOC = 3
LINES_PER_SOURCES_SLIDE = 22
TOP_ROWS = 10


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches."""

    left: float
    top: float
    width: float
    height: float


TITLE_BOX = Box(0.5, 0.3, 12.33, 0.9)
BODY_BOX = Box(0.5, 1.3, 12.33, 5.9)
PICTURE_BOX = Box(0.4, 1.25, 9.3, 5.95)
CAPTION_BOX = Box(9.9, 1.35, 3.05, 5.8)


def place(shape, box: Box) -> None:
    """Move and size a shape (placeholders keep 4:3 positions unless set)."""
    shape.left, shape.top = Inches(box.left), Inches(box.top)
    shape.width, shape.height = Inches(box.width), Inches(box.height)


def style_run(run, size: float, bold: bool = False, color: RGBColor | None = None) -> None:
    """Font, size, weight and colour of one run."""
    run.font.name, run.font.size, run.font.bold = DECK_FONT, Pt(size), bold
    if color is not None:
        run.font.color.rgb = color


def write_lines(frame, lines: list[str], size: float, color: RGBColor | None = None) -> None:
    """Replace a text frame's text with one paragraph per line, word-wrapped."""
    frame.clear()
    frame.word_wrap = True
    for i, line in enumerate(lines):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        style_run(paragraph.add_run(), size, color=color)
        paragraph.runs[0].text = line
        paragraph.space_after = Pt(size * 0.4)


def new_deck() -> Presentation:
    """An empty 16:9 presentation."""
    prs = Presentation()
    prs.slide_width, prs.slide_height = SLIDE_WIDTH, SLIDE_HEIGHT
    return prs


def titled_slide(prs: Presentation, title: str):
    """A "Title Only" slide with its title placed and written."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    place(slide.shapes.title, TITLE_BOX)
    write_lines(slide.shapes.title.text_frame, [title], 30)
    slide.shapes.title.text_frame.paragraphs[0].runs[0].font.bold = True
    slide.shapes.title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    return slide


def add_title_slide(prs: Presentation, title: str, lines: list[str]) -> None:
    """The opening slide: the briefing title, then date, counts and filters."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_LAYOUT])
    heading, subtitle = slide.placeholders[0], slide.placeholders[1]
    place(heading, Box(0.8, 1.2, 11.7, 1.4))
    place(subtitle, Box(0.8, 2.8, 11.7, 4.2))
    write_lines(heading.text_frame, [title], 40)
    heading.text_frame.paragraphs[0].runs[0].font.bold = True
    write_lines(subtitle.text_frame, lines, 20, GREY)
    for paragraph in subtitle.text_frame.paragraphs:
        paragraph.alignment = PP_ALIGN.LEFT


def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG header."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    return struct.unpack(">II", data[16:24])


def fit(box: Box, width: int, height: int) -> Box:
    """The largest box of the image's aspect ratio inside `box`, centred at its top."""
    scale = min(box.width / width, box.height / height)
    w, h = width * scale, height * scale
    return Box(box.left + (box.width - w) / 2, box.top, w, h)


class EmptyView(ValueError):
    """No figure in the view: there is nothing to brief."""


NOTES_PER_SLIDE = 12


def figure_notes(rows: pd.DataFrame, lang: str, n: int = NOTES_PER_SLIDE) -> str:
    """Speaker notes: each figure's label, sentence and citation (first `n` rows)."""
    lines = []
    for record in rows.head(n).to_dict("records"):
        sentence = " ".join(str(record.get("sentence") or "").split())
        lines.append(bt("notes_figure", lang, label=row_label(record, lang),
                        sentence=clip(sentence, 300), citation=citation(record)))
    if len(rows) > n:
        lines.append(bt("more_quotes", lang, n=len(rows) - n))
    return "\n\n".join(lines)


def set_notes(slide, text: str) -> None:
    """Write the slide's speaker notes."""
    if text:
        slide.notes_slide.notes_text_frame.text = text


def add_chart_slide(prs: Presentation, title: str, image: bytes, caption: str,
                    notes: str = "") -> None:
    """A chart slide: title, the PNG fitted to the picture box, the caption beside it,
    and speaker notes (the sentence and citation of its figures)."""
    slide = titled_slide(prs, title)
    set_notes(slide, notes)
    box = fit(PICTURE_BOX, *png_size(image))
    slide.shapes.add_picture(io.BytesIO(image), Inches(box.left), Inches(box.top),
                             Inches(box.width), Inches(box.height))
    text = slide.shapes.add_textbox(0, 0, Emu(1), Emu(1))
    place(text, CAPTION_BOX)
    write_lines(text.text_frame, caption.split(". "), 15)
    text.name = "Caption"


def add_table_slide(prs: Presentation, title: str, table: pd.DataFrame, note: str,
                    notes: str = "", widths: list[float] | None = None) -> None:
    """A slide with `table` (header row + rows), a note under the title, speaker notes."""
    slide = titled_slide(prs, title)
    set_notes(slide, notes)
    rows, cols = len(table) + 1, len(table.columns)
    shape = slide.shapes.add_table(rows, cols, Inches(BODY_BOX.left), Inches(BODY_BOX.top + 0.4),
                                   Inches(BODY_BOX.width), Inches(0.4 * rows))
    cells = [list(table.columns)] + table.astype(str).values.tolist()
    for r, values in enumerate(cells):
        for c, value in enumerate(values):
            write_lines(shape.table.cell(r, c).text_frame, [clip(value, 90)], 12)
    widths = (widths or [4.6, 1.5, 1.2, 1.6, 3.43])[:cols]
    for column, width in zip(shape.table.columns, widths, strict=False):
        column.width = Inches(width)
    box = slide.shapes.add_textbox(Inches(BODY_BOX.left), Inches(BODY_BOX.top - 0.05),
                                   Inches(BODY_BOX.width), Inches(0.4))
    write_lines(box.text_frame, [note], 13, GREY)


def source_lines(doc: SourceDoc) -> int:
    """Lines a document takes on a sources slide."""
    return 1 + len(doc.quotes) + (1 if doc.hidden else 0)


def paginate(docs: list[SourceDoc], budget: int = LINES_PER_SOURCES_SLIDE) -> list[list[SourceDoc]]:
    """Documents split into pages of at most `budget` lines (at least one per page)."""
    pages: list[list[SourceDoc]] = [[]]
    used = 0
    for doc in docs:
        lines = source_lines(doc)
        if pages[-1] and used + lines > budget:
            pages.append([])
            used = 0
        pages[-1].append(doc)
        used += lines
    return pages


def write_source(frame, doc: SourceDoc, lang: str, first: bool) -> None:
    """A document's heading line, then its quotes with the figure in bold."""
    paragraph = frame.paragraphs[0] if first else frame.add_paragraph()
    style_run(run := paragraph.add_run(), 14, bold=True)
    run.text = clip(doc.title, 110)
    figures = bt("figures_in_doc", lang, n=count_text(doc.figures, "figure", lang))
    facts = [doc.outlet, doc.published, figures, doc.url or ("" if doc.outlet else doc.source)]
    style_run(run := paragraph.add_run(), 11, color=GREY)
    run.text = "  ·  " + "  ·  ".join(clip(f, 110) for f in facts if f)
    paragraph.space_before = Pt(0 if first else 6)
    for quote in doc.quotes:
        paragraph = frame.add_paragraph()
        paragraph.level = 1
        text = excerpt(quote, 150)
        before, found, after = text.partition(quote.quote) if quote.quote else (text, "", "")
        for part, bold in (("“" + before, False), (found, True), (after + "”", False)):
            style_run(run := paragraph.add_run(), 12, bold=bold)
            run.text = part
    if doc.hidden:
        paragraph = frame.add_paragraph()
        paragraph.level = 1
        style_run(run := paragraph.add_run(), 11, color=GREY)
        run.text = bt("more_quotes", lang, n=doc.hidden)


def add_sources_slides(prs: Presentation, docs: list[SourceDoc], lang: str) -> None:
    """As many "Sources" slides as the documents need, each listing its documents."""
    pages = paginate(docs)
    for number, page in enumerate(pages, start=1):
        title = bt("sources", lang)
        if len(pages) > 1:
            title += f" ({number}/{len(pages)})"
        slide = titled_slide(prs, title)
        box = slide.shapes.add_textbox(0, 0, Emu(1), Emu(1))
        place(box, BODY_BOX)
        box.name = "Sources"
        box.text_frame.word_wrap = True
        for i, doc in enumerate(page):
            write_source(box.text_frame, doc, lang, first=i == 0)


def title_lines(df: pd.DataFrame, filters: Filters, lang: str, total: int | None,
                generated: date) -> list[str]:
    """Date, counts, source note and filters for the title slide and the brief's header."""
    return [
        bt("generated", lang, date=generated.isoformat()),
        count_line(df, lang, total),
        source_note(df, lang),
        *filter_lines(filters, lang),
    ]


def chart_png(df: pd.DataFrame, spec: ChartSpec, lang: str) -> bytes:
    """A chart's slide image: the slide carries the title, the image units and source."""
    return render(chart_plot(df, spec, lang, with_title=False), "png", SLIDE_IMAGE)


TARGET_ROWS = 10


def targets_table(df: pd.DataFrame, lang: str, n: int = TARGET_ROWS) -> tuple[pd.DataFrame,
                                                                               pd.DataFrame]:
    """(table, rows) of the Targets slide: value, what, by when, source; nearest first."""
    rows = df[target_mask(df)]
    rows = rows.iloc[np.argsort(rows["year"].to_numpy(dtype=np.float64), kind="stable")]
    rows = rows.drop_duplicates(["doc_id", "value", "unit", "year", "measure"]).head(n)
    table = pd.DataFrame({
        bt("target_what", lang): [row_label(r, lang) for r in rows.to_dict("records")],
        bt("target_by", lang): [str(int(y)) for y in rows["year"]],
        bt("target_source", lang): [clip(citation(r), 80) for r in rows.to_dict("records")],
    })
    return table, rows


def build_deck(df: pd.DataFrame, filters: Filters, lang: str = "en", total: int | None = None,
               generated: date | None = None, title: str | None = None) -> bytes:
    """The .pptx bytes of the briefing deck for the filtered rows `df` (`title` replaces
    the default title). Raises EmptyView when `df` has no rows."""
    if df.empty:
        raise EmptyView(bt("empty_view", lang))
    prs = new_deck()
    lines = title_lines(df, filters, lang, total, generated or date.today())
    add_title_slide(prs, (title or "").strip() or bt("brief_title", lang), lines)
    for spec in charts_with_data(df):
        add_chart_slide(prs, spec.title(lang), chart_png(df, spec, lang), spec.caption(df, lang),
                        figure_notes(chart_rows(df, spec), lang))
    if target_mask(df).any():
        table, rows = targets_table(df, lang)
        add_table_slide(prs, bt("targets_slide", lang), table, bt("top_figures_note", lang),
                        figure_notes(rows, lang), widths=[7.0, 1.0, 4.33])
    top = top_figures(df, TOP_ROWS)
    add_table_slide(prs, bt("top_figures", lang), top_table(df, lang, TOP_ROWS),
                    bt("top_figures_note", lang), figure_notes(top, lang))
    add_sources_slides(prs, source_documents(df, QUOTES_PER_DOC), lang)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
