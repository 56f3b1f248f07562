"""Analyst reviews of figures: validating what an analyst typed, and keeping reviews
attached to their figures across re-extraction (applying them: analysis.reviews).

A review is keyed by its document's content hash and the figure's character span
(``start``, ``end``), never by a row number, so it survives re-extraction. Its
status is ``accepted``, ``rejected`` or ``corrected``; a correction overrides some
of CORRECTABLE (only the fields that differ from the extraction are stored).
A review whose figure is no longer extracted is an orphan: it is kept and listed,
never applied to another figure.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

import numpy as np

from extractors.cells import is_blank, is_missing

STATUSES: tuple[str, ...] = ("accepted", "rejected", "corrected")
CORRECTABLE: tuple[str, ...] = ("value", "value_high", "unit", "year", "kind", "country",
                                "sector", "entity", "measure")
NUMBER_FIELDS: tuple[str, ...] = ("value", "value_high")
SYSTEM_REVIEWER = "(re-extraction)"  # author of the log entries re-extraction writes
MAX_TEXT = 300

# A group of thousands never starts with 0 ("0.125" is a fraction).
_THOUSANDS = {",": re.compile(r"^-?[1-9]\d{0,2}(,\d{3})+$"),
              ".": re.compile(r"^-?[1-9]\d{0,2}(\.\d{3})+$")}


class ReviewError(ValueError):
    """A review that cannot be stored; the message says why, for the analyst. `key` and
    `values` give the same message in the UI's language (dashboard.i18n)."""

    def __init__(self, message: str, key: str = "", **values: object) -> None:
        super().__init__(message)
        self.key, self.values = key, values


# -- values typed by an analyst ------------------------------------------------


@lru_cache(maxsize=1)
def _scale_suffix() -> tuple[re.Pattern[str], dict[str, float]]:
    """(a number ending in a scale suffix, the suffixes' values): `review.scale_suffixes`
    of the extractors' config, any case ("1.6B", "200m")."""
    from extractors import load_config

    suffixes = load_config()["review"]["scale_suffixes"]
    words = "|".join(sorted(map(re.escape, suffixes), key=len, reverse=True))
    return re.compile(rf"^(.*?\d)({words})$", re.IGNORECASE), suffixes


def parse_typed_number(text: str) -> float | None:
    """A number typed by an analyst: "50000", "50,000", "50.000", "1.6", "1,6", "1,234.5",
    "1.6 B" (a scale suffix of config.yaml's `review`: k, M/mn, B/bn, T). A lone group of
    three digits after the mark is read as thousands ("1.600" is 1600) unless the number
    starts with 0 ("0.125"). Blank gives None; anything else raises ReviewError."""
    raw = str(text or "").strip().replace(" ", "").replace("\u00a0", "").replace("_", "")
    if not raw:
        return None
    scale = 1.0
    pattern, suffixes = _scale_suffix()
    if match := pattern.match(raw):
        raw, scale = match.group(1), suffixes[match.group(2).lower()]
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        group = "." if decimal == "," else ","
        raw = raw.replace(group, "").replace(decimal, ".")
    else:
        for mark, pattern in _THOUSANDS.items():
            if mark in raw:
                raw = raw.replace(mark, "") if pattern.match(raw) else raw.replace(mark, ".")
    try:
        number = float(raw) * scale
    except ValueError:
        raise ReviewError(f"“{text}” is not a number", "err_number", text=text) from None
    if not math.isfinite(number):
        raise ReviewError(f"“{text}” is not a number", "err_number", text=text)
    return number


def number_text(value: float) -> str:
    """A number as the review form pre-fills it, in a form `parse_typed_number` reads back
    unchanged: "1,600,000,000", "2.5", "12.3450" (not "12.345", which reads as thousands)."""
    if abs(value) >= 1e15:
        return f"{value:.0f}"
    text = f"{value:,.15g}"
    if "," not in text and re.fullmatch(r"-?[1-9]\d{0,2}\.\d{3}", text):
        text += "0"
    return text


def read_number(text: str, shown: object) -> float | None:
    """The number in a form field pre-filled with `shown`: `shown` itself when the text
    was left as pre-filled (no re-parsing), else `parse_typed_number(text)`."""
    if not is_missing(shown) and str(text or "").strip() == number_text(float(shown)):
        return float(shown)
    return parse_typed_number(text)


def parse_year(text: str) -> int | None:
    """A year typed by an analyst ("2030"); blank gives None."""
    raw = str(text or "").strip()
    if not raw:
        return None
    if not re.fullmatch(r"\d{4}", raw):
        raise ReviewError(f"“{text}” is not a year", "err_year", text=text)
    return int(raw)


@lru_cache(maxsize=1)
def known_units() -> dict[str, str]:
    """Unit -> unit family, from the extractors' config: %, count, rank, every currency
    code (money) and every physical unit."""
    from extractors import load_config

    config = load_config()
    units = {"%": "percent", "count": "count", "rank": "rank"}
    units |= {c["code"]: "money" for c in config["currencies"]}
    units |= {u: "physical" for u in config["physical"]["units"]}
    return units


def unit_family(unit: object) -> str | None:
    """The unit family of a unit ("USD" -> "money", "%" -> "percent"); None when empty."""
    if is_missing(unit) or not str(unit):
        return None
    return known_units().get(str(unit), "physical")


def clean_corrections(corrections: Mapping[str, Any]) -> dict[str, Any]:
    """Corrections checked and typed: numbers as floats, the year as an int, texts trimmed
    (empty means "none"). Raises ReviewError naming the bad field."""
    from extractors import KINDS

    clean: dict[str, Any] = {}
    for field, value in corrections.items():
        if field not in CORRECTABLE:
            raise ReviewError(f"“{field}” cannot be corrected", "err_field", field=field)
        if field in NUMBER_FIELDS:
            clean[field] = None if is_missing(value) else _number(value, field)
        elif field == "year":
            clean[field] = None if is_missing(value) else _year(value)
        else:
            text = "" if is_missing(value) else str(value).strip()[:MAX_TEXT]
            clean[field] = text or None
    if clean.get("kind") is None and "kind" in clean:
        raise ReviewError("a figure needs a kind", "err_kind", kinds=", ".join(KINDS))
    if clean.get("kind") is not None and clean["kind"] not in KINDS:
        raise ReviewError(f"kind must be one of {', '.join(KINDS)}", "err_kind",
                          kinds=", ".join(KINDS))
    if "unit" in clean and clean["unit"] not in known_units():
        raise ReviewError(f"unknown unit “{clean['unit']}”", "err_unit", unit=clean["unit"])
    if "value" in clean and clean["value"] is None:
        raise ReviewError("a figure needs a value", "err_value")
    return clean


def validate_review(status: str, corrections: Mapping[str, Any], reviewer: str) -> dict[str, Any]:
    """The review's clean corrections; ReviewError for an unknown status, a missing
    reviewer name, a correction without changes or corrections on another status."""
    if not str(reviewer or "").strip():
        raise ReviewError("type your name before reviewing (it is recorded with the review)",
                          "need_name")
    if status not in STATUSES:
        raise ReviewError(f"status must be one of {', '.join(STATUSES)}", "err_status",
                          statuses=", ".join(STATUSES))
    clean = clean_corrections(corrections)
    if status == "corrected" and not clean:
        raise ReviewError("nothing was changed: correct a field, or accept the figure",
                          "err_unchanged")
    if status != "corrected" and clean:
        raise ReviewError(f"only a correction changes values, not “{status}”",
                          "err_not_correction")
    return clean


def changed_fields(extracted: Mapping[str, Any], entered: Mapping[str, Any]) -> dict[str, Any]:
    """The entered fields (already typed) that differ from the extracted figure: what a
    correction stores. Empty texts and missing values count as equal."""
    changes = {}
    for field, value in entered.items():
        before = extracted.get(field)
        if _same(before, value):
            continue
        changes[field] = value
    return changes


def _same(a: object, b: object) -> bool:
    """Equal cells: both missing/empty, equal numbers, or equal texts."""
    if is_blank(a) or is_blank(b):
        return is_blank(a) and is_blank(b)
    if isinstance(a, (int, float, np.number)) and isinstance(b, (int, float, np.number)):
        return math.isclose(float(a), float(b), rel_tol=1e-12, abs_tol=1e-12)
    return str(a) == str(b)


def _number(value: object, field: str) -> float:
    """A finite float, or ReviewError."""
    number = parse_typed_number(value) if isinstance(value, str) else _float(value)
    if number is None or not math.isfinite(number):
        raise ReviewError(f"{field}: “{value}” is not a number", "err_number", text=value)
    return number


def _float(value: object) -> float | None:
    """float(value), None when it is not a number."""
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


@lru_cache(maxsize=1)
def year_range() -> tuple[int, int]:
    """The years a review may give: numbers.year_min to year_max of the extractors'
    config (the years the extractors read as years)."""
    from extractors import load_config

    numbers = load_config()["numbers"]
    return int(numbers["year_min"]), int(numbers["year_max"])


def _year(value: object) -> int:
    """A year inside `year_range()`, or ReviewError."""
    year = parse_year(value) if isinstance(value, str) else _float(value)
    low, high = year_range()
    if year is None or year != int(year) or not low <= year <= high:
        raise ReviewError(f"year: “{value}” is not a year between {low} and {high}", "err_year",
                          text=value)
    return int(year)


# -- keeping reviews attached across re-extraction --------------------------------


Span = tuple[int, int]


def match_spans(reviewed: Iterable[Span], extracted: Iterable[Span]) -> dict[Span, Span | None]:
    """Where each reviewed span lives among newly extracted spans of the same document:
    itself when still extracted; else the unclaimed new span overlapping it most (ties:
    the closest start); else None (the review is orphaned). Each new span takes at most
    one review; exact matches are served first, then reviews in span order."""
    reviewed = list(dict.fromkeys(reviewed))
    extracted = sorted(set(extracted))
    claimed = set(reviewed) & set(extracted)
    result: dict[Span, Span | None] = {span: span for span in reviewed if span in claimed}
    for start, end in sorted(span for span in reviewed if span not in claimed):
        best, best_key = None, None
        for new in extracted:
            overlap = min(end, new[1]) - max(start, new[0])
            if overlap <= 0 or new in claimed:
                continue
            key = (overlap, -abs(new[0] - start))
            if best_key is None or key > best_key:
                best, best_key = new, key
        result[(start, end)] = best
        if best is not None:
            claimed.add(best)
    return result


