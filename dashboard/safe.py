"""Stored text shown or exported safely.

Article text, titles, reviewers' names and comments and upload file names are
untrusted. On the page they are shown through markdown (captions, messages),
so `md_escape` backslash-escapes every ASCII punctuation mark (CommonMark's
escapable set; raw HTML is never rendered by Streamlit's markdown) and puts an
invisible word joiner into bare URLs and e-mail addresses: no live links,
images, ``:red[]``, KaTeX or emoji codes come from stored text. In CSV files a
cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be run as a formula by a spreadsheet; `csv_cell` prefixes it with ``'``
as OWASP advises.
"""

from __future__ import annotations

import pandas as pd
import regex

MARKDOWN_SPECIAL = regex.compile(r"([!-/:-@\[-`{-~])")
# GitHub-flavoured markdown links bare URLs and e-mail addresses after escapes are
# resolved; an invisible word joiner inside "http:", "www." and before "@" stops it.
WORD_JOINER = "\u2060"
LINK_START = regex.compile(r"(?i)\b(https?|ftps?|mailto|www|javascript|data|file)(?=[:.])")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def md_escape(text: object) -> str:
    """`text` as markdown that shows exactly these characters: punctuation
    backslash-escaped and a word joiner (U+2060, invisible) inside URL and e-mail
    forms, so no link, image, emphasis, directive or formula forms; one line."""
    if text is None:
        return ""
    unlinked = LINK_START.sub(r"\1" + WORD_JOINER, str(text)).replace("@", WORD_JOINER + "@")
    escaped = MARKDOWN_SPECIAL.sub(r"\\\1", unlinked)
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
