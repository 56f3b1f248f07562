"""English and Vietnamese wording of the briefing pack (dashboard text as fallback)."""

from __future__ import annotations

from dashboard.i18n import tr

TEXT: dict[str, dict[str, str]] = {
    "brief_title": {"en": "Briefing: figures from the news", "vi": "Bản tin: số liệu từ tin tức"},
    "generated": {"en": "Generated {date}", "vi": "Tạo ngày {date}"},
    "counts": {
        "en": "{figures} figures from {docs} documents",
        "vi": "{figures} số liệu từ {docs} tài liệu",
    },
    "counts_of": {
        "en": "{figures} of {total} figures, from {docs} documents",
        "vi": "{figures} / {total} số liệu, từ {docs} tài liệu",
    },
    "no_filters": {"en": "Filters: none (every figure)", "vi": "Bộ lọc: không (mọi số liệu)"},
    "source_note": {
        "en": "Source: {n} {articles}, {years}; extracted figures",
        "vi": "Nguồn: {n} {articles}, {years}; số liệu trích xuất",
    },
    "source_note_undated": {
        "en": "Source: {n} {articles}; extracted figures",
        "vi": "Nguồn: {n} {articles}; số liệu trích xuất",
    },
    "article": {"en": "article", "vi": "bài báo"},
    "articles": {"en": "articles", "vi": "bài báo"},
    "caption_investments": {
        "en": "{n} investments total {total}. Largest: {largest} ({who}) — “{quote}”.",
        "vi": "{n} khoản đầu tư, tổng {total}. Lớn nhất: {largest} ({who}) — “{quote}”.",
    },
    "deck_title": {"en": "Deck title", "vi": "Tiêu đề bộ slide"},
    "targets_slide": {"en": "Targets", "vi": "Các mục tiêu"},
    "target_what": {"en": "What", "vi": "Nội dung"},
    "target_value": {"en": "Value", "vi": "Giá trị"},
    "target_by": {"en": "By", "vi": "Đến năm"},
    "target_source": {"en": "Source", "vi": "Nguồn"},
    "empty_view": {
        "en": "No figures in this view: change the filters to build a briefing.",
        "vi": "Không có số liệu trong khung nhìn này: hãy đổi bộ lọc để tạo bộ tài liệu.",
    },
    "notes_figure": {"en": "{label}. “{sentence}” — {citation}",
                     "vi": "{label}. “{sentence}” — {citation}"},
    "caption_top_group": {
        "en": "{top}: {name}, {value} ({share}% of the total).",
        "vi": "{top}: {name}, {value} ({share}% tổng).",
    },
    "top_figures": {"en": "Top figures", "vi": "Số liệu nổi bật"},
    "top_figures_note": {
        "en": "Largest amounts in USD first, then targets by year.",
        "vi": "Khoản tiền lớn nhất (USD) trước, sau đó là mục tiêu theo năm.",
    },
    "sources": {"en": "Sources", "vi": "Nguồn"},
    "more_quotes": {"en": "+{n} more figures", "vi": "+{n} số liệu khác"},
    "figures_in_doc": {"en": "{n}", "vi": "{n}"},
    "briefing_section": {"en": "Briefing pack", "vi": "Bộ tài liệu trình bày"},
    "download_deck": {"en": "Download briefing deck (.pptx)", "vi": "Tải bộ slide (.pptx)"},
    "download_html": {"en": "Download brief (.html)", "vi": "Tải bản tin (.html)"},
    "download_pdf": {"en": "Download brief (.pdf)", "vi": "Tải bản tin (.pdf)"},
    "chart_images": {"en": "Chart images (PNG, SVG)", "vi": "Ảnh biểu đồ (PNG, SVG)"},
    "no_browser": {
        "en": "Chart images and PDF need chromium on the server (apt-get install chromium).",
        "vi": "Ảnh biểu đồ và PDF cần chromium trên máy chủ (apt-get install chromium).",
    },
    "years_filter": {"en": "Years", "vi": "Năm"},
    "search_filter": {"en": "Search", "vi": "Tìm"},
}


def bt(key: str, lang: str = "en", **values: object) -> str:
    """The briefing text for `key` in `lang`; falls back to the dashboard's `tr`."""
    entry = TEXT.get(key)
    if entry is None:
        return tr(key, lang, **values)
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text
