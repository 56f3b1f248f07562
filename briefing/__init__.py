"""Briefing pack from the current view: chart images, a slide deck, an HTML/PDF brief.

Modules: text (EN/VI wording), summary (counts, filters, source note, top figures,
sources), catalog (the charts and their captions), images (presentation styling and
kaleido export), deck (python-pptx), brief (HTML one-pager and PDF), cli, ui (the
Streamlit download buttons). Charts, filters and formatting come from `dashboard`.
"""
