"""A document's own date: given by the user, in an HTML page's metadata, or in
a dateline or date line near the top or the end of the text."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import regex
from bs4 import BeautifulSoup

from extractors.config import Config, load_config
from extractors.lexicon import alternation


@dataclass(frozen=True, eq=False)
class DatePatterns:
    """The date line patterns, most specific first (each names its day, month and
    year groups), and month names (config `dates.months`) → their numbers."""

    patterns: tuple[regex.Pattern, ...]
    months: dict[str, int]


@lru_cache(maxsize=8)
def date_patterns(config: Config) -> DatePatterns:
    """Compile the `dates` words: month names, day links, month and year words."""
    d = config["dates"]
    year = r"(?P<y>(?:19|20)\d{2})"
    month_name = rf"(?P<m>{alternation(d['months'])})[a-z]*\.?"
    day = rf"(?P<d>\d{{1,2}})(?:{alternation(config['ranks']['ordinal_suffixes'])})?"
    links, month_words = alternation(d["day_links"]), alternation(d["month_words"])
    year_words = alternation(config["years"]["year_words"])
    patterns = (
        regex.compile(rf"(?<!\d){year}[-/](?P<m>\d{{2}})[-/](?P<d>\d{{2}})(?!\d)"),
        regex.compile(rf"(?<![\d/.-])(?P<d>\d{{1,2}})([/.-])(?P<m>\d{{1,2}})\2{year}(?!\d)"),
        regex.compile(rf"(?i)\b{month_name}\s+{day},?\s+{year}\b"),
        regex.compile(rf"(?i)(?<!\d){day}(?:\s+|-)(?:(?:{links})\s+)?{month_name}(?:,?\s+|-)"
                      rf"{year}\b"),
        # "ngày 5 tháng 2 năm 2025", "05 tháng 02, 2025"
        regex.compile(rf"(?i)(?<!\d)(?P<d>\d{{1,2}})\s+(?:{month_words})\s+(?P<m>\d{{1,2}})"
                      rf"(?:\s+(?:{year_words})|,)?\s+{year}(?!\d)"),
    )
    return DatePatterns(patterns, {m.lower(): i for i, m in enumerate(d["months"], 1)})


# Metadata that holds a page's publication date, most trusted first.
META_KEYS = ("article:published_time", "og:published_time", "datepublished", "pubdate",
             "publishdate", "publish_date", "dc.date.issued", "dc.date", "date",
             "article:modified_time", "datemodified", "dc.date.modified")


def find_date(text: str, config: Config | None = None) -> str | None:
    """The ISO date of the first real calendar date `text` writes, if any (month
    names and date words: `config`, the project's by default)."""
    found = date_patterns(config or load_config())
    best: tuple[int, str] | None = None
    for pattern in found.patterns:
        for m in pattern.finditer(text):
            if iso := _iso(m, found.months):
                if best is None or m.start() < best[0]:
                    best = (m.start(), iso)
                break
    return best[1] if best else None


def _iso(m: regex.Match, months: dict[str, int]) -> str | None:
    month = m.group("m")
    number = months.get(month.lower()) if month.isalpha() else int(month)
    try:
        return date(int(m.group("y")), number or 0, int(m.group("d"))).isoformat()
    except ValueError:
        return None


@lru_cache(maxsize=2)
def published_date(text: str, config: Config | None = None) -> str | None:
    """ISO date written near the top (a dateline, a date line) or at the end of a
    text (the last two texts' are kept: the reader and the extractor both ask)."""
    return find_date(text[:600], config) or find_date(text[-300:], config)


def html_date(soup: BeautifulSoup, config: Config | None = None) -> str | None:
    """Publication date from a page's metadata: meta tags, JSON-LD, <time datetime>."""
    found: dict[str, str] = {}
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or tag.get("itemprop") or "").lower()
        if key in META_KEYS and key not in found and (
                iso := find_date(tag.get("content") or "", config)):
            found[key] = iso
    for script in soup.find_all("script", type="application/ld+json"):
        for key, value in _ld_dates(script.string or ""):
            if key not in found and (iso := find_date(value, config)):
                found[key] = iso
    for key in META_KEYS:
        if key in found:
            return found[key]
    time = soup.find("time", datetime=True)
    return find_date(time["datetime"], config) if time else None


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
