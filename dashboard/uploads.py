"""Adding documents from the app: uploaded files and pasted text.

Each input is read and extracted in a child process with a time budget
(TIME_BUDGET_S): an input over budget is named and skipped, and the batch goes
on, so one hostile file cannot block the page. Inputs over MAX_UPLOAD_MB are
refused before they are read."""

from __future__ import annotations

import hashlib
import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import urlparse

import pandas as pd

from store.db import Store, extract_figures

UPLOAD_TYPES: tuple[str, ...] = ("txt", "md", "html", "htm", "pdf")
MAX_UPLOAD_MB = 10  # also server.maxUploadSize in .streamlit/config.toml
TIME_BUDGET_S = 20.0  # seconds to read and extract one document


@dataclass
class AddResult:
    """The outcome for one input: status is "added", "already" or "rejected";
    `notes` name damage repaired while reading (bad bytes, a truncated end)."""

    name: str
    status: str
    figures: int = 0
    reason: str = ""
    doc_id: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


class OverBudget(Exception):
    """Reading and extracting one document took longer than its budget."""


def _one_line(error: BaseException) -> str:
    """An exception as one short line."""
    text = str(error).strip().splitlines()
    return (text[0] if text else type(error).__name__)[:300]


def _read_and_extract(data: bytes, name: str, published: str | None, outlet: str = "",
                      url: str = "") -> tuple[str, Any, Any]:
    """("ok", Document, figures) or ("rejected", reason, None) for one input; `outlet` and
    `url` as typed on upload win over the page's metadata. Never raises."""
    from extractors import ReadError, read_text_bytes

    try:
        doc = read_text_bytes(data, name, published=published)
    except ReadError as exc:
        return "rejected", _one_line(exc), None
    except Exception as exc:  # a reader bug must not drop the rest of the batch
        return "rejected", f"cannot read: {_one_line(exc)}", None
    url = url.strip() if urlparse(url.strip()).scheme in ("http", "https") else ""
    doc = replace(doc, outlet=outlet.strip() or doc.outlet, url=url or doc.url)
    if not doc.text.strip():
        return "rejected", "the file holds no text", None
    try:
        return "ok", doc, extract_figures(doc)
    except Exception as exc:  # an extractor bug must not break the app or the store
        return "rejected", f"extraction failed: {_one_line(exc)}", None


def _child(work: Callable[[], Any], conn: Any) -> None:
    """Run `work` in the child process and send its result back."""
    conn.send(work())
    conn.close()


def within_budget(work: Callable[[], Any], seconds: float) -> Any:
    """`work()` run in a forked child process, killed after `seconds` (OverBudget).
    Where fork is not available it runs here, without a budget."""
    try:
        ctx = multiprocessing.get_context("fork")
    except ValueError:
        return work()
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(work, send), daemon=True)
    proc.start()
    send.close()
    try:
        if not receive.poll(seconds):
            proc.kill()
            raise OverBudget
        return receive.recv()
    except EOFError:
        return "rejected", "extraction failed: the worker process died", None
    finally:
        receive.close()
        proc.join()


def add_bytes(store: Store, name: str, data: bytes, published: str | None = None,
              outlet: str = "", url: str = "", budget: float = TIME_BUDGET_S) -> AddResult:
    """Decode, extract and store one uploaded file (dated `published` when given,
    else by its own metadata or dateline; `outlet` and `url` as typed on upload, else
    from the page's metadata) within `budget` seconds; a bad, too large or too slow
    file changes nothing and is named in its result."""
    from extractors.reader import clean_name

    name = clean_name(name)
    if len(data) > MAX_UPLOAD_MB * 1024 * 1024:
        return AddResult(name, "rejected", reason=f"too large ({len(data) / 2**20:.1f} MB; "
                                                   f"the limit is {MAX_UPLOAD_MB} MB)")
    try:
        status, doc, figures = within_budget(
            lambda: _read_and_extract(data, name, published, outlet, url), budget)
    except OverBudget:
        return AddResult(name, "rejected", reason=f"over the time budget ({budget:g} s); "
                                                   "skipped")
    if status != "ok":
        return AddResult(name, "rejected", reason=doc)
    notes = tuple(doc.problems)
    if not store.ingest_document(doc, _frame(figures)):
        return AddResult(name, "already", doc_id=doc.doc_id, notes=notes)
    return AddResult(name, "added", figures=len(figures), doc_id=doc.doc_id, notes=notes)


def _frame(figures: Any) -> pd.DataFrame:
    """The figures as the DataFrame the store takes."""
    return figures if isinstance(figures, pd.DataFrame) else pd.DataFrame(figures)


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
    return add_bytes(store, paste_name(body), body.encode("utf-8", errors="replace"), published,
                     outlet=outlet, url=url)
