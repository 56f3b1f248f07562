"""Where a figure came from: its sentence with the figure highlighted, as safe HTML.

Article text is untrusted: every piece of it is HTML-escaped before it is
placed inside our own markup.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from urllib.parse import urlparse

import pandas as pd

from analysis.labels import row_label
from dashboard.citation import citation, outlet_of, public_source
from dashboard.formatting import format_usd, format_value, format_year
from dashboard.i18n import tr, tr_value
from extractors.cells import cell_text


def quote_span(sentence: str, quote: str, offset: int | None) -> tuple[int, int] | None:
    """Where `quote` sits in `sentence`: at `offset` when it matches there, else its first
    occurrence; None when absent."""
    if not quote:
        return None
    if offset is not None and 0 <= offset and sentence[offset : offset + len(quote)] == quote:
        return offset, offset + len(quote)
    found = sentence.find(quote)
    return None if found < 0 else (found, found + len(quote))


def highlight_sentence(sentence: str, quote: str, offset: int | None = None) -> str:
    """The sentence as escaped HTML with the quote wrapped in <mark>."""
    span = quote_span(sentence, quote, offset)
    if span is None:
        return html.escape(sentence)
    a, b = span
    return (
        f"{html.escape(sentence[:a])}<mark>"
        f"{html.escape(sentence[a:b])}</mark>{html.escape(sentence[b:])}"
    )


def source_link(source: str) -> str:
    """An http(s) source as an escaped link, anything else (a path) as escaped code."""
    if urlparse(source).scheme in ("http", "https"):
        url = html.escape(source, quote=True)
        return f'<a href="{url}" target="_blank" rel="noopener noreferrer">{url}</a>'
    return f"<code>{html.escape(source)}</code>" if source else ""


def figure_offset(row: Mapping[str, object]) -> int | None:
    """The quote's offset inside its sentence (start - sentence_start), None if unknown."""
    start, sentence_start = cell_text(row.get("start")), cell_text(row.get("sentence_start"))
    if not start or not sentence_start:
        return None
    return int(float(start)) - int(float(sentence_start))


def provenance_html(row: Mapping[str, object], lang: str = "en") -> str:
    """A card for one figure: highlighted sentence, value, document, date, source, rule."""
    value = format_value(row.get("value"), cell_text(row.get("unit")), row.get("value_high"),
                         cell_text(row.get("qualifier")))
    usd = format_usd(row.get("value_usd"), row.get("value_usd_high"))
    if usd and cell_text(row.get("unit")) != "USD":
        value = f"{value} (≈ {usd})"
    url = cell_text(row.get("doc_url"))
    where = source_link(url) if url else source_link(public_source(row.get("source")))
    facts = [
        (tr("value", lang), html.escape(value)),
        (tr("role", lang), html.escape(tr_value(cell_text(row.get("role")), lang))
         if cell_text(row.get("role")) not in ("", "single") else ""),
        (tr("investor_country", lang),
         html.escape(tr_value(cell_text(row.get("investor_country")), lang))
         if cell_text(row.get("investor_country")) else ""),
        (tr("kind", lang), html.escape(tr_value(cell_text(row.get("kind")), lang))),
        (tr("year", lang), html.escape(format_year(row.get("year")))),
        (tr("country", lang), html.escape(cell_text(row.get("country")))),
        (tr("sector", lang), html.escape(cell_text(row.get("sector")))),
        (tr("entity", lang), html.escape(cell_text(row.get("entity")))),
        (tr("measure", lang), html.escape(cell_text(row.get("measure")))),
        (tr("doc_title", lang), html.escape(cell_text(row.get("doc_title")) or
                                            cell_text(row.get("doc_id")))),
        (tr("outlet", lang), html.escape(outlet_of(row.get("doc_outlet"), url))),
        (tr("published", lang), html.escape(cell_text(row.get("doc_published")))),
        (tr("path", lang), where),
        (tr("page", lang), html.escape(cell_text(row.get("page")))),
        (tr("rule", lang), f"<code>{html.escape(cell_text(row.get('rule')))}</code>"),
        (tr("figure_id", lang), f"<code>{html.escape(cell_text(row.get('figure_id')))}</code>"),
    ]
    sentence = highlight_sentence(
        cell_text(row.get("sentence")), cell_text(row.get("quote")), figure_offset(row)
    )
    items = "".join(f"<li><b>{k}</b>: {v}</li>" for k, v in facts if v and v != "<code></code>")
    label = html.escape(row_label(dict(row), lang))
    return (
        f'<p class="provenance-label"><b>{label}</b></p>'
        f'<blockquote class="provenance-sentence">{sentence}</blockquote>'
        f'<ul class="provenance-facts">{items}</ul>'
        f'<p class="provenance-citation">{html.escape(citation(dict(row)))}</p>'
    )


def find_figure(df: pd.DataFrame, figure_id: str) -> dict[str, object] | None:
    """The row of `figure_id` as a dict, None when it is not in `df`."""
    if not figure_id:
        return None
    hits = df.index[(df["figure_id"] == figure_id).to_numpy(dtype=bool)]
    return None if len(hits) == 0 else df.loc[hits[0]].to_dict()
