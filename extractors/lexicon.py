"""Compiled patterns and lookup tables built once from a Config."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.config import LANGS, Config

# A letter or digit: what must not touch a word entry on either side.
WORD_CHAR = r"[\p{L}\p{M}\p{N}_]"
# The number token: grouped ("1.000.000", "50,000", Indian "12,34,567") or plain
# ("502,8", "1.6"). Possessive quantifiers, the lookahead inside the Indian
# groups and the digit lookbehind keep it linear on long digit runs.
NUMBER = (r"(?<![\p{N}])(?:\d{1,2}(?:,\d{2}(?=,))++,\d{3}(?:\.\d++)?"
          r"|\d{1,3}(?:[.,]\d{3})++(?:[.,]\d++)?|\d++(?:[.,]\d++)?)(?![\p{N}])")


def squash(text: str) -> str:
    """A matched phrase with its white space runs made single spaces (a phrase
    may be wrapped over two lines), for looking it up in a table; a word of
    letters and digits only is already one."""
    return text if text.isalnum() else " ".join(text.split())


def cased(words: list[str]) -> list[str]:
    """Each word as written and with a capital first letter ("chip", "Chip")."""
    return list(words) + [w[0].upper() + w[1:] for w in words if w[0].islower()]


def alternation(words: list[str] | tuple[str, ...]) -> str:
    """Regex alternation of literal words, factored into a trie so the engine
    fails fast at most positions; longer words win over their prefixes. A
    space in an entry matches any run of white space (wrapped lines)."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_pattern(trie) or "(?!)"


def _trie_pattern(node: dict) -> str:
    branches = [(r"\s+" if ch == " " else regex.escape(ch)) + _trie_pattern(child)
                for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body


def word_pattern(words: list[str] | tuple[str, ...]) -> str:
    """Alternation of words that must not touch other letters or digits."""
    return rf"(?<!{WORD_CHAR})(?:{alternation(words)})(?!{WORD_CHAR})"


def compile_words(words: list[str], ignore_case: bool = False,
                  letters_only: bool = False) -> re.Pattern:
    """A lexicon of whole words as a stdlib `re` pattern (several times faster
    than `regex` on large alternations). `letters_only`: only letters, not
    digits, may not touch the words ("đầu tư1,5 tỷ" keeps its cue)."""
    edge = r"[^\W\d_]" if letters_only else r"\w"
    pattern = rf"{_first_char(words)}(?<!{edge})(?:{alternation(words)})(?!{edge})"
    return re.compile(pattern, re.IGNORECASE if ignore_case else 0)


def _first_char(words: list[str]) -> str:
    """A lookahead for the characters the words open with: one cheap test that
    fails at most places (none when a word may open with white space)."""
    if any(not w or w[0].isspace() for w in words):
        return ""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in words})) + "])"


@dataclass(frozen=True, eq=False)
class WordStarts:
    """Where any of some phrases may start in a text: at one of their first
    words (as written), not right after a letter or digit. A stdlib `re`
    scan finds these places several times faster than `regex` scans a large
    alternation; `matches_at` then tries a `regex` pattern only there."""

    scan: re.Pattern

    @classmethod
    def build(cls, phrases: list[str]) -> WordStarts:
        first = alternation(sorted({p.split()[0] for p in phrases}))
        return cls(re.compile(rf"(?<!\w)(?=(?:{first}))"))

    def find(self, text: str) -> list[int]:
        return [m.start() for m in self.scan.finditer(text)]


def matches_at(pattern: regex.Pattern, text: str, starts: list[int],
               endpos: int | None = None) -> Iterator[regex.Match]:
    """The matches of `pattern.finditer(text, starts[0], endpos)` for a pattern
    whose every match starts at one of `starts` (in order), trying it only there."""
    end = 0
    endpos = len(text) if endpos is None else endpos
    for start in starts:
        if start >= end and (m := pattern.match(text, start, endpos)):
            end = m.end()
            yield m


def matches_in_lines(pattern: regex.Pattern, text: str,
                     needles: tuple[str, ...]) -> Iterator[regex.Match]:
    """The matches of `pattern.finditer(text)` for a pattern whose every match
    holds one of `needles` and no line break, reading only the lines that
    hold a needle."""
    lines: set[tuple[int, int]] = set()
    for needle in needles:
        at = text.find(needle)
        while at >= 0:
            end = text.find("\n", at)
            end = len(text) if end < 0 else end
            lines.add((text.rfind("\n", 0, at) + 1, end))
            at = text.find(needle, end)
    for start, end in sorted(lines):
        yield from pattern.finditer(text, start, end)


@dataclass(frozen=True, eq=False)
class Lexicon:
    """Everything the matchers need, compiled from config.yaml."""

    config: Config
    number: regex.Pattern
    ordinal_values: dict[str, dict[str, float]]
    scale: regex.Pattern
    glued_scale: regex.Pattern
    spaced_letter: regex.Pattern  # "2.33 k", "1,674,200.5 M": a standalone letter after a space
    scale_values: dict[str, float]
    letters: frozenset[str]  # letter scales as written (case-sensitive): "M", "k", "MM"
    standalone: frozenset[str]  # letter scales that need no currency
    currency_prefix: regex.Pattern
    prefix_ends: frozenset[str]  # last characters of the prefixes: a cheap test before the search
    currency_prefix_ahead: regex.Pattern  # a prefix right before a number ("-VND2000")
    currency_suffix: regex.Pattern
    currency_codes: dict[str, str]
    currency_factor: dict[str, float]  # "cents" 0.01, "MUSD" 1e6: units of the code per form
    minor_value: dict[str, float]  # code -> its hundredth, for currencies that have one
    weight_words: frozenset[str]  # "pounds": money or weight (weight_currencies)
    weight_cue_before: regex.Pattern
    weight_cue_after: regex.Pattern
    weight_after: regex.Pattern  # "of" after "pounds": a weight
    percent: regex.Pattern
    percent_of: regex.Pattern  # "per cent of" ending where the number starts
    sign_word: regex.Pattern  # "minus", "âm" ending where the number starts
    negative_signs: frozenset[str]
    physical: regex.Pattern
    physical_units: dict[str, str]
    count_stop: frozenset[str]  # words that end a counted noun, in either language
    qualifier: regex.Pattern
    qualifier_names: dict[str, str]
    qualifier_after: regex.Pattern  # "trở lên", "or more" right after the figure
    qualifier_after_names: dict[str, str]
    exclusions: tuple[regex.Pattern, ...]  # one per pattern: each keeps its own fast prefix scan
    preceding_excluded: regex.Pattern
    preceding_allowed: regex.Pattern  # "con số 4 tỷ USD": a phrase, not "số 4"


def _scales(config: Config) -> tuple[regex.Pattern, regex.Pattern, regex.Pattern,
                                     dict[str, float]]:
    """Spaced scale words ("1,6 tỷ"), glued scales ("$3.3bn", "1,2M"), standalone
    letters after a space ("2.33 k") and the values of all of them."""
    values: dict[str, float] = {}
    spaced: list[str] = []
    letters: list[str] = []
    standalone: list[str] = []
    for scale in config["scales"]:
        for word in scale["words"]:
            values[word.lower()] = float(scale["value"])
            (letters if scale.get("glued_only") else spaced).append(word)
        standalone += scale.get("standalone", [])
    blockers = alternation(config["scale_blockers"])
    spaced_re = regex.compile(
        rf"\s*(?P<scale>{alternation(spaced)})(?!{WORD_CHAR})(?!\s+(?:{blockers})(?!{WORD_CHAR}))",
        regex.IGNORECASE,
    )
    # Glued scales also accept the spaced words with no space ("$3.3bn", "1tỷ");
    # letters keep their case ("m" is a metre without a currency, "MM" a million).
    glued_re = regex.compile(
        rf"(?P<scale>(?-i:{alternation(letters)})|{alternation(spaced)})(?![\p{{L}}\p{{N}}])",
        regex.IGNORECASE,
    )
    letter_re = regex.compile(
        rf"[ \t\u00a0]++(?P<scale>{alternation(standalone)})(?![\p{{L}}\p{{N}}])"
    )
    return spaced_re, glued_re, letter_re, values


@dataclass(frozen=True)
class _Forms:
    """Every spelling of every currency."""

    codes: dict[str, str]  # form (as written and lower-case) -> code
    factors: dict[str, float]  # minor units and scaled codes -> units of the code
    prefixes: list[str]
    suffixes: list[str]
    scaled: list[str]  # "MUSD", "kEUR": case-sensitive


def _currency_forms(config: Config) -> _Forms:
    forms = _Forms({}, {}, [], [], [])
    for cur in config["currencies"]:
        code = cur["code"]
        minor = cur.get("minor", {"words": []})
        for form in cur["prefixes"] + cur["suffixes"] + minor["words"]:
            forms.codes[form] = code
            forms.codes.setdefault(form.lower(), code)
        for word in minor["words"]:
            forms.factors[word.lower()] = float(minor["value"])
        for letter, value in config["code_scales"].items():
            form = f"{letter}{code}"
            forms.codes[form], forms.factors[form] = code, float(value)
            forms.scaled.append(form)
        forms.prefixes.extend(cur["prefixes"])
        forms.suffixes.extend(cur["suffixes"] + minor["words"])
    return forms


def _currencies(config: Config) -> tuple[_Forms, regex.Pattern, regex.Pattern, regex.Pattern]:
    """The currency forms, and patterns for a prefix ending where a number
    starts, a prefix starting a number, and a suffix after a number."""
    forms = _currency_forms(config)
    before = rf"(?-i:{alternation(forms.scaled)})|{alternation(forms.prefixes)}"
    # A prefix ends right where the number begins (optionally one space): "$1.6B", "USD 1.6".
    prefix_re = regex.compile(rf"(?<!{WORD_CHAR})(?P<cur>{before})[ \u00a0]?$")
    ahead_re = regex.compile(rf"(?P<cur>{before})[ \u00a0]?(?=\p{{N}})")
    blockers = alternation(config["currency_blockers"])
    # After the number: spaced, glued ("20€") or hyphenated ("12-cent", "one-yen").
    suffix_re = regex.compile(
        rf"(?:[ \u00a0]*|-(?=\p{{L}}))"
        rf"(?P<cur>(?-i:{alternation(forms.scaled)})|{alternation(forms.suffixes)})"
        rf"(?![\p{{L}}\p{{N}}])(?!\s+(?:{blockers})(?!{WORD_CHAR}))",
        regex.IGNORECASE,
    )
    return forms, prefix_re, ahead_re, suffix_re


def _physical(config: Config) -> tuple[regex.Pattern, dict[str, str]]:
    units: dict[str, str] = {}
    for unit, words in config["physical"]["units"].items():
        for word in words:
            units[word.lower()] = unit
    pattern = regex.compile(
        rf"[ \u00a0]*(?P<unit>{alternation(list(units))})(?![\p{{L}}\p{{N}}])", regex.IGNORECASE
    )
    return pattern, units


def _qualifiers(config: Config) -> tuple[regex.Pattern, dict[str, str], regex.Pattern,
                                         dict[str, str]]:
    """Qualifiers before the figure (matched against the text that ends where it
    starts) and after it (matched where it ends)."""
    names = {w.lower(): name for name, words in config["qualifiers"].items() for w in words}
    fillers = alternation(config["qualifier_fillers"])
    before = regex.compile(
        rf"(?<!{WORD_CHAR})(?P<q>{alternation(list(names))})(?:\s+(?:{fillers}))?\s*$",
        regex.IGNORECASE,
    )
    after_names = {w.lower(): name for name, words in config["qualifiers_after"].items()
                   for w in words}
    after = regex.compile(rf"[ \u00a0]*(?P<q>{alternation(list(after_names))})(?!{WORD_CHAR})")
    return before, names, after, after_names


def _weight_cues(config: Config) -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    """Money cues before and after a weight currency word, and weight words after it."""
    weak = config["weight_currencies"]
    before = regex.compile(
        rf"(?<!{WORD_CHAR})(?:{alternation(weak['cues_before'])})(?!{WORD_CHAR})", regex.IGNORECASE
    )

    def after(words: list[str]) -> regex.Pattern:
        return regex.compile(rf"\s+(?:{alternation(words)})(?!{WORD_CHAR})", regex.IGNORECASE)

    return before, after(weak["cues_after"]), after(weak["weight_after"])


def _percents(config: Config) -> tuple[regex.Pattern, regex.Pattern]:
    """A percent word after a number ("5 %", "5 pct"), and "per cent of" before one."""
    words = alternation(config["percent_words"])
    after = regex.compile(rf"[ \u00a0]*+(?:\n[ \t]*+)?(?:{words})(?![\p{{L}}\p{{N}}])",
                          regex.IGNORECASE)
    of = alternation(config["percent_of_words"])
    before = regex.compile(rf"(?<!{WORD_CHAR})(?P<p>{words})\s+(?:{of})\s+$", regex.IGNORECASE)
    return after, before


def build_lexicon(config: Config) -> Lexicon:
    """Compile the config's word lists and patterns."""
    scale, glued_scale, spaced_letter, scale_values = _scales(config)
    forms, prefix, prefix_ahead, suffix = _currencies(config)
    physical, physical_units = _physical(config)
    qualifier, qualifier_names, qualifier_after, qualifier_after_names = _qualifiers(config)
    weight_before, weight_money_after, weight_after = _weight_cues(config)
    percent, percent_of = _percents(config)
    nums = config["numbers"]
    negatives = [w for lang in LANGS for w in nums["spelled"][lang]["negatives"]]
    excl = config["exclusions"]
    return Lexicon(
        config=config,
        number=regex.compile(NUMBER),
        ordinal_values={lang: {w.lower(): float(v) for w, v in nums["ordinal_words"][lang].items()}
                        for lang in LANGS},
        scale=scale,
        glued_scale=glued_scale,
        spaced_letter=spaced_letter,
        scale_values=scale_values,
        letters=frozenset(w for s in config["scales"] if s.get("glued_only") for w in s["words"]),
        standalone=frozenset(w for s in config["scales"] for w in s.get("standalone", [])),
        currency_prefix=prefix,
        prefix_ends=frozenset(form[-1] for form in forms.prefixes + forms.scaled),
        currency_prefix_ahead=prefix_ahead,
        currency_suffix=suffix,
        currency_codes=forms.codes,
        currency_factor=forms.factors,
        minor_value={c["code"]: float(c["minor"]["value"]) for c in config["currencies"]
                     if "minor" in c},
        weight_words=frozenset(w.lower() for w in config["weight_currencies"]["words"]),
        weight_cue_before=weight_before,
        weight_cue_after=weight_money_after,
        weight_after=weight_after,
        percent=percent,
        percent_of=percent_of,
        sign_word=regex.compile(rf"(?<!{WORD_CHAR})(?:{alternation(negatives)})\s+$",
                                regex.IGNORECASE),
        negative_signs=frozenset(nums["negative_signs"]),
        physical=physical,
        physical_units=physical_units,
        count_stop=frozenset(w.lower() for lang in LANGS
                             for w in config["counts"]["stop_words"][lang]),
        qualifier=qualifier,
        qualifier_names=qualifier_names,
        qualifier_after=qualifier_after,
        qualifier_after_names=qualifier_after_names,
        exclusions=tuple(regex.compile(p) for p in excl["patterns"].values()),
        # Only whether one ends where the number starts matters: read right to left.
        preceding_excluded=regex.compile(
            rf"(?r)(?<!{WORD_CHAR})(?:{alternation(excl['preceding_words'])})\s*$"
        ),
        preceding_allowed=regex.compile(
            rf"(?r)(?<!{WORD_CHAR})(?:{alternation(excl['preceding_phrases'])})\s*$"
        ),
    )


def excluded_spans(text: str, lex: Lexicon) -> list[tuple[int, int]]:
    """The stretches of `text` that exclusion patterns cover: disjoint and in order.
    Patterns run one by one: one alternation of them all scans several times slower."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(m.span() for p in lex.exclusions for m in p.finditer(text)):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


@lru_cache(maxsize=8)
def lexicon_for(config: Config) -> Lexicon:
    """The (cached) lexicon of a config."""
    return build_lexicon(config)
