"""What makes a document citable: title, outlet, publication date and URL.

Read, in order of trust: a sidecar file beside the text (`article.txt.json` or
`article.json`: {"title", "outlet", "url", "published"}); for HTML, the page's metadata
read by trafilatura (og:title, og:site_name, canonical URL, article:published_time,
JSON-LD); for text and Markdown, a front-matter block (`---` / `title: …` / `---`) at the
top; a lone URL line ("Nguồn: https://…"). A date the user gives always wins.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

import regex

from extractors.config import Config, load_config
from extractors.lexicon import alternation
from extractors.schema import Document

SIDECAR_KEYS = ("title", "outlet", "url", "published")
FRONT_MATTER = regex.compile(r"\A\s*---[ \t]*\n(?P<body>(?:[^\n]*\n){1,30}?)---[ \t]*(?:\n|\Z)")
FIELD = regex.compile(r"^(?P<key>[A-Za-z_]+)[ \t]*:[ \t]*(?P<value>.+?)[ \t]*$", regex.MULTILINE)
ISO_DATE = regex.compile(r"\d{4}-\d{2}-\d{2}")
KEY_NAMES = {"title": "title", "outlet": "outlet", "source": "outlet", "publisher": "outlet",
             "site": "outlet", "sitename": "outlet", "url": "url", "link": "url",
             "date": "published", "published": "published"}


@dataclass(frozen=True)
class Metadata:
    """What is known about a document's origin; empty strings when unknown."""

    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""

    def over(self, other: Metadata) -> Metadata:
        """These fields, with `other`'s where these are empty."""
        return Metadata(*(getattr(self, k) or getattr(other, k) for k in SIDECAR_KEYS))


def _clean(value: object) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _date(value: object) -> str:
    found = ISO_DATE.search(_clean(value))
    return found.group() if found else ""


def _url(value: object) -> str:
    text = _clean(value)
    return text if urlparse(text).scheme in ("http", "https") else ""


def _from_fields(fields: dict) -> Metadata:
    named: dict[str, str] = {}
    for key, value in fields.items():
        name = KEY_NAMES.get(str(key).strip().lower())
        if name and name not in named and _clean(value):
            named[name] = _clean(value).strip("\"'")
    return Metadata(named.get("title", ""), named.get("outlet", ""),
                    _url(named.get("url", "")), _date(named.get("published", "")))


def sidecar_metadata(path: Path | None) -> Metadata:
    """Fields of `<file>.json` or `<stem>.json` beside the file (empty when none)."""
    if path is None:
        return Metadata()
    for candidate in (path.with_name(path.name + ".json"), path.with_suffix(".json")):
        if candidate != path and candidate.is_file():
            try:
                data = json.loads(candidate.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue
            if isinstance(data, dict):
                return _from_fields(data)
    return Metadata()


def html_metadata(html: str) -> Metadata:
    """Title, site name, URL and date of an HTML page (trafilatura), empty when unknown."""
    try:
        from trafilatura import extract_metadata
    except ImportError:  # the reader still works without it: title and date by hand rules
        return Metadata()
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    logging.getLogger("htmldate").setLevel(logging.ERROR)
    try:
        meta = extract_metadata(html)
    except Exception:  # noqa: BLE001 - a page trafilatura cannot parse has no metadata
        return Metadata()
    if meta is None:
        return Metadata()
    outlet = _clean(meta.sitename) or (_clean(meta.hostname).removeprefix("www."))
    return Metadata(_clean(meta.title), outlet, _url(meta.url), _date(meta.date))


@lru_cache(maxsize=8)
def _url_line(config: Config) -> regex.Pattern:
    """A line that is a URL, maybe after a label of `metadata.url_labels` ("Nguồn:
    https://…")."""
    labels = alternation(config["metadata"]["url_labels"])
    return regex.compile(
        rf"^[ \t]*(?:(?:{labels})[ \t]*:[ \t]*)?(?P<url>https?://[^\s<>\"]+)[ \t]*$",
        regex.MULTILINE | regex.IGNORECASE)


def text_metadata(text: str, config: Config | None = None) -> Metadata:
    """A front-matter block at the top of a text, else a lone URL line in it (its
    labels: `config`, the project's by default)."""
    found = FRONT_MATTER.match(text)
    meta = Metadata()
    if found:
        meta = _from_fields({m.group("key"): m.group("value")
                             for m in FIELD.finditer(found.group("body"))})
    if not meta.url:
        url_line = _url_line(config or load_config())
        urls = {m.group("url").rstrip(".,;)") for m in url_line.finditer(text)}
        if len(urls) == 1:
            meta = replace(meta, url=urls.pop())
    return meta


def host_outlet(url: str) -> str:
    """The site of a URL as an outlet name ("vietnamplus.vn")."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else ""


def with_metadata(doc: Document, raw: str, path: Path | None, given_date: str | None = None,
                  config: Config | None = None) -> Document:
    """`doc` with title, outlet, URL and date from its sidecar, page metadata or front
    matter; the user's date (`given_date`) is kept over all of them."""
    found = sidecar_metadata(path)
    found = found.over(html_metadata(raw) if doc.fmt == "html"
                       else text_metadata(doc.text, config))
    url = found.url or doc.url
    return replace(
        doc,
        title=found.title or doc.title,
        outlet=found.outlet or doc.outlet or host_outlet(url),
        url=url,
        published=given_date or found.published or doc.published,
    )
