"""A sentence as a row of tagged words: the little grammar the attribute rules
need (which words are verbs, auxiliaries, prepositions, time words, clause
connectives), read from the `grammar` lexicons of config.yaml.

Figures found in the sentence stand in the row as one word tagged FIG; years
as YEAR; other numbers as NUM; punctuation as PUNCT. Words in no lexicon are
content words (tag ""): nouns, adjectives, names.
"""

from __future__ import annotations

import importlib.util
import itertools
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import regex

from extractors.config import GRAMMAR_TAGS, LANGS, Config, ConfigError

FIG, YEAR, NUM, PUNCT = "FIG", "YEAR", "NUM", "PUNCT"
# Tags of the grammar lexicons, in the order a phrase listed under several keeps
# the first.
TAGS = GRAMMAR_TAGS
# One pass reads a sentence's tokens by class: a year, a date or period
# ("I/2021", "29-9", "31/10/2022"), a number, a word with its possessive
# ("Korea's"), or a punctuation mark. The first three open with a digit or a
# Roman numeral letter, tested once before them.
TOKEN = regex.compile(
    r"(?=[\p{N}IVX])(?:(?P<year>(?:19|20)\d\d)(?![\p{L}\p{M}\p{N}/-]|[.,]\p{N})"
    r"|(?P<date>(?:19|20)\d\d[-–](?:19|20)\d\d|(?:[IVX]+|\d{1,2})(?:[/-]\d{1,4}){1,2})"
    r"(?![\p{L}\p{M}\p{N}./-])"
    r"|(?P<num>\p{N}(?:[.,]?\p{N})*+)(?![\p{L}\p{M}\p{N}/-]))"
    r"|(?P<w>(?:\p{Lu}\.){2,}+|[\p{L}\p{N}][\p{L}\p{M}\p{N}&_]*+"
    r"(?:[.'’/-](?=[\p{L}\p{N}])[\p{L}\p{M}\p{N}&_]*+)*+[\p{M}]*+)"
    r"|(?P<p>[^\s\p{L}\p{M}\p{N}])"
)


@dataclass(slots=True)
class Word:
    """A word (or phrase of the lexicon) of a sentence, by its span. Never
    changed once made (not frozen: built by the thousand per text, and a
    frozen dataclass takes four times as long to build)."""

    start: int
    end: int
    text: str
    tag: str = ""  # a lexicon tag of TAGS, FIG, YEAR, NUM, PUNCT, or "" for a content word
    figure: int = -1  # for FIG: index of the figure in the sentence

    @property
    def content(self) -> bool:
        return self.tag == ""

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


@dataclass(frozen=True, eq=False)
class Grammar:
    """The lexicons of one language as phrase → tag."""

    phrases: dict[tuple[str, ...], str]
    nominalisers: frozenset[str]  # a verb after these is a noun ("tốc độ tăng")
    verbal_nouns: frozenset[str]  # verbs that are nouns after a common noun ("vốn đầu tư")
    adjectives: frozenset[str]  # adverbs that are adjectives after a noun ("dự án mới")
    generic: frozenset[str]  # nouns that only say there is a quantity ("giá trị")
    purpose: frozenset[str]  # "dành 571 triệu USD cho thiết bị"
    verb_endings: tuple[str, ...]  # "delivered 11,300 vehicles": a verb by its ending
    present_endings: tuple[str, ...]  # "wants 60% of", between a noun and a figure
    noun_endings: tuple[str, ...]  # "business": never a verb by its ending
    finite_endings: tuple[str, ...]  # "Raised", "Trains": no bare verb (imperative)
    coordinators: frozenset[str]  # "và", "and" inside a noun phrase
    rank_words: frozenset[str]  # "top", "thứ", "vị trí": the frame of a rank, not what it ranks
    scopes: frozenset[str]  # "thế giới", "globally": where a rank holds, not what it ranks
    steps: frozenset[str]  # "to", "from": words of a change's steps, also when tagged otherwise
    with_words: frozenset[str]  # "với", "with" (of both languages): a quantity of the noun
    possessives: tuple[str, ...]  # "'s", "’s", in lower case, longest first
    compounds: frozenset[tuple[str, ...]] = frozenset()  # words of several syllables
    # first words of phrases and compounds of several words → their lengths, longest first
    lengths: dict[str, tuple[int, ...]] = field(default_factory=dict)


@lru_cache(maxsize=8)
def grammars(config: Config) -> dict[str, Grammar]:
    """Per language, the grammar lexicons keyed by their lower-case word tuples.
    Qualifier words (`qualifiers`) are fillers; number words are numbers."""
    out = {}
    grammar = config["grammar"]
    qualifiers = [w for words in config["qualifiers"].values() for w in words]
    for lang in LANGS:
        table = grammar[lang]
        phrases: dict[tuple[str, ...], str] = {}
        for tag in TAGS:
            for phrase in table[tag] + (qualifiers if tag == "filler" else []):
                phrases.setdefault(tuple(_words(phrase.lower())), tag)
        for table_name in ("words", "ordinal_words"):
            for word in config["numbers"][table_name][lang]:
                phrases.setdefault(tuple(_words(word.lower())), NUM)
        def lower_tag(table: dict, tag: str) -> frozenset[str]:
            return frozenset(w.lower() for w in table[tag])

        def lower(key: str, lang: str = lang) -> frozenset[str]:
            return frozenset(w.lower() for w in grammar[key][lang])

        tagged = {p[0] for p in phrases if len(p) == 1}
        compounds = frozenset(itertools.filterfalse(tagged.issuperset, _dictionary(
            tuple(sorted((table.get("dictionary") or {}).items())), f"grammar.{lang}.dictionary")))
        compounds |= _keyword_compounds(config, lang)
        out[lang] = Grammar(phrases, lower("nominalisers"),
                            lower("verbal_nouns"), lower("adjectives"), lower("generic_nouns"),
                            lower("purpose_words"), tuple(grammar["verb_endings"][lang]),
                            tuple(grammar["present_endings"][lang]),
                            tuple(grammar["noun_endings"][lang]),
                            tuple(grammar["finite_endings"][lang]),
                            lower("coordinators"), _rank_words(config),
                            frozenset(w.lower() for w in config["ranks"]["scope_words"]),
                            lower_tag(table, "step"),
                            frozenset(w.lower() for other in LANGS
                                      for w in grammar["with_words"][other]),
                            tuple(sorted({w.lower() for w in grammar["possessives"]}, key=len,
                                         reverse=True)),
                            compounds, _lengths(list(phrases) + list(compounds)))
    return out


def _lengths(entries: list[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    """First word → the lengths of the entries of several words it opens, longest first."""
    by_length: dict[int, set[str]] = {}
    for n in {len(e) for e in entries} - {0, 1}:
        by_length[n] = {e[0] for e in entries if len(e) == n}
    firsts = set().union(*by_length.values())
    return {w: tuple(n for n in sorted(by_length, reverse=True) if w in by_length[n])
            for w in firsts}


def _rank_words(config: Config) -> frozenset[str]:
    """The words that frame a rank (config `ranks`): "top", "nhóm", "thứ", "vị trí"."""
    r = config["ranks"]
    words = r["top_words"] + r["group_words"] + r["position_words"] + [r["ordinal_marker"]]
    return frozenset(w for phrase in words for w in phrase.lower().split())


def _keyword_compounds(config: Config, lang: str) -> frozenset[tuple[str, ...]]:
    """Sector keywords of several syllables are words too ("bán dẫn", "linh kiện")."""
    if "dictionary" not in config["grammar"][lang]:
        return frozenset()
    words = (tuple(_words(k.lower())) for s in config["sectors"] for k in s["keywords"])
    return frozenset(w for w in words if 2 <= len(w) <= 3)


@lru_cache(maxsize=4)
def _dictionary(spec: tuple, key: str) -> frozenset[tuple[str, ...]]:
    """Lower-case words of 2–3 syllables of a word list shipped in a package
    (config: {package: NAME, file: PATH inside it}), read without importing it."""
    if not spec:
        return frozenset()
    spec = dict(spec)
    found = importlib.util.find_spec(spec["package"])
    if found is None or not found.submodule_search_locations:
        raise ConfigError(f"config key '{key}': package {spec['package']!r} is not installed")
    path = Path(found.submodule_search_locations[0]) / spec["file"]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"config key '{key}': cannot read {path}: {exc.strerror}") from exc
    words = (tuple(line.split()) for line in lines if line == line.lower())
    return frozenset(w for w in words if 2 <= len(w) <= 3)


def _words(text: str) -> list[str]:
    return [m.group() for m in TOKEN.finditer(text)]


def _raw_tokens(text: str, start: int, end: int, figures: list[tuple[int, int]],
                possessives: tuple[str, ...]) -> list[Word]:
    """Words and punctuation of text[start:end], each figure one FIG token;
    a possessive ending of `possessives` split off its word."""
    out: list[Word] = []
    pos = start
    for i, (fs, fe) in enumerate(sorted(figures)):
        if fs < pos:
            continue
        out += _plain_tokens(text, pos, fs, possessives)
        out.append(Word(fs, fe, text[fs:fe], FIG, i))
        pos = fe
    out += _plain_tokens(text, pos, end, possessives)
    return out


TOKEN_TAGS = {"year": YEAR, "date": "time", "num": NUM, "p": PUNCT}


def _plain_tokens(text: str, start: int, end: int, possessives: tuple[str, ...]) -> list[Word]:
    out = []
    for m in TOKEN.finditer(text, start, end):
        word, kind = m.group(), m.lastgroup
        if kind != "w":
            out.append(Word(m.start(), m.end(), word, TOKEN_TAGS[kind]))
            continue
        if base := _possessive_base(word, possessives):
            cut = m.start() + base  # "Korea's" → "Korea" "'s"
            out += [Word(m.start(), cut, word[:base]), Word(cut, m.end(), "'s", "link")]
            continue
        out.append(Word(m.start(), m.end(), word))
    return out


def _possessive_base(word: str, possessives: tuple[str, ...]) -> int:
    """The length of a possessive's owner ("Korea's" → 5, "SAMSUNG’S" → 7), 0 when
    `word` does not end in one of `possessives` (lower case, longest first) after
    one character or more."""
    low = word.lower()
    if not low.endswith(possessives):
        return 0
    ending = next(e for e in possessives if low.endswith(e))
    return len(word) - len(ending) if len(low) > len(ending) else 0


def tag_words(text: str, start: int, end: int, lang: str, config: Config,
              figures: list[tuple[int, int]]) -> list[Word]:
    """The tagged words of text[start:end]; `figures` are the spans of its figures."""
    grammar = grammars(config)[lang]
    raw = _raw_tokens(text, start, end, figures, grammar.possessives)
    lowered = [w.text.lower() for w in raw]
    free = _untagged_runs(raw)
    out: list[Word] = []
    i = 0
    while i < len(raw):
        word = raw[i]
        if word.tag:
            out.append(word)
            i += 1
            continue
        n, tag = _longest(grammar, raw, lowered, i, free[i])
        out.append(Word(word.start, raw[i + n - 1].end, text[word.start:raw[i + n - 1].end],
                        tag))
        i += n
    return _disambiguated(out, grammar)


def _untagged_runs(raw: list[Word]) -> list[int]:
    """For each word, how many words from it on are still untagged."""
    runs = [0] * (len(raw) + 1)
    for i in range(len(raw) - 1, -1, -1):
        runs[i] = 0 if raw[i].tag else runs[i + 1] + 1
    return runs


def _longest(grammar: Grammar, raw: list[Word], lowered: list[str], i: int,
             free: int) -> tuple[int, str]:
    """(length, tag) of the longest lexicon phrase or compound word at raw[i],
    within the `free` untagged words from it on; a compound is a content word."""
    if len(lowered[i]) > 1 and raw[i].text.isupper():
        tag = grammar.phrases.get((lowered[i],), "")  # an acronym: "US", "IT", "AI" are
        return 1, tag if tag == "time" else ""  # names, not pronouns; "Q3", "FY" are times
    for n in grammar.lengths.get(lowered[i], ()):
        if n > free:
            continue
        key = tuple(lowered[i:i + n])
        tag = grammar.phrases.get(key)
        if tag is not None:
            return n, tag
        if key in grammar.compounds:
            return n, ""
    return 1, grammar.phrases.get((lowered[i],), "")


VERBS = ("verb", "change")
OPENS = (PUNCT, "conj", "say", "time", YEAR)  # what may stand before a clause's first word
DASHES = ("-", "–", "—")


def _disambiguated(words: list[Word], grammar: Grammar) -> list[Word]:
    """Lexicon words that the words around them show to be something else, read
    left to right: a capitalised word inside a name ("Cục Đầu tư nước ngoài"),
    a dash between years or a number before a time word (a period: "2006 -
    2010", "5 năm"), a verb after a nominaliser ("tốc độ tăng"), a verbal noun
    that names a thing ("vốn đầu tư", "đạt xuất khẩu", "Xuất khẩu tôm") and an
    adverb that is an adjective after a noun ("dự án mới")."""
    out = list(words)
    for i, word in enumerate(out):
        prev = out[i - 1] if i else None
        nxt = out[i + 1] if i + 1 < len(out) else None
        tag = _retagged(word, prev, nxt, grammar, i == 1 or (i > 1 and out[i - 2].tag in OPENS))
        if tag is not None:
            out[i] = Word(word.start, word.end, word.text, tag, word.figure)
    return out


def _retagged(word: Word, prev: Word | None, nxt: Word | None, grammar: Grammar,
              first: bool = False) -> str | None:
    """The tag `word` takes between `prev` and `nxt`, or None to keep its own;
    `first`: `prev` opens the sentence (so its capital says nothing)."""
    if word.tag == PUNCT:
        between_years = prev and nxt and prev.tag == YEAR and nxt.tag == YEAR
        return "time" if word.text in DASHES and between_years else None
    if word.tag == NUM:  # "5 năm", "quý 3", "tháng 11": part of a time phrase
        after_time = prev is not None and prev.tag == "time" and len(word.text) <= 2
        return "time" if after_time or (nxt is not None and nxt.tag == "time") else None
    if word.content and not (grammar.verb_endings or grammar.present_endings):
        return None  # only an ending makes a content word a verb, and this language has none
    low = word.text.lower()
    participle = bool(grammar.verb_endings) and low.endswith(grammar.verb_endings)
    if participle and word.tag in VERBS + ("",) and prev is not None and nxt is not None and (
            (prev.tag == FIG and nxt.content and word.tag)  # "$1.2 billion advanced plant"
            or (prev.tag == "det" and nxt.tag == FIG)):  # "an annualized 9.1%"
        return "" if prev.tag == FIG else "filler"
    if word.tag == "aux" and low in grammar.steps and nxt is not None and nxt.tag in (
            FIG, NUM, "filler", "det"):
        return "step"  # "fall to four mln", "the ratio of debt to the country's GNP"
    if (word.tag in VERBS and low in grammar.verbal_nouns and prev is not None
            and prev.tag == FIG and nxt is not None and nxt.tag in ("prep", "link")):
        return ""  # "a 66% rise in profit"
    ends_like_verb = bool(grammar.verb_endings) and low.endswith(grammar.verb_endings)
    if (word.tag in VERBS and ends_like_verb and prev is not None and nxt is not None
            and prev.tag in ("prep", "det", "link", "conj") and nxt.tag == ""):
        return ""  # "with registered capital of": an adjective
    if word.content and prev is not None and nxt is not None and not word.capitalised and (
            ends_like_verb):
        if nxt.tag in (FIG, NUM, "det", "filler"):
            return "change"
        if nxt.tag in ("step", "aux"):
            return "verb"
        return None
    if word.content and _present_verb(low, prev, nxt, grammar) and not word.capitalised:
        return "verb"  # "Samsung's Vietnam revenue tops $74bn"
    if not word.tag or word.tag in (FIG, YEAR) or prev is None and word.tag not in VERBS:
        return None
    if prev is not None and word.capitalised and prev.content and prev.capitalised:
        return ""  # inside a name
    nxt_tag = nxt.tag if nxt is not None else PUNCT
    if word.tag in VERBS and prev is not None and prev.text.lower() in grammar.nominalisers and (
            nxt is None or nxt_tag in ("", "link", FIG, "step") or nxt.text in ".;)"):
        return ""
    noun_next = nxt_tag == "" or (nxt is not None and nxt.text.lower() in grammar.verbal_nouns)
    if word.tag == "filler" and noun_next and (
            (prev is not None and prev.content) or low in grammar.nominalisers or " " in low):
        return ""  # "tổng mức đầu tư", "mức tăng": a word of a noun phrase, not before a figure
    if word.tag in VERBS and low in grammar.verbal_nouns:
        opens = prev is None or prev.tag in OPENS
        noun_after = nxt_tag in ("", "prep", "link", "det") or (
            nxt is not None and nxt.text.lower() in grammar.adjectives)
        common_noun = prev is not None and prev.content and (
            not prev.capitalised or (first and _is_common(prev.text, grammar)))
        after_verb = prev is not None and prev.tag in VERBS + ("prep", "link")
        if common_noun or after_verb or nxt_tag == "link" or (
                opens and (noun_after or nxt_tag == "verb")):
            return ""
    if word.tag == "aux" and low in grammar.adjectives and prev is not None and prev.content and (
            nxt_tag not in VERBS + ("aux",)):
        return ""
    return None


def _present_verb(low: str, prev: Word | None, nxt: Word | None, grammar: Grammar) -> bool:
    """A present-tense verb by its ending, between a noun and a figure."""
    return (bool(grammar.present_endings) and low.endswith(grammar.present_endings)
            and not low.endswith(grammar.noun_endings) and prev is not None
            and (prev.content or prev.tag == "pron") and nxt is not None
            and nxt.tag in (FIG, NUM, "det", "filler"))


SYLLABLE_AFTER = regex.compile(r"[ \t]+(\p{L}[\p{L}\p{M}]*)")


def _is_common(word: str, grammar: Grammar) -> bool:
    """Whether a capitalised word opening a sentence is a common word ("Kim
    ngạch") rather than a name ("Vinamilk"): with no word list, any is."""
    if not grammar.compounds:
        return True
    low = tuple(word.lower().split())
    return low in grammar.compounds or low[0] in grammar.lengths or (low[0],) in grammar.phrases


SYLLABLE_BEFORE = regex.compile(r"(?r)(\p{L}[\p{L}\p{M}]*)[ \t]+")


def inside_compound(text: str, start: int, end: int, grammar: Grammar,
                    ends_too: bool = False) -> bool:
    """Whether the one-syllable word text[start:end] opens a longer word ("hiện"
    in "hiện đại", "chi" in "chi phí"); with `ends_too`, or ends one ("giao" in
    "bàn giao", "hiện" in "thực hiện")."""
    word = text[start:end].lower()
    if not grammar.compounds or " " in word:
        return False
    after = SYLLABLE_AFTER.match(text, end, end + 12)
    if after and (word, after.group(1).lower()) in grammar.compounds:
        return True
    before = SYLLABLE_BEFORE.match(text, max(0, start - 12), start) if ends_too else None
    return bool(before) and (before.group(1).lower(), word) in grammar.compounds
