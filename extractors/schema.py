"""The output table: one row per figure mention (see README, "Output schema")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

ColumnType = Literal["text", "int", "float"]

# How each column type is held: SQLite column type, pandas dtype (ints nullable).
SQL_TYPES: dict[str, str] = {"text": "TEXT", "int": "INTEGER", "float": "REAL"}
PANDAS_DTYPES: dict[str, object] = {"text": object, "int": "Int64", "float": "float64"}


@dataclass(frozen=True)
class Column:
    """One column of the figures table: its name, type and meaning. A text column is
    `repeated` when its values recur across figures (held as a categorical in the
    dashboard's frames); ids and quotes are not."""

    name: str
    type: ColumnType
    meaning: str
    repeated: bool = True

    @property
    def sql_type(self) -> str:
        """The column's SQLite type: TEXT, INTEGER or REAL."""
        return SQL_TYPES[self.type]

    @property
    def dtype(self) -> object:
        """The column's pandas dtype: object, Int64 or float64."""
        return PANDAS_DTYPES[self.type]


# The figures table, in the column order of every table the extractors write: the one
# declaration of each column's type and meaning, from which the store's SQL types, the
# frames' pandas dtypes, the Parquet schema and the export columns are derived.
FIGURE_SCHEMA: tuple[Column, ...] = (
    Column("figure_id", "text", "stable id: hash of doc content, span and unit", repeated=False),
    Column("doc_id", "text", "file name without extension"),
    Column("source", "text", "path or label the text came from"),
    Column("lang", "text", '"vi" or "en", of the sentence holding the figure'),
    Column("start", "int", "character offset of the figure in the document text"),
    Column("end", "int", "end offset (exclusive): text[start:end] == quote"),
    Column("quote", "text", "the figure as written", repeated=False),
    Column("sentence", "text", "the sentence holding it"),
    Column("sentence_start", "int", "offset of that sentence in the document text"),
    Column("value", "float", "value in base units (low end of a range)"),
    Column("value_high", "float", "high end of a range, else empty"),
    Column("unit", "text", '"%", ISO currency code, "count", "rank" (or a physical unit)'),
    Column("unit_family", "text", "percent | money | count | rank | physical"),
    Column("qualifier", "text", "at_least | more_than | at_most | less_than | approx | empty"),
    Column("value_usd", "float", "money converted to USD with the dated FX table"),
    Column("value_usd_high", "float", "the same for the high end of a range"),
    Column("kind", "text", "target | investment | statistic"),
    Column("year", "int", "target or reference year, else empty"),
    Column("country", "text", "English short name"),
    Column("sector", "text", "one of the guideline's sectors"),
    Column("entity", "text", "organisation the figure belongs to"),
    Column("measure", "text", "short phrase: what is measured"),
    Column("rule", "text", 'ids of the rules that produced the row, joined by "+"'),
    Column("role", "text", 'money: total | increment | single (README, "Honest aggregation")'),
    Column("investor_country", "text",
           "investments: the investor's home or stated source country"),
    Column("label", "text",
           "the figure as one readable line: value, measure, organisation/country, year"),
    Column("page", "int", "PDF input: the 1-based page of the figure, else empty"),
)

COLUMNS: tuple[str, ...] = tuple(c.name for c in FIGURE_SCHEMA)
# Columns that are not text: whole numbers and real numbers (empty when unknown).
INT_COLUMNS: tuple[str, ...] = tuple(c.name for c in FIGURE_SCHEMA if c.type == "int")
FLOAT_COLUMNS: tuple[str, ...] = tuple(c.name for c in FIGURE_SCHEMA if c.type == "float")
# Column -> pandas dtype, for the columns that are not text.
DTYPES: dict[str, object] = {c.name: c.dtype for c in FIGURE_SCHEMA if c.type != "text"}
# Text columns whose values recur (categoricals in the dashboard's frames).
REPEATED_TEXT_COLUMNS: tuple[str, ...] = tuple(c.name for c in FIGURE_SCHEMA
                                               if c.type == "text" and c.repeated)

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
