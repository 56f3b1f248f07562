"""Figures analysed, without UI: shared by the dashboard and the briefing.

Modules: filters (the analyst's filters applied to a figures frame), grouping (group
statistics), honest (totals that never add a figure to itself), commitments (one
commitment across many sources, conflicts), tracker (target versus actual), labels
(each figure as one line), reviews (analysts' reviews applied to figures). Depends only
on `extractors` and `store`.
"""
