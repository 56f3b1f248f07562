"""Readable numbers: "1.6 B USD", "50,000", "30%", "≥ top 3"."""

from __future__ import annotations

import math

import pandas as pd

from extractors.cells import is_missing
from extractors.roles import format_amount

_SCALES: tuple[tuple[float, str], ...] = ((1e12, "T"), (1e9, "B"), (1e6, "M"))

def _trim(number: float, digits: int) -> str:
    """`number` with at most `digits` decimals, grouped, without trailing zeros."""
    text = f"{number:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def format_number(value: float, scaled: bool = True) -> str:
    """A number with thousands separators; millions and above as "1.6 M", "2 B", "3 T"."""
    if is_missing(value):
        return ""
    value = float(value)
    if scaled:
        for size, suffix in _SCALES:
            if abs(value) >= size:
                return f"{_trim(value / size, 2)} {suffix}"
    return _trim(value, 2)


def format_value(
    value: float,
    unit: str,
    value_high: float | None = None,
    qualifier: str | None = None,
    lang: str = "en",
) -> str:
    """A figure as an analyst reads it, e.g. "1.6 B USD", "≥ 50,000", "7.5–8%", "top 3"
    (extractors.roles.format_amount; "1,6 tỷ USD" in Vietnamese); empty when unknown."""
    if is_missing(value):
        return ""
    return format_amount(value, None if is_missing(unit) else str(unit), lang,
                         None if is_missing(value_high) else value_high,
                         None if is_missing(qualifier) else str(qualifier))


def format_usd(value_usd: float | None, value_usd_high: float | None = None,
               lang: str = "en") -> str:
    """A USD amount, e.g. "1.6 B USD" or "200–250 M USD" ("1,6 tỷ USD" in Vietnamese);
    empty when unknown."""
    if is_missing(value_usd):
        return ""
    return format_value(value_usd, "USD", value_usd_high, lang=lang)


def readable_values(df: pd.DataFrame, lang: str = "en") -> pd.Series:
    """`format_value` for every row of a figures frame (use on a page, not on 1M rows);
    Vietnamese number marks and scale words in Vietnamese."""
    return pd.Series(
        [
            format_value(v, u, h, q, lang)
            for v, u, h, q in zip(
                df["value"], df["unit"], df["value_high"], df["qualifier"], strict=True
            )
        ],
        index=df.index,
        dtype=object,
    )


def readable_usd(df: pd.DataFrame, lang: str = "en") -> pd.Series:
    """`format_usd` for every row of a figures frame."""
    return pd.Series(
        [
            format_usd(v, h, lang)
            for v, h in zip(df["value_usd"], df["value_usd_high"], strict=True)
        ],
        index=df.index,
        dtype=object,
    )


def format_year(year: object) -> str:
    """A year as "2030", empty when missing."""
    if is_missing(year):
        return ""
    number = float(year)
    return str(int(number)) if math.isfinite(number) else ""
