"""Each figure as one readable line (extractors.roles.figure_label) in the page's
language, from the figure's current (reviewed) fields."""

from __future__ import annotations

import pandas as pd

from extractors.roles import figure_label


def _cell(row: dict, name: str) -> object:
    value = row.get(name)
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return None
    return value


def row_label(row: dict, lang: str = "en") -> str:
    """One figure's label: "Amkor: 1.6 B USD total investment, 2024"."""
    year = _cell(row, "year")
    return figure_label(
        _cell(row, "value"), _cell(row, "unit"), _cell(row, "measure"), _cell(row, "kind"),
        int(year) if year is not None else None, _cell(row, "entity"), _cell(row, "country"),
        lang, _cell(row, "value_high"), _cell(row, "qualifier"))


def figure_labels(rows: pd.DataFrame, lang: str = "en") -> list[str]:
    """The labels of a (small) frame's rows, in order."""
    return [row_label(r, lang) for r in rows.to_dict("records")]
