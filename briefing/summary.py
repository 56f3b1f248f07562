"""What a briefing says about the filtered view: counts, filters, source note, top figures
and the documents behind it with their quotes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.filters import REVIEWED, Filters
from briefing.text import bt
from dashboard.citation import citation, outlet_of, public_source
from dashboard.exports import sources_frame
from dashboard.i18n import tr, tr_value
from dashboard.provenance import figure_offset, quote_span
from dashboard.table import display_frame
from extractors.cells import cell_text

FILTER_LABELS: dict[str, str] = {
    "kinds": "kind",
    "unit_families": "unit_family",
    "countries": "country",
    "sectors": "sector",
    "entities": "entity",
    "doc_ids": "document",
    "investor_countries": "investor_country",
}
TOP_COLUMNS: tuple[str, ...] = ("label", "value_usd", "kind", "investor_country", "doc_title")


def article_years(df: pd.DataFrame) -> tuple[int, int] | None:
    """First and last publication year of the documents behind `df`, None when undated."""
    if "doc_published" not in df or df.empty:
        return None
    dates = df.drop_duplicates("doc_id")["doc_published"].astype(object).dropna().astype(str)
    years = pd.to_numeric(dates.str.slice(0, 4), errors="coerce").dropna()
    if years.empty:
        return None
    return int(years.min()), int(years.max())


def year_span(span: tuple[int, int]) -> str:
    """"2018–2025", or "2025" when both ends agree."""
    return str(span[0]) if span[0] == span[1] else f"{span[0]}–{span[1]}"


def source_note(df: pd.DataFrame, lang: str = "en") -> str:
    """"Source: N articles, 2018–2025; extracted figures" for the rows of `df`."""
    n = int(df["doc_id"].nunique()) if len(df) else 0
    words = {"n": f"{n:,}", "articles": bt("article" if n == 1 else "articles", lang)}
    span = article_years(df)
    if span is None:
        return bt("source_note_undated", lang, **words)
    return bt("source_note", lang, years=year_span(span), **words)


def count_line(df: pd.DataFrame, lang: str = "en", total: int | None = None) -> str:
    """"24 figures from 4 documents" (or "24 of 1,000 figures, ...")."""
    figures, docs = f"{len(df):,}", f"{int(df['doc_id'].nunique()) if len(df) else 0:,}"
    if total is None or total == len(df):
        return bt("counts", lang, figures=figures, docs=docs)
    return bt("counts_of", lang, figures=figures, total=f"{total:,}", docs=docs)


def filter_lines(filters: Filters, lang: str = "en") -> list[str]:
    """One readable line per active filter, e.g. "Kind: target, investment"."""
    lines = []
    for name, label in FILTER_LABELS.items():
        values = getattr(filters, name)
        if values:
            lines.append(f"{tr(label, lang)}: {', '.join(tr_value(v, lang) for v in values)}")
    if filters.year_range is not None:
        undated = tr("include_undated", lang) if filters.include_undated else "—"
        lines.append(f"{bt('years_filter', lang)}: {year_span(filters.year_range)} ({undated})")
    if filters.search.strip():
        lines.append(f"{bt('search_filter', lang)}: “{filters.search.strip()}”")
    if filters.reviewed_only:
        lines.append(f"{tr('reviewed_only', lang)}: "
                     f"{', '.join(tr_value(s, lang) for s in REVIEWED)}")
    return lines or [bt("no_filters", lang)]


def top_figures(df: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The `n` rows a briefing leads with: largest USD amounts, then targets by year,
    then the rest in document order."""
    usd = df["value_usd"].to_numpy(dtype=np.float64, na_value=np.nan)
    target = (df["kind"] == "target").to_numpy(dtype=bool)
    year = df["year"].to_numpy(dtype=np.float64, na_value=np.nan)
    tier = np.where(~np.isnan(usd), 0, np.where(target, 1, 2))
    within = np.where(tier == 0, -usd, np.where(tier == 1, np.nan_to_num(year, nan=9999), 0))
    order = np.lexsort((np.arange(len(df)), within, tier))
    return df.iloc[order[:n]]


def clip(text: str, width: int) -> str:
    """`text` cut to `width` characters, ending in "…" when cut."""
    return text if len(text) <= width else text[: width - 1] + "…"


def top_table(df: pd.DataFrame, lang: str = "en", n: int = 10, title_width: int = 60,
              ) -> pd.DataFrame:
    """`top_figures` as a readable table (dashboard display columns, translated headers,
    document titles clipped to `title_width`)."""
    shown = display_frame(top_figures(df, n), lang)[[tr(c, lang) for c in TOP_COLUMNS]]
    document = tr("doc_title", lang)
    return shown.assign(**{document: [clip(str(t), title_width) for t in shown[document]]})


@dataclass(frozen=True)
class Quote:
    """One figure of a document: the figure as written and its sentence."""

    quote: str
    sentence: str
    offset: int | None


@dataclass(frozen=True)
class SourceDoc:
    """A document behind the view, with its quotes (first `max_quotes`) and figure count."""

    doc_id: str
    title: str
    published: str
    source: str  # public: the URL, else the file name (never a local folder)
    figures: int
    quotes: tuple[Quote, ...]
    outlet: str = ""
    url: str = ""
    citation: str = ""  # "Title. Outlet, date. URL"

    @property
    def hidden(self) -> int:
        """Figures of the document whose quote is not listed."""
        return self.figures - len(self.quotes)


def documents_frame(df: pd.DataFrame) -> pd.DataFrame:
    """One row per document behind `df` (first-seen order) with its number of figures."""
    if df.empty:
        return sources_frame(df)
    counts = df["doc_id"].astype(object).value_counts()
    docs = sources_frame(df.drop_duplicates("doc_id")).drop(columns="figures")
    return docs.assign(figures=docs["doc_id"].map(counts).astype(int))


def _quotes(rows: pd.DataFrame) -> tuple[Quote, ...]:
    """The quotes of one document's listed rows."""
    return tuple(
        Quote(cell_text(r["quote"]), cell_text(r["sentence"]), figure_offset(r))
        for r in rows.to_dict("records")
    )


def source_documents(df: pd.DataFrame, max_quotes: int = 5) -> list[SourceDoc]:
    """Every document behind `df`, each with up to `max_quotes` of its quotes."""
    listed = df.groupby("doc_id", observed=True, sort=False).head(max_quotes)
    by_doc = {str(k): g for k, g in listed.groupby(listed["doc_id"].astype(object), sort=False)}
    return [
        SourceDoc(
            doc_id=str(d["doc_id"]),
            title=cell_text(d.get("doc_title")) or str(d["doc_id"]),
            published=cell_text(d.get("doc_published")),
            source=public_source(d.get("source"), d.get("doc_url")),
            figures=int(d["figures"]),
            quotes=_quotes(by_doc[str(d["doc_id"])]),
            outlet=outlet_of(d.get("doc_outlet"), d.get("doc_url")),
            url=cell_text(d.get("doc_url")),
            citation=citation(d),
        )
        for d in documents_frame(df).to_dict("records")
    ]


def excerpt(quote: Quote, width: int = 160) -> str:
    """The sentence cut to about `width` characters around the quote, at word boundaries,
    with "…" where it was cut; whitespace collapsed."""
    sentence = quote.sentence
    if len(sentence) <= width:
        return " ".join(sentence.split())
    a, b = quote_span(sentence, quote.quote, quote.offset) or (0, 0)
    start = max(0, min((a + b - width) // 2, len(sentence) - width))
    end = start + width
    if start > 0 and 0 <= (space := sentence.find(" ", start, a)):
        start = space + 1
    if end < len(sentence) and (space := sentence.rfind(" ", b, end)) > b:
        end = space
    text = " ".join(sentence[start:end].split())
    return ("…" if start > 0 else "") + text + ("…" if end < len(sentence) else "")
