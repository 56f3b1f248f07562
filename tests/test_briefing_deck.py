"""The briefing deck opened with python-pptx: 16:9, slide count and titles, one picture
per chart slide, captions with key numbers, the top-figures table and every source."""

import io
import math

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from analysis.filters import Filters, apply_filters
from analysis.honest import honest_total
from briefing.catalog import briefing_charts
from briefing.deck import DECK_FONT, EmptyView, build_deck
from briefing.images import start_renderer
from briefing.sample import sample_figures
from dashboard.charts import investments_by
from dashboard.formatting import format_usd

FILTERS = Filters(countries=("Vietnam", "Japan", "(none)"))
CHARTS = briefing_charts()  # the registry's briefing charts (dashboard.chart_registry)


@pytest.fixture(scope="module")
def figures() -> pd.DataFrame:
    return sample_figures(600, n_docs=9)


@pytest.fixture(scope="module")
def view(figures) -> pd.DataFrame:
    return apply_filters(figures, FILTERS)


@pytest.fixture(scope="module")
def deck(figures, view):
    start_renderer()
    return Presentation(io.BytesIO(build_deck(view, FILTERS, "vi", total=len(figures))))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def slide_text(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def pictures(slide) -> list:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


@pytest.mark.browser
def test_deck_is_16_9(deck):
    assert math.isclose(deck.slide_width / deck.slide_height, 16 / 9, rel_tol=1e-3)


@pytest.mark.browser
def test_slide_count_and_titles(deck, view):
    docs = view["doc_id"].nunique()
    assert docs == 9 and (view["doc_id"].value_counts() > 3).all()
    # 9 documents of 3 quotes + a "more" line (5 lines each) on 22-line pages: 4 per page
    assert titles(deck) == [
        "Bản tin: số liệu từ tin tức",
        *(spec.title("vi") for spec in CHARTS),
        "Các mục tiêu",
        "Số liệu nổi bật",
        "Nguồn (1/3)", "Nguồn (2/3)", "Nguồn (3/3)",
    ]


@pytest.mark.browser
def test_title_slide_gives_date_counts_and_filters(deck, view, figures):
    text = slide_text(deck.slides[0])
    assert "Tạo ngày " in text
    assert f"{len(view):,} / {len(figures):,} số liệu, từ 9 tài liệu" in text
    assert "Quốc gia: Việt Nam, Nhật Bản, (không có)" in text
    assert "Nguồn: 9 bài báo, 2018–2025; số liệu trích xuất" in text


@pytest.mark.browser
def test_each_chart_slide_holds_its_picture_inside_the_slide(deck):
    for slide in list(deck.slides)[1 : 1 + len(CHARTS)]:
        (picture,) = pictures(slide)
        assert picture.image.content_type == "image/png"
        assert picture.left >= 0 and picture.top >= 0
        assert picture.left + picture.width <= deck.slide_width
        assert picture.top + picture.height <= deck.slide_height
        width, height = picture.image.size
        assert math.isclose(picture.width / picture.height, width / height, rel_tol=0.01)
    assert not any(pictures(s) for s in list(deck.slides)[1 + len(CHARTS) :])


@pytest.mark.browser
def test_chart_captions_carry_key_numbers(deck, view):
    caption = slide_text(deck.slides[2])
    assert f"tổng {format_usd(honest_total(view), lang='vi')}" in caption
    top = investments_by(view, "entity").iloc[0]
    assert f"{top['entity']}, {format_usd(top['total_usd'], lang='vi')}" in caption
    assert "mục tiêu từ" in slide_text(deck.slides[1])


@pytest.mark.browser
def test_table_slide_lists_the_top_figures(deck, view):
    table_slide = deck.slides[2 + len(CHARTS)]
    (table,) = [s.table for s in table_slide.shapes if s.has_table]
    assert len(table.rows) == 11
    assert table.cell(0, 0).text == "Nội dung"
    assert table.cell(1, 1).text == format_usd(view["value_usd"].max(), lang="vi")
    assert table_slide.has_notes_slide and table_slide.notes_slide.notes_text_frame.text


@pytest.mark.browser
def test_targets_slide_and_speaker_notes(deck):
    targets = deck.slides[1 + len(CHARTS)]
    (table,) = [s.table for s in targets.shapes if s.has_table]
    assert [table.cell(0, c).text for c in range(3)] == ["Nội dung", "Đến năm", "Nguồn"]
    assert all(table.cell(r, 1).text.isdigit() for r in range(1, len(table.rows)))
    for slide in list(deck.slides)[1 : 2 + len(CHARTS)]:
        notes = slide.notes_slide.notes_text_frame.text
        assert "“" in notes and "Bài viết tổng hợp" in notes


@pytest.mark.browser
def test_sources_slides_list_every_document_of_the_view(deck, view):
    sources = "\n".join(slide_text(s) for s in list(deck.slides)[3 + len(CHARTS) :])
    for title in view["doc_title"].astype(str).unique():
        assert title in sources
    for quote in view.groupby("doc_id", observed=True).head(1)["quote"]:
        assert quote in sources


@pytest.mark.browser
def test_every_run_names_a_font_with_vietnamese_glyphs(deck):
    runs = [run for slide in deck.slides for shape in slide.shapes if shape.has_text_frame
            for paragraph in shape.text_frame.paragraphs for run in paragraph.runs]
    assert runs and {run.font.name for run in runs} == {DECK_FONT}


@pytest.mark.browser
def test_sources_follow_the_document_filter(figures):
    start_renderer()
    chosen = tuple(figures["doc_id"].astype(str).unique()[:2])
    filters = Filters(kinds=("statistic",), doc_ids=chosen)  # two charts: quick to draw
    prs = Presentation(io.BytesIO(build_deck(apply_filters(figures, filters), filters)))
    assert len(prs.slides) == 1 + 2 + 1 + 1
    sources = slide_text(prs.slides[-1])
    titles_of = figures.drop_duplicates("doc_id").set_index("doc_id")["doc_title"].astype(str)
    for doc_id, title in titles_of.items():
        assert (title in sources) == (doc_id in chosen)


def test_empty_view_gives_a_message_not_a_deck(figures):
    empty = apply_filters(figures, Filters(search="no sentence has this"))
    with pytest.raises(EmptyView, match="No figures in this view"):
        build_deck(empty, Filters(search="no sentence has this"))
