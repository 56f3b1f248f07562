"""Split a text into content paragraphs and sentences, dropping page furniture.

All spans are (start, end) offsets into the text as given.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

import regex

from extractors.config import Config
from extractors.lexicon import alternation, matches_at

# A sentence ends at . ! ? … followed by space and a capital, digit or quote,
# or at a full stop glued to the next sentence ("95%.Chủ trì", "TP HCM.Dự án",
# "Thủ tướng.12 dự án"). Every break comes right after one of . ! ? … (STOPS):
# the pattern is tried only there.
STOPS = re.compile(r"[.!?…]")
SENTENCE_END = regex.compile(
    r"(?<=[.!?…])(?:[\"”’»)]*\s+(?=[\p{Lu}\p{N}\"“‘«(\[–-])"
    r"|(?<=[\p{Ll}\p{N}%)”\"][.!?]|\p{Lu}{2}[.!?])(?=[\p{Lu}][\p{Ll}])"
    r"|(?<=\p{Ll}{3}[.!?])(?=\p{N}+\s)"
    r"|(?<=\.\.\.|…)(?=[\p{Lu}]))"
)
WRAPPED_BREAK = regex.compile(r"\n[ \t]*\n|\n(?=[ \t]{2,}\S)")


@dataclass(frozen=True)
class Abbreviations:
    """A full stop that ends an abbreviation (segment.abbreviations) or an initial
    ("J. Smith") and so no sentence: `pattern` ends at the stop, which lies at most
    `reach` characters back."""

    pattern: regex.Pattern
    reach: int


@lru_cache(maxsize=8)
def _abbreviations(config: Config) -> Abbreviations:
    words = config["segment"]["abbreviations"]
    pattern = regex.compile(rf"(?:\b{alternation(words)}\.|\b\p{{Lu}}\.)$")
    # One character before the longest, for its word boundary.
    return Abbreviations(pattern, max(len(w) for w in words) + 2)


@dataclass(slots=True)
class Span:
    """A piece of text by its offsets. Never changed once made (not frozen, as
    grammar.Word: made by the thousand)."""

    start: int
    end: int


@lru_cache(maxsize=8)
def _furniture_patterns(config: Config) -> dict[str, list[regex.Pattern]]:
    """The furniture section's pattern lists, compiled, by name."""
    furn = config["furniture"]
    names = ("line_patterns", "tail_markers", "inline_tail_markers", "inline_head_markers",
             "article_starts")
    return {name: [regex.compile(p) for p in furn[name]] for name in names}


def content_lines(text: str, config: Config) -> list[Span]:
    """Lines that are article text: furniture lines, the tail after a tail marker
    (comment box, related articles) up to where another article starts, and a
    line's head up to a head marker (site chrome before the story) are left out."""
    pats = _furniture_patterns(config)
    resume = config["furniture"]["resume_min_chars"]
    spans: list[Span] = []
    in_tail = False
    for start, line in _lines(text):
        if in_tail and not _starts_article(line, pats["article_starts"], resume):
            continue
        in_tail = any(p.search(line) for p in pats["tail_markers"])
        if in_tail or any(p.search(line) for p in pats["line_patterns"]):
            continue
        cut = min((m.start() for p in pats["inline_tail_markers"] if (m := p.search(line))),
                  default=len(line))
        head = max((m.end() for p in pats["inline_head_markers"]
                    if (m := p.search(line, 0, cut))), default=0)
        if line[head:cut].strip():
            spans.append(Span(start + head, start + cut))
    return spans


def _starts_article(line: str, starts: list[regex.Pattern], min_chars: int) -> bool:
    """True for a line after a page tail where article text begins again: an article
    start (a break, a separator, a dateline) or a line of prose at least `min_chars` long."""
    return len(line.strip()) >= min_chars or any(p.search(line) for p in starts)


def _lines(text: str) -> Iterator[tuple[int, str]]:
    """The lines of a text with their offsets, one at a time (a long text's
    lines are not all held at once)."""
    pos = 0
    while (end := text.find("\n", pos)) >= 0:
        yield pos, text[pos:end]
        pos = end + 1
    yield pos, text[pos:]


def is_wrapped(text: str) -> bool:
    """True for hard-wrapped text (newswire style): most lines are of similar
    width and paragraphs start with an indent or a blank line."""
    widths = [len(line) for _, line in _lines(text) if line.strip()]
    if len(widths) < 6:
        return False
    mid = sorted(widths)[len(widths) // 2]
    near = sum(1 for w in widths if 50 <= w <= mid + 8)
    return 55 <= mid <= 90 and near / len(widths) > 0.6


def paragraphs(text: str, config: Config) -> list[Span]:
    """Content paragraphs. Hard-wrapped text joins its lines; otherwise every
    line is a paragraph."""
    lines = content_lines(text, config)
    if not lines:
        return []
    if not is_wrapped(text):
        return lines
    paras: list[Span] = []
    start, end = lines[0].start, lines[0].end
    for line in lines[1:]:
        gap = text[end:line.start]
        if WRAPPED_BREAK.search(gap + text[line.start:line.start + 3]) or gap.count("\n") > 1:
            paras.append(Span(start, end))
            start = line.start
        end = line.end
    paras.append(Span(start, end))
    return paras


# Longer "sentences" (run-on lists, hostile input) are cut at a space so that
# the work per sentence stays bounded.
MAX_SENTENCE = 1500
SPACE = regex.compile(r"\s")


def sentences(text: str, para: Span, config: Config) -> list[Span]:
    """Sentences of a paragraph, none longer than MAX_SENTENCE characters."""
    return [piece for span in _sentences(text, para, _abbreviations(config))
            for piece in _bounded(text, span)]


def _bounded(text: str, span: Span) -> list[Span]:
    pieces = []
    start = span.start
    while span.end - start > MAX_SENTENCE:
        cut = start + MAX_SENTENCE
        space = [m.start() for m in SPACE.finditer(text, start + MAX_SENTENCE // 2, cut)]
        cut = space[-1] if space else cut
        pieces.append(Span(start, cut))
        start = cut + 1 if space else cut
    pieces.append(Span(start, span.end))
    return [p for p in pieces if p.end > p.start]


def _sentences(text: str, para: Span, abbreviations: Abbreviations) -> list[Span]:
    out: list[Span] = []
    start = para.start
    stops = [m.end() for m in STOPS.finditer(text, max(para.start - 1, 0), para.end)]
    for m in matches_at(SENTENCE_END, text, stops, para.end):
        cut = m.start()
        if abbreviations.pattern.search(text, max(para.start, cut - abbreviations.reach), cut):
            continue
        if text[start:cut].strip():
            out.append(_trim(text, start, cut))
        start = m.end()
    if text[start:para.end].strip():
        out.append(_trim(text, start, para.end))
    return out


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end)
