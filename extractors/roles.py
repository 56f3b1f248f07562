"""What a finished figure is, read from the figures of one document: its `role` (a new
total, an increment or a single amount), the `investor_country` of an investment and a
`label` that reads as a sentence ("Amkor: 1.6 B USD total investment, 2024").

Runs once per document after extraction (pipeline.find_figures); the word lists are
`roles` in config.yaml, the label's scale words and phrasing `labels`. Other columns
are never changed here.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.config import Config, load_config
from extractors.lexicon import WORD_CHAR, alternation, word_pattern
from extractors.pdf import page_at
from extractors.schema import Figure

ROLES: tuple[str, ...] = ("total", "increment", "single")
CLAUSE_END = regex.compile(r"[.;!?](?:\s|$)")
LABEL_MEASURE_WIDTH = 70

QUALIFIER_SIGNS: dict[str, str] = {
    "at_least": "≥ ", "more_than": "> ", "at_most": "≤ ", "less_than": "< ", "approx": "≈ ",
}


@dataclass(frozen=True, eq=False)
class RolePatterns:
    """Compiled from config `roles`."""

    total_to: regex.Pattern  # "nâng tổng vốn ... lên", "raising its stake to" (before text)
    increment_by: regex.Pattern  # "tăng vốn thêm", "raised ... by"
    increment_before: regex.Pattern  # "rót thêm", "an additional"
    total_measure: regex.Pattern
    increment_measure: regex.Pattern
    investor_before: regex.Pattern  # "FDI from <country>"
    investor_after: regex.Pattern  # "<country> investors"
    countries: dict[str, str]  # alias (case-folded) -> country name
    homes: dict[str, str]  # lexicon organisation -> home country


def _words(config: Config, name: str) -> list[str]:
    return list(config.data.get("roles", {}).get(name, []))


@lru_cache(maxsize=8)
def role_patterns(config: Config) -> RolePatterns:
    """Compile the `roles` lists of `config` (cached per config)."""
    verbs = alternation(_words(config, "raise_verbs"))
    gap = r"(?:\s+\S+){0,15}?"
    aliases: dict[str, str] = {}
    for country in config["countries"]:
        for alias in country["aliases"]:
            aliases.setdefault(alias.casefold(), country["name"])
    country = rf"(?P<country>{alternation(sorted(aliases))})"

    def tail(words: list[str]) -> regex.Pattern:
        return regex.compile(rf"(?<!{WORD_CHAR})(?:{alternation(words)})\s*$", regex.IGNORECASE)

    def after_verb(words: list[str]) -> regex.Pattern:
        """A raise verb, a few words, then one of `words` right before the figure."""
        return regex.compile(rf"(?<!{WORD_CHAR})(?:{verbs}){gap}\s+(?:{alternation(words)})\s*$",
                             regex.IGNORECASE)

    return RolePatterns(
        total_to=after_verb(_words(config, "total_to")),
        increment_by=after_verb(_words(config, "increment_by")),
        increment_before=tail(_words(config, "increment_before")),
        total_measure=regex.compile(word_pattern(_words(config, "total_measure")),
                                    regex.IGNORECASE),
        increment_measure=regex.compile(word_pattern(_words(config, "increment_measure")),
                                        regex.IGNORECASE),
        investor_before=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(_words(config, 'investor_before'))})\s+"
            rf"{country}(?!{WORD_CHAR})", regex.IGNORECASE),
        investor_after=regex.compile(
            rf"(?<!{WORD_CHAR}){country}\s+(?:{alternation(_words(config, 'investor_after'))})"
            rf"(?!{WORD_CHAR})", regex.IGNORECASE),
        countries=aliases,
        homes={e["name"]: e["country"] for e in config["entities"] if e.get("country")},
    )


def _before(fig: Figure) -> str:
    """The figure's clause up to the figure."""
    head = fig.sentence[: max(0, fig.start - fig.sentence_start)]
    cuts = [m.end() for m in CLAUSE_END.finditer(head)]
    return head[cuts[-1]:] if cuts else head


def figure_role(fig: Figure, p: RolePatterns) -> str:
    """total, increment or single (money figures only; others are single)."""
    if fig.unit_family != "money":
        return "single"
    before = _before(fig)
    if p.total_to.search(before):
        return "total"
    if p.increment_by.search(before) or p.increment_before.search(before):
        return "increment"
    measure = fig.measure or ""
    if p.increment_measure.search(measure):
        return "increment"
    if p.total_measure.search(measure):
        return "total"
    return "single"


def stated_investor(fig: Figure, p: RolePatterns) -> str | None:
    """The country the sentence names as where the money comes from ("FDI from Korea",
    "nhà đầu tư Hàn Quốc", "Korean investors"), nearest to the figure."""
    at = fig.start - fig.sentence_start
    best: tuple[int, str] | None = None
    for pattern in (p.investor_before, p.investor_after):
        for m in pattern.finditer(fig.sentence):
            name = p.countries.get(" ".join(m.group("country").split()).casefold())
            if name is None:
                continue
            distance = abs(m.start("country") - at)
            if best is None or distance < best[0]:
                best = (distance, name)
    return best[1] if best else None


def investor_country(fig: Figure, p: RolePatterns,
                     home: Callable[[str], str | None] | None = None) -> str | None:
    """The investing organisation's home country, else the stated source country; only for
    investments (and FDI money)."""
    if fig.kind != "investment" and not (fig.unit_family == "money" and fig.sector == "FDI"):
        return None
    if fig.entity:
        found = (home(fig.entity) if home else None) or p.homes.get(fig.entity)
        if found:
            return found
    return stated_investor(fig, p)


@lru_cache(maxsize=1)
def _project_config() -> Config:
    """The project's config, read once: what amounts formatted without a config (the
    dashboard's cells) are written with."""
    return load_config()


def _trim(number: float, digits: int, lang: str, config: Config) -> str:
    """`number` with at most `digits` decimals, in the language's marks (1,234.5; 1.234,5)."""
    text = f"{number:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    marks = config["languages"].get(lang, config["languages"]["en"])
    return "".join(marks["group_mark"] if ch == "," else marks["decimal_mark"] if ch == "."
                   else ch for ch in text)


def _one(value: float, unit: str, lang: str, config: Config) -> tuple[str, str]:
    """(digits, scale word) of one end of a figure."""
    labels = config["labels"]
    if unit == "%":
        return _trim(value, 2, lang, config), "%"
    if unit == "rank" or (unit == "count" and abs(value) < labels["count_scale_from"]):
        return _trim(value, 2, lang, config), ""
    for scale in labels["scales"].get(lang, labels["scales"]["en"]):
        if abs(value) >= scale["value"]:
            return _trim(value / scale["value"], 2, lang, config), f" {scale['word']}"
    return _trim(value, 2, lang, config), ""


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_amount(value: float | None, unit: str | None, lang: str = "en",
                  value_high: float | None = None, qualifier: str | None = None,
                  config: Config | None = None) -> str:
    """A value as an analyst reads it: "1.6 B USD", "50,000", "7.5–8%", "top 3"; in
    Vietnamese "1,6 tỷ USD", "50.000", "7,5–8%" (config `labels`; the project's config
    by default)."""
    config = config or _project_config()
    try:
        if _missing(value):
            return ""
        value = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    unit = "" if not isinstance(unit, str) else unit
    digits, scale = _one(value, unit, lang, config)
    try:
        high = None if _missing(value_high) else float(value_high)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        high = None
    if high is not None and high != value:
        high_digits, high_scale = _one(high, unit, lang, config)
        low = digits if scale == high_scale else digits + scale
        digits, scale = f"{low}–{high_digits}", high_scale
    text = digits + scale
    if unit == "rank":
        text = f"top {text}"
    elif unit not in ("", "%", "count"):
        text = f"{text} {unit}"
    sign = QUALIFIER_SIGNS.get(qualifier, "") if isinstance(qualifier, str) else ""
    return sign + text


def figure_label(value: float | None, unit: str | None, measure: str | None, kind: str | None,
                 year: int | None, entity: str | None, country: str | None, lang: str = "en",
                 value_high: float | None = None, qualifier: str | None = None,
                 config: Config | None = None) -> str:
    """What a figure is, as one line: "Amkor: 1.6 B USD total investment, 2024",
    "50,000 AI engineers by 2030 — Vietnam"."""
    config = config or _project_config()
    text = format_amount(value, unit, lang, value_high, qualifier, config)
    what = " ".join(str(measure).split()) if isinstance(measure, str) else ""
    if len(what) > LABEL_MEASURE_WIDTH:
        what = what[: LABEL_MEASURE_WIDTH - 1].rsplit(" ", 1)[0] + "…"
    if what:
        text = f"{text} {what}"
    if not _missing(year) and year is not None and str(year) not in ("", "<NA>"):
        year = int(year)
        if kind == "target":
            phrase = config["labels"]["target_year"]
            text += " " + phrase.get(lang, phrase["en"]).format(year=year)
        else:
            text += f", {year}"
    has_entity = isinstance(entity, str) and entity
    if has_entity:
        text = f"{entity}: {text}"
    elif isinstance(country, str) and country:
        text += f" — {country}"
    return text


def _same_figure(fig: Figure) -> tuple:
    """Mentions of one amount of one organisation within a document share this key."""
    return (fig.entity or "", fig.unit, round(fig.value, 6), fig.value_high)


def annotate(figures: list[Figure], config: Config,
             home: Callable[[str], str | None] | None = None, text: str = "") -> None:
    """Fill role, investor_country, label (and, for a PDF's text, page) of a document's
    finished figures; a money amount repeated in the document is a total everywhere when
    one mention says so."""
    p = role_patterns(config)
    if "\f" in text:  # pages of a PDF (extractors.pdf)
        for fig in figures:
            fig.page = page_at(text, fig.start)
    for fig in figures:
        fig.role = figure_role(fig, p)
    totals = {_same_figure(f) for f in figures if f.role == "total" and f.entity}
    for fig in figures:
        if fig.role == "single" and fig.entity and _same_figure(fig) in totals:
            fig.role = "total"
        fig.investor_country = investor_country(fig, p, home)
        fig.label = figure_label(fig.value, fig.unit, fig.measure, fig.kind, fig.year,
                                 fig.entity, fig.country, fig.lang or "en", fig.value_high,
                                 fig.qualifier, config)
