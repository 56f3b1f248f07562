"""Read input files into Documents: detect the encoding, refuse binary and
empty files with a one-line reason, and keep only the article text of HTML."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path

import regex
from bs4 import BeautifulSoup

from extractors.config import Config, load_config
from extractors.language import detect
from extractors.schema import Document

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# Tone marks that cp1258 writes as separate combining characters.
CP1258_MARKS = regex.compile("[\u0300\u0301\u0303\u0309\u0323]")
VIETNAMESE = regex.compile("[ăâđêôơưĂÂĐÊÔƠƯ]")
CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript",
             "iframe", "svg", "button", "figure", "menu")
FURNITURE_ATTR = regex.compile(
    r"(?i)\b(?:nav|menu|breadcrumb|footer|header|sidebar|related|comment|share|social|"
    r"advert|ads?|banner|subscribe|newsletter|cookie|tags?|author-box|popup)\b"
)
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th",
              "figcaption", "pre", "div")
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
DATE_PATTERNS = (
    regex.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>\d{2})-(?P<d>\d{2})(?!\d)"),
    regex.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>(?:19|20)\d{2})(?!\d)"),
    regex.compile(r"(?i)\b(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+"
                  r"(?P<d>\d{1,2}),?\s+(?P<y>(?:19|20)\d{2})\b"),
    regex.compile(r"(?i)(?<!\d)(?P<d>\d{1,2})-(?P<m>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|"
                  r"dec)-(?P<y>(?:19|20)\d{2})\b"),
)


class ReadError(ValueError):
    """A file that cannot be extracted; str() is a one-line reason."""


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """(path, problem) for every input file under `paths`; folders are walked
    for .txt/.md/.html files; a missing path comes with its problem."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in TEXT_SUFFIXES:
                    yield child, None
        elif path.is_file():
            yield path, None
        else:
            yield path, "no such file or folder"


def decode(data: bytes) -> str:
    """Text of a file's bytes: BOM, UTF-8, UTF-16 without BOM, cp1258 when it
    reads as Vietnamese, else cp1252 / latin-1. Raises ReadError."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="strict"))
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _checked(data.decode(encoding, errors="strict"))
    if b"\x00" in data:
        raise ReadError("binary file (holds NUL bytes)")
    try:
        return _checked(data.decode("utf-8"))
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1258", errors="replace")
    if "\ufffd" not in text and (CP1258_MARKS.search(text) or VIETNAMESE.search(text)):
        return _checked(text)
    try:
        return _checked(data.decode("cp1252"))
    except UnicodeDecodeError:
        return _checked(data.decode("latin-1"))


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return zeros > 0.4 * (len(sample) / 2)


def _checked(text: str) -> str:
    """Newlines as Python reads them; refuse text that is mostly control bytes."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("empty file")
    if len(CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000) + 2:
        raise ReadError("binary file (control characters)")
    return text


def html_article(html: str) -> tuple[str, str]:
    """(title, article text) of an HTML page: menus, headers, footers, related
    lists and scripts dropped; one block per line."""
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all(True):
        if tag.attrs is None:
            continue
        attrs = " ".join([tag.get("id") or "", *(tag.get("class") or [])])
        if attrs.strip() and FURNITURE_ATTR.search(attrs) and tag.name not in ("body", "html"):
            tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    lines = []
    for block in root.find_all(BLOCK_TAGS):
        if block.find(BLOCK_TAGS):
            continue  # a container: its inner blocks are read instead
        line = " ".join(block.get_text(" ", strip=True).split())
        if line:
            lines.append(line)
    if not lines:
        lines = [ln.strip() for ln in root.get_text("\n").split("\n") if ln.strip()]
    h1 = soup.find("h1")
    return (h1.get_text(" ", strip=True) if h1 else title), "\n".join(lines)


DATE_STAMP = regex.compile(r"^(?:date\s*:?\s*)?\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?)?\s+",
                           regex.IGNORECASE)


def first_line_title(text: str, width: int = 200) -> str:
    """The first line with words, without a leading date stamp ("date
    2025-09-19 ..."), cut at a word boundary within `width` characters."""
    line = next((ln.strip() for ln in text.split("\n") if ln.strip()), "")
    line = DATE_STAMP.sub("", line)
    if len(line) <= width:
        return line
    return line[:width].rsplit(" ", 1)[0] + "…"


def published_date(text: str) -> str | None:
    """ISO date given near the top or the end of a text, if any."""
    for chunk in (text[:600], text[-300:]):
        for pattern in DATE_PATTERNS:
            m = pattern.search(chunk)
            if not m:
                continue
            month = m.group("m")
            month_num = MONTHS.get(month[:3].lower()) if month.isalpha() else int(month)
            try:
                return date(int(m.group("y")), month_num, int(m.group("d"))).isoformat()
            except (TypeError, ValueError):
                continue
    return None


def read_text_bytes(data: bytes, name: str, config: Config | None = None,
                    source: str | None = None) -> Document:
    """A Document from a file's bytes (`name` gives the id and the format)."""
    config = config or load_config()
    path = Path(name)
    text = decode(data)
    suffix = path.suffix.lower()
    fmt = "html" if suffix in HTML_SUFFIXES else suffix.lstrip(".") or "txt"
    title = ""
    if fmt == "html":
        title, text = html_article(text)
        if not text.strip():
            raise ReadError("no article text in the HTML")
    if not title:
        title = first_line_title(text)
    return Document(
        doc_id=path.stem,
        text=text,
        source=source or str(name),
        title=title,
        lang=detect(text[:20000], config),
        published=published_date(text),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        fmt=fmt,
    )


def read_document(path: str | Path, config: Config | None = None) -> Document:
    """A Document from a file. Raises ReadError with a one-line reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or "cannot read") from exc
    return read_text_bytes(data, path.name, config, source=str(path))
