"""Read a written number by the decimal and group marks of its language."""

from __future__ import annotations

import regex

SEPARATORS = regex.compile(r"[.,]")


def parse_number(text: str, decimal_mark: str, group_mark: str) -> float | None:
    """Value of a digit string such as "1.000.000", "502,8" or "1,6"; None when it is
    no number Python reads (a digit of a script newer than its Unicode tables).

    The language decides the marks (Vietnamese "1.000" is a thousand, English
    "1.000" is one). A group mark that cannot be one (not followed by groups of
    exactly three digits, as in Vietnamese "6.5") is read as the decimal mark.
    """
    try:
        return _parse(text, decimal_mark, group_mark)
    except ValueError:
        return None


def _parse(text: str, decimal_mark: str, group_mark: str) -> float | None:
    seps = SEPARATORS.findall(text)
    if not seps:
        return float(text)
    parts = SEPARATORS.split(text)
    if decimal_mark in seps and group_mark in seps:
        return _both_marks(text, decimal_mark, group_mark)
    mark = seps[0]
    if len(set(seps)) > 1:
        return None
    if mark == decimal_mark:
        if len(seps) > 1:  # "1,000,000" in a text whose decimal mark is ","
            return _grouped(parts)
        return float(f"{parts[0]}.{parts[1]}")
    grouped = _grouped(parts)
    if grouped is not None:
        return grouped
    if len(seps) == 1:
        return float(f"{parts[0]}.{parts[1]}")
    return None


def _grouped(parts: list[str]) -> float | None:
    """Value of digit groups ["1", "000", "000"] (or Indian ["12", "34", "567"]),
    or None if not valid groups."""
    western = len(parts[0]) <= 3 and all(len(p) == 3 for p in parts[1:])
    indian = (len(parts) > 2 and len(parts[0]) <= 2 and len(parts[-1]) == 3
              and all(len(p) == 2 for p in parts[1:-1]))
    return float("".join(parts)) if western or indian else None


def _both_marks(text: str, decimal_mark: str, group_mark: str) -> float | None:
    """ "1.234,5" (Vietnamese) or "1,234.5" (English): groups, then one decimal part."""
    last = max(text.rfind(decimal_mark), text.rfind(group_mark))
    if text[last] != decimal_mark:
        decimal_mark, group_mark = group_mark, decimal_mark
    whole, frac = text[:last], text[last + 1 :]
    if decimal_mark in whole:
        return None
    value = _grouped(whole.split(group_mark))
    return None if value is None else value + float(f"0.{frac}")


def read_float(digits: str) -> float | None:
    """float(digits), or None for a digit of a script newer than Python's Unicode tables
    (which the `regex` module's \\d already matches)."""
    try:
        return float(digits)
    except ValueError:
        return None


def digit_count(text: str) -> int:
    """Number of digits in a token."""
    return sum(ch.isdigit() for ch in text)
