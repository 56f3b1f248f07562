"""Reading one cell of a figures table: missing values (None, NaN, pandas NA) and text."""

from __future__ import annotations

import pandas as pd


def is_missing(value: object) -> bool:
    """None, NaN or pandas NA (a text is never missing, even when empty)."""
    return value is None or (not isinstance(value, str) and bool(pd.isna(value)))


def is_blank(value: object) -> bool:
    """Missing, or a text of white space only."""
    return is_missing(value) or (isinstance(value, str) and not value.strip())


def cell_text(value: object) -> str:
    """A cell as text, empty for a missing value."""
    return "" if is_missing(value) else str(value)


def cell_value(value: object) -> object:
    """A cell as it is, None for a missing value."""
    return None if is_missing(value) else value
