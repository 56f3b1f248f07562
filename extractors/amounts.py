"""Find amounts in a sentence: money, percentages, counts and physical
quantities, with ranges, fractions, signs and scale words.

A written number (digits, number words or both: extractors/spelled.py) becomes
a *piece* with what is glued to it (sign, currency sign or code, unit); two
pieces joined by a range connector become one range; a piece without a unit
becomes a count when a counted noun follows it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field, replace
from functools import lru_cache

import regex

from extractors.config import Config
from extractors.lexicon import WORD_CHAR, Lexicon, alternation, squash
from extractors.numbers import digit_count, parse_number
from extractors.spelled import Numeral, Reader, grammar_for, word_starts

WORD_AFTER = regex.compile(r"\s*[\"“‘']?(?P<w>\p{L}[\p{L}\p{M}'’&-]*)")
# The word before a number, read right to left from it (the same match as left
# to right, without trying every start in the window).
PREV_WORD = regex.compile(r"(?r)(?P<w>[\p{L}\p{M}\p{N}.&'’-]+)\s+$")
MEASURE_WORD = regex.compile(r"\s*[\"“‘']?\s*(?P<w>[\p{L}\p{N}][\p{L}\p{M}\p{N}'’&/-]*)")
# What may follow a number that ends its clause: "15 dollars 50.", "per cent of 22".
CLAUSE_END = regex.compile(r"[ \t\u00a0]*+(?:[.,;:!?)\]”\"]|$)")


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
    factor: float = 1.0  # units of the currency per unit written ("cents": 0.01)
    words: int = 0  # number words it is written with
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


@dataclass(slots=True)
class Token:
    """Where a written number may start: digits or a number word. Never changed
    once made (not frozen, as grammar.Word)."""

    start: int
    end: int
    text: str
    is_word: bool


class SpanSet:
    """Spans (start, end) kept in order of start, asked whether any overlaps a
    stretch: only the spans that can reach it are read, so a sentence of
    hundreds of figures ("30% 30% 30% ...") stays linear."""

    def __init__(self, spans: list[tuple[int, int]]):
        self._spans = sorted(spans)
        self._starts = [s for s, _ in self._spans]
        self._longest = max((e - s for s, e in self._spans), default=0)

    def add(self, start: int, end: int) -> None:
        at = bisect.bisect_right(self._spans, (start, end))
        self._spans.insert(at, (start, end))
        self._starts.insert(at, start)
        self._longest = max(self._longest, end - start)

    def near(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans that start before `end` and may end after `start`."""
        if not self._spans:
            return []
        lo = bisect.bisect_left(self._starts, start - self._longest)
        return self._spans[lo:bisect.bisect_left(self._starts, end, lo)]

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self.near(start, end))

    def last_end(self, lo: int, pos: int) -> int:
        """The greatest of `lo` and the ends of spans that end by `pos`."""
        return max([lo] + [e for _, e in self.near(lo, pos + 1) if e <= pos])


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


@lru_cache(maxsize=8)
def _money_nouns(config: Config) -> regex.Pattern:
    """Nouns that money measures (the kinds' investment and money-statistic cues)."""
    k = config["kinds"]
    words = [w for name in ("investment_cues", "money_statistic_cues") for lang in ("vi", "en")
             for w in k[name][lang]]
    return regex.compile(rf"(?:{alternation(words)})(?!{WORD_CHAR})", regex.IGNORECASE)


@lru_cache(maxsize=8)
def _minor_joint(config: Config) -> regex.Pattern:
    """What stands between an amount and its hundredths: "3 dollars 50", "2 đô la và 23 xen"."""
    return regex.compile(rf"\s++(?:(?:{alternation(config['ranges']['and_words'])})\s++)?",
                         regex.IGNORECASE)


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
        self.taken = SpanSet(taken)
        self.excluded = SpanSet(excluded)
        self.stop = lex.count_stop
        self.windows = self.config["windows"]
        self.last_currency: tuple[str, int] | None = None
        self.grammar = grammar_for(self.config, lang)
        self.reader = Reader(self.grammar, lex, text, end)
        self._pieces: dict[tuple[int, str | None], Piece | None] = {}
        self._toks: list[Token] = []
        self._starts: list[int] = []

    # --- tokens -----------------------------------------------------------

    def tokens(self) -> list[Token]:
        """Digit tokens, and the words a spelled number of the sentence's language
        may start with."""
        text, s, e = self.text, self.start, self.end
        found = [Token(m.start(), m.end(), m.group(), False)
                 for m in self.lex.number.finditer(text, s, e)]
        found += [Token(a, b, text[a:b], True) for a, b in word_starts(self.grammar, text, s, e)]
        return sorted(found, key=lambda t: t.start)

    def token_value(self, tok: Token) -> float | None:
        """Value of a digit token alone."""
        if tok.is_word or digit_count(tok.text) > self.config["numbers"]["max_digits"]:
            return None
        return parse_number(tok.text, self.decimal_mark, self.group_mark)

    def _token_at(self, pos: int) -> Token | None:
        """The first token starting at or after `pos`."""
        i = bisect.bisect_left(self._starts, pos)
        return self._toks[i] if i < len(self._toks) else None

    # --- main loop ---------------------------------------------------------

    def find(self) -> list[Amount]:
        """All amounts of the sentence, in text order."""
        self._toks = self.tokens()
        self._starts = [t.start for t in self._toks]
        for tok in self._toks:
            if not tok.is_word:
                self.reader.know_digits(tok.start, tok.end, tok.text, self.token_value(tok))
        amounts: list[Amount] = []
        read_to = self.start
        for tok in self._toks:
            if tok.start < read_to or self.taken.overlaps(tok.start, tok.end):
                continue
            amount, read_to = self._amount_at(tok)
            if amount is not None:
                amounts.append(amount)
                self.taken.add(amount.start, amount.end)
                if amount.family == "money":
                    self.last_currency = (amount.unit, amount.end)
        return amounts

    def _amount_at(self, tok: Token) -> tuple[Amount | None, int]:
        """The amount starting at a token, and where the tokens it read end."""
        fraction, read_to = self._fraction(tok)
        if fraction is not None:
            return fraction, read_to
        if self.excluded.overlaps(tok.start, tok.end) or self._is_identifier(tok):
            return None, tok.end
        piece = self.piece(tok)
        if piece is None:
            return None, tok.end
        piece = self._range(piece) or piece
        return self._finish(piece), piece.end

    # --- pieces ------------------------------------------------------------

    def piece(self, tok: Token, currency_hint: str | None = None) -> Piece | None:
        """Number starting at a token plus sign, currency, scale and unit around it (cached)."""
        key = (tok.start, currency_hint)
        if key not in self._pieces:
            self._pieces[key] = self._read_piece(tok, currency_hint)
        return self._pieces[key]

    def _read_piece(self, tok: Token, currency_hint: str | None) -> Piece | None:
        prefix = None if tok.is_word else self._prefix(tok)
        code = self._code(prefix.group("cur")) if prefix else None
        num = self.reader.read(tok.start, currency=bool(code or currency_hint))
        if num is None or self.taken.overlaps(num.start, num.end):
            return None
        piece = Piece(tok.start, tok.start, num.first_end, num.end, num.number, num.value,
                      scale=num.scale, is_word=tok.is_word, words=num.words,
                      rules=list(num.rules))
        if prefix:
            piece.start, piece.unit, piece.family = prefix.start(), code, "money"
            piece.rules.append("money.sign")
            self._apply_factor(piece, squash(prefix.group("cur")))
            self._minor_part(piece)
        else:
            self._read_unit(piece)
            self._percent_before(piece)
        self._read_sign(piece)
        piece.is_year = self._looks_like_year(tok, num, piece)
        return piece

    def _prefix(self, tok: Token) -> regex.Match | None:
        """A currency sign or code ending where the number starts (or one space
        before it), not inside a figure."""
        lo = self.taken.last_end(max(self.start, tok.start - 8), tok.start)
        i = tok.start - 1
        if i >= lo and self.text[i] in " \u00a0":
            i -= 1
        if i < lo or self.text[i] not in self.lex.prefix_ends:
            return None
        return self.lex.currency_prefix.search(self.text, lo, tok.start)

    def _code(self, form: str) -> str:
        form = squash(form)
        return self.lex.currency_codes.get(form) or self.lex.currency_codes[form.lower()]

    def _apply_factor(self, piece: Piece, form: str) -> None:
        """ "30 MUSD", "MAUD 60": millions of the code; "50 cents": hundredths."""
        factor = self.lex.currency_factor.get(form) or self.lex.currency_factor.get(form.lower())
        if factor is None:
            return
        piece.value *= factor
        if factor > 1:
            piece.scale = piece.scale or factor
            piece.rules.append("money.scaled_code")
        else:
            piece.factor = factor
            piece.rules.append("money.minor")

    def _read_unit(self, piece: Piece) -> None:
        text, lex, pos, end = self.text, self.lex, piece.end, self.end
        m = lex.currency_suffix.match(text, pos, end)
        if m and not self._weighs(piece, m):
            form = squash(m.group("cur"))
            piece.unit, piece.family, piece.end = self._code(form), "money", m.end()
            piece.rules.append("money.code")
            self._apply_factor(piece, form)
            self._scale_after_code(piece)
            self._minor_part(piece)
        elif m := lex.percent.match(text, pos, end):
            piece.unit, piece.family, piece.end = "%", "percent", m.end()
            piece.rules.append("percent")
        elif m := lex.physical.match(text, pos, end):
            piece.unit = lex.physical_units[squash(m.group("unit")).lower()]
            piece.family, piece.end = "physical", m.end()
            piece.rules.append("physical")

    def _weighs(self, piece: Piece, cur: regex.Match) -> bool:
        """ "25 pounds of sugar", "over two pounds": a weight, not money
        (config.yaml weight_currencies)."""
        lex, text = self.lex, self.text
        weak = self.config["weight_currencies"]
        form = squash(cur.group("cur")).lower()
        if form not in lex.weight_words or self.lang not in weak["langs"]:
            return False
        if lex.weight_cue_after.match(text, cur.end(), self.end):
            return False
        if lex.weight_after.match(text, cur.end(), self.end):
            return True  # "2 million pounds of beef"
        if piece.scale:
            return False
        lo = max(self.start, piece.start - int(weak["window"]))
        return not lex.weight_cue_before.search(text, lo, piece.start)

    def _scale_after_code(self, piece: Piece) -> None:
        """ "75 USD million": a scale word after the currency code."""
        if piece.scale is not None or piece.factor != 1:
            return
        m = self.lex.scale.match(self.text, piece.end, self.end)
        if m:
            piece.scale = self.lex.scale_values[squash(m.group("scale")).lower()]
            piece.value, piece.end = piece.value * piece.scale, m.end()
            piece.rules.append("scale")

    def _minor_part(self, piece: Piece) -> None:
        """ "3 dollars 50 cents", "2 đô la và 23 xen", "15 dollars 50.", "c$ 100 and
        fifty": the hundredths after a whole amount of a currency that has them."""
        code = piece.unit
        if piece.scale or piece.factor != 1 or code not in self.lex.minor_value:
            return
        _, between, _ = _range_patterns(self.config)
        lead = self.windows["range_lead"]
        if between.search(self.text, max(self.start, piece.start - lead), piece.start):
            return  # "between $10 and 20": a range
        joint = _minor_joint(self.config).match(self.text, piece.end, self.end)
        num = self.reader.read(joint.end()) if joint else None
        if num is None or num.scale or not num.value.is_integer() or not 1 <= num.value < 100:
            return
        if not num.words and num.end - num.start != 2:
            return  # digits: exactly two ("17 USD 25")
        unit = self.lex.currency_suffix.match(self.text, num.end, self.end)
        factor = self.lex.currency_factor.get(squash(unit.group("cur")).lower()) if unit else None
        if factor is not None and factor < 1:
            end = unit.end()
        elif self._clause_ends(num.end, num.words > 0):
            end = num.end
        else:
            return
        piece.value += num.value * self.lex.minor_value[code]
        piece.end = end
        piece.rules.append("money.minor")

    def _clause_ends(self, pos: int, stop_word_too: bool = False) -> bool:
        """Whether nothing but punctuation (or, if allowed, a stop word such as
        "and") follows `pos` in its clause."""
        if CLAUSE_END.match(self.text, pos, self.end):
            return True
        if not stop_word_too:
            return False
        m = WORD_AFTER.match(self.text, pos, self.end)
        return bool(m) and m.group("w").lower() in self.stop

    def _percent_before(self, piece: Piece) -> None:
        """ "per cent of 22", "percent of 10": a percent word before the number
        (not one that belongs to a figure before it) and nothing after it."""
        if piece.family is not None or not self.text[piece.start - 1:piece.start].isspace():
            return
        lo = max(self.start, piece.start - self.windows["percent_of_before"])
        m = self.lex.percent_of.search(self.text, lo, piece.start)
        if (m and not self.taken.overlaps(m.start("p"), m.end("p"))
                and self._clause_ends(piece.end)):
            piece.start, piece.unit, piece.family = m.start(), "%", "percent"
            piece.rules.append("percent.of")

    def _read_sign(self, piece: Piece) -> None:
        """ "-1.2%", "−3 tỷ", "minus 3 percent", "âm 1,5%": a printed sign makes the
        value negative; a hyphen after another number is a range ("7,5-8%")."""
        text, s = self.text, piece.start
        m = None
        if s > self.start and text[s - 1].isspace():
            m = self.lex.sign_word.search(text, max(self.start, s - 12), s)
        if m:
            start = m.start()
        elif s > self.start and text[s - 1] in self.lex.negative_signs and self._sign_glued(s - 1):
            start = s - 1
        else:
            return
        piece.start, piece.value, piece.number = start, -piece.value, -piece.number
        piece.rules.append("sign")

    def _sign_glued(self, i: int) -> bool:
        """A sign at `i` stands alone before its number: not inside a word or a
        number, and not after a number ("5 -10%": a range)."""
        before = self.text[i - 1] if i > self.start else " "
        if before.isalnum() or before in "-−+.,/_":
            return False
        prev = self.text[max(self.start, i - 12):i].rstrip()
        return not prev or not (prev[-1].isdigit() or prev[-1] == "%")

    def _looks_like_year(self, tok: Token, num: Numeral, piece: Piece) -> bool:
        nums = self.config["numbers"]
        return (not tok.is_word and num.words == 0 and num.end == tok.end
                and tok.text.isdigit() and len(tok.text) == 4
                and nums["year_min"] <= piece.number <= nums["year_max"]
                and piece.family is None and piece.scale is None)

    def _spelled_count(self, piece: Piece) -> bool:
        """ "Twenty-six people", "hai mươi kỹ sư": a whole spelled number from
        counts.spelled_min on, or written with two words or more."""
        value = piece.value
        return value.is_integer() and value >= 1 and (
            value >= self.config["counts"]["spelled_min"] or piece.words >= 2)

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
        if after == "-" and after2.isalpha() and not (  # "12-cent", "VND1000-VND2000"
                self._unit_glued(tok) or self.lex.currency_prefix_ahead.match(text, e + 1)):
            return True
        if before in "_#@" or (before in "-/." and before2.isalpha()):
            return True
        glued_before = before.isalpha()
        glued_after = after.isalpha() and not self._unit_glued(tok)
        if glued_after or (glued_before and not self._has_unit_after(tok)):
            return True
        lo = max(self.start, s - self.windows["excluded_before"])
        if self.lex.preceding_excluded.search(text, lo, s) and not (
                self.lex.preceding_allowed.search(text, lo, s)):
            return True
        return self._after_name(tok)

    def _unit_glued(self, tok: Token) -> bool:
        """True when what is glued right after a number was read as its scale or
        unit ("3.3bn", "50%", "10k", "12-cent"; not "5G", "3M", "256K DRAM")."""
        piece = self.piece(tok)
        return piece is not None and piece.end > tok.end

    def _has_unit_after(self, tok: Token) -> bool:
        piece = self.piece(tok)
        return piece is not None and (piece.family is not None or piece.scale is not None)

    def _after_name(self, tok: Token) -> bool:
        """"UNOC 3", "PMU 18", "iPhone 8": a capitalised word (not the first of
        the sentence, not a cue word) right before a number with no unit."""
        lo = max(self.start, tok.start - self.windows["name_before"])
        m = PREV_WORD.search(self.text, lo, tok.start)
        if not m or m.start() <= self.start:
            return False
        word = m.group("w")
        if not any(ch.isupper() for ch in word) or word.lower() in self.lex.qualifier_names:
            return False
        return not self._has_unit_after(tok)

    # --- ranges and fractions ------------------------------------------------

    def _range(self, first: Piece) -> Piece | None:
        """first + connector + the next number as one range, if they form one."""
        connector, between, change = _range_patterns(self.config)
        m = connector.match(self.text, first.end, self.end)
        nxt = self._token_at(m.end()) if m else None
        if nxt is None:
            return None
        prefix = self.lex.currency_prefix.search(self.text, m.end(), nxt.start)
        if nxt.start != m.end() and not (prefix and prefix.start() == m.end()):
            return None  # "$8 to $12": only a currency sign between connector and number
        before = self.text[max(self.start, first.start - self.windows["range_lead"]):first.start]
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
        if first.family == "money" and second.family is None:  # "$200-250m", "$8 to 12"
            second = replace(second, unit=first.unit, family="money")
        if first.family and first.family != second.family:
            return None
        if first.unit and second.unit and first.unit != second.unit:
            return None
        low = first.value if first.scale or not second.scale else first.number * second.scale
        if first.unit is None:
            low *= second.factor  # "50 to 60 cents"
        if not low < second.value:
            return None
        return replace(first, end=second.end, value=low, value_high=second.value,
                       unit=second.unit or first.unit, family=second.family or first.family,
                       scale=first.scale or second.scale,
                       rules=sorted(set(first.rules + second.rules)) + ["range"])

    def _fraction(self, tok: Token) -> tuple[Amount | None, int]:
        """ "9/11 dự án": the numerator of a whole, over both numbers. "2.477/10.825
        tỷ đồng": money, so the numerator alone, with the whole's scale and
        currency; the whole follows as a figure of its own."""
        amount = self._fraction_amount(tok)
        if amount is None:
            return None, tok.end
        if amount.family != "money":
            return amount, amount.end
        return replace(amount, end=tok.end), tok.end

    def _fraction_amount(self, tok: Token) -> Amount | None:
        if tok.is_word or self.text[tok.end:tok.end + 1] != "/":
            return None
        nxt = self._token_at(tok.end + 1)
        if (nxt is None or nxt.is_word or nxt.start != tok.end + 1
                or self.text[nxt.end:nxt.end + 1] == "/"):
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
            inherited = self._inherited_currency(piece) if piece.scale else None
            if inherited and self._money_after(piece.end):
                piece.unit, piece.family = inherited, "money"
                piece.rules.append("money.inherited")
        measure = ""
        if piece.family is None:
            spelled_ok = not piece.is_word or piece.scale or self._spelled_count(piece)
            noun = self._counted_noun(piece.end) if spelled_ok else None
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

    def _money_after(self, pos: int) -> bool:
        """No counted noun follows, or one that money measures ("2 billion surplus");
        "5 million jobs", "a million robots" after a money figure are counts."""
        noun = self._counted_noun(pos)
        return noun is None or bool(_money_nouns(self.config).match(noun[0]))

    def _inherited_currency(self, piece: Piece) -> str | None:
        """ "46.8 billion in 1985" after "44.5 billion dlrs": the same currency, within
        windows.currency_carry characters."""
        carry = self.windows["currency_carry"]
        if self.last_currency and piece.start - self.last_currency[1] < carry:
            return self.last_currency[0]
        return None

    def _bare_count(self, piece: Piece) -> bool:
        """A number in digits with no counted noun is a count from counts.bare_min's
        `grouped` on when written with the language's group mark, else from `plain` on."""
        if piece.is_word:
            return False
        written = self.text[piece.num_start:piece.num_end]
        least = self.config["counts"]["bare_min"]
        return piece.number >= least["grouped" if self.group_mark in written else "plain"]

    def _counted_noun(self, pos: int) -> tuple[str, int] | None:
        """The noun a number counts ("50,000 AI engineers"), as (measure, end)."""
        m = WORD_AFTER.match(self.text, pos, self.end)
        if not m:
            return None
        first = m.group("w").lower()
        if self.lex.currency_prefix_ahead.match(self.text, m.start("w"), self.end) or (
                self.lex.qualifier_after.match(self.text, pos, self.end)):
            return None  # "3 USD50 cards": the next figure's currency; "10 trở lên"
        nxt = WORD_AFTER.match(self.text, m.end(), self.end)
        pair = f"{first} {nxt.group('w').lower()}" if nxt else ""
        if first in self.stop or pair in self.stop or first in self.lex.scale_values:
            return None
        words, end, cur = [], m.end(), pos
        limit = int(self.config["counts"]["measure_words"])
        while len(words) < limit:
            w = MEASURE_WORD.match(self.text, cur, self.end)
            if not w or w.group("w")[0].isdigit() or (words and self._ends_noun(w, cur)) or (
                    self.lex.qualifier_after.match(self.text, cur, self.end)):
                break  # "10 lao động trở lên": the noun ends before the qualifier
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
