"""What a sentence says around its figures: years, countries, sectors,
organisations and cue words, each with its position."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.config import LANGS, Config
from extractors.lexicon import WORD_CHAR, alternation, cased, compile_words, squash

YEAR = regex.compile(
    r"(?<![\p{N}.,])(?P<y>(?:19|20)\d{2})(?:\s*[-–]\s*(?P<y2>(?:19|20)\d{2}))?(?![\p{N}])"
)
CAPITALISED = regex.compile(r"\p{Lu}")
ASIDE = regex.compile(r"\([^()]{0,200}\)")
# Year tags that are not the figure's own year.
NOT_OWN_YEAR = ("comparison", "prior")
CUE_NAMES = ("target_cues", "statistic_cues", "investment_cues", "money_statistic_cues")
# Letters that mark a Vietnamese word (a one-word org name like "Phát" is a common word).
VI_MARKED = regex.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Mention:
    """Something named in a sentence, by its span."""

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
    year_until: regex.Pattern
    country: re.Pattern
    country_names: dict[str, str]
    ambiguous: re.Pattern
    destination: regex.Pattern
    possessive: regex.Pattern
    sector: re.Pattern
    sector_rank: dict[str, tuple[str, int]]
    entity: re.Pattern
    entity_names: dict[str, str]
    entity_prefix: regex.Pattern
    entity_suffix: regex.Pattern
    legal_forms: regex.Pattern
    source_before: regex.Pattern
    source_after: regex.Pattern
    cues: dict[str, dict[str, re.Pattern]]
    baseline: regex.Pattern
    relative_time: re.Pattern  # "this year", "năm nay": a figure's own time
    anaphora: dict[str, re.Pattern]  # "the company", "công ty này": an organisation named before
    said_self: regex.Pattern  # "(said) it would": the speaker speaks of itself
    year_list: regex.Pattern  # what joins listed years: "2020 và 2021"
    figure_join: regex.Pattern  # a list or step word between two figures
    owner_link: regex.Pattern  # what may join a country to the figure it owns
    worldwide: re.Pattern
    respectively: re.Pattern
    institutions: re.Pattern  # "Ngân hàng Thế giới": no sector from the words of a name
    comparison: re.Pattern  # a comparison cue anywhere ("so với", "compared with")


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
    entity_names = {a: e["name"] for e in config["entities"] for a in e["aliases"]}
    pats = config["entity_patterns"]
    cap_word = r"\p{Lu}[\p{L}\p{M}\p{N}&.'’-]*"
    kinds = config["kinds"]
    return ContextPatterns(
        year_target=_tail(years["target_cues"]),
        year_reference=_tail(years["reference_cues"]),
        year_comparison=_tail(years["comparison_cues"]),
        year_prior=_tail(years["prior_period_cues"]),
        year_until=_tail(years["until_cues"]),
        country=compile_words(list(country_names)),
        country_names={**country_names, **ambiguous_names},
        ambiguous=compile_words(list(ambiguous_names)),
        destination=_tail(["vào", "tại", "ở", "in", "into", "to", "sang", "vào thị trường",
                           "tại thị trường", "in the"]),
        possessive=_tail(["của", "of"]),
        sector=compile_words(list(sector_rank)),
        sector_rank=sector_rank,
        entity=compile_words(list(entity_names)),
        entity_names=entity_names,
        entity_prefix=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(pats['prefix_heads'])})\s+"
            rf"(?P<name>{cap_word}(?:\s+{cap_word}){{0,3}})"
        ),
        entity_suffix=regex.compile(
            rf"(?P<name>{cap_word}(?:\s+{cap_word}){{0,3}})\s+(?:{alternation(pats['suffixes'])})"
            rf"(?!{WORD_CHAR})"
        ),
        legal_forms=regex.compile(rf"^(?:(?:{alternation(pats['legal_forms'])})\s+)+"),
        source_before=_tail(pats["source_before"]),
        source_after=regex.compile(rf"\s*(?:\([^)]{{0,20}}\)\s*)?(?:{alternation(pats['source_after'])})"
                                   rf"(?!{WORD_CHAR})"),
        cues={name: {lang: compile_words(kinds[name][lang], ignore_case=True, letters_only=True)
                     for lang in LANGS}
              for name in CUE_NAMES},
        baseline=_tail(kinds["baseline_cues"]),
        relative_time=compile_words(years["relative_words"], ignore_case=True),
        anaphora={lang: compile_words(cased(config["entity_anaphora"][lang])) for lang in LANGS},
        said_self=regex.compile(
            rf"\s++(?:{alternation(config['entity_self_words'])})(?!{WORD_CHAR})"),
        year_list=regex.compile(
            rf"\s*+(?:,|{alternation(years['list_words'])})\s*+", regex.IGNORECASE),
        figure_join=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(years['list_words'] + years['step_words'])})"
            rf"(?!{WORD_CHAR})|,|^\s*+\($", regex.IGNORECASE),
        owner_link=regex.compile(
            rf"\s*+(?:[(:]|(?:'s|’s)?\s*+(?:{alternation(config['country_owner_links'])})"
            rf"(?!{WORD_CHAR}))?\s*+"),
        worldwide=compile_words(config["worldwide_words"], ignore_case=True),
        respectively=compile_words(years["respectively_words"], ignore_case=True),
        institutions=compile_words(config["institutions"]),
        comparison=compile_words(years["comparison_cues"], ignore_case=True),
    )


def _outside(masked: list[tuple[int, int]]) -> Callable[[int, int], bool]:
    """Whether a span lies clear of every `masked` span."""
    return lambda a, b: not any(s < b and a < e for s, e in masked)


def read_years(text: str, start: int, end: int, config: Config,
               masked: list[tuple[int, int]]) -> tuple[Mention, ...]:
    """The tagged years of text[start:end] outside `masked` (for a sentence
    without figures, whose year may still carry to the next)."""
    return tuple(_years(text, start, end, context_patterns(config), _outside(masked)))


def read_context(text: str, start: int, end: int, lang: str, config: Config,
                 masked: list[tuple[int, int]]) -> SentenceContext:
    """Mentions in text[start:end]. Years and countries inside `masked` spans
    (the figures themselves, "U.S. Dlrs") are ignored; sectors and cues are
    read inside figures too ("50,000 AI engineers")."""
    p = context_patterns(config)
    free = _outside(masked)
    return SentenceContext(
        years=tuple(_years(text, start, end, p, free)),
        countries=tuple(_countries(text, start, end, p, free)),
        sectors=tuple(_sectors(text, start, end, p, free)),
        entities=tuple(_entities(text, start, end, p)),
        **{name: tuple(Mention(m.start(), m.end(), m.group().lower())
                       for m in p.cues[name][lang].finditer(text, start, end))
           for name in CUE_NAMES},
        worldwide=p.worldwide.search(text, start, end) is not None,
        respectively=p.respectively.search(text, start, end) is not None,
    )


def _sectors(text: str, start: int, end: int, p: ContextPatterns, free) -> list[Mention]:
    """Sector keywords of text[start:end], except inside an institution's name;
    those in a bracketed aside without figures ("xuất khẩu (kể cả dầu thô)") only
    when there is no other."""
    names = [m.span() for m in p.institutions.finditer(text, start, end)]
    asides = [m.span() for m in ASIDE.finditer(text, start, end) if free(*m.span())]
    inside = lambda m, spans: any(a < m.end() and m.start() < b for a, b in spans)  # noqa: E731
    found = [m for m in p.sector.finditer(text, start, end) if not inside(m, names)]
    main = [m for m in found if not inside(m, asides)]
    return [Mention(m.start(), m.end(), *p.sector_rank[squash(m.group())])
            for m in (main or found)]


def subject_entity(text: str, start: int, end: int, config: Config) -> str | None:
    """The first organisation text[start:end] names, as owner or as source: the
    one that "the company" or "its" in the next sentences most likely means."""
    named = _named_organisations(text, start, end, context_patterns(config))
    return str(named[0].value) if named else None


def refers_back(text: str, start: int, end: int, lang: str, config: Config) -> bool:
    """Whether text[start:end] points to an organisation named earlier ("the
    company", "its", "doanh nghiệp này")."""
    return context_patterns(config).anaphora[lang].search(text, start, end) is not None


def _years(text: str, start: int, end: int, p: ContextPatterns, free) -> list[Mention]:
    out: list[Mention] = []
    for m in YEAR.finditer(text, start, end):
        if not free(*m.span()):
            continue
        before = max(start, m.start() - 30)
        prev = text[m.start() - 1] if m.start() > start else " "
        if out and p.year_list.fullmatch(text, out[-1].end, m.start()):
            tag = out[-1].tag  # "năm 2020 và 2021", "in 2019, 2020 and 2021"
        elif p.year_prior.search(text, before, m.start()):
            tag = "prior"  # "so với cùng kỳ năm 2016": the figure's year is the next
        elif p.year_comparison.search(text, before, m.start()):
            tag = "comparison"
        elif p.year_until.search(text, before, m.start()):
            tag = "until"  # a deadline: target or reference as the cue words say
        elif p.year_target.search(text, before, m.start()):
            tag = "target"
        elif p.year_reference.search(text, before, m.start()) or prev.isalpha():
            tag = "reference"
        elif prev in "/-(" or text[m.end():m.end() + 1] in ")]":
            tag = "date"
        else:
            continue  # a year inside a name: "Forum 2025", "CICON VIETNAM 2025"
        year = int(m.group("y2") or m.group("y"))
        out.append(Mention(m.start(), m.end(), year, tag))
    return out


def _countries(text: str, start: int, end: int, p: ContextPatterns, free) -> list[Mention]:
    found = [m for m in p.country.finditer(text, start, end) if free(*m.span())]
    for m in p.ambiguous.finditer(text, start, end):
        left = text[max(start, m.start() - 30):m.start()].split()
        right = text[m.end():m.end() + 30].split()
        if free(*m.span()) and not (left and CAPITALISED.match(left[-1])) and not (
                right and CAPITALISED.match(right[0])):
            found.append(m)
    out = []
    for m in sorted(found, key=lambda m: m.start()):
        before = max(start, m.start() - 25)
        tag = ("dest" if p.destination.search(text, before, m.start())
               else "of" if p.possessive.search(text, before, m.start()) else "")
        out.append(Mention(m.start(), m.end(), p.country_names[squash(m.group())], tag))
    return out


def _named_organisations(text: str, start: int, end: int, p: ContextPatterns) -> list[Mention]:
    """Organisations named in text[start:end] (lexicon and name patterns), in order."""
    spans: list[Mention] = []
    for m in p.entity.finditer(text, start, end):
        spans.append(Mention(m.start(), m.end(), p.entity_names[squash(m.group())]))
    for pattern in (p.entity_prefix, p.entity_suffix):
        for m in pattern.finditer(text, start, end):
            name = p.legal_forms.sub("", m.group("name")).strip(" .,")
            if " " not in name and VI_MARKED.search(name):
                continue
            if name and not any(s.start < m.end() and m.start() < s.end for s in spans):
                spans.append(Mention(m.start("name"), m.end("name"), name))
    return sorted(spans, key=lambda s: s.start)


def _entities(text: str, start: int, end: int, p: ContextPatterns) -> list[Mention]:
    """The organisations of text[start:end] that own its figures (not sources)."""
    out = []
    for s in _named_organisations(text, start, end, p):
        said = p.source_after.match(text, s.end, end)
        if p.source_before.search(text, max(start, s.start - 20), s.start) or (
                said and not p.said_self.match(text, said.end(), end)):
            continue  # a source, unless it speaks of itself ("X said it would ...")
        out.append(s)
    return out
