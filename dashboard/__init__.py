"""The analyst dashboard: store, filters, charts, provenance, reviews and exports behind app.py.

Modules: store (SQLite documents, figures, reviews and their audit trail), data
(opening, loading, applying reviews), filters, grouping and charts (aggregates and
plotly figures), table (sorting, paging), provenance (escaped, highlighted
sentences), review (validating and applying analysts' reviews), commitments (one
commitment across many sources, conflicts), tracker (target versus actual),
views (readable tables of those), review_ui (the review widgets), exports (CSV,
Excel, JSON), uploads (adding documents), formatting and i18n (readable values,
EN/VI text).
"""
