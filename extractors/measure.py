"""What a figure measures: the noun phrase of its clause that names the quantity
("vốn FDI", "trade surplus", "AI engineers"), read from the tagged words of
the sentence (extractors/grammar.py).

Where the phrase is looked for, in order:
1. a figure in brackets right after a noun phrase speaks of that phrase
   ("Samsung Điện tử (9,5 tỷ USD)");
2. a noun phrase right before the figure ("tổng vốn đăng ký 11,83 tỷ USD",
   "exports of 9.34 billion dlrs"); after "với"/"with" it is the quantity of
   the clause's subject, which is added ("tổng vốn đầu tư (Nhật Bản)");
3. the verb the figure completes: the phrase between verb and figure ("cut
   its workforce to 1,000"), else the verb's subject ("exports rose 35 pct",
   "the surplus, which rose to ..."); a clause without a subject of its own
   continues the one before it ("đạt 4 tỷ USD, tăng 900 triệu USD", "(chiếm
   65%)");
4. a verb that takes the figure as its object ("thu hút 20 tỷ USD FDI",
   "dành 571 triệu USD cho thiết bị"), or a figure opening its clause: the
   phrase after the figure; a verb that is a noun too names the quantity
   itself ("tăng trưởng 8,4%").
A counted noun ("50.000 kỹ sư") is the measure unless a verb's subject says
more; a share ("49% of the market", "72% kim ngạch") adds what it is a share
of. A phrase that points back ("con số này", "the figure") is replaced by
what it points to; a phrase of generic words only ("giá trị", "the value")
gives way to the clause's subject.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from extractors.grammar import FIG, NUM, PUNCT, YEAR, Grammar, Word

MAX_WORDS = 12  # a measure is a short noun phrase
NP_WORDS = 14  # content words a noun phrase is read back over (then cut to MAX_WORDS)
OPEN, CLOSE = "([", ")]"
TIME = ("time", YEAR)
NP_INSIDE = ("", NUM, "ref")
# What joins two parts of one noun phrase ("vốn thực hiện của các dự án",
# "trade surplus with the U.S.", "tỷ lệ nội địa hóa [năm 2016] của Samsung").
BRIDGE = ("link", "prep", "step", "det") + TIME
SKIP_BEFORE_FIGURE = ("filler", "det", "link", "aux")
# What may stand between a verb and its figure (and between figures of one
# chain: "rose 35 pct to 9.34 billion dlrs in 1986 from 4.3 billion").
CHAIN = ("step", "aux", "filler", "time", YEAR, "det", "prep", "link")
# What stands between a verb and its subject: "vốn thực hiện của các dự án cũng
# tăng so với những năm trước dự kiến đạt ...".
SKIP_BEFORE_SUBJECT = ("aux", "verb", "change", "time", YEAR, "filler", "step", "det")
CLAUSE_OPENERS = (PUNCT, "conj", "say", "rel")
LABEL_MARKS = (":", "-", "–", "—")  # "Revenue: $5bn", "tổng mức đầu tư - 422.000 tỷ"
ASIDE_MARKS = (",", "–", "—")  # what sets off an aside between subject and verb


@dataclass(slots=True)
class Target:
    """A figure to describe: its index among the sentence's figures, unit
    family and counted noun (for counts). Never changed once made (not
    frozen, as grammar.Word: one per figure)."""

    index: int
    family: str
    counted: str = ""
    quote: str = ""


class _Sentence:
    """The tagged words of a sentence and the measures found so far."""

    def __init__(self, words: list[Word], grammar: Grammar,
                 is_name: Callable[[str], bool] = lambda _: False):
        self.words = words
        self.grammar = grammar
        self.is_name = is_name  # a country's, a place's or an organisation's name
        self.found: dict[int, str] = {}
        self._measured: list[int] = []  # the words of `found` that have a measure, in order
        self.chain: dict[int, tuple[int, int]] = {}  # _walk_chain's steps, remembered

    def note(self, k: int, phrase: str) -> None:
        """The measure of the figure at word k."""
        self.found[k] = phrase
        if phrase and k not in self._measured:
            bisect.insort(self._measured, k)

    def tag(self, i: int) -> str | None:
        return self.words[i].tag if 0 <= i < len(self.words) else None

    def text(self, i: int) -> str:
        return self.words[i].text if 0 <= i < len(self.words) else ""

    def coordinator(self, i: int) -> bool:
        """Whether word i joins two nouns ("và", "and")."""
        return self.tag(i) == "conj" and self.text(i).lower() in self.grammar.coordinators

    def earlier(self, k: int) -> str:
        """The measure of the last figure before word k that has one."""
        i = bisect.bisect_left(self._measured, k)
        return self.found[self._measured[i - 1]] if i else ""

    @cached_property
    def refs(self) -> list[str]:
        """The words that point back ("con số này", "the figure")."""
        return [w.text for w in self.words if w.tag == "ref"]


def sentence_measures(words: list[Word], targets: list[Target], grammar: Grammar,
                      previous: str = "",
                      is_name: Callable[[str], bool] = lambda _: False) -> list[str]:
    """The measure of each target, in order; `previous` is the measure of the
    figure before the sentence (for "con số này", "the figure"); `is_name`
    tells a name (of a country, a place, an organisation) from a noun."""
    sent = _Sentence(words, grammar, is_name)
    at = {w.figure: i for i, w in enumerate(words) if w.tag == FIG}
    out = []
    for target in targets:
        k = at.get(target.index)
        phrase = _measure(sent, k, target, previous) if k is not None else ""
        if k is not None:
            sent.note(k, phrase)
        previous = phrase or previous
        out.append(phrase)
    return out


def subject_spans(words: list[Word], targets: list[Target],
                  grammar: Grammar) -> list[tuple[int, int] | None]:
    """Per target, the character span of the subject of the verb its figure
    completes ("Hana Micron, which packages chips for SK Hynix, has invested
    $600 million" → "Hana Micron"), where there is one."""
    sent = _Sentence(words, grammar)
    at = {w.figure: i for i, w in enumerate(words) if w.tag == FIG}
    out: list[tuple[int, int] | None] = []
    for target in targets:
        k = at.get(target.index)
        j = _walk_chain(sent, k - 1)[0] if k is not None else -1
        span = None
        if sent.tag(j) in ("verb", "change"):
            i = _skip_left(sent, j - 1)
            if sent.tag(i) in NP_INSIDE:
                start = _np_before(sent, i)[1]
                span = (words[start].start, words[i].end)
        out.append(span)
    return out


def _measure(sent: _Sentence, k: int, target: Target, previous: str) -> str:
    if target.family == "rank":
        main = _ranked(sent, k, target) or _governed(sent, k, target)
        if _scope_only(sent, main) and (before := _figure_before(sent, k)):
            main = before  # "GDP ... 595 tỷ USD, đứng thứ 32 thế giới"
        return _cut(_owned(sent, k, _resolved(sent, main, previous)))
    main = (_bracketed(sent, k) or _governed(sent, k, target)
            or _counted_before(sent, k, target) or target.counted or _after(sent, k + 1))
    main = _owned(sent, k, _resolved(sent, main, previous))
    if target.family == "percent":
        main = _with(main, _share_of(sent, k))
    elif target.counted and target.counted not in main:
        main = _with(main, target.counted)
    return _cut(main)


def _counted_before(sent: _Sentence, k: int, target: Target) -> str:
    """For a count with nothing but its noun, the measure of a figure before it
    that counts the same noun ("số lượng DN trong nước tăng 68% (từ 30 DN ...)")."""
    earlier = sent.earlier(k)
    counted = target.counted.lower().split()
    words = earlier.lower().replace("(", " ").replace(")", " ").split()
    n = len(counted)
    return earlier if counted and any(words[i:i + n] == counted for i in range(len(words))) else ""


def _scope_only(sent: _Sentence, phrase: str) -> bool:
    """Whether a phrase only says where a rank holds ("thế giới", "Italy")."""
    return not phrase or phrase.lower() in sent.grammar.scopes or sent.is_name(phrase)


def _figure_before(sent: _Sentence, k: int) -> str:
    """The measure of a figure the one at `k` follows in the same clause, past a
    comma or an opening bracket and an owner ("3.115 tỷ USD của Italy (vị trí
    21)")."""
    j = k - 1
    if sent.text(j) not in (",", "(", "["):
        return ""
    j -= 1
    if sent.tag(j) == "" and sent.tag(j - 1) == "link" and sent.is_name(sent.text(j)):
        j -= 2
    return sent.found.get(j, "") if sent.tag(j) == FIG else ""


def _governed(sent: _Sentence, k: int, target: Target) -> str:
    """The phrase before the figure, or what the verb it completes speaks of."""
    words = sent.words
    j = k - 1
    while j >= 0 and words[j].tag in SKIP_BEFORE_FIGURE:
        j -= 1
    if _label_mark(sent, j, k) and sent.tag(j - 1) in NP_INSIDE + ("change", "verb"):
        return _np_before_with(sent, j - 1)[0] or sent.text(j - 1)  # "Revenue: $5bn"
    attributive = _attributive(sent, k, j) if target.family != "percent" else ""
    if attributive:
        return attributive
    if sent.tag(j) in NP_INSIDE:
        phrase, start = _np_before_with(sent, j)
        if phrase and sent.text(start - 1).lower() in sent.grammar.with_words:
            owner = _owner(sent, start - 1)
            return owner if _generic(sent, phrase) and owner else _with(phrase, owner)
        if phrase and not _generic(sent, phrase):
            return phrase
    j, chained = _walk_chain(sent, k - 1)
    tag = sent.tag(j)
    if tag is None or tag in CLAUSE_OPENERS:
        if chained is not None:
            return chained
        if sent.text(j) == ":" and sent.tag(j - 1) in NP_INSIDE:
            return _np_before(sent, j - 1)[0]  # "Digital economy: estimated at 18.3%"
        if target.counted:
            return ""
        return (_after(sent, k + 1) or _purpose(sent, k + 1) or _clause_subject(sent, j)
                or sent.earlier(k) or _after(sent, k + 1, through_verbs=True))
    if tag in ("verb", "change"):
        between = _np_after(sent, j + 1, k)
        if between and not _generic(sent, between):
            if tag == "change" and _verbal(sent, j):  # "tăng vốn đầu tư thêm 1,07 tỷ USD"
                return f"{sent.text(j)} {between}"
            return between
        if chained:
            return chained
        if tag == "verb":
            return _subject(sent, j) or _verbal(sent, j)
        if target.counted:
            return ""
        return (_after(sent, k + 1) or _purpose(sent, k + 1) or _same_unit_before(sent, k, target)
                or _verbal(sent, j, any_verb=sent.grammar.verb_endings != ())
                or _subject(sent, j))
    if tag in NP_INSIDE:
        phrase, start = _np_before(sent, j)
        if _generic(sent, phrase) and sent.tag(start - 1) == "verb":
            return _subject(sent, start - 1) or phrase  # "xuất khẩu đạt giá trị 10 tỷ USD"
        return phrase
    return chained or ""


def _owned(sent: _Sentence, k: int, phrase: str) -> str:
    """A phrase that only names whose figure it is ("Singapore (337,5 tỷ USD)",
    "3.100 tỷ USD của Canada", "đứng thứ 20 thế giới") measures what the figure
    before it measured, for that owner: "quy mô GDP (Singapore)"."""
    main, _, extra = phrase.partition(" (")
    if not main or not sent.is_name(main):
        return phrase
    earlier = sent.earlier(k).partition(" (")[0]
    return _with(earlier, main) if earlier and not sent.is_name(earlier) else phrase


def _ranked(sent: _Sentence, k: int, target: Target) -> str:
    """What a rank ranks: the noun before it and the adjective of the rank
    ("nền kinh tế lớn thứ 20" → "nền kinh tế lớn"), the noun of the rank itself
    ("third largest economy"), else what follows it ("top 20 nền kinh tế lớn
    nhất", "top 3 in ASEAN", "top 20 globally"); a scope after it ("thế giới")
    is added."""
    words = target.quote.replace("-", " ").split()
    numeric = [i for i, w in enumerate(words)
               if w[:1].isdigit() or sent.grammar.phrases.get((w.lower(),)) == NUM]
    if not numeric:
        return ""
    adjectives = [w for w in words[:numeric[0]] if w.lower() not in sent.grammar.rank_words
                  and sent.grammar.phrases.get((w.lower(),)) is None]
    own = " ".join(adjectives + words[numeric[-1] + 1:])
    i = k + 1
    if sent.tag(i) == "prep" and not own:
        i += 1
    after = _after(sent, i)
    b = k - 2 if sent.tag(k - 1) == "verb" else k - 1  # "Singapore đứng vị trí thứ ba"
    before = _np_before(sent, b)[0] if sent.tag(b) == "" else ""
    if before and adjectives:
        return _with(f"{before} {own}", after)
    if before and after and sent.is_name(before) and not own:
        return _with(after, before)  # "Hàn Quốc đứng thứ hai với tổng vốn ..."
    if own and after and sent.tag(k + 1) == "":
        return f"{own} {after}"
    return own or after


def _walk_chain(sent: _Sentence, j: int) -> tuple[int, str | None]:
    """Step left over what joins a figure to its verb; the index reached and,
    when a figure of the same chain was passed, that figure's measure."""
    start, memo, passed = j, sent.chain, []
    while j >= 0 and j not in memo:
        word = sent.words[j]
        if word.tag != FIG and word.tag not in CHAIN and not _passive_say(sent, j):
            memo[j] = (j, -1)
            break
        passed.append(j)
        j -= 1
    reach, fig = memo.get(j, (-1, -1))  # where the walk stops, the first figure passed
    for i in reversed(passed):
        fig = i if sent.words[i].tag == FIG else fig
        memo[i] = (reach, fig)
    if start < 0:
        return start, None
    reach, fig = memo[start]
    return reach, (sent.found.get(fig, "") if fig >= 0 else None)


def _passive_say(sent: _Sentence, j: int) -> bool:
    """ "được dự báo sẽ tăng", "is expected to": a forecast word made passive
    belongs to the verb chain, not to a source's clause."""
    return sent.tag(j) == "say" and sent.tag(j - 1) in ("aux", "verb")


def _subject(sent: _Sentence, v: int) -> str:
    """The subject of the verb at `v`: the noun phrase before it, past
    auxiliaries, time phrases and a bracketed aside; for "which"/"mà", the
    phrase the relative clause hangs on; for a clause that starts with its
    verb, the subject of the clause it continues."""
    words = sent.words
    j = _skip_left(sent, v - 1)
    if sent.text(j) in ("'s", "’s"):
        j -= 1  # "output of 256K DRAM's will fall": a plural, not a possessive
    if sent.coordinator(j) and (shared := _shared_subject(sent, j)):
        return shared  # "giá đất tăng mạnh và đạt ...": the subject they share
    if sent.tag(j) == "rel":
        j -= 1
        while sent.tag(j) == PUNCT and words[j].text == ",":
            j -= 1
    if sent.tag(j) in NP_INSIDE:
        phrase, _ = _np_before(sent, j)
        if phrase:
            return phrase
    if sent.text(j) in OPEN:
        return _enclosing_subject(sent, j)
    if sent.text(j) == ":" and sent.tag(j - 1) in NP_INSIDE:
        return _np_before(sent, j - 1)[0]  # "Thương mại điện tử: ước đạt 25 tỷ USD"
    return sent.earlier(v) or _clause_subject(sent, j)


def _shared_subject(sent: _Sentence, conj: int) -> str:
    """The subject of the verb before a "và"/"and" that joins two verbs."""
    v = conj - 1
    while v >= 0 and sent.tag(v) not in ("verb", "change", FIG) + CLAUSE_OPENERS:
        v -= 1
    return _subject(sent, v) if sent.tag(v) in ("verb", "change") else ""


def _skip_left(sent: _Sentence, j: int) -> int:
    """Left past what may stand between a subject and its verb: auxiliaries,
    other verbs, time phrases ("trong 5 năm 2006 - 2010"), asides in brackets
    ("xuất khẩu (kể cả dầu thô) đạt") and between commas ("Amkor, the world's
    largest ..., reported", "Hana Micron, which packages chips for ..., has")."""
    words = sent.words
    while j >= 0:
        word = words[j]
        if word.text in ASIDE_MARKS and (aside := _comma_aside(sent, j)) is not None:
            j = aside
        elif word.tag in SKIP_BEFORE_SUBJECT or _passive_say(sent, j):
            j -= 1
        elif word.tag == "prep" and sent.tag(j + 1) in TIME:
            j -= 1
        elif word.text in CLOSE:
            depth = 0
            while j >= 0:
                depth += words[j].text in CLOSE
                depth -= words[j].text in OPEN
                j -= 1
                if depth == 0:
                    break
        else:
            break
    return j


def _clause_subject(sent: _Sentence, j: int) -> str:
    """For a figure or verb opening a clause after a comma with no subject of
    its own ("giá đất đã đạt đỉnh mới, ở mức 107 USD/m2", "sản lượng đạt 2
    triệu tấn, tăng 8%"), the subject of the verb before."""
    if sent.text(j) != ",":
        return ""
    v = j - 1
    while v >= 0 and sent.tag(v) not in ("verb", FIG) + CLAUSE_OPENERS:
        v -= 1
    return _subject(sent, v) if sent.tag(v) == "verb" else ""


def _comma_aside(sent: _Sentence, j: int) -> int | None:
    """For a comma closing an aside that opens with a determiner or a relative
    pronoun (", the world's second-largest ...,", ", which packages ...,"), or
    a dash closing one set off by dashes ("Moca – ví liên kết với Grab –"), the
    index before the aside's opening mark."""
    mark = sent.text(j)
    i = j - 1
    while i >= 0 and sent.text(i) != mark and sent.tag(i) not in ("say",) and i > j - 25:
        i -= 1
    if i < 1 or sent.text(i) != mark:
        return None
    if mark == "," and sent.tag(i + 1) not in ("det", "rel", "conj"):
        return None
    return i - 1


def _enclosing_subject(sent: _Sentence, bracket: int) -> str:
    """For a verb opening a bracket ("... (chiếm 65%)"), the subject of the
    clause the bracket stands in, else the phrase right before it."""
    if sent.tag(bracket - 1) == FIG and sent.found.get(bracket - 1):
        return sent.found[bracket - 1]  # "54,5 tỷ USD (chiếm 17,7% ...)"
    j = bracket - 1
    while j >= 0 and sent.tag(j) not in ("verb", "change") + CLAUSE_OPENERS:
        j -= 1
    if sent.tag(j) == "verb":
        phrase = _subject(sent, j)
        if phrase:
            return phrase
    if sent.tag(bracket - 1) in NP_INSIDE:
        return _np_before(sent, bracket - 1)[0]
    return ""


def _owner(sent: _Sentence, w: int) -> str:
    """Whose quantity a "với/with" phrase gives: the subject of the clause's verb
    ("Nhật Bản dẫn đầu với tổng vốn đầu tư 5,08 tỷ USD"), else the phrase
    right before it ("phân phối điện với tổng vốn đầu tư 5,25 tỷ USD")."""
    if sent.tag(w - 1) in NP_INSIDE:
        phrase = _np_before(sent, w - 1)[0]
        if sent.is_name(phrase):
            return phrase  # "đứng đầu là Hàn Quốc với ..."
    j = w - 1
    while j >= 0 and sent.tag(j) not in ("verb", "change", FIG) + CLAUSE_OPENERS:
        j -= 1
    if sent.tag(j) in ("verb", "change"):
        return _subject(sent, j)
    if sent.tag(j) == FIG:  # "Hàn Quốc đứng thứ hai với ...", "Singapore đứng vị trí thứ ba"
        b = j - 2 if sent.tag(j - 1) == "verb" else j - 1
        return _np_before(sent, b)[0] if sent.tag(b) in NP_INSIDE else ""
    return _np_before(sent, w - 1)[0] if sent.tag(w - 1) in NP_INSIDE else ""


def _verbal(sent: _Sentence, v: int, any_verb: bool = False) -> str:
    """A verb that is also a noun, as the measure ("tăng trưởng 8,4%"); with
    `any_verb`, any verb ("invested $1.5 billion in Vietnam")."""
    text = sent.words[v].text
    return text if any_verb or text.lower() in sent.grammar.verbal_nouns else ""


def _attributive(sent: _Sentence, k: int, j: int) -> str:
    """The noun phrase a figure qualifies ("a $4 billion factory", "KRW 26
    trillion support package"): the figure after a determiner, a verb or the
    start of a clause, a noun right after it."""
    before = sent.tag(j)
    opens = ("det", "say", PUNCT, "conj") + (("verb", "change") if sent.grammar.verb_endings
                                              else ())
    if before in NP_INSIDE or sent.tag(k + 1) != "" or not (
            before is None or before in opens or sent.tag(k - 1) == "det"):
        return ""
    return _after(sent, k + 1)


def _same_unit_before(sent: _Sentence, k: int, target: Target) -> str:
    """For a count with no noun of its own ("train 50,000 by 2030"), the measure
    of the count before it in the sentence ("5,000 chip engineers")."""
    return sent.earlier(k) if target.family == "count" else ""


def _np_before(sent: _Sentence, j: int, stop: int = -1) -> tuple[str, int]:
    """The noun phrase ending at words[j] (inclusive), going left: content
    words, joined across possessive links, prepositions and determiners; a
    time phrase inside it is left out. Returns (phrase, start index)."""
    words = sent.words
    i = j
    if sent.tag(i) == "det":
        i -= 1  # a trailing "này", "đó"
    keep: list[Word] = []
    while i > stop and sum(w.tag == "" for w in keep) < NP_WORDS:
        if words[i].tag in NP_INSIDE:
            keep.append(words[i])
            i -= 1
            continue
        if words[i].text in CLOSE and i - 2 > stop and words[i - 2].text in OPEN and keep:
            i -= 3  # "đồng giá sức mua (PPP) của Việt Nam": an acronym in brackets
            continue
        if words[i].text == "," and _listed(sent, i, stop, keep):
            keep.append(words[i])  # "xuất khẩu điện thoại, máy tính, máy ảnh và linh kiện"
            i -= 1
            continue
        t = i
        while t > stop and (words[t].tag in BRIDGE or sent.coordinator(t)):
            t -= 1
        bridge = words[t + 1:i + 1]
        joins = any(w.tag in ("link", "prep", "step") or w.text.lower() in sent.grammar.coordinators
                    for w in bridge) or all(w.tag in TIME for w in bridge)
        if not keep or t <= stop or words[t].tag not in NP_INSIDE or not joins:
            break
        keep += [w for w in reversed(bridge) if w.tag not in TIME]
        i = t
    keep.reverse()
    while keep and keep[0].tag in ("link", "prep", "step", "det", NUM):
        keep.pop(0)
    return _join(keep), i + 1


def _listed(sent: _Sentence, comma: int, stop: int, keep: list[Word]) -> bool:
    """Whether a comma parts items of a list inside the noun phrase being read
    leftwards: the items after it end with "và"/"and" ..., and the item before
    it does not open the clause after "Theo", a preposition or a verb."""
    if not any(w.text.lower() in sent.grammar.coordinators for w in keep):
        return False
    s = comma - 1
    while s > stop and sent.tag(s) in NP_INSIDE:
        s -= 1
    return s < comma - 1 and sent.tag(s) not in ("say", "conj", "prep", "time", YEAR, "verb",
                                                 "change", "aux")


def _label_mark(sent: _Sentence, j: int, k: int) -> bool:
    """Whether word j is a colon or a free-standing dash labelling the figure
    at k ("Revenue: $5bn", "tổng mức đầu tư - 422.000 tỷ đồng"); a dash
    against the figure is its sign ("MB 5.3 -2.9%")."""
    text = sent.text(j)
    return text == ":" or (text in LABEL_MARKS and sent.words[j].end < sent.words[k].start)


def _np_before_with(sent: _Sentence, j: int) -> tuple[str, int]:
    """The noun phrase ending at words[j], from a "với"/"with" inside it on
    ("projects in Vietnam with registered capital of $11.4bn")."""
    phrase, start = _np_before(sent, j)
    inner = [i for i in range(start, j) if sent.text(i).lower() in sent.grammar.with_words]
    return _np_before(sent, j, stop=inner[-1]) if inner else (phrase, start)


def _np_after(sent: _Sentence, i: int, stop: int) -> str:
    """The noun phrase in words[i:stop] (between a verb and its figure), if the
    stretch holds one and nothing else but what may join a verb to a figure."""
    words = sent.words[i:stop]
    if not any(w.tag == "" for w in words):
        return ""
    if any(w.tag not in NP_INSIDE + ("link",) + CHAIN for w in words):
        return ""
    start = next(n for n, w in enumerate(words) if w.tag == "")
    end = start
    while end < len(words) and words[end].tag in NP_INSIDE + ("link", "det", "prep", "step"):
        if words[end].tag not in NP_INSIDE and not (
                end + 1 < len(words) and words[end + 1].tag in NP_INSIDE + ("det",)):
            break
        end += 1
    return _join([w for w in words[start:end] if w.tag != "det"])


def _after(sent: _Sentence, i: int, through_verbs: bool = False) -> str:
    """The noun phrase right after a figure ("700 tỉ đồng vốn đăng ký", "a $1.75bn
    deal"), past a bracketed conversion; with `through_verbs`, the first one
    after the clause's verb ("Gần 1 tỷ USD đổ vào mạng di động")."""
    words = sent.words
    i = _past_brackets(sent, i)
    if through_verbs:
        while sent.tag(i) in ("change", "aux", "step", "prep", "det"):
            i += 1
    while sent.tag(i) == "det":
        i += 1
    keep: list[Word] = []
    while i < len(words) and len(keep) < NP_WORDS:
        word = words[i]
        if word.tag in NP_INSIDE or (word.tag in ("link", "prep") and keep
                                     and sent.tag(i + 1) in NP_INSIDE + ("det",)):
            keep.append(word)
            i += 1
            continue
        if word.tag == "det" and keep and sent.tag(i - 1) in ("link", "prep"):
            i += 1
            continue
        break
    while keep and keep[-1].tag != "":
        keep.pop()
    phrase = _join(keep)
    return "" if sent.is_name(phrase) else phrase


def _purpose(sent: _Sentence, i: int) -> str:
    """What money is spent on: "cho thiết bị", "in investment", "trong ba năm
    tới để lắp đặt hạ tầng GPU" after the figure (a common noun: "vào Việt
    Nam" is where it goes, not what it is)."""
    i = _past_brackets(sent, i)
    while sent.tag(i) in TIME + ("prep",) and sent.text(i).lower() not in sent.grammar.purpose:
        i += 1
    if sent.tag(i) != "change" and sent.text(i).lower() not in sent.grammar.purpose:
        return ""  # "chi 1.200 tỉ đồng mua thêm cổ phần": spent on buying shares
    i += 1
    while sent.tag(i) in ("verb", "change", "aux"):
        i += 1
    phrase = _after(sent, i)
    first = phrase.split()[0] if phrase else ""
    return "" if not phrase or (first[0].isupper() and not first.isupper()) else phrase


def _share_of(sent: _Sentence, k: int) -> str:
    """What a percentage is a share of: "49% of the market", "72,4% kim ngạch
    xuất khẩu"."""
    i = k + 1
    if sent.tag(i) == "link":
        i += 1
    if sent.tag(i) == "time" and sent.text(i + 1) in ("'s", "’s"):
        i += 2  # "47% of today's jobs"
    return _after(sent, i)


def _bracketed(sent: _Sentence, k: int) -> str:
    """A figure opening a bracket speaks of the phrase before the bracket."""
    if k < 2 or sent.text(k - 1) not in OPEN or sent.tag(k - 2) not in NP_INSIDE:
        return ""
    return _np_before(sent, k - 2)[0]


def _past_brackets(sent: _Sentence, i: int) -> int:
    if sent.text(i) in OPEN:
        depth = 0
        for n in range(i, len(sent.words)):
            depth += sent.words[n].text in OPEN
            depth -= sent.words[n].text in CLOSE
            if depth == 0:
                return n + 1
    return i


def _generic(sent: _Sentence, phrase: str) -> bool:
    """A phrase that only says there is a quantity ("giá trị", "the value")."""
    return phrase.lower() in sent.grammar.generic


def _resolved(sent: _Sentence, phrase: str, previous: str) -> str:
    """The phrase with a word that points back ("con số này") replaced by
    what it points to."""
    for ref in sent.refs:
        if ref in phrase and previous:
            phrase = phrase.replace(ref, previous, 1)
    return phrase


def _join(words: list[Word]) -> str:
    out = ""
    for w in words:
        out += w.text if not out or w.text in ("'s", "’s", ",") else " " + w.text
    return out


def _with(main: str, extra: str) -> str:
    """`main` with `extra` in brackets (when it says something more), within
    MAX_WORDS words: `main` is shortened to make room."""
    if not extra or extra.lower() in main.lower():
        return main
    if not main:
        return extra
    room = max(MAX_WORDS - len(extra.split()), 2)
    return f"{' '.join(main.split()[:room])} ({extra})"


def _cut(phrase: str) -> str:
    """At most MAX_WORDS words."""
    words = phrase.split()
    return phrase if len(words) <= MAX_WORDS else " ".join(words[:MAX_WORDS])
