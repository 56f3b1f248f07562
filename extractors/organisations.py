"""Organisations a text names, recognised in general and not only from the
lexicon: a name after a head word ("Tập đoàn Hòa Phát", "carmaker Hyundai"),
before a suffix ("Jabil Circuit Inc"), in a possessive ("Xiaomi's share"), a
Latin-letter brand in Vietnamese text ("doanh thu của Oppo"), each with its
home country where the text says it ("(Hàn Quốc)", "South Korea's Hana
Micron", "Taiwan-based") or the lexicon knows it.

A document is read once for the names it uses (`document_orgs`); its
sentences are then searched for those names (`sentence_orgs`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property, lru_cache

import regex

from extractors.config import GRAMMAR_TAGS, LANGS, Config
from extractors.context import Mention, context_patterns
from extractors.grammar import grammars
from extractors.lexicon import (
    WORD_CHAR,
    WordStarts,
    alternation,
    cased,
    compile_words,
    matches_at,
    matches_in_lines,
    squash,
)

CAP = r"(?:\p{Lu}[\p{L}\p{M}\p{N}&]*+(?:[.-]\p{L}[\p{L}\p{M}\p{N}]*+)*+)"
NAME_RUN = regex.compile(rf"(?<![\p{{L}}\p{{M}}\p{{N}}]){CAP}(?:[ \t\u00a0]+{CAP})*+")
# A brand among Vietnamese words: Latin letters, not all capitals, no digits.
LATIN_NAME = regex.compile(r"(?=[^ ]*[a-z])[A-Za-z&.\- \t]+")
LOWER_WORD = regex.compile(r"(?<![\p{L}\p{M}])\p{Ll}[\p{Ll}\p{M}]*+")
LOWER_WORDS_STRETCH = 100_000  # characters read for lower-case words at a time
# What may stand before a name that opens a clause.
CLAUSE_START = regex.compile(r"(?:^|[.;:!?\n]|[\"“”(]|,)[ \t]*$")
NAME = rf"{CAP}(?:[ \t]+{CAP}){{0,4}}"
# Before a pattern that opens with a name: not inside a word (or a chain of
# words joined by "." or "-", as CAP reads them) that a capital earlier in it
# already opens. A match there would end where the match from that capital
# ends, which failed or was taken; skipping it keeps a run of capitals
# ("AAAA…", "A-B-C-…", "A&B&C…") linear instead of trying the whole run at
# every letter. Inside a chain a word running into "&" is still tried: CAP
# reads "&" only in its first word, so that match ends elsewhere. The capital
# is tested first, so that the look back runs only where a name may start
# (not at every digit of "7777…"). A capital right after a match was never
# tried: GuardedPattern tries the first one after it as the plain pattern.
NAME_START = (r"(?=\p{Lu})(?<!\p{Lu}[\p{L}\p{M}\p{N}&]*?)"
              r"(?:(?<!\p{Lu}[\p{L}\p{M}\p{N}]*?(?:[.-]\p{L}[\p{L}\p{M}\p{N}]*?)*?"
              r"[.-](?:\p{L}[\p{L}\p{M}\p{N}]*?)?)|(?=[\p{L}\p{M}\p{N}]*+&))")
LOWER = r"\p{Ll}[\p{L}\p{M}-]*+"
VIETNAMESE_LETTER = regex.compile(r"[^\x00-\x7f]")
# Letters only Vietnamese writes (not curly quotes or dashes).
WHOLE = regex.compile(r"(?P<name>.+)")
NEVER = regex.compile(r"\A(?!)")  # matches nowhere, and fails at once (bare "(?!)" scans)


# What runs on from the end of a match to the next capital inside CAP's chain.
RUN_ON = regex.compile(r"[&.-][\p{L}\p{M}\p{N}&.-]*?(?=\p{Lu})")


@dataclass(frozen=True, eq=False)
class GuardedPattern:
    """A pattern that opens with NAME_START, finding what the plain pattern
    (the same without the guard) finds, in linear time."""

    guarded: regex.Pattern
    plain: regex.Pattern

    @classmethod
    def compile(cls, pattern: str) -> GuardedPattern:
        return cls(regex.compile(NAME_START + pattern), regex.compile(pattern))

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None
                 ) -> Iterator[regex.Match]:
        """The matches of `self.plain.finditer(text, pos, endpos)`."""
        endpos = len(text) if endpos is None else endpos
        while m := self.guarded.search(text, pos, endpos):
            yield m
            pos = m.end()
            # The capital a chain running on from the match reaches ("X Inc-B
            # ..."): the guard skips it for a capital inside the match, which
            # was never tried; every other capital of the chain is one it covers.
            while (on := RUN_ON.match(text, pos, endpos)) and (
                    again := self.plain.match(text, on.end(), endpos)):
                yield again
                pos = again.end()


@dataclass(frozen=True)
class Org:
    """An organisation: the name the table shows and its home country."""

    name: str
    home: str | None = None
    sector: str | None = None  # its industry


@dataclass(frozen=True, eq=False)
class OrgPatterns:
    """Compiled from config: where names stand and what is not a name."""

    headed: regex.Pattern
    appositive: GuardedPattern  # "An Vui - một nền tảng ...", "Rapoo, a Chinese maker"
    suffixed: GuardedPattern
    possessive: GuardedPattern
    possessive_marks: tuple[str, ...]  # every possessive match holds one, and no line break
    subject: dict[str, GuardedPattern | regex.Pattern]  # "Oki is studying ways ..."
    person: regex.Pattern
    name_starts: WordStarts  # where a head or title word starts: where those two may match
    legal: regex.Pattern
    business: regex.Pattern
    head_start: regex.Pattern  # "Quỹ Do Ventures": a head word is not part of the name
    based: GuardedPattern  # "Taiwan-based X", "Santa Clara, California-based X"
    origin_suffixes: tuple[str, ...]  # "-based": every `based` match holds one
    origin: regex.Pattern  # "California-based " opening a name: (?P<place>California)
    descriptor: regex.Pattern  # "State-run " opening a name
    home_link: regex.Pattern  # what may stand between a country and the name it is home to
    not_names: frozenset[str]
    function_words: frozenset[str]  # words of the grammar: "March", "Revenue" are no names
    determiners: frozenset[str]  # "The Government": a name that opens with one is refused
    head_sectors: dict[str, str]  # "chipmaker" → semiconductors
    country_alias: re.Pattern  # a country's name (not a place) leading a name
    lexicon: dict[str, Org]
    lexicon_pattern: re.Pattern
    source_before: regex.Pattern
    source_after: regex.Pattern
    self_words: regex.Pattern
    vietnamese: regex.Pattern  # a letter only Vietnamese uses (language_detection)
    bracketed: regex.Pattern  # "(Hàn Quốc)" after a name, of at most windows.home_bracket
    windows: dict[str, int]  # config `windows`: characters read around a name


@lru_cache(maxsize=8)
def org_patterns(config: Config) -> OrgPatterns:
    """Compile the `organisations` section and the `entities` lexicon."""
    o, windows = config["organisations"], config["windows"]
    head_words = o["heads"]["vi"] + o["heads"]["en"]
    title_words = o["person_titles"]["vi"] + o["person_titles"]["en"]
    heads, titles = alternation(head_words), alternation(title_words)
    legal = alternation(o["legal_forms"])
    business = alternation(o["business_lines"])
    origin = alternation(o["origin_suffixes"])
    possessive = alternation(config["grammar"]["possessives"])
    return OrgPatterns(
        headed=regex.compile(
            rf"(?<!{WORD_CHAR})(?P<head>{heads})(?:[ \t]+{LOWER}){{0,2}}?[ \t]+"
            rf"(?:(?:{legal})[ \t]+)*(?P<name>(?:(?:{business})[ \t]+)*{NAME})"),
        appositive=GuardedPattern.compile(
            rf"(?P<name>{NAME})[ \t]*[-–—,(][ \t]*"
            rf"(?:{alternation(o['appositive_articles'])})"
            rf"[ \t]+(?:[\p{{L}}\p{{M}}-]+[ \t]+){{0,4}}?(?P<head>{heads})(?!{WORD_CHAR})"),
        suffixed=GuardedPattern.compile(
            rf"(?P<name>{NAME}[ \t]+(?:{alternation(o['suffixes'])}))(?!{WORD_CHAR})"),
        possessive=GuardedPattern.compile(rf"(?P<name>{NAME})(?:{possessive})(?!{WORD_CHAR})"),
        possessive_marks=tuple(config["grammar"]["possessives"]),
        subject={lang: GuardedPattern.compile(rf"(?P<name>{NAME})[ \t]+(?:{alternation(verbs)})"
                                     rf"(?!{WORD_CHAR})") if verbs else NEVER
                 for lang, verbs in o["subject_verbs"].items()},
        person=regex.compile(rf"(?<!{WORD_CHAR})(?:{titles})[ \t]+(?P<name>{NAME})"),
        name_starts=WordStarts.build(head_words + title_words),
        legal=regex.compile(rf"^(?:(?:{legal})\s+)+|(?:\s+(?:{legal}))+$"),
        business=regex.compile(rf"^(?:(?:{business})\s+)+"),
        head_start=regex.compile(rf"^(?:{heads})\s+", regex.IGNORECASE),
        based=GuardedPattern.compile(rf"(?P<place>{NAME})(?:{origin})[ \t]+(?P<name>{NAME})"),
        origin_suffixes=tuple(o["origin_suffixes"]),
        origin=regex.compile(rf"^(?:\S+\s+)*?(?P<place>\S+)(?:{origin})\s+"),
        descriptor=regex.compile(rf"(?i)^\S+(?:{alternation(o['descriptor_suffixes'])})\s+"),
        home_link=regex.compile(
            rf"(?:{possessive}|{origin})?[ \t,]*(?:\p{{Ll}}[\p{{L}}-]*[ \t]+){{0,3}}"),
        not_names=frozenset(o["not_names"]),
        function_words=frozenset(w.lower() for lang in LANGS for tag in GRAMMAR_TAGS
                                 for w in config["grammar"][lang][tag]),
        determiners=frozenset(w.lower() for lang in LANGS for w in config["grammar"][lang]["det"]),
        country_alias=compile_words([a for c in config["countries"] for a in c["aliases"]]),
        lexicon={alias: Org(e["name"], e.get("country"), e.get("sector"))
                 for e in config["entities"] for alias in e["aliases"]},
        head_sectors=dict(o["head_sectors"]),
        lexicon_pattern=compile_words([a for e in config["entities"] for a in e["aliases"]]),
        source_before=regex.compile(
            rf"(?<!{WORD_CHAR})(?:{alternation(o['source_before'])})\s+"
            rf"(?:(?:{alternation(o['source_reports'])})\s+)?(?:(?:{heads})\s+)?$"),
        source_after=regex.compile(
            rf"(?:[ \t]+(?:{legal}))*\s*(?:\([^)]{{0,{windows['source_bracket']}}}\)\s*)?"
            rf"(?:{alternation(o['source_after'])})(?!{WORD_CHAR})"),
        self_words=regex.compile(
            rf"[\s,:]*+(?:(?:{alternation(o['self_leads'])})\s+)?"
            rf"(?:{alternation(cased(o['self_words']))})(?!{WORD_CHAR})"),
        vietnamese=regex.compile(
            f"[{regex.escape(config['language_detection']['marker_letters'])}]", regex.IGNORECASE),
        bracketed=regex.compile(rf"\s*\((?P<inside>[^()]{{1,{windows['home_bracket']}}})\)"),
        windows=windows,
    )


@dataclass(frozen=True, eq=False)
class DocOrgs:
    """The names a document uses for organisations, found in one reading."""

    names: dict[str, Org]  # surface form → organisation
    patterns: tuple[re.Pattern, ...]  # the lexicon's names, the document's own

    def home(self, name: str | None) -> str | None:
        """The home country of an organisation of this document."""
        return self._homes.get(name)

    def sector(self, name: str | None) -> str | None:
        """The industry of an organisation of this document."""
        return self._sectors.get(name)

    @cached_property
    def _homes(self) -> dict[str, str]:
        """Organisation → the first home country its surface forms give."""
        return _first_values((o.name, o.home) for o in self.names.values())

    @cached_property
    def _sectors(self) -> dict[str, str]:
        """Organisation → the first industry its surface forms give."""
        return _first_values((o.name, o.sector) for o in self.names.values())


def _first_values(pairs: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """Key → its first value that is set."""
    out: dict[str, str] = {}
    for key, value in pairs:
        if value:
            out.setdefault(key, value)
    return out


def document_orgs(text: str, lang: str, config: Config) -> DocOrgs:
    """Read a document for the organisations it names and how it names them."""
    p = org_patterns(config)
    countries = context_patterns(config)
    starts = p.name_starts.find(text)
    persons = _person_words(text, p, starts)
    names: dict[str, Org] = {}

    def add(m: regex.Match, strong: bool, headed: bool = False) -> None:
        org = _org_of(text, m.group("name"), m.start("name"), m.end("name"), p, countries,
                      persons, strong, headed)
        if org is None:
            return
        sector = p.head_sectors.get(m.group("head")) if headed else None
        if sector and not org[1].sector:
            org = (org[0], Org(org[1].name, org[1].home, sector))
        if org[0] not in names and (strong or org[0] in p.lexicon or _twice(text, org[0])):
            names[org[0]] = org[1]

    for m in matches_at(p.headed, text, starts):
        add(m, True, headed=True)
    for m in p.suffixed.finditer(text):
        add(m, True)
    for m in matches_in_lines(p.based, text, p.origin_suffixes):  # only lines that say "-based"
        add(m, True)
    for m in p.appositive.finditer(text):
        add(m, True)
    for m in matches_in_lines(p.possessive, text, p.possessive_marks):
        add(m, False)
    for m in p.subject[lang].finditer(text):
        if _opens_clause(text, m.start()):
            add(m, False)
    if lang == "vi":  # a brand in Latin letters among Vietnamese words: "của Oppo"
        syllables = _vietnamese_syllables(config)
        for m in NAME_RUN.finditer(text):
            name = m.group()
            if (LATIN_NAME.fullmatch(name) and not _opens_clause(text, m.start())
                    and not any(w.lower() in syllables for w in name.split())):
                add(WHOLE.match(text[m.start():m.end()]), False)
    own = [name for name in names if name not in p.lexicon]
    patterns = (p.lexicon_pattern,) + ((compile_words(own),) if own else ())
    return DocOrgs({**names, **p.lexicon}, patterns)


def _twice(text: str, name: str) -> bool:
    """Whether `name` occurs twice in `text` without overlapping (text.count > 1,
    without reading the whole text)."""
    first = text.find(name)
    return first >= 0 and text.find(name, first + max(len(name), 1)) >= 0


def _opens_clause(text: str, pos: int) -> bool:
    """Whether a word at `pos` opens a sentence or clause."""
    return CLAUSE_START.search(text, max(0, pos - 4), pos) is not None


def _org_of(text: str, surface: str, start: int, end: int, p: OrgPatterns, countries,
            persons: frozenset[str], strong: bool, headed: bool) -> tuple[str, Org] | None:
    """(surface form, organisation) for a captured name, or None when it is not
    an organisation's name (a country, a place, a person, a common word, one
    Vietnamese syllable)."""
    name = p.business.sub("", p.legal.sub("", p.head_start.sub("", squash(surface)))).strip(" .,")
    name = p.descriptor.sub("", name)
    based = p.origin.match(name)  # "California-based Intel", "Taiwan-based X"
    home = None
    if based:
        name = name[based.end():]
        home = countries.country_names.get(based.group("place"))
    leading = p.country_alias.match(name)
    if headed and leading and leading.end() < len(name):  # "tập đoàn Hàn Quốc Samsung"
        home = countries.country_names[squash(leading.group())]
        name = name[leading.end():].strip()
    words = name.split()
    while len(words) > 2 and _opening_word(words, p):
        words = words[1:]  # "At Shenzen Rapoo Technology", "Hiện An Vui": not the name's
    name = " ".join(words)
    if len(words) == 1 and VIETNAMESE_LETTER.search(name):
        return None  # "Ngân hàng Thế giới": one capitalised syllable is a common word
    if (not words or name in countries.country_names or name in p.not_names
            or (words[0] in p.not_names and not _vietnamese_name(text, start, words, p))
            or (not strong and any(w in persons for w in words))
            or (len(words) == 1 and name.lower() in p.function_words)):
        return None
    if not strong and (len(name) < 2 or name.isupper() and len(name) <= 2
                       or len(words) == 1 and name.lower() in _lower_words(text)):
        return None  # "Analysts said": a common word that opens a sentence
    if name in p.lexicon:
        return name, p.lexicon[name]
    lexical = _lexicon_prefix(name, p.lexicon)
    if lexical:
        return name, p.lexicon[lexical]  # "Samsung Vietnam", "VinFast Auto"
    return name, Org(name, home or _home_around(text, start, end, countries, p))


def _lexicon_prefix(name: str, lexicon: dict[str, Org]) -> str | None:
    """The longest name of the lexicon that `name` opens with, before more words."""
    cuts = [i for i, ch in enumerate(name) if ch == " "]
    return next((name[:i] for i in reversed(cuts) if name[:i] in lexicon), None)


def _opening_word(words: list[str], p: OrgPatterns) -> bool:
    """Whether a name's first word is a grammar word written with a capital
    because it opens the sentence ("At", "Hiện"); a determiner ("The", "An")
    is left for the name to be refused, or kept in a Vietnamese name ("An Vui")."""
    low = words[0].lower()
    return low in p.function_words and low not in p.determiners


def _vietnamese_name(text: str, start: int, words: list[str], p: OrgPatterns) -> bool:
    """A name of several words among Vietnamese ones, whose first word only
    looks like an English article or preposition ("An Vui", "To Ngoc")."""
    reach = p.windows["vietnamese_reach"]
    return len(words) > 1 and bool(p.vietnamese.search(text, max(0, start - reach),
                                                       start + reach))


def _home_around(text: str, start: int, end: int, countries, p: OrgPatterns) -> str | None:
    """A home country written at a name: "X (Hàn Quốc)", "South Korea's X",
    "Korean X", "Taiwan-based X"."""
    after = p.bracketed.match(text, end)
    if after and after.group("inside").strip() in countries.country_names:
        return countries.country_names[after.group("inside").strip()]
    before = text[max(0, start - p.windows["home_before"]):start]
    found = list(countries.country.finditer(before))
    if found and p.home_link.fullmatch(before[found[-1].end():]):
        return countries.country_names[squash(found[-1].group())]
    return None


@lru_cache(maxsize=4)
def _vietnamese_syllables(config: Config) -> frozenset[str]:
    """Syllables of Vietnamese words ("song", "con", "doanh"): never a brand."""
    grammar = grammars(config)["vi"]
    return frozenset(itertools.chain.from_iterable(grammar.compounds)) | frozenset(
        p[0] for p in grammar.phrases if len(p) == 1)


@lru_cache(maxsize=2)
def _lower_words(text: str) -> frozenset[str]:
    """The words a text writes in lower case, read a stretch at a time (cut at
    a space) so that a long text's words are never all listed at once."""
    words: set[str] = set()
    pos = 0
    while pos < len(text):
        cut = text.find(" ", pos + LOWER_WORDS_STRETCH)
        cut = len(text) if cut < 0 else cut
        words.update(LOWER_WORD.findall(text, pos, cut))
        pos = cut
    return frozenset(words)


def _person_words(text: str, p: OrgPatterns, starts: list[int]) -> frozenset[str]:
    """Words of the names people carry in a text ("general manager Sean Lim");
    `starts`: where a title may start."""
    return frozenset(w for m in matches_at(p.person, text, starts)
                     for w in m.group("name").split())


def sentence_orgs(text: str, start: int, end: int, doc: DocOrgs,
                  config: Config) -> list[Mention]:
    """The organisations text[start:end] names, in order; tag "source" for one
    named as the source of what is said ("Theo PwC", "IDC said shipments
    fell"), unless it speaks of itself ("SK Hynix said operating profit ...")."""
    p = org_patterns(config)
    out = []
    for m in _longest_matches(doc.patterns, text, start, end):
        org = doc.names[squash(m.group())]
        said = p.source_after.match(text, m.end(), end)
        lo = max(start, m.start() - p.windows["source_before"])
        source = p.source_before.search(text, lo, m.start()) or (
            said and not p.self_words.match(text, said.end(), end))
        out.append(Mention(m.start(), m.end(), org.name, "source" if source else ""))
    return out


def _longest_matches(patterns: tuple[re.Pattern, ...], text: str, start: int,
                     end: int) -> list[re.Match]:
    """Matches of several patterns in order, a longer one winning an overlap."""
    found = sorted((m for p in patterns for m in p.finditer(text, start, end)),
                   key=lambda m: (m.start(), -m.end()))
    out: list[re.Match] = []
    for m in found:
        if not out or m.start() >= out[-1].end():
            out.append(m)
    return out


@lru_cache(maxsize=8)
def _anaphora(config: Config) -> dict[str, re.Pattern]:
    return {lang: compile_words(cased(config["organisations"]["anaphora"][lang]))
            for lang in LANGS}


def refers_back(text: str, start: int, end: int, lang: str, config: Config) -> bool:
    """Whether text[start:end] points back to an organisation named before ("the
    company", "It", "Nhà mạng này")."""
    return _anaphora(config)[lang].search(text, start, end) is not None


@lru_cache(maxsize=8)
def _word_lists(config: Config, key: str) -> dict[str, re.Pattern]:
    return {lang: compile_words(config["organisations"][key][lang], ignore_case=True)
            for lang in LANGS}


def is_metric(measure: str, lang: str, config: Config) -> bool:
    """Whether a measure is an organisation's result ("net profit", "doanh thu")."""
    return bool(measure) and _word_lists(config, "metric_words")[lang].search(measure) is not None


def is_home_metric(measure: str, lang: str, config: Config) -> bool:
    """Whether a measure is a result that belongs to an organisation's home country
    (its revenue, profit or global share), not to where it operates."""
    return bool(measure) and _word_lists(config, "home_metrics")[lang].search(measure) is not None
