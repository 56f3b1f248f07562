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
    "units_targets": {
        "en": "Targets per target year and sector; bubble area = number of targets",
        "vi": "Mục tiêu theo năm và lĩnh vực; diện tích bong bóng = số mục tiêu",
    },
    "units_investments": {
        "en": "Total invested, USD (low end of ranges, dated exchange rates)",
        "vi": "Tổng đầu tư, USD (cận dưới của khoảng, tỷ giá có ngày)",
    },
    "units_figures": {
        "en": "Number of extracted figures, by kind",
        "vi": "Số lượng số liệu trích xuất, theo loại",
    },
    "caption_empty": {"en": "No figures for this chart.", "vi": "Không có số liệu cho biểu đồ."},
    "caption_targets": {
        "en": "{n} targets with a year, {first}–{last}. Nearest target year: {near} "
        "({near_n} targets, mostly {near_sector}).",
        "vi": "{n} mục tiêu có năm, {first}–{last}. Năm mục tiêu gần nhất: {near} "
        "({near_n} mục tiêu, chủ yếu {near_sector}).",
    },
    "caption_busiest": {
        "en": "Busiest year: {year} ({n} targets).",
        "vi": "Năm nhiều mục tiêu nhất: {year} ({n} mục tiêu).",
    },
    "caption_investments": {
        "en": "{n} investments total {total}. Largest: {largest} ({who}) — “{quote}”.",
        "vi": "{n} khoản đầu tư, tổng {total}. Lớn nhất: {largest} ({who}) — “{quote}”.",
    },
    "caption_investments_honest": {
        "en": "{n} organisations, {total} in all, each counted once at its latest reported "
        "total (or the sum of its distinct amounts).",
        "vi": "{n} tổ chức, tổng {total}; mỗi tổ chức tính một lần theo tổng vốn báo cáo gần "
        "nhất (hoặc tổng các khoản khác nhau).",
    },
    "caption_top_group_honest": {
        "en": "{top}: {name}, {value} ({share}%), {basis}, as of {as_of} — {source}.",
        "vi": "{top}: {name}, {value} ({share}%), {basis}, tính đến {as_of} — {source}.",
    },
    "basis_latest": {"en": "latest reported total", "vi": "tổng vốn báo cáo gần nhất"},
    "basis_sum": {"en": "sum of distinct amounts", "vi": "tổng các khoản khác nhau"},
    "caption_targets_markers": {
        "en": "{n} targets from {first} to {last}. Nearest ({near}): {named}.",
        "vi": "{n} mục tiêu từ {first} đến {last}. Gần nhất ({near}): {named}.",
    },
    "top_investor_country": {"en": "Top investor country", "vi": "Quốc gia đầu tư lớn nhất"},
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
    "top_entity": {"en": "Top organisation", "vi": "Tổ chức đứng đầu"},
    "top_country": {"en": "Top country", "vi": "Quốc gia đứng đầu"},
    "top_sector": {"en": "Top sector", "vi": "Lĩnh vực đứng đầu"},
    "caption_figures": {
        "en": "{n} in {groups}. Most in {name}: {count} ({kinds}).",
        "vi": "{n} trong {groups}. Nhiều nhất ở {name}: {count} ({kinds}).",
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
