"""The analyst dashboard: store, filters, charts, provenance and exports behind app.py.

Modules: store (SQLite documents + figures), data (opening and loading), filters,
grouping and charts (aggregates and plotly figures), table (sorting, paging),
provenance (escaped, highlighted sentences), exports (CSV, Excel, JSON),
uploads (adding documents), formatting and i18n (readable values, EN/VI text).
"""
