"""The output table: one row per figure mention (see README, "Output schema")."""

from __future__ import annotations

from dataclasses import dataclass

# Column order of every table the extractors write.
COLUMNS: tuple[str, ...] = (
    "figure_id",  # stable id: hash of doc content, span and unit
    "doc_id",  # file name without extension
    "source",  # path or label the text came from
    "lang",  # "vi" or "en", of the sentence holding the figure
    "start",  # character offset of the figure in the document text
    "end",  # end offset (exclusive): text[start:end] == quote
    "quote",  # the figure as written
    "sentence",  # the sentence holding it
    "sentence_start",  # offset of that sentence in the document text
    "value",  # value in base units (low end of a range)
    "value_high",  # high end of a range, else empty
    "unit",  # "%", ISO currency code, "count", "rank" (or a physical unit)
    "unit_family",  # percent | money | count | rank | physical
    "qualifier",  # at_least | more_than | at_most | less_than | approx | empty
    "value_usd",  # money converted to USD with the dated FX table
    "value_usd_high",  # the same for the high end of a range
    "kind",  # target | investment | statistic
    "year",  # target or reference year, else empty
    "country",  # English short name
    "sector",  # one of the guideline's sectors
    "entity",  # organisation the figure belongs to
    "measure",  # short phrase: what is measured
    "rule",  # ids of the rules that produced the row, joined by "+"
    "role",  # money: total | increment | single (README, "Honest aggregation")
    "investor_country",  # investments: the investor's home or stated source country
    "label",  # the figure as one readable line: value, measure, organisation/country, year
    "page",  # PDF input: the 1-based page of the figure, else empty
)

# Columns that are not text: whole numbers and real numbers (empty when unknown).
INT_COLUMNS: tuple[str, ...] = ("start", "end", "sentence_start", "year", "page")
FLOAT_COLUMNS: tuple[str, ...] = ("value", "value_high", "value_usd", "value_usd_high")

UNIT_FAMILIES: tuple[str, ...] = ("percent", "money", "count", "rank", "physical")
KINDS: tuple[str, ...] = ("target", "investment", "statistic")


@dataclass
class Document:
    """A decoded input text and what is known about it."""

    doc_id: str
    text: str
    source: str = ""
    title: str = ""
    lang: str = ""
    published: str | None = None  # ISO date when the text gives one
    content_hash: str = ""
    fmt: str = "txt"  # txt | md | html | pdf
    problems: tuple[str, ...] = ()  # damage repaired while decoding, one line each
    outlet: str = ""  # the publisher ("VnExpress", "Reuters") when known
    url: str = ""  # the article's address when known


@dataclass
class FileError:
    """A file that could not be read, with a one-line reason."""

    path: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass(slots=True)
class Figure:
    """One extracted figure; fields mirror COLUMNS (slots: a text may give
    hundreds of thousands, so each is held compactly)."""

    start: int
    end: int
    value: float
    unit: str
    unit_family: str
    rule: str
    value_high: float | None = None
    qualifier: str | None = None
    quote: str = ""
    sentence: str = ""
    sentence_start: int = 0
    lang: str = ""
    value_usd: float | None = None
    value_usd_high: float | None = None
    kind: str = "statistic"
    year: int | None = None
    country: str | None = None
    sector: str | None = None
    entity: str | None = None
    measure: str = ""
    figure_id: str = ""
    doc_id: str = ""
    source: str = ""
    kind_cued: bool = False  # a cue word of its own sentence gave the kind
    role: str = "single"
    investor_country: str | None = None
    label: str = ""
    page: int | None = None
