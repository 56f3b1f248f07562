"""Citable sources: a document as "Title. Outlet, date. URL" — never a local path."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import PurePath
from urllib.parse import urlparse

import pandas as pd


def _text(value: object) -> str:
    if value is None or (not isinstance(value, str) and bool(pd.isna(value))):
        return ""
    return str(value).strip()


def is_url(text: str) -> bool:
    """True for an http(s) address."""
    return urlparse(text).scheme in ("http", "https")


def public_source(source: object, url: object = "") -> str:
    """What an output may say about where a text came from: its URL, else the source when
    it is a URL, else only the file's name (a local folder is never written)."""
    url, source = _text(url), _text(source)
    if url and is_url(url):
        return url
    if is_url(source):
        return source
    return PurePath(source.replace("\\", "/")).name if source else ""


def outlet_of(outlet: object, url: object = "") -> str:
    """The outlet, else the host name of the URL ("vietnamplus.vn")."""
    if _text(outlet):
        return _text(outlet)
    host = urlparse(_text(url)).hostname if is_url(_text(url)) else None
    return host.removeprefix("www.") if host else ""


def citation(row: Mapping[str, object]) -> str:
    """"Title. Outlet, 2025-06-30. https://…" from a figure or document row (keys
    doc_title/title, doc_outlet/outlet, doc_published/published, doc_url/url, source)."""
    title = _text(row.get("doc_title") or row.get("title")) or _text(row.get("doc_id"))
    url = _text(row.get("doc_url") or row.get("url"))
    if not url and is_url(_text(row.get("source"))):
        url = _text(row.get("source"))
    outlet = outlet_of(row.get("doc_outlet") or row.get("outlet"), url)
    published = _text(row.get("doc_published") or row.get("published"))
    parts = [title.rstrip(".") + "."]
    where = ", ".join(p for p in (outlet, published) if p)
    if where:
        parts.append(where + ".")
    if url:
        parts.append(url)
    elif not outlet:
        parts.append(f"[{public_source(row.get('source'))}]")
    page = _text(row.get("page"))
    if page and page not in ("<NA>", "nan"):
        parts.append(f"p. {page}")
    return " ".join(parts)
