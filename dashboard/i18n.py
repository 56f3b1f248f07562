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
        "en": "Figures without a year stay visible while \"Include figures without a year\" "
        "is on (the default).",
        "vi": "Số liệu không có năm vẫn hiển thị khi bật \"Gồm cả số liệu không có năm\" "
        "(mặc định).",
    },
    "country": {"en": "Country", "vi": "Quốc gia"},
    "investor_country": {"en": "Investor country", "vi": "Quốc gia nhà đầu tư"},
    "investor_country_help": {
        "en": "Where the money comes from: the investing organisation's home country or the "
        "stated source (\"FDI from Korea\"). Country is where the money goes.",
        "vi": "Nơi vốn đến từ: quốc gia của tổ chức đầu tư hoặc nguồn vốn được nêu (\"vốn FDI "
        "từ Hàn Quốc\"). Quốc gia là nơi vốn được đầu tư vào.",
    },
    "include_undated": {"en": "Include figures without a year",
                        "vi": "Gồm cả số liệu không có năm"},
    "undated_note": {
        "en": "{n} without a year are included (switch under Year).",
        "vi": "Đã gồm {n} không có năm (công tắc dưới mục Năm).",
    },
    "undated_hidden": {
        "en": "Figures without a year are hidden by the year range.",
        "vi": "Các số liệu không có năm đang bị ẩn theo khoảng năm.",
    },
    "label": {"en": "What", "vi": "Nội dung"},
    "role": {"en": "Role", "vi": "Vai trò"},
    "page": {"en": "Page", "vi": "Trang"},
    "outlet": {"en": "Outlet", "vi": "Nguồn tin"},
    "url": {"en": "Link", "vi": "Liên kết"},
    "aggregates_chart": {"en": "Aggregate investment statistics (not summed)",
                         "vi": "Số liệu đầu tư tổng hợp (không cộng dồn)"},
    "aggregates_note": {
        "en": "Investments without an organisation (a national FDI stock, a whole sector's "
        "registered capital) are listed here, apart from the organisations' investments.",
        "vi": "Các khoản đầu tư không gắn với tổ chức nào (tổng vốn FDI cả nước, vốn đăng ký "
        "của cả ngành) được liệt kê riêng tại đây, không cộng vào đầu tư của các tổ chức.",
    },
    "honest_note": {
        "en": "Each organisation at its latest reported total (date and source in the hover); "
        "without a total, the sum of its distinct amounts. Repeated mentions count once.",
        "vi": "Mỗi tổ chức lấy tổng vốn được báo cáo gần nhất (ngày và nguồn khi di chuột); "
        "nếu không có tổng, cộng các khoản khác nhau. Nhắc lại chỉ tính một lần.",
    },
    "latest_total": {"en": "latest reported total", "vi": "tổng vốn báo cáo gần nhất"},
    "sum_distinct": {"en": "sum of distinct amounts", "vi": "tổng các khoản khác nhau"},
    "as_of": {"en": "as of", "vi": "tính đến"},
    "target_counts": {"en": "Counts", "vi": "Số lượng"},
    "targets_markers": {"en": "Targets", "vi": "Mục tiêu"},
    "targets_group": {"en": "Group targets by", "vi": "Nhóm mục tiêu theo"},
    "active_filters": {"en": "Filters", "vi": "Bộ lọc"},
    "sector": {"en": "Sector", "vi": "Lĩnh vực"},
    "entity": {"en": "Organisation", "vi": "Tổ chức"},
    "document": {"en": "Source document", "vi": "Tài liệu nguồn"},
    "find_document": {"en": "Find a source document", "vi": "Tìm tài liệu nguồn"},
    "year_spans": {"en": "bubbles of {n} years", "vi": "mỗi bóng {n} năm"},
    "find_document_help": {"en": "Type words of a title or an id; matching documents are "
                           "offered below.",
                           "vi": "Gõ từ trong tiêu đề hoặc mã; các tài liệu khớp hiện ở dưới."},
    "archive_caption": {"en": "A large store: figures are queried for each view, charts show "
                        "aggregates (targets counted per year and sector).",
                        "vi": "Kho lớn: số liệu được truy vấn cho từng khung nhìn, biểu đồ "
                        "hiện số tổng hợp (mục tiêu đếm theo năm và lĩnh vực)."},
    "archive_count_too_big": {
        "en": "Commitments are counted for views of up to {n} figures; this one has "
              "{count}, so its charts count figures. Narrow the filters.",
        "vi": "Cam kết chỉ được đếm cho chế độ xem tối đa {n} số liệu; chế độ xem này có "
              "{count}, nên biểu đồ đếm theo số liệu. Hãy thu hẹp bộ lọc.",
    },
    "archive_scope_too_big": {
        "en": "The commitments of this view's figures reach more than {n} figures of the "
              "archive: too many to compare. Narrow the filters.",
        "vi": "Các cam kết của số liệu trong chế độ xem này liên quan tới hơn {n} số liệu "
              "của kho: quá nhiều để so sánh. Hãy thu hẹp bộ lọc.",
    },
    "archive_view_too_big": {
        "en": "This view has {count} figures: commitments, progress and briefings are "
              "computed for views of up to {n} figures. Narrow the filters.",
        "vi": "Chế độ xem này có {count} số liệu: cam kết, tiến độ và bản tóm tắt chỉ được "
              "tính cho tối đa {n} số liệu. Hãy lọc thêm.",
    },
    "search": {"en": "Search in sentences", "vi": "Tìm trong câu"},
    "search_help": {"en": "Case and diacritics are ignored: \"ban dan\" finds \"bán dẫn\".",
                    "vi": "Không phân biệt hoa thường và dấu: \"ban dan\" tìm được \"bán dẫn\"."},
    "all": {"en": "All", "vi": "Tất cả"},
    "choose": {"en": "Any", "vi": "Tất cả"},
    "source_none": {"en": "Source: no figures in this view",
                    "vi": "Nguồn: không có số liệu trong khung nhìn này"},
    "shown": {"en": "{n} of {total} figures", "vi": "{n} / {total} số liệu"},
    "no_figures": {
        "en": "No figure matches these filters.",
        "vi": "Không có số liệu nào khớp bộ lọc.",
    },
    "no_chart_figures": {"en": "No figures for this chart in this view.",
                         "vi": "Không có số liệu cho biểu đồ này trong khung nhìn."},
    "targets_chart": {"en": "Targets by target year", "vi": "Mục tiêu theo năm mục tiêu"},
    "investments_chart": {"en": "Investments in USD", "vi": "Đầu tư quy đổi USD"},
    "by_sector_chart": {"en": "Figures by sector", "vi": "Số liệu theo lĩnh vực"},
    "by_country_chart": {"en": "Figures by country", "vi": "Số liệu theo quốc gia"},
    # Charts' units lines and captions (images, deck, brief; see dashboard.captions).
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
    "caption_figures": {
        "en": "{n} in {groups}. Most in {name}: {count} ({kinds}).",
        "vi": "{n} trong {groups}. Nhiều nhất ở {name}: {count} ({kinds}).",
    },
    "top_entity": {"en": "Top organisation", "vi": "Tổ chức đứng đầu"},
    "top_country": {"en": "Top country", "vi": "Quốc gia đứng đầu"},
    "top_investor_country": {"en": "Top investor country", "vi": "Quốc gia đầu tư lớn nhất"},
    "top_sector": {"en": "Top sector", "vi": "Lĩnh vực đứng đầu"},
    "group_by": {"en": "Group by", "vi": "Nhóm theo"},
    "chart": {"en": "Chart", "vi": "Biểu đồ"},
    "table": {"en": "Table", "vi": "Bảng"},
    "figures": {"en": "Figures", "vi": "Số liệu"},
    "total_usd": {"en": "Total (USD)", "vi": "Tổng (USD)"},
    "example": {"en": "Example", "vi": "Ví dụ"},
    "largest": {"en": "Largest", "vi": "Lớn nhất"},
    "source": {"en": "Source", "vi": "Nguồn"},
    "source_line": {
        "en": "Source: {figures} in {docs} — {titles}",
        "vi": "Nguồn: {figures} trong {docs} — {titles}",
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
    "page_of": {"en": "of {pages}", "vi": "trên {pages}"},
    "exports": {"en": "Export the filtered rows", "vi": "Xuất các dòng đã lọc"},
    "export_to_disk": {
        "en": "This view has {count} figures: exports of more than {n} are written to a "
              "file in {folder} (beside the store) instead of downloaded.",
        "vi": "Chế độ xem này có {count} số liệu: bản xuất trên {n} dòng được ghi thành tệp "
              "trong {folder} (cạnh kho dữ liệu) thay vì tải xuống.",
    },
    "write_export": {"en": "Write {kind} file", "vi": "Ghi tệp {kind}"},
    "writing_export": {"en": "Writing the file…", "vi": "Đang ghi tệp…"},
    "export_written": {"en": "Written: {path}", "vi": "Đã ghi: {path}"},
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
    "upload_limits": {
        "en": "Up to {mb} MB per file; a file that takes over {seconds} s to read and extract "
              "is skipped and named.",
        "vi": "Tối đa {mb} MB mỗi tệp; tệp cần hơn {seconds} giây để đọc và trích xuất sẽ bị "
              "bỏ qua và được nêu tên.",
    },
    "read_note": {
        "en": "{name}: read with a problem — {note}",
        "vi": "{name}: đọc được nhưng có lỗi — {note}",
    },
    "rebuild": {"en": "Rebuild the store", "vi": "Dựng lại kho dữ liệu"},
    "rebuild_help": {
        "en": "Rebuilding keeps the damaged file beside it ({copy}), extracts again the "
              "documents it still holds and those in {articles}, and restores every review "
              "from the reviews sidecar.",
        "vi": "Khi dựng lại, tệp hỏng được giữ bên cạnh ({copy}); các tài liệu còn đọc được "
              "và tài liệu trong {articles} được trích xuất lại, mọi kết quả duyệt được khôi "
              "phục từ tệp reviews đi kèm.",
    },
    "rebuilt": {"en": "Store rebuilt: {report}.", "vi": "Đã dựng lại kho: {report}."},
    "paste": {"en": "…or paste a text", "vi": "…hoặc dán văn bản"},
    "paste_title": {"en": "Title of the pasted text", "vi": "Tiêu đề văn bản dán"},
    "add_date": {"en": "Publication date (optional)", "vi": "Ngày đăng (không bắt buộc)"},
    "add_date_help": {
        "en": "Used instead of the date the texts give; 'this year' and 'last year' count "
              "from it.",
        "vi": "Dùng thay cho ngày ghi trong văn bản; 'năm nay', 'năm ngoái' được tính từ ngày này.",
    },
    "add": {"en": "Extract and add", "vi": "Trích xuất và thêm"},
    "added": {
        "en": "{name}: added, {figures}.",
        "vi": "{name}: đã thêm, {figures}.",
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
        "en": "Store: {path} · {docs} · {figures}",
        "vi": "Kho: {path} · {docs} · {figures}",
    },
    # Review
    "reviewer": {"en": "Your name (for reviews)", "vi": "Tên của bạn (để duyệt)"},
    "reviewer_help": {
        "en": "Typed once per browser session; recorded with every review you make.",
        "vi": "Nhập một lần cho mỗi phiên trình duyệt; được ghi cùng mỗi lần duyệt.",
    },
    "reviewed_only": {"en": "Reviewed only", "vi": "Chỉ số liệu đã duyệt"},
    "reviewed_only_help": {
        "en": "Only figures an analyst accepted or corrected.",
        "vi": "Chỉ các số liệu đã được chấp nhận hoặc sửa.",
    },
    "review_status": {"en": "Review", "vi": "Duyệt"},
    "review_section": {"en": "Review this figure", "vi": "Duyệt số liệu này"},
    "review_action": {"en": "Decision", "vi": "Quyết định"},
    "accept": {"en": "Accept", "vi": "Chấp nhận"},
    "reject": {"en": "Reject", "vi": "Loại bỏ"},
    "correct": {"en": "Correct", "vi": "Sửa"},
    "corrections": {
        "en": "Corrected values (used only with “Correct”)",
        "vi": "Giá trị đã sửa (chỉ dùng khi chọn “Sửa”)",
    },
    "value_high": {"en": "High end of a range", "vi": "Cận trên của khoảng"},
    "unit": {"en": "Unit", "vi": "Đơn vị"},
    "comment": {"en": "Comment (optional)", "vi": "Ghi chú (không bắt buộc)"},
    "save_review": {"en": "Save review", "vi": "Lưu kết quả duyệt"},
    "clear_review": {"en": "Undo review", "vi": "Hủy duyệt"},
    "review_saved": {"en": "Review saved: {status}.", "vi": "Đã lưu: {status}."},
    "review_cleared": {"en": "Review removed.", "vi": "Đã hủy duyệt."},
    "no_review_to_clear": {"en": "There was no review to remove (it may have been removed "
                           "in another session).",
                           "vi": "Không có kết quả duyệt nào để hủy (có thể đã bị hủy ở phiên "
                           "khác)."},
    "figure_gone": {"en": "This figure is no longer in the store; reload the page.",
                    "vi": "Số liệu này không còn trong kho; hãy tải lại trang."},
    "review_failed": {"en": "Not saved — {reason}", "vi": "Chưa lưu — {reason}"},
    "store_busy": {
        "en": "the store is busy; please try again in a moment",
        "vi": "kho dữ liệu đang bận; vui lòng thử lại sau giây lát",
    },
    "need_name": {
        "en": "Type your name in the sidebar (“Your name”) before reviewing.",
        "vi": "Hãy nhập tên ở thanh bên (“Tên của bạn”) trước khi duyệt.",
    },
    "not_reviewed": {"en": "Not reviewed yet.", "vi": "Chưa được duyệt."},
    "err_number": {"en": "“{text}” is not a number", "vi": "“{text}” không phải là số"},
    "err_year": {"en": "“{text}” is not a year", "vi": "“{text}” không phải là năm"},
    "err_field": {"en": "“{field}” cannot be corrected", "vi": "không thể sửa “{field}”"},
    "err_kind": {"en": "the kind must be one of {kinds}", "vi": "loại phải là một trong {kinds}"},
    "err_unit": {"en": "unknown unit “{unit}”", "vi": "đơn vị không hợp lệ “{unit}”"},
    "err_value": {"en": "a figure needs a value", "vi": "số liệu cần có giá trị"},
    "err_moved": {"en": "this figure has moved; reload the page",
                  "vi": "số liệu này đã thay đổi vị trí; hãy tải lại trang"},
    "err_status": {"en": "the decision must be one of {statuses}",
                   "vi": "quyết định phải là một trong {statuses}"},
    "err_unchanged": {
        "en": "nothing was changed: correct a field, or choose Accept",
        "vi": "chưa có gì thay đổi: hãy sửa một trường, hoặc chọn Chấp nhận",
    },
    "err_not_correction": {"en": "only “Correct” changes values",
                           "vi": "chỉ “Sửa” mới thay đổi giá trị"},
    "review_line": {
        "en": "{status} by {reviewer}, {at}",
        "vi": "{status} bởi {reviewer}, {at}",
    },
    "extracted_line": {"en": "As extracted: {fields}", "vi": "Khi trích xuất: {fields}"},
    "history": {"en": "Audit trail", "vi": "Lịch sử duyệt"},
    "corrected_to": {"en": "Corrected to", "vi": "Sửa thành"},
    "action": {"en": "Action", "vi": "Hành động"},
    "at": {"en": "Time (UTC)", "vi": "Thời điểm (UTC)"},
    "detail": {"en": "Detail", "vi": "Chi tiết"},
    "rejected_hidden_one": {
        "en": "{n} rejected figure is hidden from charts, table and exports (see the "
        "Review tab).",
        "vi": "{n} số liệu bị loại đã ẩn khỏi biểu đồ, bảng và tệp xuất (xem thẻ Duyệt).",
    },
    "rejected_hidden": {
        "en": "{n} rejected figures are hidden from charts, table and exports (see the "
        "Review tab).",
        "vi": "{n} số liệu bị loại đã ẩn khỏi biểu đồ, bảng và tệp xuất (xem thẻ Duyệt).",
    },
    "review_tab": {"en": "Review", "vi": "Duyệt"},
    "figures_tab": {"en": "Figures", "vi": "Số liệu"},
    "commitments_tab": {"en": "Commitments", "vi": "Cam kết"},
    "progress_tab": {"en": "Target vs actual", "vi": "Mục tiêu và thực tế"},
    "review_counts": {
        "en": "In this view: {accepted} accepted · {corrected} corrected · {rejected} rejected "
        "· {unreviewed} not reviewed",
        "vi": "Trong khung nhìn: {accepted} chấp nhận · {corrected} đã sửa · {rejected} bị loại "
        "· {unreviewed} chưa duyệt",
    },
    "reviewed_figures": {"en": "Reviewed figures", "vi": "Số liệu đã duyệt"},
    "no_reviews": {"en": "No figure in this view has been reviewed.",
                   "vi": "Chưa có số liệu nào trong khung nhìn được duyệt."},
    "review_select_hint": {
        "en": "Select a row to open the figure above and change its review.",
        "vi": "Chọn một dòng để mở số liệu ở trên và thay đổi kết quả duyệt.",
    },
    "orphans_one": {
        "en": "{n} review whose figure is no longer found (after re-extraction)",
        "vi": "{n} kết quả duyệt không còn tìm thấy số liệu (sau khi trích xuất lại)",
    },
    "orphans": {
        "en": "{n} reviews whose figure is no longer found (after re-extraction)",
        "vi": "{n} kết quả duyệt không còn tìm thấy số liệu (sau khi trích xuất lại)",
    },
    "orphans_help": {
        "en": "The figure was reviewed, then a rule or config change stopped extracting it. "
        "The review is kept; check the sentence, then discard it or fix the rules.",
        "vi": "Số liệu đã được duyệt, sau đó thay đổi quy tắc khiến nó không còn được trích "
        "xuất. Kết quả duyệt vẫn được giữ; hãy kiểm tra câu gốc rồi hủy hoặc sửa quy tắc.",
    },
    "orphan_pick": {"en": "Orphaned review", "vi": "Kết quả duyệt mồ côi"},
    "discard_orphan": {"en": "Discard this review", "vi": "Hủy kết quả duyệt này"},
    "reason": {"en": "Why", "vi": "Lý do"},
    "not_extracted": {"en": "no longer extracted", "vi": "không còn được trích xuất"},
    "document_gone": {"en": "document removed", "vi": "tài liệu đã bị xóa"},
    "sentence": {"en": "Sentence", "vi": "Câu"},
    "audit_csv": {"en": "Audit trail (CSV)", "vi": "Lịch sử duyệt (CSV)"},
    "corrected_fields": {"en": "Corrected", "vi": "Trường đã sửa"},
    "reviewed_by": {"en": "Reviewer", "vi": "Người duyệt"},
    "review_comment": {"en": "Comment", "vi": "Ghi chú"},
    "reviewed_at": {"en": "Reviewed", "vi": "Thời điểm duyệt"},
    # Counting and commitments
    "count_by": {"en": "Count", "vi": "Đếm theo"},
    "count_figures": {"en": "mentions", "vi": "lượt nhắc"},
    "count_commitments": {"en": "commitments", "vi": "cam kết"},
    "count_help": {
        "en": "Commitments: a figure repeated by several articles counts once.",
        "vi": "Cam kết: một con số được nhiều bài báo nhắc lại chỉ tính một lần.",
    },
    "commitments": {"en": "Commitments", "vi": "Cam kết"},
    "commitments_by_sector_chart": {"en": "Commitments by sector",
                                    "vi": "Cam kết theo lĩnh vực"},
    "commitments_by_country_chart": {"en": "Commitments by country",
                                     "vi": "Cam kết theo quốc gia"},
    "counted_line": {
        "en": "Counting commitments: {commitments} from {mentions}.",
        "vi": "Đếm theo cam kết: {commitments} từ {mentions}.",
    },
    "commitments_caption": {
        "en": "Mentions with the same country, measure, unit, kind and year are one commitment; "
        "values within {tol}% agree. Another value, or the same value for another year, is "
        "a conflict to review.",
        "vi": "Các lượt nhắc cùng quốc gia, đại lượng, đơn vị, loại và năm là một cam kết; giá trị "
        "chênh nhau trong {tol}% được coi là trùng. Giá trị khác, hoặc cùng giá trị nhưng năm "
        "khác, là mâu thuẫn cần duyệt.",
    },
    "conflicts_only": {"en": "Conflicts only", "vi": "Chỉ mâu thuẫn"},
    "conflict": {"en": "Conflict", "vi": "Mâu thuẫn"},
    "sources": {"en": "Sources", "vi": "Số nguồn"},
    "mentions": {"en": "Mentions", "vi": "Lượt nhắc"},
    "first_published": {"en": "First published", "vi": "Đăng đầu tiên"},
    "latest_published": {"en": "Latest published", "vi": "Đăng gần nhất"},
    "reported_values": {"en": "Reported values", "vi": "Các giá trị được nêu"},
    "other_years": {"en": "Same value for", "vi": "Cùng giá trị cho năm"},
    "quotes": {"en": "Quotes", "vi": "Trích dẫn"},
    "no_commitments": {"en": "No commitment in this view.",
                       "vi": "Không có cam kết nào trong khung nhìn."},
    "commitments_shown_one": {
        "en": "{n} commitment ({c} with conflicts)",
        "vi": "{n} cam kết ({c} có mâu thuẫn)",
    },
    "commitments_shown": {
        "en": "{n} commitments ({c} with conflicts)",
        "vi": "{n} cam kết ({c} có mâu thuẫn)",
    },
    "mentions_of": {"en": "Mentions of the selected commitment",
                    "vi": "Các lượt nhắc của cam kết đã chọn"},
    "commitment_select_hint": {
        "en": "Select a commitment to list its mentions; select a mention to review it.",
        "vi": "Chọn một cam kết để xem các lượt nhắc; chọn một lượt nhắc để duyệt.",
    },
    "commitments_csv": {"en": "Commitments (CSV)", "vi": "Cam kết (CSV)"},
    # Target versus actual
    "progress_caption": {
        "en": "Each target paired with the latest statistic of the same country, measure and "
        "unit. Progress = latest actual ÷ target (target ÷ actual where lower is better: ranks, "
        "and targets below the first actual); years left = target year − {year}.",
        "vi": "Mỗi mục tiêu được ghép với số liệu thống kê mới nhất cùng quốc gia, đại lượng và "
        "đơn vị. Tiến độ = thực tế mới nhất ÷ mục tiêu (mục tiêu ÷ thực tế khi càng thấp càng "
        "tốt: thứ hạng, và mục tiêu thấp hơn số thực tế đầu tiên); số năm còn lại = năm mục "
        "tiêu − {year}.",
    },
    "no_progress": {
        "en": "No target in this view has a matching statistic yet.",
        "vi": "Chưa có mục tiêu nào trong khung nhìn có số liệu thống kê tương ứng.",
    },
    "target_value": {"en": "Target", "vi": "Mục tiêu"},
    "target_year": {"en": "Target year", "vi": "Năm mục tiêu"},
    "actual_value": {"en": "Latest actual", "vi": "Thực tế mới nhất"},
    "actual_year": {"en": "Actual year", "vi": "Năm thực tế"},
    "progress": {"en": "Progress", "vi": "Tiến độ"},
    "years_left": {"en": "Years left", "vi": "Số năm còn lại"},
    "status": {"en": "Status", "vi": "Trạng thái"},
    "projected": {"en": "Projected by target year", "vi": "Dự báo đến năm mục tiêu"},
    "progress_csv": {"en": "Progress (CSV)", "vi": "Tiến độ (CSV)"},
    "progress_chart": {"en": "Progress towards targets", "vi": "Tiến độ đạt mục tiêu"},
    "first_rows": {"en": "Listing the first {n} of {total}.",
                   "vi": "Đang liệt kê {n} dòng đầu trong {total}."},
}


# Data values shown translated (kinds, unit families, the "not given" option, review and
# progress statuses).
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
    "unreviewed": {"en": "not reviewed", "vi": "chưa duyệt"},
    "accepted": {"en": "accepted", "vi": "đã chấp nhận"},
    "corrected": {"en": "corrected", "vi": "đã sửa"},
    "rejected": {"en": "rejected", "vi": "bị loại"},
    "cleared": {"en": "review removed", "vi": "đã hủy duyệt"},
    "moved": {"en": "moved to the re-extracted span", "vi": "chuyển sang vị trí trích xuất mới"},
    "orphaned": {"en": "figure no longer extracted", "vi": "số liệu không còn được trích xuất"},
    "restored": {"en": "figure extracted again", "vi": "số liệu được trích xuất lại"},
    "achieved": {"en": "achieved", "vi": "đã đạt"},
    "on_track": {"en": "on track", "vi": "đúng tiến độ"},
    "in_progress": {"en": "in progress", "vi": "đang thực hiện"},
    "behind": {"en": "behind", "vi": "chậm tiến độ"},
    "overdue": {"en": "overdue", "vi": "quá hạn"},
    "value": {"en": "value", "vi": "giá trị"},
    "value, year": {"en": "value, year", "vi": "giá trị, năm"},
    "year": {"en": "year", "vi": "năm"},
    "total": {"en": "total", "vi": "tổng vốn"},
    "increment": {"en": "increment", "vi": "vốn tăng thêm"},
    "single": {"en": "single", "vi": "đơn lẻ"},
    # Countries and sectors shown in Vietnamese (codes stay English in data and URLs).
    "Vietnam": {"en": "Vietnam", "vi": "Việt Nam"},
    "South Korea": {"en": "South Korea", "vi": "Hàn Quốc"},
    "USA": {"en": "USA", "vi": "Hoa Kỳ"},
    "Japan": {"en": "Japan", "vi": "Nhật Bản"},
    "China": {"en": "China", "vi": "Trung Quốc"},
    "Taiwan": {"en": "Taiwan", "vi": "Đài Loan"},
    "Singapore": {"en": "Singapore", "vi": "Singapore"},
    "Thailand": {"en": "Thailand", "vi": "Thái Lan"},
    "India": {"en": "India", "vi": "Ấn Độ"},
    "Germany": {"en": "Germany", "vi": "Đức"},
    "France": {"en": "France", "vi": "Pháp"},
    "UK": {"en": "UK", "vi": "Anh"},
    "semiconductors": {"en": "semiconductors", "vi": "bán dẫn"},
    "digital economy": {"en": "digital economy", "vi": "kinh tế số"},
    "economy": {"en": "economy", "vi": "kinh tế"},
    "trade": {"en": "trade", "vi": "thương mại"},
    "workforce": {"en": "workforce", "vi": "nhân lực"},
    "electronics": {"en": "electronics", "vi": "điện tử"},
    "energy": {"en": "energy", "vi": "năng lượng"},
    "finance": {"en": "finance", "vi": "tài chính"},
    "transport": {"en": "transport", "vi": "giao thông"},
    "manufacturing": {"en": "manufacturing", "vi": "sản xuất"},
    "computing infrastructure": {"en": "computing infrastructure", "vi": "hạ tầng tính toán"},
    "telecommunications": {"en": "telecommunications", "vi": "viễn thông"},
}


def tr(key: str, lang: str = "en", **values: object) -> str:
    """The UI text for `key` in `lang` (English when missing), formatted with `values`."""
    entry = TEXT.get(key)
    if entry is None:
        return key
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text


# Nouns counted in the UI: (one, many) per language.
NOUNS: dict[str, dict[str, tuple[str, str]]] = {
    "figure": {"en": ("figure", "figures"), "vi": ("số liệu", "số liệu")},
    "document": {"en": ("document", "documents"), "vi": ("tài liệu", "tài liệu")},
    "commitment": {"en": ("commitment", "commitments"), "vi": ("cam kết", "cam kết")},
    "mention": {"en": ("mention", "mentions"), "vi": ("lượt nhắc", "lượt nhắc")},
    "group": {"en": ("group", "groups"), "vi": ("nhóm", "nhóm")},
}


def count_text(n: int, noun: str, lang: str = "en") -> str:
    """"1 figure", "1,200 figures" ("1.200 số liệu" in Vietnamese, which has no plural)."""
    one, many = NOUNS[noun].get(lang) or NOUNS[noun]["en"]
    number = f"{int(n):,}"
    if lang == "vi":
        number = number.replace(",", ".")
    return f"{number} {one if n == 1 else many}"


def tr_n(key: str, n: int, lang: str = "en", **values: object) -> str:
    """tr of `key` with the count `n` (thousands separated), or of `key`_one when n is 1."""
    one = f"{key}_one"
    return tr(one if n == 1 and one in TEXT else key, lang, n=f"{int(n):,}", **values)


def tr_value(value: object, lang: str = "en") -> str:
    """A data value for display: kinds and unit families translated, others as they are."""
    text = str(value)
    entry = VALUE_TEXT.get(text)
    return (entry.get(lang) or entry["en"]) if entry else text
