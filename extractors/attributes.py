"""Give a figure its year, kind, country, sector, organisation, qualifier and
measure from the mentions around it."""

from __future__ import annotations

from collections import Counter

import regex

from extractors.amounts import Amount
from extractors.config import Config
from extractors.context import Mention, SentenceContext
from extractors.lexicon import Lexicon

CLAUSE_BREAK = regex.compile(r"[,;:()\[\]“”\"–]|\s-\s")
WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}&'’./-]*")


def qualifier(text: str, sent_start: int, amount: Amount, lex: Lexicon) -> str | None:
    """at_least / more_than / at_most / less_than / approx from the words just before."""
    m = lex.qualifier.search(text, max(sent_start, amount.start - 40), amount.start)
    return lex.qualifier_names[m.group("q").lower()] if m else None


def pick_year(amount: Amount, ctx: SentenceContext, others: list[Amount],
              config: Config) -> Mention | None:
    """The target or reference year of a figure within its sentence.

    A year right after the figure ("7.4 billion dlrs in 1986") wins; else the
    nearest year before it ("Tính đến hết năm 2024, ... 502,8 tỷ USD"); else
    any later year. Years of comparison ("so với cùng kỳ năm 2016") are not used.
    """
    window = config["years"]["follow_window"]
    years = [y for y in ctx.years if y.tag != "comparison"]
    after = [y for y in years if y.start >= amount.end]
    before = [y for y in years if y.end <= amount.start]
    if after:
        first = after[0]
        between = [o for o in others if amount.end <= o.start < first.start]
        if first.start - amount.end <= window and not between:
            return first
    if before:
        return before[-1]
    return after[0] if after else None


def pick_kind(amount: Amount, ctx: SentenceContext, year: Mention | None,
              config: Config) -> str:
    """investment for money near investment words; target or statistic by
    the nearest cue word (tense, plan words), else by the year's cue."""
    k = config["kinds"]
    lo, hi = amount.start - k["window_before"], amount.end + k["window_after"]

    def near(cues: tuple[Mention, ...]) -> list[int]:
        return [_distance(amount, c) for c in cues if lo <= c.start and c.end <= hi]

    if amount.family == "money" and near(ctx.investment_cues):
        return "investment"
    target, stat = near(ctx.target_cues), near(ctx.statistic_cues)
    if target and (not stat or min(target) <= min(stat)):
        return "target"
    if stat:
        return "statistic"
    if year is not None and year.tag == "target" and not ctx.statistic_cues:
        return "target"
    return "statistic"


def pick_country(amount: Amount, ctx: SentenceContext, kind: str) -> str | None:
    """Where an investment goes; else the nearest country named in the sentence
    (a country named after the figure counts less unless it owns it: "của Italy")."""
    if not ctx.countries:
        return None
    if kind == "investment":
        dest = [c for c in ctx.countries if c.tag == "dest"]
        if dest:
            return min(dest, key=lambda c: _distance(amount, c)).value  # type: ignore[return-value]

    def score(c: Mention) -> float:
        d = _distance(amount, c)
        return d * 1.5 if c.start >= amount.end and c.tag != "of" else d

    return min(ctx.countries, key=score).value  # type: ignore[return-value]


def pick_sector(amount: Amount, ctx: SentenceContext, config: Config) -> str | None:
    """The sector whose keyword is closest, earlier sectors in config.yaml
    winning ties within `sector_distance` characters."""
    if not ctx.sectors:
        return None
    weight = config["sector_distance"]
    best = min(ctx.sectors, key=lambda s: int(s.tag) * weight + _distance(amount, s))
    return str(best.value)


def pick_entity(amount: Amount, ctx: SentenceContext, config: Config) -> str | None:
    """The organisation named before the figure in its sentence, or just after it."""
    window = config["entity_window"]
    before = [e for e in ctx.entities if e.end <= amount.start]
    if before:
        return str(before[-1].value)
    after = [e for e in ctx.entities if 0 <= e.start - amount.end <= window // 3]
    return str(after[0].value) if after else None


def measure(text: str, sent_start: int, amount: Amount, lex: Lexicon) -> str:
    """A short phrase for what is measured: the counted noun, or the words of
    the clause before the figure (with "% of X" / "% GDP" after it)."""
    if amount.measure:
        return amount.measure
    head = text[sent_start:amount.start]
    cut = max((m.end() for m in CLAUSE_BREAK.finditer(head)), default=0)
    words = WORDS.findall(head[cut:])
    q = lex.qualifier.search(" ".join(words))
    if q:
        words = " ".join(words)[: q.start()].split()
    phrase = " ".join(words[-6:])
    if amount.family == "percent":
        tail = regex.match(r"\s*(?:of\s+|của\s+)?(?P<t>GDP|GNP|[\p{L}][\p{L}\p{M}]*(?:\s+[\p{L}][\p{L}\p{M}]*){0,2})",
                           text[amount.end:amount.end + 60])
        if tail and tail.group("t").lower() not in lex.count_stop["en"] | lex.count_stop["vi"]:
            phrase = f"{phrase} ({tail.group('t')})" if phrase else tail.group("t")
    return phrase


def main_value(mentions: list[Mention]) -> str | None:
    """The most frequent value among mentions (first seen wins ties)."""
    if not mentions:
        return None
    counts = Counter(m.value for m in mentions)
    top = max(counts.values())
    return next(str(m.value) for m in mentions if counts[m.value] == top)


def _distance(amount: Amount, m: Mention) -> int:
    if m.end <= amount.start:
        return amount.start - m.end
    if m.start >= amount.end:
        return m.start - amount.end
    return 0
