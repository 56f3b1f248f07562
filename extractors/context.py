"""What a sentence says around its figures: years, countries, sectors,
organisations and cue words, each with its position."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.config import LANGS, Config
from extractors.grammar import grammars, inside_compound
from extractors.lexicon import WORD_CHAR, alternation, cased, compile_words, squash

# A year, or a span of two; not one inside a document's number ("Thông tư
# 01/2020/TT-NHNN", "Decree 13/2023/ND-CP").
YEAR = regex.compile(
    r"(?<![\p{N}.,])(?P<y>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?(?![\p{N}])"
    r"(?!/\p{Lu})"
)
CAPITALISED = regex.compile(r"\p{Lu}")
# A year before a lower-case noun and not after a capitalised word qualifies
# that noun: "2023 delivery goal" (but "Forum 2025 opens" is a name).
ATTRIBUTIVE_YEAR = regex.compile(r"[ \t]+\p{Ll}")
NAME_BEFORE = regex.compile(r"\p{Lu}[\p{L}\p{M}]*[ \t]+$")
CLAUSE_MARK = regex.compile(r"[;:()]|,(?!\d)")
# Year tags that are not the figure's own year.
NOT_OWN_YEAR = ("comparison", "prior")
CUE_NAMES = ("target_cues", "statistic_cues", "investment_cues", "money_statistic_cues")


@dataclass(slots=True)
class Mention:
    """Something named in a sentence, by its span. Never changed once made (not
    frozen, as Word: made by the thousand)."""

    start: int
    end: int
    value: str | int
    tag: str = ""  # years: target | reference | comparison | date; countries: dest | of


@dataclass(frozen=True)
class SentenceContext:
    """Mentions of one sentence."""

    years: tuple[Mention, ...]
    countries: tuple[Mention, ...]
    sectors: tuple[Mention, ...]  # value = sector name, tag = precedence index
    entities: tuple[Mention, ...]
    target_cues: tuple[Mention, ...]
    statistic_cues: tuple[Mention, ...]
    investment_cues: tuple[Mention, ...]
    money_statistic_cues: tuple[Mention, ...]
    worldwide: bool = False  # names the world as its scope ("worldwide", "toàn cầu")
    imperative: bool = False  # opens with a bare verb: a goal in a list ("- Raise exports to")
    respectively: bool = False  # pairs a list of years with a list of figures


def _tail(words: list[str]) -> regex.Pattern:
    """Matches when the text (up to endpos) ends with one of the words."""
    return regex.compile(rf"(?<!{WORD_CHAR})(?:{alternation(words)})\s*$", regex.IGNORECASE)


@dataclass(frozen=True, eq=False)
class ContextPatterns:
    """Compiled lexicons for reading a sentence's context."""

    year_target: regex.Pattern
    year_reference: regex.Pattern
    year_comparison: regex.Pattern
    year_prior: regex.Pattern
    period_before: regex.Pattern  # "tháng 12/", "the end of": a period's words before a year
    year_until: regex.Pattern
    country: re.Pattern
    country_names: dict[str, str]
    ambiguous: re.Pattern
    destination: regex.Pattern
    possessive: regex.Pattern  # "của", "of" ending the text before a country
    share_of: regex.Pattern  # "of", "của" alone between a figure and an organisation
    sector: re.Pattern
    sector_rank: dict[str, tuple[str, int]]
    cues: dict[str, dict[str, re.Pattern]]
    baseline: regex.Pattern
    progress: regex.Pattern  # "51,34% kế hoạch": progress against a plan
    next_clause: regex.Pattern  # "and", ",": a cue after these is the next clause's
    rank_goal: regex.Pattern  # "become the third largest": a rank as a goal
    describing: regex.Pattern  # "the", "'s" ending the text before a rank that describes
    relative_time: re.Pattern  # "this year", "năm nay": a figure's own time
    year_list: regex.Pattern  # what joins listed years: "2020 và 2021"
    figure_join: regex.Pattern  # a list or step word between two figures
    owner_link: regex.Pattern  # what may join a country to the figure it owns
    worldwide: re.Pattern
    respectively: re.Pattern
    institutions: re.Pattern  # "Ngân hàng Thế giới": no sector from the words of a name
    comparison: re.Pattern  # a comparison cue anywhere ("so với", "compared with")
    compared: re.Pattern  # a word that compares ("so với", "than", "gấp")
    clause_break: re.Pattern  # ";", "while", "trong khi": what parts two clauses
    relative_years: re.Pattern  # "năm nay", "last year": a year relative to the text's own
    relative_offsets: dict[str, int]
    prior_relatives: frozenset[str]
    subordinator: re.Pattern  # "sau khi", "after": a later year is another clause's
    counted_before: regex.Pattern  # "5 năm tới", "two years earlier": a span of time
    written_year_after: regex.Pattern  # " 2020", " năm 2020" right after a relative year
    aside: regex.Pattern  # a bracketed aside, "(...)", of at most windows.aside characters
    # What may stand between two figures that share a later year: a list ("top 3 in
    # ASEAN and top 20 globally by 2030"), a step ("16% to 250,000 in 2005") or a
    # bracketed conversion ("100 trillion won ($96bn) for 2005") — short
    # (windows.figure_join_gap), within a clause; `figure_join` says it joins them.
    figure_gap: regex.Pattern
    windows: dict[str, int]  # config `windows`: characters read around what is looked at


@lru_cache(maxsize=8)
def context_patterns(config: Config) -> ContextPatterns:
    """Compile the country, sector, organisation, year and cue lexicons."""
    years = config["years"]
    country_names: dict[str, str] = {}
    ambiguous_names: dict[str, str] = {}
    for c in config["countries"]:
        for alias in c["aliases"] + c.get("places", []):
            country_names[alias] = c["name"]
        for alias in c.get("ambiguous", []):
            ambiguous_names[alias] = c["name"]
    sector_rank: dict[str, tuple[str, int]] = {}
    for i, s in enumerate(config["sectors"]):
        for kw in cased(s["keywords"]):
            sector_rank.setdefault(kw, (s["name"], i))
    kinds = config["kinds"]
    describing = kinds["describing_words"]
    possessive = alternation(config["grammar"]["possessives"])
    return ContextPatterns(
        year_target=_tail(years["target_cues"]),
        year_reference=_tail(years["reference_cues"]),
        year_comparison=_tail(years["comparison_cues"]),
        year_prior=_tail(years["prior_period_cues"]),
        # The words of a period between a cue and its year: "tháng 12/", "the end of".
        period_before=regex.compile(
            rf"(?:(?<=\s)(?:{alternation(years['period_words'])}|[IVX]+|\d{{1,2}})"
            r"(?:[/-]|\s+))+$"),
        year_until=_tail(years["until_cues"]),
        country=compile_words(list(country_names)),
        country_names={**country_names, **ambiguous_names},
        ambiguous=compile_words(list(ambiguous_names)),
        destination=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(config['destination_words'])})\s+"
            rf"(?:(?:{alternation(config['region_words'])})\s+)?$", regex.IGNORECASE),
        possessive=_tail(config["of_words"]),
        share_of=regex.compile(rf"\s*(?:{alternation(config['of_words'])})\s*$"),
        sector=compile_words(list(sector_rank)),
        sector_rank=sector_rank,
        cues={name: {lang: compile_words(kinds[name][lang], ignore_case=True, letters_only=True)
                     for lang in LANGS}
              for name in CUE_NAMES},
        baseline=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(kinds['baseline_cues'])})"
            rf"(?:\s++(?:{alternation(kinds['baseline_fillers'])})){{0,2}}\s*$", regex.IGNORECASE),
        progress=regex.compile(rf"\s*(?:{alternation(kinds['progress_words'])})(?!{WORD_CHAR})",
                               regex.IGNORECASE),
        next_clause=regex.compile(
            rf"[,;]|(?<!{WORD_CHAR})(?:{alternation(kinds['next_clause_words'])})(?!{WORD_CHAR})",
            regex.IGNORECASE),
        rank_goal=_tail(kinds["rank_goal_words"]),
        describing=regex.compile(rf"(?:{possessive}|\b(?:{alternation(cased(describing))}))\s+$"),
        relative_time=compile_words(years["relative_words"], ignore_case=True),
        year_list=regex.compile(
            rf"\s*+(?:,|{alternation(years['list_words'])})\s*+", regex.IGNORECASE),
        figure_join=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(years['list_words'] + years['step_words'])})"
            rf"(?!{WORD_CHAR})|,|^\s*+\($", regex.IGNORECASE),
        owner_link=regex.compile(
            rf"\s*+(?:[(:]|(?:{possessive})?\s*+(?:{alternation(config['country_owner_links'])})"
            rf"(?!{WORD_CHAR}))?\s*+"),
        worldwide=compile_words(config["worldwide_words"], ignore_case=True),
        respectively=compile_words(years["respectively_words"], ignore_case=True),
        institutions=compile_words(config["institutions"]),
        comparison=compile_words(years["comparison_cues"], ignore_case=True),
        compared=compile_words(kinds["baseline_cues"] + years["compare_words"], ignore_case=True),
        clause_break=re.compile(rf"[;]|{compile_words(config['clause_breaks']).pattern}"),
        relative_years=compile_words(list(years["relative_years"]), ignore_case=True),
        relative_offsets={k.lower(): int(v) for k, v in years["relative_years"].items()},
        prior_relatives=frozenset(w.lower() for w in years["prior_relatives"]),
        subordinator=compile_words(years["subordinators"], ignore_case=True),
        counted_before=_counted_before(config),
        written_year_after=regex.compile(
            rf"\s*(?:(?:{alternation(years['year_words'])})\s+)?(?:19|20)\d\d(?!\d)"),
        aside=regex.compile(rf"\([^()]{{0,{config['windows']['aside']}}}\)"),
        figure_gap=regex.compile(rf"[^.;:]{{0,{config['windows']['figure_join_gap']}}}"),
        windows=config["windows"],
    )


def _counted_before(config: Config) -> regex.Pattern:
    """A number right before "năm tới", "years earlier" (digits, a number word
    of `numbers.words`, or a word of `years.span_counters`): a span of time,
    not a year ("trong 5 năm tới", "two years earlier", "vài năm tới")."""
    words = [w for lang in LANGS for w in config["numbers"]["words"][lang]]
    words += config["years"]["span_counters"]
    return regex.compile(rf"(?:\p{{N}}|(?<!{WORD_CHAR})(?:{alternation(words)}))\s+$",
                         regex.IGNORECASE)


def _outside(masked: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether a span lies clear of every `masked` span."""
    return lambda a, b: not any(s < b and a < e for s, e in masked)


def read_years(text: str, start: int, end: int, config: Config,
               masked: list[tuple[int, int]], doc_year: int | None = None) -> tuple[Mention, ...]:
    """The tagged years of text[start:end] outside `masked` (for a sentence
    without figures, whose year may still carry to the next)."""
    return tuple(_years(text, start, end, context_patterns(config), _outside(masked), doc_year))


def read_context(text: str, start: int, end: int, lang: str, config: Config,
                 masked: list[tuple[int, int]], doc_year: int | None = None,
                 entities: tuple[Mention, ...] = ()) -> SentenceContext:
    """Mentions in text[start:end]. Years and countries inside `masked` spans
    (the figures themselves, "U.S. Dlrs") are ignored; sectors and cues are
    read inside figures too ("50,000 AI engineers"). Years named relative to
    the text's own ("năm nay", "last year") are read when `doc_year` is known."""
    p = context_patterns(config)
    free = _outside(masked)
    grammar = grammars(config)[lang]
    return SentenceContext(
        years=tuple(_years(text, start, end, p, free, doc_year)),
        countries=tuple(_countries(text, start, end, p, free)),
        sectors=tuple(_sectors(text, start, end, p, free)),
        entities=entities,
        **{name: tuple(Mention(m.start(), m.end(), m.group().lower())
                       for m in p.cues[name][lang].finditer(text, start, end)
                       if not inside_compound(text, m.start(), m.end(), grammar,
                                              ends_too=name != "investment_cues"))
           for name in CUE_NAMES},
        imperative=_imperative(text, start, end, grammars(config)["en"]) if lang == "en" else False,
        worldwide=p.worldwide.search(text, start, end) is not None,
        respectively=p.respectively.search(text, start, end) is not None,
    )


BULLET_START = regex.compile(r"[\s\-–•*·>\d.)]*+(?P<word>[\p{L}][\p{L}-]*)")


def _imperative(text: str, start: int, end: int, grammar) -> bool:
    """Whether a sentence opens with a bare verb ("Raise exports to ...",
    "- Train 50,000 engineers"), as goals listed in a plan do."""
    m = BULLET_START.match(text, start, end)
    if not m or not m.group("word")[0].isupper():
        return False
    word = m.group("word").lower()
    tag = grammar.phrases.get((word,))
    return tag in ("verb", "change") and not word.endswith(grammar.finite_endings)


def _sectors(text: str, start: int, end: int, p: ContextPatterns, free) -> list[Mention]:
    """Sector keywords of text[start:end], except inside an institution's name;
    those in a bracketed aside without figures ("xuất khẩu (kể cả dầu thô)") only
    when there is no other."""
    names = [m.span() for m in p.institutions.finditer(text, start, end)]
    asides = [m.span() for m in p.aside.finditer(text, start, end) if free(*m.span())]
    inside = lambda m, spans: any(a < m.end() and m.start() < b for a, b in spans)  # noqa: E731
    found = [m for m in p.sector.finditer(text, start, end) if not inside(m, names)]
    main = [m for m in found if not inside(m, asides)]
    return [Mention(m.start(), m.end(), *p.sector_rank[squash(m.group())])
            for m in (main or found)]


def _years(text: str, start: int, end: int, p: ContextPatterns, free,
           doc_year: int | None = None) -> list[Mention]:
    out = _written_years(text, start, end, p, free)
    if doc_year is not None:
        out = sorted(out + _relative_years(text, start, end, p, free, doc_year),
                     key=lambda m: m.start)
    return out


def _relative_years(text: str, start: int, end: int, p: ContextPatterns, free,
                    doc_year: int) -> list[Mention]:
    """ "năm nay", "last year", "cùng kỳ năm trước" as years of the text's own
    year; after a comparison cue, the base of the comparison."""
    out = []
    for m in p.relative_years.finditer(text, start, end):
        if not free(*m.span()) or p.counted_before.search(text, max(start, m.start() - 12),
                                                         m.start()):
            continue  # "trong 5 năm tới", "two years earlier": a span of time
        phrase = squash(m.group()).lower()
        if p.written_year_after.match(text, m.end(), end):
            continue  # "cùng kỳ năm 2020": the written year says it
        year = doc_year + p.relative_offsets[phrase]
        before = max(start, m.start() - p.windows["year_cue_before"])
        if phrase in p.prior_relatives or p.year_prior.search(text, before, m.start()) or (
                p.year_comparison.search(text, before, m.start()) and year < doc_year):
            tag = "prior" if year < doc_year else "comparison"
        else:
            tag = "target" if year > doc_year else "reference"
        out.append(Mention(m.start(), m.end(), year, tag))
    return out


def _written_years(text: str, start: int, end: int, p: ContextPatterns, free) -> list[Mention]:
    out: list[Mention] = []
    for m in YEAR.finditer(text, start, end):
        if not free(*m.span()):
            continue
        before = max(start, m.start() - p.windows["year_cue_before"])
        prev = text[m.start() - 1] if m.start() > start else " "
        period = p.period_before.search(text, before, m.start())
        if out and p.year_list.fullmatch(text, out[-1].end, m.start()):
            tag = out[-1].tag  # "năm 2020 và 2021", "in 2019, 2020 and 2021"
        elif p.year_prior.search(text, before, m.start()):
            lo = max(start, m.start() - p.windows["prior_clause"])
            clause = max([lo] + [b.end() for b in CLAUSE_MARK.finditer(text, lo, m.start())])
            # "so với cùng kỳ năm 2016": the figure's year is the next; "cùng kỳ
            # năm 2015, X chiếm 13%" without a comparison word is its own time
            tag = "prior" if p.compared.search(text, clause, m.start()) else "reference"
        elif p.year_comparison.search(text, before, m.start()) or (
                period and p.year_comparison.search(text, before, period.start())):
            tag = "comparison"
        elif p.year_until.search(text, before, m.start()):
            tag = "until"  # a deadline: target or reference as the cue words say
        elif p.year_target.search(text, before, m.start()):
            tag = "target"
        elif p.year_reference.search(text, before, m.start()) or prev.isalpha():
            tag = "reference"
        elif prev in "/-(" or text[m.end():m.end() + 1] in ")]":
            tag = "date"
        elif ATTRIBUTIVE_YEAR.match(text, m.end()) and not NAME_BEFORE.search(text, before,
                                                                              m.start()):
            tag = "reference"  # "cuts 2023 delivery goal", "its 2024 revenue"
        else:
            continue  # a year inside a name: "Forum 2025", "CICON VIETNAM 2025"
        year = int(m.group("y2") or m.group("y"))
        out.append(Mention(m.start(), m.end(), year, tag))
    return out


def _countries(text: str, start: int, end: int, p: ContextPatterns, free) -> list[Mention]:
    found = [m for m in p.country.finditer(text, start, end) if free(*m.span())]
    for m in p.ambiguous.finditer(text, start, end):
        reach = p.windows["ambiguous_country_reach"]
        left = text[max(start, m.start() - reach):m.start()].split()
        right = text[m.end():m.end() + reach].split()
        if free(*m.span()) and not (left and CAPITALISED.match(left[-1])) and not (
                right and CAPITALISED.match(right[0])):
            found.append(m)
    out = []
    for m in sorted(found, key=lambda m: m.start()):
        before = max(start, m.start() - p.windows["country_cue_before"])
        tag = ("dest" if p.destination.search(text, before, m.start())
               else "of" if p.possessive.search(text, before, m.start()) else "")
        out.append(Mention(m.start(), m.end(), p.country_names[squash(m.group())], tag))
    return out
