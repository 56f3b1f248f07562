"""The analyst dashboard behind app.py: loading the store, charts, tables, provenance,
reviews and exports.

Modules: data (opening the store, loading typed figures, applying reviews), charts
(plotly charts), table (sorting, paging), provenance (escaped, highlighted sentences),
views (readable tables of commitments and progress), review_ui (the review widgets),
exports (CSV, Excel, JSON), uploads (adding documents), formatting and i18n (readable
values, EN/VI text). The store is `store/`; analysis without UI (filters, commitments,
tracker, honest totals) is `analysis/`.
"""
