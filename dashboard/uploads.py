"""Adding documents from the app: uploaded files and pasted text."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from urllib.parse import urlparse

from dashboard.store import Store, extract_figures

UPLOAD_TYPES: tuple[str, ...] = ("txt", "md", "html", "htm", "pdf")


@dataclass
class AddResult:
    """The outcome for one input: status is "added", "already" or "rejected"."""

    name: str
    status: str
    figures: int = 0
    reason: str = ""
    doc_id: str = ""


def _one_line(error: BaseException) -> str:
    """An exception as one short line."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def add_bytes(store: Store, name: str, data: bytes, published: str | None = None,
              outlet: str = "", url: str = "") -> AddResult:
    """Decode, extract and store one uploaded file (dated `published` when given,
    else by its own metadata or dateline; `outlet` and `url` as typed on upload, else
    from the page's metadata); a bad file changes nothing."""
    from extractors import ReadError, read_text_bytes

    try:
        doc = read_text_bytes(data, name, published=published)
    except ReadError as exc:
        return AddResult(name, "rejected", reason=_one_line(exc))
    url = url.strip() if urlparse(url.strip()).scheme in ("http", "https") else ""
    doc = replace(doc, outlet=outlet.strip() or doc.outlet, url=url or doc.url)
    if not doc.text.strip():
        return AddResult(name, "rejected", reason="the file holds no text")
    try:
        figures = extract_figures(doc)
    except Exception as exc:  # an extractor bug must not break the app or the store
        return AddResult(name, "rejected", reason=f"extraction failed: {_one_line(exc)}")
    if not store.ingest_document(doc, figures):
        return AddResult(name, "already", doc_id=doc.doc_id)
    return AddResult(name, "added", figures=len(figures), doc_id=doc.doc_id)


def paste_name(text: str) -> str:
    """A file name for pasted text: pasted-<hash prefix>.txt."""
    return f"pasted-{hashlib.sha256(text.encode('utf-8')).hexdigest()[:10]}.txt"


def add_text(store: Store, text: str, title: str = "", published: str | None = None,
             outlet: str = "", url: str = "") -> AddResult:
    """Extract and store pasted text (optionally titled, dated, with its outlet and URL)
    like an uploaded .txt file."""
    if not text.strip():
        return AddResult("pasted text", "rejected", reason="the text is empty")
    body = f"{title.strip()}\n\n{text}" if title.strip() else text
    return add_bytes(store, paste_name(body), body.encode("utf-8"), published, outlet, url)
