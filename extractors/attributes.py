"""Give a figure its year, kind, country, sector, organisation, qualifier and
measure from the mentions around it."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.amounts import Amount
from extractors.config import Config
from extractors.context import (
    NOT_OWN_YEAR,
    ContextPatterns,
    Mention,
    SentenceContext,
    context_patterns,
)
from extractors.lexicon import Lexicon, squash
from extractors.organisations import DocOrgs

CLAUSE_BREAK = regex.compile(r"[,;:()\[\]“”\"–]|\s-\s")
WORDS = regex.compile(r"[\p{L}\p{N}][\p{L}\p{M}\p{N}&'’./-]*")


def qualifier(text: str, sent_start: int, amount: Amount, lex: Lexicon) -> str | None:
    """at_least / more_than / at_most / less_than / approx from the words just
    before the figure ("không quá" at most), else just after it ("trở lên", "or more"),
    within windows.qualifier_before / qualifier_after."""
    windows = lex.config["windows"]
    m = lex.qualifier.search(text, max(sent_start, amount.start - windows["qualifier_before"]),
                             amount.start)
    if m:
        return lex.qualifier_names[squash(m.group("q")).lower()]
    m = lex.qualifier_after.match(text, amount.end, amount.end + windows["qualifier_after"])
    return lex.qualifier_after_names[squash(m.group("q")).lower()] if m else None


def _shares_later_year(text: str, amount: Amount, amounts: list[Amount], until: int,
                       config: Config) -> bool:
    """Whether a year at `until` also holds for `amount` across the figures in
    between: only when each is joined to the one before it (`figure_gap`), no
    word of its own time ("this year", "năm nay") or of comparison ("so với")
    intervenes, and `amount` is not a starting point ("from 95 million to 250
    million by 2007")."""
    between = sorted((o for o in amounts if amount.end <= o.start < until), key=lambda o: o.start)
    if not between:
        return True
    p = context_patterns(config)
    if p.baseline.search(text, max(0, amount.start - 12), amount.start):
        return False
    end = amount.end
    for other in between:
        gap = text[end:other.start]
        if not (p.figure_gap.fullmatch(gap) and p.figure_join.search(gap)) or (
                p.relative_time.search(gap) or p.comparison.search(gap)):
            return False
        end = other.end
    return True


def _respective_year(amount: Amount, amounts: list[Amount],
                     years: list[Mention]) -> Mention | None:
    """ "GDP năm 2020 và 2021 lần lượt tăng 1,6% và 6,7%": the i-th figure of a
    unit family takes the i-th year when the counts agree."""
    same = sorted([o for o in amounts if o.family == amount.family], key=lambda a: a.start)
    listed = [y for y in years if y.end <= same[0].start]
    if len(same) < 2 or len(listed) != len(same):
        return None
    return listed[same.index(amount)]


def pick_year(text: str, amount: Amount, ctx: SentenceContext, amounts: list[Amount],
              config: Config) -> Mention | None:
    """The target or reference year of a figure within its sentence (whose
    figures, `amount` among them, are `amounts`).

    A year right after the figure ("7.4 billion dlrs in 1986") wins, unless
    it stands in another clause ("..., sau khi ... vào năm 2014") or past
    another figure with a year of its own before; else the nearest year before
    it ("Tính đến hết năm 2024, ... 502,8 tỷ USD"); else a later year, unless
    another figure stands in between other than as a list item.
    With "lần lượt" / "respectively", a list of years pairs with a list of
    figures. Years of comparison are not used; with no other year, "so với cùng kỳ năm
    2016" (the same period of 2016) makes the figure's year 2017.
    """
    window = config["years"]["follow_window"]
    years = [y for y in ctx.years if y.tag not in NOT_OWN_YEAR]
    if ctx.respectively and (paired := _respective_year(amount, amounts, years)):
        return paired
    p = context_patterns(config)
    compared = _compared_year(text, amount, ctx, p, window)
    if compared is not None:
        return compared
    after = [y for y in years if y.start >= amount.end
             and not p.subordinator.search(text, amount.end, y.start)
             and not p.clause_break.search(text, amount.end, y.start)]
    before = [y for y in years if y.end <= amount.start and not _in_aside(text, y, amount, p)]
    own_after = bool(after) and _shares_later_year(text, amount, amounts, after[0].start, config)
    figure_between = bool(after) and any(amount.end <= o.start < after[0].start
                                         for o in amounts)
    if own_after and after[0].start - amount.end <= window and not (before and figure_between):
        return after[0]
    if before:
        return before[-1]
    if own_after:
        return after[0]
    prior = [y for y in ctx.years if y.tag == "prior"]
    return Mention(prior[0].start, prior[0].end, int(prior[0].value) + 1, "reference") if (
        prior) else None


def _in_aside(text: str, year: Mention, amount: Amount, p: ContextPatterns) -> bool:
    """Whether a year before the figure stands in a relative clause set off by
    commas or brackets ("The plant, which opened in 2012, now employs ...")."""
    lo = max(0, year.start - p.windows["aside_opening"])
    opening = max(text.rfind(",", lo, year.start), text.rfind("(", lo, year.start))
    if opening < 0 or not p.subordinator.match(text[opening + 1:year.start].lstrip()):
        return False
    closing = text[year.end:amount.start]
    return "," in closing or ")" in closing


def _compared_year(text: str, amount: Amount, ctx: SentenceContext, p: ContextPatterns,
                   window: int) -> Mention | None:
    """The year of a figure that is the other side of a comparison: "up from
    800 billion won a year earlier", "so với mức 6.300 USD vào năm 2016",
    "thấp hơn cùng kỳ năm 2021 (đạt 55,79%)"."""
    base = [y for y in ctx.years if y.tag in NOT_OWN_YEAR]
    if not base:
        return None
    lo = max(0, amount.start - p.windows["baseline_before"])
    if p.baseline.search(text, lo, amount.start):
        after = [y for y in base if 0 <= y.start - amount.end <= window]
        if after:
            return Mention(after[0].start, after[0].end, after[0].value, "reference")
    bracket = text.rfind("(", lo, amount.start)
    if bracket >= 0 and ")" not in text[bracket:amount.start]:
        before = [y for y in base if 0 <= bracket - y.end <= 3]
        if before:
            return Mention(before[-1].start, before[-1].end, before[-1].value, "reference")
    return None


@dataclass(frozen=True)
class DocFacts:
    """What the whole document says, for figures whose sentence says too little."""

    country: str | None = None  # most named country (or the language's default)
    sector: str | None = None  # most named sector
    present_year: int | None = None  # year of the text's own date, when it gives one
    focus_year: int | None = None  # the year its title or lead names
    orgs: DocOrgs | None = None  # the organisations it names


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
    p = context_patterns(config)
    hi = amount.end + k["window_after"]

    def nearest(cues: tuple[Mention, ...], before: int = k["window_before"]) -> int | None:
        dists = [_distance(amount, c) for c in cues
                 if amount.start - before <= c.start and c.end <= hi
                 and not (c.start >= amount.end and p.next_clause.search(
                     p.aside.sub("", text[amount.end:c.start])))]
        return min(dists) if dists else None

    if amount.family == "percent" and p.progress.match(text, amount.end):
        return "statistic", True
    if amount.family == "rank" and _descriptive_rank(text, amount, sent_start, p):
        return "statistic", True
    if amount.family == "money":
        results = ctx.money_statistic_cues
        invest = nearest(tuple(c for c in ctx.investment_cues if not _inside_any(c, results)),
                         k["investment_window_before"])
        result = nearest(results, k["investment_window_before"])
        if invest is not None and (result is None or invest <= result):
            return "investment", True
    if amount.value_high is None and p.baseline.search(
            text, max(sent_start, amount.start - p.windows["baseline_before"]), amount.start):
        return "statistic", True
    target, stat = nearest(ctx.target_cues), nearest(ctx.statistic_cues)
    if ctx.imperative:
        target = 0
    if target is not None and (stat is None or target <= stat):
        return "target", True
    if stat is not None:
        return "statistic", True
    if own_year and year is not None and year.tag == "target" and (
            year.start < amount.start or year.start - amount.end <= config["years"]["follow_window"]
    ) and (doc.present_year is None or int(year.value) > doc.present_year):
        return "target", False
    if previous is not None and (previous != "investment" or amount.family == "money"):
        return previous, False
    if year is not None and doc.present_year is not None:
        return ("target" if int(year.value) > doc.present_year else "statistic"), False
    return "statistic", False


def _descriptive_rank(text: str, amount: Amount, sent_start: int, p: ContextPatterns) -> bool:
    """ "Latin America's second-largest auto market", "the world's largest
    chipmaker": a rank that describes, unless a goal verb precedes it ("to
    become the third largest")."""
    lo = max(sent_start, amount.start - p.windows["describing_before"])
    describing = p.describing.search(text, lo, amount.start)
    if not describing:
        return False
    before = describing.start()
    words = text[lo:before].rsplit(maxsplit=3)
    return not any(p.rank_goal.search(" ".join(words[i:])) for i in range(len(words)))


def pick_country(text: str, amount: Amount, ctx: SentenceContext, kind: str,
                 doc: DocFacts, config: Config, home: str | None = None) -> str | None:
    """The country a figure is about.

    An investment goes where the text sends it ("vào Việt Nam", "in India"), else
    to the document's country. Otherwise, among the countries of the figure's own
    clause, one written right against the figure owns it ("Singapore (337,5 tỷ
    USD)", "của Italy đạt 2.221 tỷ USD", "3.115 tỷ USD của Italy"); else the
    document's country when the clause names it (a foreign firm's business
    there); else `home`, the home country of the organisation whose own result
    the figure is (its revenue, profit or global share); else the nearest one. A
    clause that names no country speaks of `home`, of the world (a statistic
    "global", "toàn cầu"), or of the document's country.
    """
    if kind == "investment":
        dest = [c for c in ctx.countries if c.tag == "dest"]
        if dest:
            return str(min(dest, key=lambda c: _distance(amount, c)).value)
        return doc.country or _nearest_country(amount, ctx.countries)
    p = context_patterns(config)
    countries = [c for c in ctx.countries
                 if _same_clause(text, amount, c, p) and not _origin_label(text, c)]
    if not countries:
        worldwide = ctx.worldwide and kind == "statistic" and amount.family != "rank"
        return home or (None if worldwide else doc.country)
    tight = [c for c in countries
             if (c.end <= amount.start and amount.start - c.end <= p.windows["owner_gap"]
                 and p.owner_link.fullmatch(text, c.end, amount.start))
             or (c.start >= amount.end and c.tag == "of" and c.start - amount.end <= 15)]
    if tight:
        return str(min(tight, key=lambda c: _distance(amount, c)).value)
    if doc.country and any(c.value == doc.country for c in countries):
        return doc.country
    return home or _nearest_country(amount, countries)


def _origin_label(text: str, mention: Mention) -> bool:
    """A country in brackets after a name only says where it is from ("Grab
    (Singapore)", "IDC (Mỹ)"); the figure is not about it."""
    return text[mention.start - 1:mention.start] == "(" and text[mention.end:mention.end + 1] == ")"


def _same_clause(text: str, amount: Amount, mention: Mention, p: ContextPatterns) -> bool:
    """Whether nothing that opens another clause ("; ", "while", ", and",
    "trong khi") stands between a figure and a mention."""
    if mention.start >= amount.end:
        return not p.next_clause.search(p.aside.sub("", text[amount.end:mention.start]))
    return not p.clause_break.search(text, mention.end, amount.start)


def _nearest_country(amount: Amount, countries: tuple[Mention, ...] | list[Mention]
                     ) -> str | None:
    """The nearest country named; one named after the figure counts 1.5 times as far."""
    if not countries:
        return None

    def score(c: Mention) -> float:
        d = _distance(amount, c)
        return d * 1.5 if c.start >= amount.end else d

    return str(min(countries, key=score).value)


def pick_sector(text: str, amount: Amount, ctx: SentenceContext, measure: str,
                org_sector: str | None, doc_sector: str | None, config: Config) -> str | None:
    """The sector the cues around a figure weigh most for (`sector_weights`):
    keywords in its measure, keywords in its sentence (the closer the more),
    its organisation's industry and the document's most named sector, each
    sector scaled by its `weight`; a sector limited to some unit families
    (workforce: counts and shares) only for those. Who a share is of ("72%
    người lao động đã dùng AI") says nothing of its sector."""
    w = config["sector_weights"]
    p = context_patterns(config)
    sectors = _sector_table(config)
    main, _, extra = measure.partition(" (")
    population = (amount.end, amount.end + len(main) + 5) if (
        amount.family == "percent" and main and main in text[amount.end:amount.end + len(main)
                                                              + 5]) else (0, 0)
    near: dict[str, float] = {}
    for m in ctx.sectors:
        if population[0] <= m.start and m.end <= population[1]:
            continue
        points = w["sentence"] / (1 + _distance(amount, m) / w["distance"])
        near[str(m.value)] = max(points, near.get(str(m.value), 0.0))
    found: dict[str, float] = {}
    for part, points in ((main if population == (0, 0) else "", w["measure"]),
                         (extra, w["measure"] / 2)):
        for m in p.sector.finditer(part):
            name = p.sector_rank[squash(m.group())][0]
            found[name] = max(points, found.get(name, 0.0))
    score: dict[str, float] = {}
    cues = list(near.items()) + list(found.items())
    cues += [(org_sector, w["organisation"]), (doc_sector, w["document"])]
    for name, points in cues:
        if name in sectors and amount.family in sectors[name][1].get("families",
                                                                    [amount.family]):
            score[name] = score.get(name, 0.0) + points * sectors[name][1].get("weight", 1.0)
    if not score:
        return None
    return max(score, key=lambda name: (score[name], -sectors[name][0]))


@lru_cache(maxsize=8)
def _sector_table(config: Config) -> dict[str, tuple[int, dict]]:
    """Sector name → (its place in config, its entry)."""
    return {s["name"]: (i, s) for i, s in enumerate(config["sectors"])}


def pick_entity(amount: Amount, ctx: SentenceContext, text: str, config: Config,
                subject: tuple[int, int] | None = None) -> str | None:
    """The organisation a figure belongs to in its sentence: the one in the
    subject of the verb the figure completes; else the one named nearest, any
    before it (one past a clause break such as ";" or "while" counts as far
    away), or one shortly after it in the same clause (counting 1.5 times as
    far; what a share is "of" three times)."""
    if subject is not None:
        owner = [e for e in ctx.entities if subject[0] <= e.start and e.end <= subject[1]]
        if owner:
            return str(owner[-1].value)
    window = config["organisations"]["window"] // 3
    p = context_patterns(config)
    scored = [(_distance(amount, e) + (1000 if p.clause_break.search(text, e.end, amount.start)
                                       else 0), e)
              for e in ctx.entities if e.end <= amount.start]
    scored += [(1.5 * _distance(amount, e) * (3 if p.share_of.match(text, amount.end, e.start)
                                              else 1), e)
               for e in ctx.entities if e.start >= amount.end and e.start - amount.end <= window
               and _same_clause(text, amount, e, p)]
    return str(min(scored, key=lambda se: se[0])[1].value) if scored else None


def main_value(mentions: list[Mention]) -> str | None:
    """The most frequent value among mentions (first seen wins ties)."""
    if not mentions:
        return None
    counts = Counter(m.value for m in mentions)
    top = max(counts.values())
    return next(str(m.value) for m in mentions if counts[m.value] == top)


def _inside_any(cue: Mention, others: tuple[Mention, ...]) -> bool:
    """Whether a cue is part of a longer one ("ngân sách" in "thu ngân sách")."""
    return any(o.start <= cue.start and cue.end <= o.end and (o.start, o.end) != (cue.start,
                                                                                    cue.end)
               for o in others)


def _distance(amount: Amount, m: Mention) -> int:
    if m.end <= amount.start:
        return amount.start - m.end
    if m.start >= amount.end:
        return m.start - amount.end
    return 0
