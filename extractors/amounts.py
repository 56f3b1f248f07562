"""Find amounts in a sentence: money, percentages, counts and physical
quantities, with ranges, fractions and scale words.

A number token becomes a *piece* (optional currency sign, number, scale word,
unit); two pieces joined by a range connector become one range; a piece
without a unit becomes a count when a counted noun follows it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import lru_cache

import regex

from extractors.config import Config
from extractors.lexicon import WORD_CHAR, Lexicon, alternation, squash
from extractors.numbers import digit_count, parse_number

WORD_AFTER = regex.compile(r"\s*[\"“‘']?(?P<w>\p{L}[\p{L}\p{M}'’&-]*)")
PREV_WORD = regex.compile(r"(?P<w>[\p{L}\p{M}\p{N}.&'’-]+)\s+$")
MEASURE_WORD = regex.compile(r"\s*[\"“‘']?\s*(?P<w>[\p{L}\p{N}][\p{L}\p{M}\p{N}'’&/-]*)")


@dataclass
class Piece:
    """A number with what is glued to it."""

    start: int
    num_start: int
    num_end: int
    end: int
    number: float
    value: float
    scale: float | None = None
    unit: str | None = None
    family: str | None = None
    is_word: bool = False
    is_year: bool = False
    value_high: float | None = None
    rules: list[str] = field(default_factory=list)


@dataclass
class Amount:
    """A figure's span, value and unit, before context is read."""

    start: int
    end: int
    num_start: int
    value: float
    unit: str
    family: str
    rule: str
    value_high: float | None = None
    measure: str = ""


@dataclass(frozen=True)
class Token:
    """A written number: digits or a number word."""

    start: int
    end: int
    text: str
    is_word: bool


@lru_cache(maxsize=8)
def _range_patterns(config: Config) -> tuple[regex.Pattern, regex.Pattern, regex.Pattern]:
    r = config["ranges"]
    words = [c for c in r["connectors"] if c[0].isalpha()] + r["and_words"]
    marks = [c for c in r["connectors"] if not c[0].isalpha()]
    connector = regex.compile(
        rf"\s*(?:(?P<mark>{alternation(marks)})|(?<!{WORD_CHAR})(?P<word>{alternation(words)})"
        rf"(?!{WORD_CHAR}))\s*"
    )
    between = regex.compile(rf"(?<!{WORD_CHAR})(?:{alternation(r['between_words'])})\s+$")
    change = regex.compile(rf"(?<!{WORD_CHAR})(?:{alternation(r['change_words'])})\s+$")
    return connector, between, change


@lru_cache(maxsize=8)
def _date_words(config: Config) -> regex.Pattern:
    return regex.compile(rf"(?<!{WORD_CHAR})(?:{alternation(config['counts']['date_words'])})\s+$")


class AmountFinder:
    """Finds the amounts of one sentence, given spans already taken."""

    def __init__(self, lex: Lexicon, text: str, start: int, end: int, lang: str,
                 taken: list[tuple[int, int]], excluded: list[tuple[int, int]]):
        self.lex = lex
        self.config = lex.config
        self.text = text
        self.start = start
        self.end = end
        self.lang = lang
        marks = self.config["languages"][lang]
        self.decimal_mark = marks["decimal_mark"]
        self.group_mark = marks["group_mark"]
        self.taken = list(taken)
        self.excluded = excluded
        self.stop = lex.count_stop["vi"] | lex.count_stop["en"]
        self.last_currency: tuple[str, int] | None = None

    # --- tokens -----------------------------------------------------------

    def tokens(self) -> list[Token]:
        """Digit tokens, and number words of the sentence's language."""
        text, s, e = self.text, self.start, self.end
        found = [Token(m.start(), m.end(), m.group(), False)
                 for m in self.lex.number.finditer(text, s, e)]
        found += [Token(m.start(), m.end(), m.group(), True)
                  for m in self.lex.number_word[self.lang].finditer(text, s, e)]
        return sorted(found, key=lambda t: t.start)

    def token_value(self, tok: Token) -> float | None:
        if tok.is_word:
            return self.lex.number_word_values[self.lang].get(tok.text.lower())
        if digit_count(tok.text) > self.config["numbers"]["max_digits"]:
            return None
        return parse_number(tok.text, self.decimal_mark, self.group_mark)

    # --- main loop ---------------------------------------------------------

    def find(self) -> list[Amount]:
        """All amounts of the sentence, in text order."""
        toks = self.tokens()
        amounts: list[Amount] = []
        i = 0
        while i < len(toks):
            tok = toks[i]
            i += 1
            if self._overlaps(tok.start, tok.end, self.taken):
                continue
            amount, used = self._amount_at(tok, toks[i:] if i < len(toks) else [])
            i += used
            if amount is not None:
                amounts.append(amount)
                self.taken.append((amount.start, amount.end))
                if amount.family == "money":
                    self.last_currency = (amount.unit, amount.end)
        return amounts

    def _amount_at(self, tok: Token, rest: list[Token]) -> tuple[Amount | None, int]:
        """The amount starting at a token, and how many following tokens it used."""
        fraction, used = self._fraction(tok, rest)
        if fraction is not None:
            return fraction, used
        if self._overlaps(tok.start, tok.end, self.excluded) or self._is_identifier(tok):
            return None, 0
        piece = self.piece(tok)
        if piece is None:
            return None, 0
        used = 0
        if rest:
            ranged = self._range(piece, rest[0])
            if ranged is not None:
                piece, used = ranged, 1
        return self._finish(piece), used

    # --- pieces ------------------------------------------------------------

    def piece(self, tok: Token, currency_hint: str | None = None) -> Piece | None:
        """Number token plus currency sign, scale word and unit around it."""
        value = self.token_value(tok)
        if value is None:
            return None
        text, lex = self.text, self.lex
        piece = Piece(tok.start, tok.start, tok.end, tok.end, value, value, is_word=tok.is_word)
        prefix = lex.currency_prefix.search(text, max(self.start, tok.start - 8), tok.start)
        if prefix and not tok.is_word:
            piece.start = prefix.start()
            piece.unit, piece.family = lex.currency_codes[squash(prefix.group("cur"))], "money"
            piece.rules.append("money.sign")
        self._read_scale(piece, currency_hint or piece.unit)
        if piece.family is None:
            self._read_unit(piece)
        piece.is_year = self._looks_like_year(tok, piece)
        if tok.is_word and piece.scale is None and piece.family is None:
            return None  # "two countries", "tư tới": number words need a scale or unit
        return piece

    def _read_scale(self, piece: Piece, currency: str | None) -> None:
        text, lex, pos = self.text, self.lex, piece.end
        glued = lex.glued_scale.match(text, pos, self.end)
        word = None
        if glued and (glued.group("scale").lower() not in lex.glued_only or currency):
            word, piece.end = glued.group("scale"), glued.end()
        else:
            spaced = lex.scale.match(text, pos, self.end)
            if spaced:
                word, piece.end = spaced.group("scale"), spaced.end()
        if word is not None:
            piece.scale = lex.scale_values[squash(word).lower()]
            piece.value = piece.number * piece.scale
            piece.rules.append("scale")

    def _read_unit(self, piece: Piece) -> None:
        text, lex, pos, end = self.text, self.lex, piece.end, self.end
        if m := lex.currency_suffix.match(text, pos, end):
            cur = squash(m.group("cur"))
            piece.unit = lex.currency_codes.get(cur) or lex.currency_codes[cur.lower()]
            piece.family, piece.end = "money", m.end()
            piece.rules.append("money.code")
        elif m := lex.percent.match(text, pos, end):
            piece.unit, piece.family, piece.end = "%", "percent", m.end()
            piece.rules.append("percent")
        elif m := lex.physical.match(text, pos, end):
            piece.unit = lex.physical_units[squash(m.group("unit")).lower()]
            piece.family, piece.end = "physical", m.end()
            piece.rules.append("physical")

    def _looks_like_year(self, tok: Token, piece: Piece) -> bool:
        nums = self.config["numbers"]
        return (not tok.is_word and tok.text.isdigit() and len(tok.text) == 4
                and nums["year_min"] <= piece.number <= nums["year_max"]
                and piece.family is None and piece.scale is None)

    # --- identifiers ---------------------------------------------------------

    def _is_identifier(self, tok: Token) -> bool:
        """Numbers inside names and codes: "5G", "TOP500", "Covid-19", "UNOC 3"."""
        if tok.is_word:
            return False
        text, s, e = self.text, tok.start, tok.end
        before = text[s - 1] if s > self.start else " "
        before2 = text[s - 2] if s - 1 > self.start else " "
        after = text[e] if e < self.end else " "
        after2 = text[e + 1] if e + 1 < self.end else " "
        if len(tok.text) > 1 and tok.text[0] == "0" and tok.text[1].isdigit():
            return True
        if after in ".," and after2.isdigit():
            return True
        if after == "-" and after2.isalpha():
            return True
        if before in "_#@" or (before in "-/." and before2.isalpha()):
            return True
        glued_before = before.isalpha()
        glued_after = after.isalpha() and not self._unit_glued(e)
        if glued_after or (glued_before and not self._has_unit_after(tok)):
            return True
        lo = max(self.start, s - 20)
        if self.lex.preceding_excluded.search(text, lo, s) and not (
                self.lex.preceding_allowed.search(text, lo, s)):
            return True
        return self._after_name(tok)

    def _unit_glued(self, pos: int) -> bool:
        """True when letters right after a number are a scale or unit ("3.3bn", "50%")."""
        text, lex = self.text, self.lex
        return any(p.match(text, pos, self.end) for p in
                   (lex.glued_scale, lex.currency_suffix, lex.percent, lex.physical))

    def _has_unit_after(self, tok: Token) -> bool:
        piece = self.piece(tok)
        return piece is not None and (piece.family is not None or piece.scale is not None)

    def _after_name(self, tok: Token) -> bool:
        """"UNOC 3", "PMU 18", "iPhone 8": a capitalised word (not the first of
        the sentence, not a cue word) right before a number with no unit."""
        m = PREV_WORD.search(self.text, max(self.start, tok.start - 40), tok.start)
        if not m or m.start() <= self.start:
            return False
        word = m.group("w")
        if not any(ch.isupper() for ch in word) or word.lower() in self.lex.qualifier_names:
            return False
        return not self._has_unit_after(tok)

    # --- ranges and fractions ------------------------------------------------

    def _range(self, first: Piece, nxt: Token) -> Piece | None:
        """first + connector + next token as one range, if they form one."""
        connector, between, change = _range_patterns(self.config)
        m = connector.match(self.text, first.end, self.end)
        if not m:
            return None
        prefix = self.lex.currency_prefix.search(self.text, m.end(), nxt.start)
        if nxt.start != m.end() and not (prefix and prefix.end() == nxt.start):
            return None
        before = self.text[max(self.start, first.start - 20):first.start]
        word = (m.group("word") or "").lower()
        if word in [w.lower() for w in self.config["ranges"]["and_words"]]:
            if not between.search(before):
                return None
        elif word and change.search(before):
            return None
        second = self.piece(nxt, currency_hint=first.unit)
        if second is None or first.is_year or second.is_year:
            return None
        return self._merge(first, second)

    def _merge(self, first: Piece, second: Piece) -> Piece | None:
        if first.family and first.family != second.family:
            return None
        if first.unit and second.unit and first.unit != second.unit:
            return None
        low = first.value if first.scale or not second.scale else first.number * second.scale
        if not low < second.value:
            return None
        return replace(first, end=second.end, value=low, value_high=second.value,
                       unit=second.unit or first.unit, family=second.family or first.family,
                       scale=first.scale or second.scale,
                       rules=sorted(set(first.rules + second.rules)) + ["range"])

    def _fraction(self, tok: Token, rest: list[Token]) -> tuple[Amount | None, int]:
        """ "9/11 dự án": the numerator of a whole, over both numbers (one token
        used). "2.477/10.825 tỷ đồng": money, so the numerator alone, with the
        whole's scale and currency; the whole follows as a figure of its own."""
        amount = self._fraction_amount(tok, rest)
        if amount is None or amount.family != "money":
            return amount, 1
        return replace(amount, end=tok.end), 0

    def _fraction_amount(self, tok: Token, rest: list[Token]) -> Amount | None:
        if tok.is_word or not rest or self.text[tok.end:tok.end + 1] != "/":
            return None
        nxt = rest[0]
        if nxt.is_word or nxt.start != tok.end + 1 or self.text[nxt.end:nxt.end + 1] == "/":
            return None
        if _date_words(self.config).search(self.text, max(self.start, tok.start - 12), tok.start):
            return None
        num, whole = self.token_value(tok), self.piece(nxt)
        if num is None or whole is None or num > whole.number or whole.is_year:
            return None
        piece = replace(whole, start=tok.start, num_start=tok.start, number=num,
                        value=num * (whole.scale or 1), rules=whole.rules + ["fraction"])
        if piece.family is None and not self._counted_noun(piece.end):
            return None
        return self._finish(piece)

    # --- finishing -------------------------------------------------------------

    def _finish(self, piece: Piece) -> Amount | None:
        """Unit for a piece that has none (count, inherited currency), or None."""
        if piece.family == "physical" and not self.config["physical"]["enabled"]:
            return None
        if piece.family is None:
            if piece.is_year:
                return None
            if piece.scale and self._inherited_currency(piece):
                piece.unit, piece.family = self._inherited_currency(piece), "money"
                piece.rules.append("money.inherited")
        measure = ""
        if piece.family is None:
            noun = None if piece.is_word else self._counted_noun(piece.end)
            if noun:
                measure, piece.end = noun
                piece.rules.append("count.noun")
            elif piece.scale:
                piece.rules.append("count.scaled")
            elif self._bare_count(piece):
                piece.rules.append("count.bare")
            else:
                return None
            piece.unit, piece.family = "count", "count"
        return Amount(piece.start, piece.end, piece.num_start, piece.value, piece.unit,
                      piece.family, "+".join(dict.fromkeys(piece.rules)), piece.value_high, measure)

    def _inherited_currency(self, piece: Piece) -> str | None:
        """ "46.8 billion in 1985" after "44.5 billion dlrs": the same currency."""
        if self.last_currency and piece.start - self.last_currency[1] < 200:
            return self.last_currency[0]
        return None

    def _bare_count(self, piece: Piece) -> bool:
        if piece.is_word:
            return False
        written = self.text[piece.num_start:piece.num_end]
        grouped = self.group_mark in written and piece.number >= 1000
        return grouped or piece.number >= 10 * self.config["counts"]["bare_min"]

    def _counted_noun(self, pos: int) -> tuple[str, int] | None:
        """The noun a number counts ("50,000 AI engineers"), as (measure, end)."""
        m = WORD_AFTER.match(self.text, pos, self.end)
        if not m:
            return None
        first = m.group("w").lower()
        nxt = WORD_AFTER.match(self.text, m.end(), self.end)
        pair = f"{first} {nxt.group('w').lower()}" if nxt else ""
        if first in self.stop or pair in self.stop or first in self.lex.scale_values:
            return None
        words, end, cur = [], m.end(), pos
        limit = int(self.config["counts"]["measure_words"])
        while len(words) < limit:
            w = MEASURE_WORD.match(self.text, cur, self.end)
            if not w or w.group("w")[0].isdigit() or (words and self._ends_noun(w, cur)):
                break
            words.append(w.group("w"))
            cur = w.end()
        return " ".join(words), max(end, cur if words else end)

    def _ends_noun(self, word: regex.Match, pos: int) -> bool:
        """A word after the counted noun's first that is no longer part of it: a
        stop word, or one after a quote mark ("phần mềm” và")."""
        w = word.group("w").lower()
        nxt = WORD_AFTER.match(self.text, word.end(), self.end)
        pair = f"{w} {nxt.group('w').lower()}" if nxt else ""
        return (w in self.stop or pair in self.stop
                or not self.text[pos:word.start("w")].isspace())

    @staticmethod
    def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
        return any(s < end and start < e for s, e in spans)
