"""Readable numbers: "1.6 B USD", "50,000", "30%", "≥ top 3"."""

from __future__ import annotations

import math

import pandas as pd

from extractors.cells import is_missing
from extractors.roles import format_amount

_SCALES: tuple[tuple[float, str], ...] = ((1e12, "T"), (1e9, "B"), (1e6, "M"))

QUALIFIER_SIGNS: dict[str, str] = {
    "at_least": "≥ ",
    "more_than": "> ",
    "at_most": "≤ ",
    "less_than": "< ",
    "approx": "≈ ",
}


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


def _split(value: float, unit: str) -> tuple[str, str]:
    """(digits, scale suffix) of one end of a figure: ("1.6", " B"), ("30", "%")."""
    number = float(value)
    if unit == "%":
        return _trim(number, 2), "%"
    if unit == "rank" or (unit == "count" and abs(number) < 1e7):
        return _trim(number, 2), ""
    for size, suffix in _SCALES:
        if abs(number) >= size:
            return _trim(number / size, 2), f" {suffix}"
    return _trim(number, 2), ""


def format_value(
    value: float,
    unit: str,
    value_high: float | None = None,
    qualifier: str | None = None,
) -> str:
    """A figure as an analyst reads it, e.g. "1.6 B USD", "≥ 50,000", "7.5–8%", "top 3"."""
    if is_missing(value):
        return ""
    unit = "" if is_missing(unit) else str(unit)
    digits, suffix = _split(value, unit)
    if not is_missing(value_high) and float(value_high) != float(value):
        high_digits, high_suffix = _split(value_high, unit)
        low = digits if suffix == high_suffix else digits + suffix
        digits, suffix = f"{low}–{high_digits}", high_suffix
    text = digits + suffix
    if unit == "rank":
        text = f"top {text}"
    elif unit not in ("", "%", "count"):
        text = f"{text} {unit}"
    sign = "" if is_missing(qualifier) else QUALIFIER_SIGNS.get(str(qualifier), "")
    return sign + text


def format_usd(value_usd: float | None, value_usd_high: float | None = None,
               lang: str = "en") -> str:
    """A USD amount, e.g. "1.6 B USD" or "200–250 M USD" ("1,6 tỷ USD" in Vietnamese);
    empty when unknown."""
    if is_missing(value_usd):
        return ""
    if lang == "vi":
        return format_amount(value_usd, "USD", "vi", value_usd_high)
    return format_value(value_usd, "USD", value_usd_high)


def readable_values(df: pd.DataFrame, lang: str = "en") -> pd.Series:
    """`format_value` for every row of a figures frame (use on a page, not on 1M rows);
    Vietnamese number marks and scale words in Vietnamese."""
    fmt = format_value if lang != "vi" else (
        lambda v, u, h, q: "" if is_missing(v) else format_amount(
            v, None if is_missing(u) else u, "vi", None if is_missing(h) else h,
            None if is_missing(q) else q))
    return pd.Series(
        [
            fmt(v, u, h, q)
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
