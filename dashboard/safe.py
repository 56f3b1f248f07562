"""Stored text shown or exported safely.

Article text, titles, reviewers' names and comments and upload file names are
untrusted. On the page they are shown through markdown (captions, messages),
so `md_escape` backslash-escapes every ASCII punctuation mark (CommonMark's
escapable set) and neutralises HTML: no live links, images, ``:red[]``,
KaTeX or emoji codes come from stored text. In CSV files a cell that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return would be run as a
formula by a spreadsheet; `csv_cell` prefixes it with ``'`` as OWASP advises.
"""

from __future__ import annotations

import pandas as pd
import regex

MARKDOWN_SPECIAL = regex.compile(r"([!-/:-@\[-`{-~])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md_escape(text: object) -> str:
    """`text` as markdown that shows exactly these characters: punctuation
    backslash-escaped, so no link, image, emphasis, directive or formula forms."""
    if text is None:
        return ""
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", " ")


def csv_cell(value: object) -> object:
    """A cell that a spreadsheet would read as a formula, prefixed with "'"; other
    values unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of `frame` whose text cells (and column names) cannot start a formula."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if isinstance(series.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(series) \
                or series.dtype == object:
            out[column] = series.astype(object).map(csv_cell)
    out.columns = [csv_cell(str(name)) for name in out.columns]
    return out
