"""Each figure as one readable line (extractors.roles.figure_label) in the page's
language, from the figure's current (reviewed) fields."""

from __future__ import annotations

import pandas as pd

from extractors.cells import cell_value
from extractors.roles import figure_label


def row_label(row: dict, lang: str = "en") -> str:
    """One figure's label: "Amkor: 1.6 B USD total investment, 2024"."""
    cell = {name: cell_value(row.get(name)) for name in (
        "value", "unit", "measure", "kind", "year", "entity", "country", "value_high", "qualifier")}
    year = cell["year"]
    return figure_label(
        cell["value"], cell["unit"], cell["measure"], cell["kind"],
        int(year) if year is not None else None, cell["entity"], cell["country"],
        lang, cell["value_high"], cell["qualifier"])


def figure_labels(rows: pd.DataFrame, lang: str = "en") -> list[str]:
    """The labels of a (small) frame's rows, in order."""
    return [row_label(r, lang) for r in rows.to_dict("records")]
