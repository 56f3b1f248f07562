"""Read one written number — digits, number words or both — into its value.

    "thirty-five thousand"                       35000
    "4 thousand 3 hundred and 21"                4321
    "hai mươi mốt nghìn không trăm mười một"     21011
    "1 tỷ 200 triệu"                             1.2e9
    "two thirds of a million", "triệu rưỡi"      666666.67, 1.5e6
    "five and a half million", "3 million and a half"
    "five point five", "2 chấm 23"               5.5, 2.23
    "$5M", "1,2M", "100K"                        letter scales (rules in config.yaml)

The words and their roles are data (config.yaml `numbers.words` and
`numbers.spelled.<lang>`); this module knows only how the roles combine:

    below-hundred := tens [unit] | unit tens-marker [unit] | teen | unit
    group         := digits [hundreds] | [below-hundred] hundreds [joiner] [below-hundred]
                     | below-hundred
    fraction      := [article | below-hundred] fraction-word      ("two thirds", "a half")
    number        := (group | fraction [link]) (scale group?)*    scales strictly descending

A group after a scale word must be joined to it ("and", "lẻ"), hold a hundreds
word, or take a smaller scale; otherwise the number ends at the scale word
("1 triệu 2" is one million, then 2). Digits joined by "and" take no scale of
their own ("3 billion and 500 million" stays two numbers).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from functools import lru_cache

import regex

from extractors.config import Config
from extractors.lexicon import (
    NUMBER,
    WORD_CHAR,
    Lexicon,
    alternation,
    cased,
    compile_words,
    squash,
)
from extractors.numbers import digit_count, parse_number

# The roles of numbers.spelled.<lang> and the kind of word each gives.
VALUED = {"tens": "tens", "tens_markers": "tens_marker", "hundreds": "hundred",
          "bound_units": "bound_unit", "tail_units": "tail_unit", "half_after": "half_after"}
MARKERS = {"zeros": "zero", "joiners": "joiner", "zero_joiners": "zero_joiner",
           "points": "point", "articles": "article"}  # negatives: read by amounts.py
UNITS = ("unit", "bound_unit", "tail_unit", "zero")
SPACE = r"[ \t\u00a0]*+(?:\n[ \t]*+)?"
SKIP = regex.compile(SPACE)
DIGITS = regex.compile(rf"{SPACE}(?P<n>{NUMBER})")
NAME_NEXT = regex.compile(r"[ \t\u00a0]*+\p{Lu}")


@dataclass(slots=True)
class Atom:
    """One token of a number: digits, a scale word or a grammar word."""

    kind: str  # "digits", "scale" or a word kind (VALUED, MARKERS, "unit", "teen", "fraction")
    value: float
    start: int
    end: int
    hyphen: bool = False  # glued to the word before it by a hyphen
    text: str = ""


@dataclass(slots=True)
class Part:
    """A value read so far and where it ends."""

    value: float
    end: int
    words: int = 0  # number words in it
    digits: bool = False  # a digit token (maybe with a hundreds word)
    hundreds: bool = False  # holds a hundreds word
    bound: bool = False  # a bound unit ("năm") still waiting for its multiplier
    decimal: bool = False


@dataclass(slots=True)
class Numeral:
    """A number read from the text."""

    start: int
    end: int
    value: float
    scale: float | None  # the largest scale word in it
    words: int  # number words in it (0: digits and scale words only)
    decimal: bool  # written with a decimal part
    first_end: int  # end of its first token
    rules: tuple[str, ...]

    @property
    def number(self) -> float:
        """The value before its largest scale ("1,6 tỷ" -> 1.6)."""
        return self.value / self.scale if self.scale else self.value


@dataclass(frozen=True, eq=False)
class Grammar:
    """The number words of one language and what each does."""

    kinds: dict[str, tuple[str, float]]  # lower-case word -> (kind, value)
    word: regex.Pattern  # a grammar word after spaces or a hyphen
    starts: re.Pattern  # words a spelled number may begin with (one fast trie)
    # Start words that begin a number only before certain words: an article
    # before a scale or fraction ("a million"), a scale before a half ("triệu rưỡi").
    start_when: dict[str, regex.Pattern]
    link: regex.Pattern  # "of a" between a fraction and its scale
    bare: frozenset[str]  # fraction words that stand alone ("half")
    loose_units: bool
    hyphen: bool
    marks: tuple[str, str]  # decimal mark, group mark
    max_digits: int


def _kinds(config: Config, lang: str) -> dict[str, tuple[str, float]]:
    nums = config["numbers"]
    spec = nums["spelled"][lang]
    values = {w.lower(): float(v) for w, v in nums["words"][lang].items()}
    kinds: dict[str, tuple[str, float]] = {}
    for role, kind in VALUED.items():
        kinds |= {w.lower(): (kind, values[w.lower()]) for w in spec[role]}
    for role, kind in MARKERS.items():
        kinds |= {w.lower(): (kind, 0.0) for w in spec[role]}
    kinds |= {w.lower(): ("fraction", float(den)) for w, den in spec["fractions"].items()}
    for word, value in values.items():
        kinds.setdefault(word, ("unit" if value < 10 else "teen", value))
    return kinds


def _unit_words(config: Config) -> list[str]:
    """Currency, percent and physical unit words: what may follow a number."""
    words = [w for c in config["currencies"] for w in c["suffixes"] + c.get("minor", {}).get(
        "words", [])]
    words += config["percent_words"]
    return words + [w for ws in config["physical"]["units"].values() for w in ws]


@lru_cache(maxsize=16)
def grammar_for(config: Config, lang: str) -> Grammar:
    """The (cached) grammar of spelled numbers of one language."""
    spec = config["numbers"]["spelled"][lang]
    kinds = _kinds(config, lang)
    kinds_starting = ("unit", "teen", "tens", "bound_unit") + (
        ("hundred",) if spec["bare_hundreds"] else ())
    starting = [w for w, (k, _) in kinds.items() if k in kinds_starting]
    bare = [w.lower() for w in spec["fractions"] if w.lower() in
            {x.lower() for x in config["numbers"]["words"][lang]}]
    scales = [w for s in config["scales"] if not s.get("glued_only") for w in s["words"]]

    def before(words: list[str]) -> regex.Pattern:
        return regex.compile(rf"\s+(?:{alternation(words)})(?!{WORD_CHAR})", regex.IGNORECASE)

    multipliers = spec["tens_markers"] + spec["hundreds"] + scales
    after_article = before(scales + list(spec["fractions"]) + spec["hundreds"])
    start_when = {w.lower(): after_article for w in spec["articles"]}
    start_when |= {w.lower(): before(multipliers) for w in spec["bound_units"]}
    # A unit word alone is no figure: it starts one only before what can follow it.
    after_unit = regex.compile(
        rf"(?:-|\s+(?:{alternation(list(kinds) + scales + _unit_words(config))})"
        rf"(?![\p{{L}}\p{{N}}]))", regex.IGNORECASE)
    start_when |= {w: after_unit for w, (k, v) in kinds.items() if k == "unit"}
    if spec["half_after"]:
        start_when |= {squash(w).lower(): before(spec["half_after"]) for w in scales}
    # stdlib re, lower case, capitalised and upper case ("ONE BILLION DLRS"):
    # twice as fast as regex with IGNORECASE.
    words = starting + bare + list(start_when)
    starts = compile_words(cased(words) + [w.upper() for w in words])
    marks = config["languages"][lang]
    return Grammar(
        kinds=kinds,
        # A word after spaces or a hyphen, never glued to letters or digits ("4a").
        word=regex.compile(
            rf"(?:(?P<sep>-)|{SPACE}(?<!{WORD_CHAR}))(?P<w>{alternation(list(kinds))})(?!{WORD_CHAR})",
            regex.IGNORECASE),
        starts=starts,
        start_when=start_when,
        link=regex.compile(rf"\s++(?:{alternation(spec['fraction_links'])})(?!{WORD_CHAR})",
                           regex.IGNORECASE),
        bare=frozenset(bare),
        loose_units=spec["loose_units"],
        hyphen=spec["hyphen"],
        marks=(marks["decimal_mark"], marks["group_mark"]),
        max_digits=int(config["numbers"]["max_digits"]),
    )


def word_starts(grammar: Grammar, text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of the words in text[start:end] that may begin a spelled number."""
    found = []
    for m in grammar.starts.finditer(text, start, end):
        when = grammar.start_when.get(squash(m.group()).lower())
        if when is None or when.match(text, m.end(), end):
            found.append(m.span())
    return found


class Reader:
    """Reads numbers out of text[:limit] with one language's grammar."""

    def __init__(self, grammar: Grammar, lex: Lexicon, text: str, limit: int):
        self.g = grammar
        self.lex = lex
        self.text = text
        self.limit = limit
        self._atoms: dict[int, Atom | None] = {}
        self._digit_atoms: dict[int, Atom | None] = {}

    def know_digits(self, start: int, end: int, text: str, value: float | None) -> None:
        """A digit token found (and read) already: no need to match it again."""
        self._digit_atoms[start] = None if value is None else Atom("digits", value, start, end,
                                                                     text=text)

    # --- tokens ------------------------------------------------------------

    def atom(self, pos: int) -> Atom | None:
        """The token at `pos` (after white space), cached."""
        if pos not in self._atoms:
            self._atoms[pos] = self._atom(pos)
        return self._atoms[pos]

    def _atom(self, pos: int) -> Atom | None:
        text, end = self.text, self.limit
        nxt = SKIP.match(text, pos, end).end()
        if nxt >= end:
            return None
        ch = text[nxt]
        if ch.isdigit():
            return self._digit_atoms[nxt] if nxt in self._digit_atoms else self._digits(pos)
        if not (ch.isalpha() or ch == "-"):
            return None
        if m := self.lex.scale.match(text, pos, end):
            word = m.group("scale")
            return Atom("scale", self.lex.scale_values[squash(word).lower()], m.start("scale"),
                        m.end(), text=word)
        if m := self.g.word.match(text, pos, end):
            kind, value = self.g.kinds[m.group("w").lower()]
            return Atom(kind, value, m.start("w"), m.end(), m.group("sep") == "-", m.group("w"))
        return None

    def _digits(self, pos: int) -> Atom | None:
        text, end = self.text, self.limit
        if m := DIGITS.match(text, pos, end):
            raw = m.group("n")
            too_long = digit_count(raw) > self.g.max_digits
            value = None if too_long else parse_number(raw, *self.g.marks)
            return None if value is None else Atom("digits", value, m.start("n"), m.end(), text=raw)
        return None

    def _digits_alone(self, first: Atom) -> bool:
        """Digits that nothing extends: no letter glued to them and no number or
        scale word after them (the common case, read without the grammar)."""
        text, end = self.text, first.end
        if end < self.limit and (text[end].isalpha() or text[end] == "-"):
            return False
        if not first.value.is_integer() and self.lex.spaced_letter.match(text, end, self.limit):
            return False  # "2.33 k"
        return self.atom(end) is None or self.atom(end).kind == "digits"

    def role(self, pos: int, *kinds: str, hyphen: bool = False) -> Atom | None:
        """The token at `pos` if it is of one of `kinds` (hyphenated only if allowed)."""
        a = self.atom(pos)
        if a is None or a.kind not in kinds or (a.hyphen and not hyphen):
            return None
        return a

    # --- parts below a thousand ---------------------------------------------

    def below_hundred(self, pos: int) -> Part | None:
        """ "twenty-one", "hai mươi mốt", "mười lăm", "năm mươi", "seven"."""
        a = self.atom(pos)
        if a is None or a.hyphen:
            return None
        if a.kind == "tens":
            u = self.role(a.end, "unit", "tail_unit", hyphen=self.g.hyphen)
            if u and 1 <= u.value < 10:
                return Part(a.value + u.value, u.end, 2)
            return Part(a.value, a.end, 1)
        if a.kind in ("unit", "bound_unit"):
            marker = self.role(a.end, "tens_marker")
            if marker is None:
                return Part(a.value, a.end, 1, bound=a.kind == "bound_unit")
            u = self.role(marker.end, "unit", "tail_unit")
            if u and 1 <= u.value < 10:
                return Part(a.value * marker.value + u.value, u.end, 3)
            return Part(a.value * marker.value, marker.end, 2)
        if a.kind == "teen":
            return Part(a.value, a.end, 1)
        return None

    def group(self, pos: int) -> Part | None:
        """Below a thousand: digits, words, or either times a hundreds word."""
        a = self.atom(pos)
        if a is None or a.hyphen:
            return None
        if a.kind == "digits":
            h = self.role(a.end, "hundred")
            if h:  # "3 hundred", "5 trăm"
                return self._after_hundred(Part(a.value * h.value, h.end, 1, True, True), h.value)
            return Part(a.value, a.end, 0, digits=True, decimal=not a.value.is_integer())
        if a.kind == "hundred":  # "hundred thousand": only before a scale word
            return replace(self._after_hundred(Part(a.value, a.end, 1, hundreds=True), a.value),
                           bound=True)
        if a.kind in ("zero", "article"):  # "không trăm", "a hundred"
            h = self.role(a.end, "hundred")
            value = h.value if h and a.kind == "article" else 0.0
            return self._after_hundred(Part(value, h.end, 2, hundreds=True), h.value) if h else None
        low = self.below_hundred(pos)
        h = self.role(low.end, "hundred") if low else None
        if h is None:
            return low
        return self._after_hundred(Part(low.value * h.value, h.end, low.words + 1, hundreds=True),
                                   h.value)

    def _after_hundred(self, part: Part, hundred: float) -> Part:
        """ "hai trăm rưỡi", "two hundred and two", "một trăm lẻ năm", "hai trăm ba mươi"."""
        a = self.atom(part.end)
        if a is None or a.hyphen:
            return part
        low: Part | None = None
        if a.kind == "half_after":
            low = Part(hundred / 2, a.end, 1)
        elif a.kind == "joiner":
            low = self.below_hundred(a.end) or self._digits_below(a.end, hundred)
        elif a.kind == "zero_joiner":
            u = self.role(a.end, "unit", "bound_unit")
            low = Part(u.value, u.end, 1) if u else None
        else:
            low = self.below_hundred(part.end)
            if low and not self.g.loose_units and low.value < 10:
                low = None
        if low is None or low.bound or self.role(low.end, "hundred"):
            return part  # "3 hundred and 2 hundred": two numbers
        joined = a.kind in ("joiner", "zero_joiner")
        return replace(part, value=part.value + low.value, end=low.end,
                       words=part.words + low.words + joined)

    def _digits_below(self, pos: int, limit: float) -> Part | None:
        a = self.role(pos, "digits")
        if a and a.value.is_integer() and a.value < limit:
            return Part(a.value, a.end, digits=True)
        return None

    def fraction(self, pos: int) -> Part | None:
        """ "half", "a quarter", "three quarters", "two-thirds", "one half"."""
        a = self.atom(pos)
        if a is None or a.hyphen:
            return None
        if a.kind == "fraction":
            return Part(1 / a.value, a.end, 1) if a.text.lower() in self.g.bare else None
        if a.kind == "article":
            f = self.role(a.end, "fraction")
            return Part(1 / f.value, f.end, 2) if f else None
        num = self.below_hundred(pos)
        f = self.role(num.end, "fraction", hyphen=self.g.hyphen) if num and not num.bound else None
        return Part(num.value / f.value, f.end, num.words + 1) if f else None

    # --- scales ------------------------------------------------------------

    def _linked_scale(self, pos: int) -> Atom | None:
        """A scale word right after a fraction, maybe through a link ("half a million")."""
        if scale := self.role(pos, "scale"):
            return scale
        link = self.g.link.match(self.text, pos, self.limit)
        return self.role(link.end(), "scale") if link else None

    def _glued_scale(self, part: Part, raw: str, currency: bool) -> Atom | None:
        """A scale glued to digits ("3.3bn", "1tỷ", "10k"), or a letter after a space
        ("2.33 k"); letters only as config.yaml's scales say."""
        lex, text = self.lex, self.text
        ch = text[part.end] if part.end < self.limit else ""
        if ch.isalpha():
            m = lex.glued_scale.match(text, part.end, self.limit)
        elif part.decimal and ch.isspace():
            m = lex.spaced_letter.match(text, part.end, self.limit)
        else:
            return None
        if m is None:
            return None
        word = m.group("scale")
        if word in lex.letters and not self._letter_ok(word, m.end(), raw, part, currency):
            return None
        return Atom("scale", lex.scale_values[word.lower()], m.start("scale"), m.end(), text=word)

    def _letter_ok(self, word: str, end: int, raw: str, part: Part, currency: bool) -> bool:
        """ "$5M", "10k đồng", "10K$": with a currency; "1,2M", "100K users":
        standalone letters after a decimal part or two digits, not before a name
        ("256K DRAM", "3M", "4K TV" are names)."""
        if currency or self.lex.currency_suffix.match(self.text, end, self.limit):
            return True
        return (word in self.lex.standalone and (part.decimal or digit_count(raw) >= 2)
                and not NAME_NEXT.match(self.text, end, self.limit))

    def _after_scale(self, pos: int, last: float) -> tuple[bool, Part] | None:
        """What follows a scale word within the number: (more, part) where `more`
        says the part takes a smaller scale of its own, or None."""
        a = self.atom(pos)
        if a is None or a.hyphen:
            return None
        if a.kind == "half_after":  # "triệu rưỡi"
            return False, Part(last / 2, a.end, 1)
        if a.kind == "zero_joiner":  # "hai nghìn lẻ năm"
            u = self.role(a.end, "unit", "bound_unit")
            return (False, Part(u.value, u.end, 2)) if u else None
        if a.kind == "joiner":
            return self._joined(a.end, last)
        part = self.group(pos)
        if part is None or part.value >= last:
            return None
        nxt = self.role(part.end, "scale")
        if nxt and nxt.value < last:  # "1 tỷ 200 triệu", "one million two thousand"
            return True, part
        return (False, part) if part.hundreds and not part.bound and not nxt else None

    def _joined(self, pos: int, last: float) -> tuple[bool, Part] | None:
        """After "scale and": a fraction ("and a half", "and three quarters million")
        or a smaller group ("and two hundred", "and 21")."""
        if f := self.fraction(pos):
            scale = self._linked_scale(f.end)
            if scale is None:
                return False, replace(f, value=f.value * last, words=f.words + 1)
            if scale.value < last:
                return False, Part(f.value * scale.value, scale.end, f.words + 1)
            return None
        part = self.group(pos)
        if part is None or part.bound or part.digits or part.value >= last:
            return None  # digits after "and" are a number of their own: "3 million and 21 firms"
        nxt = self.role(part.end, "scale")
        if nxt is None:
            return False, replace(part, words=part.words + 1)
        return (True, replace(part, words=part.words + 1)) if nxt.value < last else None

    # --- whole numbers -------------------------------------------------------

    def read(self, pos: int, currency: bool = False) -> Numeral | None:
        """The number starting at `pos`; `currency`: a currency sign stands before it
        (letter scales then need no more evidence)."""
        first = self.atom(pos)
        if first is None or first.hyphen:
            return None
        if first.kind == "digits" and self._digits_alone(first):  # "15%", "50 dự án"
            decimal = not first.value.is_integer()
            return Numeral(first.start, first.end, first.value, None, 0, decimal, first.end, ())
        rules: list[str] = []
        head = self._head(pos, first, rules)
        if head is None:
            return None
        part, scale = head
        if scale is None and first.kind == "digits" and part.digits and not part.hundreds:
            scale = self._glued_scale(part, first.text, currency)
            rules += ["scale.letter"] if scale and scale.text in self.lex.letters else []
        value, end, words, top = self._scaled(part, scale)
        if top is None and (part.bound or part.words == 0 and first.kind != "digits"):
            return None
        if top:
            rules.append("scale")
        if words:
            rules.insert(0, "spelled")
        return Numeral(first.start, end, value, top, words, part.decimal, first.end, tuple(rules))

    def _head(self, pos: int, first: Atom, rules: list[str]) -> tuple[Part, Atom | None] | None:
        """The first term and the scale word right after it, if any."""
        if first.kind == "scale":  # "triệu rưỡi": one, then the scale and its half
            return (Part(1.0, first.start), first) if self.role(first.end, "half_after") else None
        if first.kind == "article" and (scale := self.role(first.end, "scale")):
            return Part(1.0, first.end, 1), scale  # "a million"
        if f := self.fraction(pos):
            rules.append("fraction")
            scale = self._linked_scale(f.end)
            if scale is None and f.words < 2:
                return None
            return f, scale
        part = self.group(pos)
        if part is None:
            return None
        part = self._decimal(part, rules) or self._mixed(part, rules) or part
        return part, self.role(part.end, "scale")

    def _decimal(self, part: Part, rules: list[str]) -> Part | None:
        """ "five point five", "2 chấm 23", "một chấm ba"."""
        if part.hundreds or part.decimal or (part.digits and not part.value.is_integer()):
            return None
        point = self.role(part.end, "point")
        if point is None:
            return None
        digits, end, words = "", point.end, part.words + 1
        a = self.role(end, "digits")
        if a and a.text.isdigit():
            digits, end = a.text, a.end
        else:
            while (a := self.role(end, *UNITS)) and a.value < 10 and a.value.is_integer():
                digits, end, words = digits + str(int(a.value)), a.end, words + 1
        if not digits:
            return None
        rules.append("point")
        return Part(part.value + float(f"0.{digits}"), end, words, decimal=True)

    def _mixed(self, part: Part, rules: list[str]) -> Part | None:
        """ "five and a half (million)": a whole and a fraction below one."""
        joiner = self.role(part.end, "joiner")
        f = self.fraction(joiner.end) if joiner and not part.hundreds else None
        if f is None or f.value >= 1:
            return None
        rules.append("fraction")
        return replace(part, value=part.value + f.value, end=f.end, words=part.words + f.words + 1)

    def _scaled(self, part: Part, scale: Atom | None) -> tuple[float, int, int, float | None]:
        """(value, end, number words, largest scale) of a first term and the scale
        words and groups after it, largest scale first."""
        cur, total, last, top = part.value, 0.0, math.inf, None
        end, words, tail = part.end, part.words, False
        while scale is not None and scale.value < last:
            total += cur * scale.value
            last, end, top, tail = scale.value, scale.end, top or scale.value, False
            step = self._after_scale(end, last)
            if step is None:
                break
            more, nxt = step
            words += nxt.words
            if not more:
                total, end, tail = total + nxt.value, nxt.end, True
                break
            cur, end = nxt.value, nxt.end
            scale = self.role(end, "scale")
        if top is None:
            return cur, end, words, None
        f = self.role(end, "fraction") if tail and words else None
        if f:  # "one million two thousand two hundred three fifths"
            return total / f.value, f.end, words + 1, top
        return total, end, words, top

