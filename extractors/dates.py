"""A document's own date: given by the user, in an HTML page's metadata, or in
a dateline or date line near the top or the end of the text."""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

import regex
from bs4 import BeautifulSoup

MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_YEAR = r"(?P<y>(?:19|20)\d{2})"
_MONTH_NAME = r"(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
# Most specific first; each names its day, month and year groups.
DATE_PATTERNS = (
    regex.compile(rf"(?<!\d){_YEAR}[-/](?P<m>\d{{2}})[-/](?P<d>\d{{2}})(?!\d)"),
    regex.compile(rf"(?<![\d/.-])(?P<d>\d{{1,2}})([/.-])(?P<m>\d{{1,2}})\2{_YEAR}(?!\d)"),
    regex.compile(rf"(?i)\b{_MONTH_NAME}\s+{_DAY},?\s+{_YEAR}\b"),
    regex.compile(rf"(?i)(?<!\d){_DAY}(?:\s+|-)(?:of\s+)?{_MONTH_NAME}(?:,?\s+|-){_YEAR}\b"),
    # "ngày 5 tháng 2 năm 2025", "05 tháng 02, 2025"
    regex.compile(rf"(?i)(?<!\d)(?P<d>\d{{1,2}})\s+tháng\s+(?P<m>\d{{1,2}})(?:\s+năm|,)?\s+"
                  rf"{_YEAR}(?!\d)"),
)
# Metadata that holds a page's publication date, most trusted first.
META_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
             "publishdate", "publish_date", "dc.date.issued", "dc.date", "date",
             "article:modified_time", "datemodified", "dc.date.modified")


def find_date(text: str) -> str | None:
    """The ISO date of the first real calendar date `text` writes, if any."""
    best: tuple[int, str] | None = None
    for pattern in DATE_PATTERNS:
        for m in pattern.finditer(text):
            if iso := _iso(m):
                if best is None or m.start() < best[0]:
                    best = (m.start(), iso)
                break
    return best[1] if best else None


def _iso(m: regex.Match) -> str | None:
    month = m.group("m")
    number = MONTHS.get(month[:3].lower()) if month.isalpha() else int(month)
    try:
        return date(int(m.group("y")), number or 0, int(m.group("d"))).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=2)
def published_date(text: str) -> str | None:
    """ISO date written near the top (a dateline, a date line) or at the end of a
    text (the last two texts' are kept: the reader and the extractor both ask)."""
    return find_date(text[:600]) or find_date(text[-300:])


def html_date(soup: BeautifulSoup) -> str | None:
    """Publication date from a page's metadata: meta tags, JSON-LD, <time datetime>."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key in META_KEYS and key not in found and (iso := find_date(tag.get("content") or "")):
            found[key] = iso
    for script in soup.find_all("script", type="application/ld+json"):
        for key, value in _ld_dates(script.string or ""):
            if key not in found and (iso := find_date(value)):
                found[key] = iso
    for key in META_KEYS:
        if key in found:
            return found[key]
    time = soup.find("time", datetime=True)
    return find_date(time["datetime"]) if time else None


def _ld_dates(source: str) -> list[tuple[str, str]]:
    """(lower-cased key, value) of the date fields of a JSON-LD block."""
    try:
        data = json.loads(source)
    except ValueError:
        return []
    found: list[tuple[str, str]] = []
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            for key, value in item.items():
                if isinstance(value, str) and key.lower() in META_KEYS:
                    found.append((key.lower(), value))
                elif isinstance(value, (dict, list)):
                    stack.append(value)
    return found


def parse_user_date(value: str) -> str:
    """A date the user gives (YYYY-MM-DD) as ISO; ValueError with a one-line reason."""
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise ValueError(f"not a date: {value!r} (write it as YYYY-MM-DD)") from None
