"""Run the extraction: document → paragraphs → sentences → figures with context."""

from __future__ import annotations

import bisect
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import pandas as pd
import regex
from tqdm import tqdm

from extractors import attributes as attr
from extractors.amounts import Amount, AmountFinder
from extractors.config import Config, load_config
from extractors.context import (
    NOT_OWN_YEAR,
    Mention,
    SentenceContext,
    context_patterns,
    read_context,
    read_years,
)
from extractors.dates import published_date
from extractors.fx import to_usd
from extractors.grammar import grammars, tag_words
from extractors.language import detect, text_language
from extractors.lexicon import (
    Lexicon,
    alternation,
    excluded_spans,
    lexicon_for,
    squash,
    word_pattern,
)
from extractors.measure import Target, sentence_measures, subject_spans
from extractors.organisations import (
    document_orgs,
    is_home_metric,
    is_metric,
    refers_back,
    sentence_orgs,
)
from extractors.ranks import find_ranks
from extractors.reader import ReadError, iter_input_files, read_document
from extractors.roles import annotate
from extractors.schema import COLUMNS, DTYPES, Document, Figure, FileError
from extractors.segment import Span, paragraphs, sentences

HAS_NUMBER = regex.compile(r"\d")
OPEN_BRACKET = regex.compile(r"\s*\(\s*")
CLUSTER = regex.compile(r"\P{M}\p{M}*|\p{M}+")


@dataclass
class ExtractionResult:
    """Figures of a batch, the documents read and the files that failed."""

    figures: pd.DataFrame
    documents: list[Document] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)


# --- text normalisation with an offset map --------------------------------


def nfc_with_map(text: str) -> tuple[str, list[int], list[int]]:
    """NFC text plus, for each of its characters, the start and end offset of
    the original characters it came from (so spans map back exactly)."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for m in CLUSTER.finditer(text):
        norm = unicodedata.normalize("NFC", m.group())
        out.append(norm)
        starts.extend([m.start()] * len(norm))
        ends.extend([m.end()] * len(norm))
    return "".join(out), starts, ends


# --- one sentence ----------------------------------------------------------


@lru_cache(maxsize=8)
def _worded_numbers(config: Config) -> regex.Pattern:
    """Number and ordinal words: a sentence without digits may still hold a
    figure ("five billion dlrs", "fourth largest")."""
    nums = config["numbers"]
    words = [w for table in ("words", "ordinal_words") for lang in ("vi", "en")
             for w in nums[table][lang]]
    return regex.compile(word_pattern(words), regex.IGNORECASE)


def sentence_amounts(text: str, span: Span, lang: str, lex: Lexicon,
                     excluded: list[tuple[int, int]]) -> list[Amount]:
    """Ranks and amounts of one sentence, in text order; `excluded` are the
    spans that are never figures (dates, document numbers, names)."""
    ranks = [
        Amount(r.start, r.end, r.num_start, r.value, "rank", "rank", r.rule)
        for r in find_ranks(text, span.start, span.end, lex.config)
        if not any(s < r.num_end and r.num_start < e for s, e in excluded)
    ]
    taken = [(r.start, r.end) for r in ranks]
    found = AmountFinder(lex, text, span.start, span.end, lang, taken, excluded).find()
    return sorted(ranks + found, key=lambda a: a.start)


@dataclass
class _Carry:
    """What earlier sentences say that a figure's own sentence may leave out."""

    year: Mention | None = None
    age: int = 0
    lead: Mention | None = None  # the year the paragraph opens with
    index: int = 0  # sentences of the paragraph so far
    entity: str | None = None  # the organisation the last sentence naming one is about
    entity_age: int = 0  # sentences since it was named
    refers_back: bool = False  # the sentence points to it ("the company", "its")
    measure: str = ""  # what the last figure measured ("con số này" points to it)
    measured: dict = field(default_factory=dict)  # (value, unit) → what it measured
    section: Mention | None = None  # the year of the heading above ("Key targets by 2030:")

    def new_paragraph(self) -> None:
        """Years do not cross paragraphs; the last organisation named and what
        each value measured do ("Con số 8%" refers to the 8% met before)."""
        self.year, self.age, self.lead, self.index = None, 0, None, 0


def _paragraph_year_holds(carry: _Carry, kind: str, doc: attr.DocFacts) -> bool:
    """The reference year a paragraph opens with holds for the facts that follow
    ("6 tháng đầu năm 2017, ... Đứng thứ hai là ..."), unless the text is dated
    later, when unmarked facts are as of its date."""
    year = carry.lead
    return (year is not None and kind != "target" and year.tag != "target"
            and (doc.present_year is None or int(year.value) >= doc.present_year))


def _figure(text: str, span: Span, lang: str, amount: Amount, amounts: list[Amount],
            ctx: SentenceContext, carry: _Carry, previous: str | None, doc: attr.DocFacts,
            lex: Lexicon, measure: str, subject: tuple[int, int] | None,
            sentence: str) -> Figure:
    """A figure of a sentence with its attributes; `sentence` is text[span], one
    string shared by the sentence's figures."""
    config = lex.config
    year = attr.pick_year(text, amount, ctx, amounts, config)
    own_year = year is not None
    if year is None and carry.year is not None and carry.age <= config["years"]["carry_sentences"]:
        year = carry.year
    kind, cued = attr.pick_kind(amount, ctx, year, own_year, previous, text, span.start, doc,
                                config)
    if year is None and _paragraph_year_holds(carry, kind, doc):
        year = carry.lead
    if year is None and carry.section is not None:
        year = carry.section  # a list under "Mục tiêu đến năm 2030": the heading's goals
        if not cued and year.tag != "reference" and (
                doc.present_year is None or int(year.value) > doc.present_year):
            kind = "target"
    if year is None and (default := _default_year(kind, doc)) is not None:
        year = Mention(amount.start, amount.end, default, "reference")
    year_value = int(year.value) if year is not None else None
    entity = _entity(text, amount, ctx, carry, doc, lang, measure, subject, config)
    money = amount.family == "money"
    usd = (lambda v: to_usd(v, amount.unit, year_value, config)) if money else (lambda v: None)
    return Figure(
        start=amount.start,
        end=amount.end,
        value=amount.value,
        value_high=amount.value_high,
        unit=amount.unit,
        unit_family=amount.family,
        rule=amount.rule,
        qualifier=attr.qualifier(text, span.start, amount, lex),
        quote=text[amount.start:amount.end],
        sentence=sentence,
        sentence_start=span.start,
        lang=lang,
        value_usd=usd(amount.value),
        value_usd_high=usd(amount.value_high),
        kind=kind,
        year=year_value,
        country=attr.pick_country(text, amount, ctx, kind, doc, config,
                                  _home(entity, ctx, doc, lang, measure, amount.family,
                                        config)),
        sector=attr.pick_sector(text, amount, ctx, measure,
                                doc.orgs.sector(entity) if doc.orgs else None, doc.sector,
                                config),
        entity=entity,
        measure=measure,
        kind_cued=cued,
    )


# A paragraph of a list under a heading: a bullet or number, or a label and a
# colon ("- Digital economy: 30% of GDP", "Về phát triển kinh tế số: ...").
LIST_ITEM = regex.compile(r"\s*(?:[-–•*+·]|\d{1,2}[.)]|[a-zđ][.)]|[^\n.:;]{1,60}:)")


def _is_heading(text: str, para: Span, config: Config) -> bool:
    """Whether a paragraph is a heading: a short line without a full stop
    ("Key targets by 2030:", "Mục tiêu cơ bản đến năm 2025")."""
    line = text[para.start:para.end].strip()
    most = config["years"]["heading_words"]
    return (0 < len(line.split(maxsplit=most)) <= most  # more words: one over the most
            and not line.endswith((".", "!", "?", ";")))


def _heading_year(text: str, para: Span, config: Config) -> Mention | None:
    """The target or reference year a heading names, for the figures under it."""
    years = [y for y in read_years(text, para.start, para.end, config, [])
             if y.tag in ("target", "until", "reference")]
    return years[0] if years else None


def _default_year(kind: str, doc: attr.DocFacts) -> int | None:
    """The year of a dated text's figure that names none: the year its title or
    lead names when that is the year just ended ("Viettel báo doanh thu 2024",
    dated January 2025), else its date's; a target takes only a title's year
    that is not past."""
    present, focus = doc.present_year, doc.focus_year
    if present is None:
        return None
    if kind == "target":
        return focus if focus is not None and focus >= present else None
    return focus if focus is not None and present - 1 <= focus <= present else present


def _entity(text: str, amount: Amount, ctx: SentenceContext, carry: _Carry,
            doc: attr.DocFacts, lang: str, measure: str, subject: tuple[int, int] | None,
            config: Config) -> str | None:
    """The organisation a figure belongs to: one its sentence names; else, when
    the sentence points back ("the company", "Hãng") or the figure is an
    organisation's result ("revenue", "lợi nhuận"), the one named last."""
    own = attr.pick_entity(amount, ctx, text, config, subject)
    if own or not (carry.refers_back or is_metric(measure, lang, config)):
        return own
    if carry.entity and carry.entity_age <= config["organisations"]["carry_sentences"]:
        return carry.entity
    return None


def _names(doc: attr.DocFacts, config: Config) -> Callable[[str], bool]:
    """Whether a phrase is the name of a country, a place or an organisation."""
    countries = context_patterns(config).country_names
    orgs = doc.orgs.names if doc.orgs is not None else {}
    return lambda phrase: phrase in countries or phrase in orgs


def _home(entity: str | None, ctx: SentenceContext, doc: attr.DocFacts, lang: str,
          measure: str, amount_family: str, config: Config) -> str | None:
    """The home country of a figure's organisation, when the figure is one of its
    own results (revenue, profit, a global share) rather than its local business."""
    if entity is None or doc.orgs is None:
        return None
    if (ctx.worldwide and amount_family != "rank") or is_home_metric(measure, lang, config):
        return doc.orgs.home(entity)
    return None


def repeat_kinds(figures: list[Figure]) -> None:
    """A figure repeated in a document ("50,000 AI engineers" again, with no
    cue of its own) takes the kind and year of its first mention: the same
    value and unit written the same way; a count or an amount (not a bare
    share, which recurs by chance) its country too."""
    first: dict[tuple, Figure] = {}
    for fig in figures:
        key = (fig.value, fig.value_high, fig.unit, " ".join(fig.quote.lower().split()))
        seen = first.setdefault(key, fig)
        if seen is not fig and not fig.kind_cued:
            fig.kind = seen.kind
            fig.year = fig.year if fig.year is not None else seen.year
            if fig.unit_family in ("count", "money"):
                fig.country = seen.country


def _sentence_figures(text: str, span: Span, lang: str | None, doc_lang: str,
                      doc: attr.DocFacts, lex: Lexicon, excluded: list[tuple[int, int]],
                      carry: _Carry) -> list[Figure]:
    """The figures of one sentence; `carry` learns the year and organisation it
    names, for the sentences after it."""
    config = lex.config
    carry.age += 1
    carry.index += 1
    carry.entity_age += 1
    orgs = sentence_orgs(text, span.start, span.end, doc.orgs, config) if doc.orgs else []
    if not HAS_NUMBER.search(text, span.start, span.end) and not _worded_numbers(
            config).search(text, span.start, span.end):
        _note_entity(carry, orgs)
        return []
    sent_lang = lang or detect(text[span.start:span.end], config, default=doc_lang)
    amounts = sentence_amounts(text, span, sent_lang, lex, _within(excluded, span))
    masked = [(a.start, a.end) for a in amounts]
    figures: list[Figure] = []
    if amounts:
        ctx = read_context(text, span.start, span.end, sent_lang, config, masked,
                           doc.present_year, tuple(o for o in orgs if o.tag != "source"))
        years = ctx.years
        carry.refers_back = refers_back(text, span.start, span.end, sent_lang, config)
        words = tag_words(text, span.start, span.end, sent_lang, config, masked)
        targets = [Target(i, a.family, a.measure, text[a.start:a.end])
                   for i, a in enumerate(amounts)]
        grammar = grammars(config)[sent_lang]
        measures = [m or carry.measured.get((a.value, a.unit), "") for a, m in zip(
            amounts, sentence_measures(words, targets, grammar, carry.measure,
                                       _names(doc, config)), strict=True)]
        carry.measured.update({(a.value, a.unit): m for a, m in zip(amounts, measures,
                                                                    strict=True) if m})
        subjects = subject_spans(words, targets, grammar)
        carry.measure = next((m for m in reversed(measures) if m), carry.measure)
        previous = None
        sentence = text[span.start:span.end]
        for amount, measure, subject in zip(amounts, measures, subjects, strict=True):
            figures.append(_figure(text, span, sent_lang, amount, amounts, ctx, carry, previous,
                                   doc, lex, measure, subject, sentence))
            previous = figures[-1].kind
        _bracketed_ranks(text, figures)
    else:
        years = read_years(text, span.start, span.end, config, masked, doc.present_year)
    _note_entity(carry, orgs)
    used = [y for y in years if y.tag not in NOT_OWN_YEAR]
    if used:
        carry.year, carry.age = used[0], 0
        if carry.lead is None and carry.index <= config["years"]["lead_sentences"]:
            carry.lead = used[0]
    return figures


def _note_entity(carry: _Carry, orgs: list[Mention]) -> None:
    """Remember the organisation a sentence names first, for "the company" after it."""
    if orgs:
        carry.entity, carry.entity_age = str(orgs[0].value), 0


def _bracketed_ranks(text: str, figures: list[Figure]) -> None:
    """A rank in brackets right after a figure is that figure's subject's rank:
    "của Italy đạt 2.221 tỷ USD (vị trí 12)" is Italy's."""
    for before, fig in zip(figures, figures[1:], strict=False):
        if fig.unit_family == "rank" and OPEN_BRACKET.fullmatch(text, before.end, fig.start):
            fig.country = before.country


def _within(spans: list[tuple[int, int]], span: Span) -> list[tuple[int, int]]:
    """The spans (disjoint, in order) that overlap `span`."""
    lo = max(bisect.bisect_right(spans, (span.start, span.start)) - 1, 0)
    hi = bisect.bisect_left(spans, (span.end, span.end), lo)
    return [s for s in spans[lo:hi] if s[1] > span.start]


# --- one document ------------------------------------------------------------


def doc_facts(text: str, lang: str, config: Config,
              published: str | None = None) -> attr.DocFacts:
    """The document's most named country and sector and its own year (from
    `published`, else a date the text writes), for figures whose sentence says
    too little."""
    p, origin = context_patterns(config), _origin(config)
    countries = [Mention(m.start(), m.end(), p.country_names[squash(m.group())])
                 for m in p.country.finditer(text) if not origin.match(text, m.end())]
    lead = config["windows"]["lead"]
    countries += [c for c in countries if c.start < lead]  # the title and lead count twice
    sectors = Counter(p.sector_rank[squash(m.group())][0] for m in p.sector.finditer(text))
    sectors.update(p.sector_rank[squash(m.group())][0]  # the title and lead count twice
                   for m in p.sector.finditer(text, 0, lead))
    published = published or published_date(text, config)
    present = int(published[:4]) if published else None
    return attr.DocFacts(
        country=attr.main_value(countries) or config["default_country"].get(lang),
        sector=max(sectors, key=lambda name: sectors[name]) if sectors else None,
        present_year=present,
        focus_year=_focus_year(text, config),
        orgs=document_orgs(text, lang, config),
    )


@lru_cache(maxsize=8)
def _origin(config: Config) -> regex.Pattern:
    """What follows a country that only says where an organisation is from:
    "Micron (United States)", "Taiwan-based" (organisations.origin_suffixes); or
    that names a currency: "US$ 44 billion"."""
    suffixes = alternation(config["organisations"]["origin_suffixes"])
    return regex.compile(rf"\)|{suffixes}|\s?\$")


def _focus_year(text: str, config: Config) -> int | None:
    """The first year the title or lead names as the time of its facts (not as
    a comparison), ignoring a date stamp; the lead is windows.lead characters."""
    head = text[:config["windows"]["lead"]]
    stamp = published_date(head, config)
    for year in read_years(head, 0, len(head), config, []):
        if year.tag in ("reference", "target", "until") or (
                year.tag == "date" and not (stamp and str(year.value) == stamp[:4])):
            return int(year.value)
    return None


def find_figures(text: str, config: Config | None = None, lang: str | None = None,
                 published: str | None = None) -> list[Figure]:
    """All figures of a text, with offsets into `text` as given; `published`
    (ISO) is the text's date when the text itself does not write it."""
    config = config or load_config()
    lex = lexicon_for(config)
    mapped = not unicodedata.is_normalized("NFC", text)
    work, starts, ends = nfc_with_map(text) if mapped else (text, [], [])
    doc_lang = lang or text_language(work, config)
    doc = doc_facts(work, doc_lang, config, published)
    excluded = excluded_spans(work, lex)
    figures: list[Figure] = []
    carry = _Carry()
    for n, para in enumerate(paragraphs(work, config)):
        carry.new_paragraph()
        if n and _is_heading(work, para, config):  # the title speaks of the whole text
            carry.section = _heading_year(work, para, config)
        elif not LIST_ITEM.match(work, para.start, para.end):
            carry.section = None  # prose after the list: the heading's year is done
        for span in sentences(work, para, config):
            figures += _sentence_figures(work, span, lang, doc_lang, doc, lex,
                                         excluded, carry)
    repeat_kinds(figures)
    annotate(figures, config, doc.orgs.home if doc.orgs is not None else None, work)
    if mapped:
        _map_back(figures, text, starts, ends)
    return figures


def _map_back(figures: list[Figure], text: str, starts: list[int], ends: list[int]) -> None:
    """Offsets and quotes of figures found in the NFC form, into the text as given
    (the figures of one sentence share its string)."""
    originals: dict[tuple[int, int], str] = {}
    for fig in figures:
        fig.start, fig.end = starts[fig.start], ends[fig.end - 1]
        fig.quote = text[fig.start:fig.end]
        sent_end = ends[fig.sentence_start + len(fig.sentence) - 1]
        fig.sentence_start = starts[fig.sentence_start]
        key = (fig.sentence_start, sent_end)
        if key not in originals:
            originals[key] = text[fig.sentence_start:sent_end]
        fig.sentence = originals[key]


def figure_id(content_hash: str, fig: Figure) -> str:
    """Stable id of a figure: its document's content, span and unit."""
    key = f"{content_hash}|{fig.start}|{fig.end}|{fig.unit}"
    return hashlib.sha1(key.encode()).hexdigest()[:16]


def figures_frame(figures: list[Figure]) -> pd.DataFrame:
    """A DataFrame with COLUMNS from figures, built column by column."""
    return pd.DataFrame({
        col: pd.array([getattr(f, col) for f in figures], dtype=DTYPES.get(col, object))
        for col in COLUMNS
    })


def document_figures(doc: Document, config: Config | None = None) -> list[Figure]:
    """Figures of one Document, with their document and stable ids filled in."""
    figures = find_figures(doc.text, config, published=doc.published)
    content_hash = doc.content_hash or hashlib.sha256(doc.text.encode()).hexdigest()
    for fig in figures:
        fig.doc_id, fig.source = doc.doc_id, doc.source
        fig.figure_id = figure_id(content_hash, fig)
    return figures


def extract_document(doc: Document, config: Config | None = None) -> pd.DataFrame:
    """Figures of one Document as a DataFrame."""
    return figures_frame(document_figures(doc, config))


def extract_text(text: str, doc_id: str = "text", lang: str | None = None, source: str = "",
                 config: Config | None = None, published: str | None = None) -> pd.DataFrame:
    """Figures of a text. `lang` ("vi"/"en") forces the language of every sentence;
    `published` (ISO) dates a text that does not date itself."""
    if lang is not None and lang not in ("vi", "en"):
        raise ValueError(f"lang must be 'vi', 'en' or None, got {lang!r}")
    config = config or load_config()
    figures = find_figures(text, config, lang=lang, published=published)
    content_hash = hashlib.sha256(text.encode()).hexdigest()
    for fig in figures:
        fig.doc_id, fig.source = doc_id, source
        fig.figure_id = figure_id(content_hash, fig)
    return figures_frame(figures)


def extract_paths(paths: Iterable[str | Path], config: Config | None = None,
                  progress: bool = False,
                  on_error: Callable[[FileError], None] | None = None,
                  published: str | None = None) -> ExtractionResult:
    """Figures of every readable file under `paths`, dated `published` (ISO)
    when given. A bad file becomes a FileError (reported through `on_error` at
    once) and the batch goes on."""
    config = config or load_config()
    files = list(iter_input_files(paths))
    bar = tqdm(files, desc="extracting", unit="file", disable=not progress or len(files) < 2,
               leave=False)
    figures: list[Figure] = []
    documents, errors = [], []
    for path, problem in bar:
        try:
            if problem:
                raise ReadError(problem)
            doc = read_document(path, config, published)
            figures += document_figures(doc, config)
            documents.append(doc)
        except ReadError as exc:
            error = FileError(str(path), str(exc))
            errors.append(error)
            if on_error:
                on_error(error)
    return ExtractionResult(figures_frame(figures), documents, errors)
