"""The briefing downloads offered for a filtered view: what each file is called, its type,
and how to build it (called only when the analyst clicks)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

import pandas as pd

from analysis.filters import Filters
from briefing.brief import build_html, build_pdf
from briefing.catalog import briefing_charts
from briefing.deck import MIME as DECK_MIME
from briefing.deck import build_deck
from briefing.images import FORMATS, chart_image, image_name
from briefing.text import bt


@dataclass(frozen=True)
class Download:
    """One file the page offers."""

    key: str
    label: str
    file_name: str
    mime: str
    build: Callable[[], bytes]
    enabled: bool = True


def _html_bytes(df: pd.DataFrame, filters: Filters, lang: str, total: int | None) -> bytes:
    """The HTML brief as UTF-8 bytes."""
    return build_html(df, filters, lang, total).encode("utf-8")


def pack_downloads(df: pd.DataFrame, filters: Filters, lang: str, total: int | None = None,
                   stamp: str = "", title: str = "") -> list[Download]:
    """The deck (titled `title` when given), the HTML brief and the PDF brief of the view;
    disabled when the view is empty."""
    stamp = stamp or date.today().strftime("%Y%m%d")
    args = (df, filters, lang, total)
    return [
        Download("brief_deck", bt("download_deck", lang), f"briefing-{stamp}.pptx", DECK_MIME,
                 partial(build_deck, *args, title=title or None), not df.empty),
        Download("brief_html", bt("download_html", lang), f"briefing-{stamp}.html",
                 "text/html", partial(_html_bytes, *args), not df.empty),
        Download("brief_pdf", bt("download_pdf", lang), f"briefing-{stamp}.pdf",
                 "application/pdf", partial(build_pdf, *args), not df.empty),
    ]


def image_downloads(df: pd.DataFrame, lang: str, stamp: str = "",
                    filters: Filters | None = None) -> list[Download]:
    """PNG and SVG of every chart (the active filters written on each); charts with
    nothing to draw are disabled."""
    stamp = stamp or date.today().strftime("%Y%m%d")
    return [
        Download(f"brief_{fmt}_{spec.key}", fmt.upper(), image_name(spec, fmt, stamp), mime,
                 partial(chart_image, df, spec, fmt, lang, filters=filters),
                 bool(spec.rows(df).any()))
        for spec in briefing_charts()
        for fmt, mime in FORMATS.items()
    ]
