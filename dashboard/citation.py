"""Citable sources: a document as "Title. Outlet, date. URL" — never a local path."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from urllib.parse import urlparse

from extractors.cells import cell_text


def is_url(text: str) -> bool:
    """True for an http(s) address."""
    return urlparse(text).scheme in ("http", "https")


def public_source(source: object, url: object = "") -> str:
    """What an output may say about where a text came from: its URL, else the source when
    it is a URL, else only the file's name (a local folder is never written)."""
    url, source = cell_text(url).strip(), cell_text(source).strip()
    if url and is_url(url):
        return url
    if is_url(source):
        return source
    return PurePath(source.replace("\\", "/")).name if source else ""


def outlet_of(outlet: object, url: object = "") -> str:
    """The outlet, else the host name of the URL ("vietnamplus.vn")."""
    outlet, url = cell_text(outlet).strip(), cell_text(url).strip()
    if outlet:
        return outlet
    host = urlparse(url).hostname if is_url(url) else None
    return host.removeprefix("www.") if host else ""


def citation(row: Mapping[str, object]) -> str:
    """"Title. Outlet, 2025-06-30. https://…" from a figure or document row (keys
    doc_title/title, doc_outlet/outlet, doc_published/published, doc_url/url, source)."""
    title = (cell_text(row.get("doc_title") or row.get("title")).strip()
             or cell_text(row.get("doc_id")).strip())
    url = cell_text(row.get("doc_url") or row.get("url")).strip()
    source = cell_text(row.get("source")).strip()
    if not url and is_url(source):
        url = source
    outlet = outlet_of(row.get("doc_outlet") or row.get("outlet"), url)
    published = cell_text(row.get("doc_published") or row.get("published")).strip()
    parts = [title.rstrip(".") + "."]
    where = ", ".join(p for p in (outlet, published) if p)
    if where:
        parts.append(where + ".")
    if url:
        parts.append(url)
    elif not outlet:
        parts.append(f"[{public_source(row.get('source'))}]")
    page = cell_text(row.get("page")).strip()
    if page and page not in ("<NA>", "nan"):
        parts.append(f"p. {page}")
    return " ".join(parts)
