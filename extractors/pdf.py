"""PDF input: the text layer of a PDF, page by page, with the page breaks kept.

Pages are joined by a blank line and a form feed (``\\n\\n\\f``), so a paragraph never runs
across pages and a figure's page is the number of form feeds before it, plus one
(`page_at`). A PDF without a text layer (a scan) is refused with a clear reason.
"""

from __future__ import annotations

import io
import logging

import regex

PAGE_BREAK = "\n\n\f"
MIN_CHARS_PER_PAGE = 20  # fewer letters on average: a scan (images only)
SPACES = regex.compile(r"[ \t\u00a0]+")
HYPHEN_WRAP = regex.compile(r"(?<=\p{L})-\n(?=\p{Ll})")


class PdfError(ValueError):
    """A PDF that cannot be read as text; str() is a one-line reason."""


def page_texts(data: bytes) -> list[str]:
    """The text of each page (pypdf), lines tidied. Raises PdfError."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is in requirements.txt
        raise PdfError("reading PDF needs the pypdf package") from exc
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise PdfError("encrypted PDF (needs a password)")
        pages = [page.extract_text() or "" for page in reader.pages]
    except PdfError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise PdfError(f"not a readable PDF ({type(exc).__name__})") from exc
    return [_tidy(text) for text in pages]


def _tidy(text: str) -> str:
    """Page text: hyphenated line ends joined, runs of spaces collapsed, no form feeds."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = HYPHEN_WRAP.sub("", text)
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def pdf_text(data: bytes) -> str:
    """The whole text of a PDF, pages joined by PAGE_BREAK. Raises PdfError for a scan
    without a text layer, an encrypted or a broken file."""
    pages = page_texts(data)
    if not pages:
        raise PdfError("PDF without pages")
    letters = sum(len(regex.findall(r"\p{L}", p)) for p in pages)
    if letters < MIN_CHARS_PER_PAGE * len(pages) and letters < 200:
        raise PdfError("scanned PDF without a text layer: run OCR on it first")
    return PAGE_BREAK.join(pages)


def page_at(text: str, offset: int) -> int | None:
    """The 1-based page of `offset` in a text made by `pdf_text`; None for other texts."""
    if "\f" not in text:
        return None
    return text.count("\f", 0, max(0, offset)) + 1
