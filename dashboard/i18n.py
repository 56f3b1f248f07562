"""English and Vietnamese UI text."""

from __future__ import annotations

LANGUAGES: dict[str, str] = {"en": "English", "vi": "Tiếng Việt"}

TEXT: dict[str, dict[str, str]] = {
    "title": {"en": "Figures from the news", "vi": "Số liệu từ tin tức"},
    "caption": {
        "en": "Targets, investments and statistics extracted from Vietnamese and English "
        "articles. Every number links back to its sentence.",
        "vi": "Mục tiêu, khoản đầu tư và số liệu thống kê trích từ các bài báo tiếng Việt và "
        "tiếng Anh. Mỗi con số dẫn về câu gốc của nó.",
    },
    "language": {"en": "Language", "vi": "Ngôn ngữ"},
    "filters": {"en": "Filters", "vi": "Bộ lọc"},
    "kind": {"en": "Kind", "vi": "Loại"},
    "unit_family": {"en": "Unit family", "vi": "Nhóm đơn vị"},
    "years": {"en": "Year", "vi": "Năm"},
    "years_help": {
        "en": "Narrowing the range hides figures without a year.",
        "vi": "Thu hẹp khoảng năm sẽ ẩn các số liệu không có năm.",
    },
    "country": {"en": "Country", "vi": "Quốc gia"},
    "sector": {"en": "Sector", "vi": "Lĩnh vực"},
    "entity": {"en": "Organisation", "vi": "Tổ chức"},
    "document": {"en": "Source document", "vi": "Tài liệu nguồn"},
    "search": {"en": "Search in sentences", "vi": "Tìm trong câu"},
    "all": {"en": "All", "vi": "Tất cả"},
    "choose": {"en": "Any", "vi": "Tất cả"},
    "source_none": {"en": "Source: no figures in this view.",
                    "vi": "Nguồn: không có số liệu trong khung nhìn này."},
    "shown": {"en": "{n} of {total} figures", "vi": "{n} / {total} số liệu"},
    "no_figures": {
        "en": "No figure matches these filters.",
        "vi": "Không có số liệu nào khớp bộ lọc.",
    },
    "targets_chart": {"en": "Targets by target year", "vi": "Mục tiêu theo năm mục tiêu"},
    "investments_chart": {"en": "Investments in USD", "vi": "Đầu tư quy đổi USD"},
    "by_sector_chart": {"en": "Figures by sector", "vi": "Số liệu theo lĩnh vực"},
    "by_country_chart": {"en": "Figures by country", "vi": "Số liệu theo quốc gia"},
    "group_by": {"en": "Group by", "vi": "Nhóm theo"},
    "chart": {"en": "Chart", "vi": "Biểu đồ"},
    "table": {"en": "Table", "vi": "Bảng"},
    "figures": {"en": "Figures", "vi": "Số liệu"},
    "figures_count": {"en": "figures", "vi": "số liệu"},
    "total_usd": {"en": "Total (USD)", "vi": "Tổng (USD)"},
    "example": {"en": "Example", "vi": "Ví dụ"},
    "largest": {"en": "Largest", "vi": "Lớn nhất"},
    "source": {"en": "Source", "vi": "Nguồn"},
    "source_line": {
        "en": "Source: {n} figures in {docs} documents — {titles}",
        "vi": "Nguồn: {n} số liệu trong {docs} tài liệu — {titles}",
    },
    "more": {"en": "+{n} more", "vi": "+{n} tài liệu khác"},
    "sum_note": {
        "en": "Sums use the low end of ranges; amounts converted to USD with a dated rate.",
        "vi": "Tổng lấy cận dưới của khoảng; quy đổi USD theo tỷ giá có ngày.",
    },
    "top_note": {"en": "Largest {n} groups shown.", "vi": "Hiển thị {n} nhóm lớn nhất."},
    "select_hint": {
        "en": "Select a point, a bar or a table row to see where the figure came from.",
        "vi": "Chọn một điểm, một cột hoặc một dòng để xem nguồn gốc số liệu.",
    },
    "table_section": {"en": "Filtered figures", "vi": "Số liệu đã lọc"},
    "sort_by": {"en": "Sort by", "vi": "Sắp xếp theo"},
    "descending": {"en": "Descending", "vi": "Giảm dần"},
    "page": {"en": "Page", "vi": "Trang"},
    "page_of": {"en": "of {pages}", "vi": "trên {pages}"},
    "exports": {"en": "Export the filtered rows", "vi": "Xuất các dòng đã lọc"},
    "excel_too_big": {
        "en": "Excel export is offered up to {n} rows; narrow the filters or use CSV.",
        "vi": "Chỉ xuất Excel tối đa {n} dòng; hãy lọc thêm hoặc dùng CSV.",
    },
    "provenance": {"en": "Where this figure comes from", "vi": "Nguồn gốc số liệu"},
    "figure_id": {"en": "Figure id", "vi": "Mã số liệu"},
    "unknown_figure": {
        "en": "No figure with this id.",
        "vi": "Không có số liệu với mã này.",
    },
    "doc_title": {"en": "Document", "vi": "Tài liệu"},
    "published": {"en": "Published", "vi": "Ngày đăng"},
    "path": {"en": "Source", "vi": "Nguồn"},
    "rule": {"en": "Rule", "vi": "Quy tắc"},
    "value": {"en": "Value", "vi": "Giá trị"},
    "value_usd": {"en": "USD", "vi": "USD"},
    "year": {"en": "Year", "vi": "Năm"},
    "quote": {"en": "Quote", "vi": "Trích dẫn"},
    "measure": {"en": "Measure", "vi": "Đại lượng"},
    "group_figures": {
        "en": "{n} figures in the selected group",
        "vi": "{n} số liệu trong nhóm đã chọn",
    },
    "add_documents": {"en": "Add documents", "vi": "Thêm tài liệu"},
    "upload": {"en": "Upload .txt, .md or .html files", "vi": "Tải lên tệp .txt, .md, .html"},
    "paste": {"en": "…or paste a text", "vi": "…hoặc dán văn bản"},
    "paste_title": {"en": "Title of the pasted text", "vi": "Tiêu đề văn bản dán"},
    "add": {"en": "Extract and add", "vi": "Trích xuất và thêm"},
    "added": {
        "en": "{name}: added, {n} figures.",
        "vi": "{name}: đã thêm, {n} số liệu.",
    },
    "already": {
        "en": "{name}: already in the store, nothing changed.",
        "vi": "{name}: đã có trong kho, không thay đổi.",
    },
    "rejected": {
        "en": "{name}: not added — {reason}",
        "vi": "{name}: không thêm được — {reason}",
    },
    "nothing_to_add": {
        "en": "Choose a file or paste a text first.",
        "vi": "Hãy chọn tệp hoặc dán văn bản trước.",
    },
    "store_line": {
        "en": "Store: {path} · {docs} documents · {figures} figures",
        "vi": "Kho: {path} · {docs} tài liệu · {figures} số liệu",
    },
}


# Data values shown translated (kinds, unit families, the "not given" option).
VALUE_TEXT: dict[str, dict[str, str]] = {
    "target": {"en": "target", "vi": "mục tiêu"},
    "investment": {"en": "investment", "vi": "đầu tư"},
    "statistic": {"en": "statistic", "vi": "thống kê"},
    "percent": {"en": "percent", "vi": "phần trăm"},
    "money": {"en": "money", "vi": "tiền"},
    "count": {"en": "count", "vi": "số lượng"},
    "rank": {"en": "rank", "vi": "thứ hạng"},
    "physical": {"en": "physical", "vi": "vật lý"},
    "(none)": {"en": "(none)", "vi": "(không có)"},
}


def tr(key: str, lang: str = "en", **values: object) -> str:
    """The UI text for `key` in `lang` (English when missing), formatted with `values`."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


def tr_value(value: object, lang: str = "en") -> str:
    """A data value for display: kinds and unit families translated, others as they are."""
    text = str(value)
    entry = VALUE_TEXT.get(text)
    return (entry.get(lang) or entry["en"]) if entry else text
