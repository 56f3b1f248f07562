"""Rank figures: "top 20", "lớn thứ 3", "nhóm 15 quốc gia ... hàng đầu",
"vị trí thứ 4", "third largest", "number one"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.config import Config
from extractors.lexicon import WORD_CHAR, alternation, compile_words
from extractors.lexicon import cased as _cased
from extractors.numbers import read_float

NOT_WORD = rf"(?!{WORD_CHAR})"
NOT_AFTER_WORD = rf"(?<!{WORD_CHAR})"


@dataclass(frozen=True)
class RankMatch:
    """A rank found in a sentence."""

    start: int
    end: int
    num_start: int
    num_end: int
    value: float
    rule: str


@lru_cache(maxsize=8)
def rank_patterns(config: Config) -> tuple[tuple[str, regex.Pattern], ...]:
    """(rule id, pattern) pairs; each pattern has a group `n` holding the number."""
    r = config["ranks"]
    nums = config["numbers"]
    en_words = alternation([w for w, v in nums["words"]["en"].items() if v > 1])
    vi_ord = alternation(list(nums["ordinal_words"]["vi"]))
    en_ord = alternation(list(nums["ordinal_words"]["en"]))
    marker = regex.escape(r["ordinal_marker"])
    digits = r"\d{1,3}(?![\p{N}.,]\d)"
    suffix = alternation(r["ordinal_suffixes"])
    a, b = NOT_AFTER_WORD, NOT_WORD
    alt = alternation
    specs = {
        "rank.top": rf"{a}(?:{alt(r['top_words'])})\s+(?P<n>{digits}|{en_words}){b}(?!\s*%)",
        "rank.group": rf"{a}(?:{alt(r['group_words'])})\s+(?P<n>{digits})"
        rf"(?=\s+[^.;!?\n]{{0,{int(r['group_reach'])}}}?(?:{alt(r['group_superlatives'])}))",
        "rank.ordinal": rf"{a}(?:{alt(_cased(r['ordinal_heads']))})\s+{marker}\s+"
        rf"(?P<n>{digits}|{vi_ord}){b}",
        "rank.position": rf"{a}(?:{alt(_cased(r['position_words']))})\s+(?:{marker}\s+)?"
        rf"(?P<n>{digits}|{vi_ord}){b}",
        "rank.bare": rf"(?<!(?:{alt(r['blockers'])})\s+){a}{marker}\s+(?P<n>{digits})"
        rf"(?=\s+(?:{alt(r['bare_followers'])}){b})",
        "rank.superlative": rf"{a}(?P<n>{en_ord}|\d{{1,2}}{suffix})[- ]"
        rf"(?:{alt(r['superlatives'])}){b}",
        "rank.number": rf"{a}(?:{alt(r['number_words'])})\s+"
        rf"(?P<n>{alt(r['number_values'])}|\d{{1,2}})(?=\s+\p{{Ll}})",
        "rank.ranked": rf"{a}(?:{alt(r['ranked_words'])})\s+(?P<n>\d{{1,3}}){suffix}?{b}",
    }
    return tuple((rule, regex.compile(p, regex.IGNORECASE if rule.startswith("rank.s") else 0))
                 for rule, p in specs.items())


def _rank_value(word: str, config: Config) -> float | None:
    nums = config["numbers"]
    digits = regex.match(r"\d+", word)
    if digits:
        return read_float(digits.group())
    key = word.lower()
    for table in (nums["ordinal_words"]["vi"], nums["ordinal_words"]["en"], nums["words"]["en"]):
        lowered = {k.lower(): v for k, v in table.items()}
        if key in lowered:
            return float(lowered[key])
    return None


@lru_cache(maxsize=8)
def _anchors(config: Config) -> re.Pattern:
    """Words one of which every rank pattern needs: a sentence without any of
    them is not searched (one scan instead of one per pattern)."""
    r = config["ranks"]
    words = (r["top_words"] + r["group_words"] + r["position_words"] + r["superlatives"]
             + [r["ordinal_marker"], *r["number_words"], *r["ranked_words"]])
    return compile_words(words, ignore_case=True)


def find_ranks(text: str, start: int, end: int, config: Config) -> list[RankMatch]:
    """Ranks in text[start:end], earliest first, without overlaps."""
    if not _anchors(config).search(text, start, end):
        return []
    found: list[RankMatch] = []
    for rule, pattern in rank_patterns(config):
        for m in pattern.finditer(text, start, end):
            value = _rank_value(m.group("n"), config)
            if value is None or value < 1:
                continue
            found.append(RankMatch(m.start(), m.end(), m.start("n"), m.end("n"), value, rule))
    found.sort(key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[RankMatch] = []
    for rank in found:
        if not kept or rank.start >= kept[-1].end:
            kept.append(rank)
    return kept
