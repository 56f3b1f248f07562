"""Give a figure its year, kind, country, sector, organisation, qualifier and
measure from the mentions around it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from extractors.amounts import Amount
from extractors.config import Config
from extractors.context import NOT_OWN_YEAR, Mention, SentenceContext, context_patterns
from extractors.lexicon import Lexicon, squash

# What may stand between two figures that share a later year: a list ("top 3 in
# ASEAN and top 20 globally by 2030"), a step ("16% to 250,000 in 2005") or a
# bracketed conversion ("100 trillion won ($96bn) for 2005") — short, within a
# clause, with a join word (`years.list_words`, `years.step_words`).
SHORT_GAP = regex.compile(r"[^.;:]{0,40}")
# How far a country may stand before the figure it owns (characters).
OWNER_GAP = 40
CLAUSE_BREAK = regex.compile(r"[,;:()\[\]“”\"–]|\s-\s")
# "% of businesses", "% GDP", "% của tổng vốn": what a percentage is a share of.
PERCENT_OF = regex.compile(
    r"\s*(?:(?P<t>GDP|GNP)\b|(?:of|của)\s+(?P<t>\p{L}[\p{L}\p{M}'’]*(?:\s+\p{L}[\p{L}\p{M}'’]*){0,2}))"
)
WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}&'’./-]*")


def qualifier(text: str, sent_start: int, amount: Amount, lex: Lexicon) -> str | None:
    """at_least / more_than / at_most / less_than / approx from the words just
    before the figure ("không quá" at most), else just after it ("trở lên", "or more")."""
    m = lex.qualifier.search(text, max(sent_start, amount.start - 40), amount.start)
    if m:
        return lex.qualifier_names[squash(m.group("q")).lower()]
    m = lex.qualifier_after.match(text, amount.end, amount.end + 30)
    return lex.qualifier_after_names[squash(m.group("q")).lower()] if m else None


def _shares_later_year(text: str, amount: Amount, others: list[Amount], until: int,
                       config: Config) -> bool:
    """Whether a year at `until` also holds for `amount` across the figures in
    between: only when each is joined to the one before it (SHORT_GAP), no
    word of its own time ("this year", "năm nay") or of comparison ("so với")
    intervenes, and `amount` is not a starting point ("from 95 million to 250
    million by 2007")."""
    between = sorted((o for o in others if amount.end <= o.start < until), key=lambda o: o.start)
    if not between:
        return True
    p = context_patterns(config)
    if p.baseline.search(text, max(0, amount.start - 12), amount.start):
        return False
    end = amount.end
    for other in between:
        gap = text[end:other.start]
        if not (SHORT_GAP.fullmatch(gap) and p.figure_join.search(gap)) or (
                p.relative_time.search(gap) or p.comparison.search(gap)):
            return False
        end = other.end
    return True


def _respective_year(amount: Amount, others: list[Amount],
                     years: list[Mention]) -> Mention | None:
    """ "GDP năm 2020 và 2021 lần lượt tăng 1,6% và 6,7%": the i-th figure of a
    unit family takes the i-th year when the counts agree."""
    same = sorted([amount] + [o for o in others if o.family == amount.family],
                  key=lambda a: a.start)
    listed = [y for y in years if y.end <= same[0].start]
    if len(same) < 2 or len(listed) != len(same):
        return None
    return listed[same.index(amount)]


def pick_year(text: str, amount: Amount, ctx: SentenceContext, others: list[Amount],
              config: Config) -> Mention | None:
    """The target or reference year of a figure within its sentence.

    A year right after the figure ("7.4 billion dlrs in 1986") wins; else the
    nearest year before it ("Tính đến hết năm 2024, ... 502,8 tỷ USD"); else a
    later year, unless another figure stands in between other than as a list item.
    With "lần lượt" / "respectively", a list of years pairs with a list of
    figures. Years of comparison are not used; with no other year, "so với cùng kỳ năm
    2016" (the same period of 2016) makes the figure's year 2017.
    """
    window = config["years"]["follow_window"]
    years = [y for y in ctx.years if y.tag not in NOT_OWN_YEAR]
    if ctx.respectively and (paired := _respective_year(amount, others, years)):
        return paired
    after = [y for y in years if y.start >= amount.end]
    before = [y for y in years if y.end <= amount.start]
    own_after = bool(after) and _shares_later_year(text, amount, others, after[0].start, config)
    if own_after and after[0].start - amount.end <= window:
        return after[0]
    if before:
        return before[-1]
    if own_after:
        return after[0]
    prior = [y for y in ctx.years if y.tag == "prior"]
    return Mention(prior[0].start, prior[0].end, int(prior[0].value) + 1, "reference") if (
        prior) else None


@dataclass(frozen=True)
class DocFacts:
    """What the whole document says, for figures whose sentence says too little."""

    country: str | None = None  # most named country (or the language's default)
    sector: str | None = None  # most named sector
    present_year: int | None = None  # year of the text's own date, when it gives one


def pick_kind(amount: Amount, ctx: SentenceContext, year: Mention | None, own_year: bool,
              previous: str | None, text: str, sent_start: int, doc: DocFacts,
              config: Config) -> tuple[str, bool]:
    """(kind, decided by a cue word) — kind is investment, target or statistic.

    Money is an investment when an investment word stands closer than a word of
    results (exports, GDP). Otherwise the nearest cue decides (plan words versus
    past tense); with no cue, a figure continues the kind of the figure before it
    in the sentence, and a future year makes a target.
    """
    k = config["kinds"]
    hi = amount.end + k["window_after"]

    def nearest(cues: tuple[Mention, ...], before: int = k["window_before"]) -> int | None:
        dists = [_distance(amount, c) for c in cues
                 if amount.start - before <= c.start and c.end <= hi]
        return min(dists) if dists else None

    if amount.family == "money":
        invest = nearest(ctx.investment_cues, k["investment_window_before"])
        result = nearest(ctx.money_statistic_cues, k["investment_window_before"])
        if invest is not None and (result is None or invest <= result):
            return "investment", True
    if amount.value_high is None and context_patterns(config).baseline.search(
            text, max(sent_start, amount.start - 16), amount.start):
        return "statistic", True
    target, stat = nearest(ctx.target_cues), nearest(ctx.statistic_cues)
    if target is not None and (stat is None or target <= stat):
        return "target", True
    if stat is not None:
        return "statistic", True
    if previous is not None and (previous != "investment" or amount.family == "money"):
        return previous, False
    if year is not None and doc.present_year is not None:
        return ("target" if int(year.value) > doc.present_year else "statistic"), False
    if year is not None and own_year and year.tag == "target":
        return "target", False
    return "statistic", False


def pick_country(text: str, amount: Amount, ctx: SentenceContext, kind: str,
                 doc: DocFacts, config: Config) -> str | None:
    """The country a figure is about.

    An investment goes where the text sends it ("vào Việt Nam", "in India"), else
    to the document's country. Otherwise a country written right against the
    figure ("Singapore (337,5 tỷ USD)", "của Italy đạt 2.221 tỷ USD", "3.115 tỷ USD
    của Italy") owns it; else
    the document's country if the sentence names it; else the nearest one.
    """
    if kind == "investment":
        dest = [c for c in ctx.countries if c.tag == "dest"]
        if dest:
            return str(min(dest, key=lambda c: _distance(amount, c)).value)
        return doc.country or _nearest_country(amount, ctx)
    if not ctx.countries:
        return None if ctx.worldwide else doc.country
    link = context_patterns(config).owner_link
    tight = [c for c in ctx.countries
             if (c.end <= amount.start and amount.start - c.end <= OWNER_GAP
                 and link.fullmatch(text, c.end, amount.start))
             or (c.start >= amount.end and c.tag == "of" and c.start - amount.end <= 15)]
    if tight:
        return str(min(tight, key=lambda c: _distance(amount, c)).value)
    if doc.country and any(c.value == doc.country for c in ctx.countries):
        return doc.country
    return _nearest_country(amount, ctx)


def _nearest_country(amount: Amount, ctx: SentenceContext) -> str | None:
    """The nearest country named; one named after the figure counts 1.5 times as far."""
    if not ctx.countries:
        return None

    def score(c: Mention) -> float:
        d = _distance(amount, c)
        return d * 1.5 if c.start >= amount.end else d

    return str(min(ctx.countries, key=score).value)


def pick_sector(amount: Amount, ctx: SentenceContext, config: Config) -> str | None:
    """The sector whose keyword is closest, earlier sectors in config.yaml
    winning ties within `sector_distance` characters; a sector limited to some
    unit families (workforce: counts and shares) only for those."""
    sectors = [s for s in ctx.sectors
               if amount.family in config["sectors"][int(s.tag)].get("families", [amount.family])]
    if not sectors:
        return None
    weight = config["sector_distance"]
    best = min(sectors, key=lambda s: int(s.tag) * weight + _distance(amount, s))
    return str(best.value)


def pick_entity(amount: Amount, ctx: SentenceContext, config: Config) -> str | None:
    """The organisation named nearest the figure in its sentence: any before it,
    or one shortly after it (counting 1.5 times as far)."""
    window = config["entity_window"] // 3
    scored = [(_distance(amount, e), e) for e in ctx.entities if e.end <= amount.start]
    scored += [(1.5 * _distance(amount, e), e) for e in ctx.entities
               if e.start >= amount.end and e.start - amount.end <= window]
    return str(min(scored, key=lambda se: se[0])[1].value) if scored else None


def measure(text: str, sent_start: int, amount: Amount, others: list[Amount],
            lex: Lexicon) -> str:
    """A short phrase for what is measured: the counted noun, or the words of
    the clause before the figure (from the figure before it at most), with
    "% of X" / "% GDP" after it; edge words such as "and", "the", "of" dropped."""
    if amount.measure:
        return amount.measure
    start = max([sent_start] + [o.end for o in others if o.end <= amount.start])
    head = text[start:amount.start]
    cut = max((m.end() for m in CLAUSE_BREAK.finditer(head)), default=0)
    words = WORDS.findall(head[cut:])
    q = lex.qualifier.search(" ".join(words))
    if q:
        words = " ".join(words)[: q.start()].split()
    stop = lex.count_stop["en"] | lex.count_stop["vi"]
    phrase = _trim_words(words[-6:], stop)
    if amount.family == "percent":
        tail = PERCENT_OF.match(text[amount.end:amount.end + 60])
        whole = _trim_words(tail.group("t").split(), stop) if tail else ""
        if whole:  # after another figure the words before belong to it
            phrase = f"{phrase} ({whole})" if phrase and start == sent_start else whole
    return phrase


def _trim_words(words: list[str], stop: frozenset[str]) -> str:
    """The words without function words at either end ("and among the" → "among")."""
    lo, hi = 0, len(words)
    while lo < hi and words[lo].lower() in stop:
        lo += 1
    while hi > lo and words[hi - 1].lower() in stop:
        hi -= 1
    return " ".join(words[lo:hi])


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
