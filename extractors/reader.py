"""Read input files into Documents: detect the encoding, refuse binary and
empty files with a one-line reason, and keep only the article text of HTML."""

from __future__ import annotations

import codecs
import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import regex
from bs4 import BeautifulSoup

from extractors.config import Config, load_config
from extractors.dates import html_date, published_date
from extractors.language import text_language
from extractors.metadata import with_metadata
from extractors.pdf import PdfError, pdf_text
from extractors.schema import Document

TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
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


def html_article(html: str) -> tuple[str, str, str | None]:
    """(title, article text, published date) of an HTML page: menus, headers,
    footers, related lists and scripts dropped; one block per line."""
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    published = html_date(soup)
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
    return (h1.get_text(" ", strip=True) if h1 else title), "\n".join(lines), published


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


def pdf_document_text(data: bytes) -> str:
    """A PDF's text layer (extractors.pdf), pages separated by form feeds."""
    try:
        return _checked(pdf_text(data))
    except PdfError as exc:
        raise ReadError(str(exc)) from exc


def read_text_bytes(data: bytes, name: str, config: Config | None = None,
                    source: str | None = None, published: str | None = None) -> Document:
    """A Document from a file's bytes (`name` gives the id and the format). Its
    date is `published` when given, else the HTML metadata's, else the text's."""
    config = config or load_config()
    path = Path(name)
    suffix = path.suffix.lower()
    text = raw = pdf_document_text(data) if suffix == ".pdf" else decode(data)
    fmt = "html" if suffix in HTML_SUFFIXES else suffix.lstrip(".") or "txt"
    title, meta_date = "", None
    if fmt == "html":
        title, text, meta_date = html_article(text)
        if not text.strip():
            raise ReadError("no article text in the HTML")
    if not title:
        title = first_line_title(text)
    doc = Document(
        doc_id=path.stem,
        text=text,
        source=source or str(name),
        title=title,
        lang=text_language(text, config),
        published=published or meta_date or published_date(text),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        fmt=fmt,
    )
    return with_metadata(doc, raw, Path(source) if source else None, published)


def read_document(path: str | Path, config: Config | None = None,
                  published: str | None = None) -> Document:
    """A Document from a file. Raises ReadError with a one-line reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or "cannot read") from exc
    return read_text_bytes(data, path.name, config, source=str(path), published=published)
