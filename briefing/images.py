"""Chart images for presentations: the dashboard figure restyled with a title, its units
and a source line drawn on it, exported as PNG or SVG by kaleido (with Debian's chromium)."""

from __future__ import annotations

import html
import os
import shutil
import threading
import warnings
from dataclasses import dataclass

import kaleido
import pandas as pd
import plotly.graph_objects as go

from analysis.filters import Filters
from briefing.catalog import ChartSpec, chart_rows
from briefing.summary import filter_lines, source_note
from briefing.text import bt

FONT_FAMILY = "DejaVu Sans, Liberation Sans, Arial, sans-serif"
FORMATS: dict[str, str] = {"png": "image/png", "svg": "image/svg+xml"}
BROWSER_CANDIDATES: tuple[str, ...] = ("chromium", "chromium-browser", "google-chrome")
_render_lock = threading.Lock()


@dataclass(frozen=True)
class ImageSize:
    """Layout size in CSS pixels (what fonts are relative to); the exported PNG, and the
    SVG's width and height, are `scale` times larger (the SVG viewBox keeps the layout)."""

    width: int = 1200
    height: int = 675
    scale: float = 2.0

    def pixels(self) -> tuple[int, int]:
        """The (width, height) of the exported image in pixels."""
        return round(self.width * self.scale), round(self.height * self.scale)


PRESENTATION = ImageSize()
SLIDE_IMAGE = ImageSize(1000, 640, 2.4)  # the deck's picture box (9.3 × 5.95 in) at ~260 dpi


def browser_path() -> str | None:
    """The browser kaleido will drive: $BROWSER_PATH, else chromium on PATH; None if absent."""
    configured = os.environ.get("BROWSER_PATH")
    if configured:
        return configured if os.path.exists(configured) else None
    return next((p for name in BROWSER_CANDIDATES if (p := shutil.which(name))), None)


def start_renderer() -> None:
    """Start kaleido's shared browser once per process (later images take ~0.15 s)."""
    kaleido.start_sync_server(silence_warnings=True)


def _source_legend(note: str) -> dict:
    """A second legend anchored to the image's bottom-left, holding only the source note:
    unlike an annotation, a legend pushes the margin, so it never overlaps tick labels."""
    return {
        "title": {"text": html.escape(note), "font": {"size": 15, "color": "#555"}},
        "xref": "container", "yref": "container", "x": 0.01, "y": 0.0,
        "xanchor": "left", "yanchor": "bottom", "orientation": "h",
        "itemclick": False, "itemdoubleclick": False, "bgcolor": "rgba(0,0,0,0)",
        "itemwidth": 30,
    }


def _heading(title: str | None, units: str) -> dict:
    """The title block: the title with the units as subtitle, or the units alone."""
    block = {"x": 0.01, "xref": "container", "y": 0.975, "yref": "container",
             "yanchor": "top", "xanchor": "left"}
    if title:
        return {**block, "text": f"<b>{html.escape(title)}</b>", "font": {"size": 28},
                "subtitle": {"text": html.escape(units), "font": {"size": 18, "color": "#555"}}}
    return {**block, "text": html.escape(units), "font": {"size": 19, "color": "#555"}}


def presentation_plot(plot: go.Figure, title: str | None, units: str, note: str) -> go.Figure:
    """A restyled copy of `plot`: large fonts, title and units on top, source note at the
    bottom. `plot` itself is left as it is."""
    out = go.Figure(plot)
    out.update_layout(
        template="plotly_white", font={"family": FONT_FAMILY, "size": 19, "color": "#222"},
        paper_bgcolor="white", plot_bgcolor="white",
        title=_heading(title, units), height=None, width=None,
        margin={"l": 30, "r": 40, "t": 130 if title else 95, "b": 20},
        legend={"orientation": "h", "x": 0, "xref": "paper", "y": 1.0, "yanchor": "bottom"},
        legend2=_source_legend(note),
    )
    out.add_trace(go.Scatter(
        x=[None], y=[None], mode="lines", name="", legend="legend2", hoverinfo="skip",
        line={"width": 0, "color": "rgba(0,0,0,0)"}, showlegend=True,
    ))
    return out


def chart_plot(df: pd.DataFrame, spec: ChartSpec, lang: str = "en",
               with_title: bool = True, filters: Filters | None = None) -> go.Figure:
    """The presentation figure of one chart for the filtered rows `df`; the active
    `filters` are written under it with the source note."""
    note = source_note(chart_rows(df, spec), lang)
    if filters is not None:
        note += " · " + "; ".join(filter_lines(filters, lang))
    title = spec.title(lang) if with_title else None
    return presentation_plot(spec.build(df, lang), title, bt(spec.units_key, lang), note)


def render(plot: go.Figure, fmt: str = "png", size: ImageSize = PRESENTATION) -> bytes:
    """`plot` as PNG or SVG bytes at `size` (one render at a time: kaleido's shared server
    hands results back in order, so concurrent callers must not interleave)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown image format {fmt!r}; choose png or svg")
    with _render_lock, warnings.catch_warnings():
        start_renderer()
        warnings.filterwarnings("ignore", message="The kopts argument is ignored")
        return plot.to_image(format=fmt, width=size.width, height=size.height, scale=size.scale)


def chart_image(df: pd.DataFrame, spec: ChartSpec, fmt: str = "png", lang: str = "en",
                size: ImageSize = PRESENTATION, filters: Filters | None = None) -> bytes:
    """One chart of the filtered rows as an image file's bytes (with the active filters
    written on it when given)."""
    return render(chart_plot(df, spec, lang, filters=filters), fmt, size)


def image_name(spec: ChartSpec, fmt: str, stamp: str = "") -> str:
    """File name of a chart image, e.g. "targets-20260101.png"."""
    return f"{spec.key}{'-' + stamp if stamp else ''}.{fmt}"
