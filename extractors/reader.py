"""Read input files into Documents: detect the encoding, refuse binary and
empty files with a one-line reason, and keep only the article text of HTML.

A damaged file is read as far as it is valid and the damage is named: a UTF-8
file with bad bytes keeps its valid text (the bad bytes become U+FFFD), lines
of a file that mixes UTF-8 and cp1258 are decoded each by its own encoding, a
truncated UTF-16/UTF-32 file loses only its incomplete last character. The
notes go to `Document.problems` and, from `read_document`, one line each to the
``extractors.reader`` logger (stderr when logging is not configured)."""

from __future__ import annotations

import codecs
import hashlib
import logging
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import regex
from bs4 import BeautifulSoup, Tag

from extractors.config import Config, load_config
from extractors.dates import html_date, published_date
from extractors.language import text_language
from extractors.metadata import with_metadata
from extractors.pdf import PdfError, pdf_text
from extractors.schema import Document

LOG = logging.getLogger(__name__)
TEXT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".pdf")
HTML_SUFFIXES = (".html", ".htm")
BOMS = (  # byte-order mark, codec of the bytes after it
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# Tone marks that cp1258 writes as separate combining characters.
CP1258_MARKS = regex.compile("[\u0300\u0301\u0303\u0309\u0323]")
VIETNAMESE = regex.compile("[ăâđêôơưĂÂĐÊÔƠƯ]")
CONTROL = regex.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
# A well-formed multi-byte UTF-8 character: evidence that bytes were written as UTF-8.
UTF8_MULTIBYTE = regex.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xef][\x80-\xbf]{2}"
    rb"|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf4][\x80-\xbf]{3}"
)
DROP_TAGS = ("script", "style", "nav", "header", "footer", "aside", "form", "noscript",
             "iframe", "svg", "button", "figure", "menu")
FURNITURE_ATTR = regex.compile(
    r"(?i)\b(?:nav|menu|breadcrumb|footer|header|sidebar|related|comment|share|social|"
    r"advert|ads?|banner|subscribe|newsletter|cookie|tags?|author-box|popup)\b"
)
BLOCK_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "td", "th",
              "figcaption", "pre", "div")
MAX_HTML_CHARS = 20_000_000  # an HTML page larger than this is refused, not parsed
MAX_HTML_TAGS = 1_000_000  # so is one with more tags (an "HTML bomb")


class ReadError(ValueError):
    """A file that cannot be extracted; str() is a one-line reason."""


@dataclass
class Decoded:
    """A file's text and one-line notes on damage met while decoding it."""

    text: str
    problems: list[str] = field(default_factory=list)


def clean_name(name: str) -> str:
    """A file name or path as valid text: bytes that are not UTF-8 (kept by the
    file system as surrogate escapes) become U+FFFD, so every output can write it."""
    return os.fsencode(name).decode("utf-8", errors="replace") if _has_surrogates(name) else name


def _has_surrogates(name: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in name)


def iter_input_files(paths: Iterable[str | Path]) -> Iterator[tuple[Path, str | None]]:
    """(path, problem) for every input file under `paths`; folders are walked
    for .txt/.md/.html files; a missing path or a folder that cannot be read
    comes with its problem."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from _walk(path)
        elif path.is_file():
            yield path, None
        else:
            yield path, "no such file or folder"


def _walk(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """The text files under `folder` in sorted order; an unreadable folder is
    yielded with its problem instead of being skipped silently."""
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield folder, f"cannot read folder: {exc.strerror or exc}"
        return
    for entry in entries:
        child = folder / entry.name
        try:
            is_dir = entry.is_dir()
            is_file = not is_dir and entry.is_file()
        except OSError as exc:
            yield child, f"cannot read: {exc.strerror or exc}"
            continue
        if is_dir:
            yield from _walk(child)
        elif is_file and child.suffix.lower() in TEXT_SUFFIXES:
            yield child, None


def decode(data: bytes) -> str:
    """Text of a file's bytes (see `decode_bytes`). Raises ReadError."""
    return decode_bytes(data).text


def decode_bytes(data: bytes) -> Decoded:
    """Text of a file's bytes: BOM, UTF-8, UTF-16 without BOM, cp1258 when it
    reads as Vietnamese, else cp1252 / latin-1; damage is repaired and named.
    Raises ReadError with a one-line reason."""
    if not data.strip():
        raise ReadError("empty file")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(_decode_marked(data, bom, encoding))
    if _looks_utf16(data):
        encoding = "utf-16-le" if data[1::2].count(0) > data[0::2].count(0) else "utf-16-be"
        return _checked(_decode_unit(data, encoding))
    if b"\x00" in data:
        raise ReadError("binary file (holds NUL bytes)")
    return _checked(_decode_8bit(data))


def _decode_marked(data: bytes, bom: bytes, encoding: str) -> Decoded:
    """A file that starts with a byte-order mark: its encoding, or, when the rest
    is not in that encoding, the rest read without the mark (the mark named)."""
    name = _encoding_name(encoding)
    rest = data[len(bom):]
    wide = encoding != "utf-8"
    # UTF-16/32 text in this project's languages is mostly ASCII: many NUL bytes.
    if not wide or rest.count(0) >= len(rest) // 20:
        try:
            return _decode_unit(rest, encoding)
        except ReadError:
            pass
    try:
        if not rest.strip() or b"\x00" in rest:
            raise ReadError("binary")
        decoded = _decode_8bit(rest)
    except ReadError:
        raise ReadError(f"bad byte-order mark: the file starts with a {name} mark "
                        f"but is not {name} text") from None
    decoded.problems.insert(0, f"bad byte-order mark ({name}) ignored; read without it")
    return decoded


def _decode_unit(data: bytes, encoding: str) -> Decoded:
    """The bytes after a byte-order mark, or UTF-16 without one: a truncated last
    character is dropped and named; invalid UTF-8 is read line by line; other
    invalid data raises ReadError."""
    name = _encoding_name(encoding)
    try:
        return Decoded(data.decode(encoding, errors="strict"))
    except UnicodeDecodeError as exc:
        truncated = exc.reason in ("truncated data", "unexpected end of data")
        if exc.end < len(data) - 4 or not truncated:
            if encoding == "utf-8":
                return _decode_8bit(data)
            raise ReadError(f"not valid {name}: {exc.reason} at byte {exc.start}") from None
        kept = data[:exc.start]
        text = kept.decode(encoding, errors="strict") if kept else ""
        dropped = len(data) - exc.start
        return Decoded(text, [f"truncated {name}: the incomplete last character "
                              f"({dropped} byte{'s' if dropped > 1 else ''}) dropped"])


def _encoding_name(encoding: str) -> str:
    """"utf-16-le" -> "UTF-16"."""
    return encoding.upper().removesuffix("-LE").removesuffix("-BE")


def _decode_8bit(data: bytes) -> Decoded:
    """UTF-8; a file with no UTF-8 character at all as cp1258 (Vietnamese) or
    cp1252/latin-1; a damaged or mixed UTF-8 file line by line."""
    try:
        return Decoded(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            return Decoded(data[:exc.start].decode("utf-8"),
                           ["truncated UTF-8: the incomplete last character dropped"])
    if not UTF8_MULTIBYTE.search(data):
        return Decoded(_legacy(data))
    return _decode_lines(data)


def _legacy(data: bytes) -> str:
    """A single-byte file: cp1258 when it reads as Vietnamese, else cp1252/latin-1."""
    text = data.decode("cp1258", errors="replace")
    if "\ufffd" not in text and (CP1258_MARKS.search(text) or VIETNAMESE.search(text)):
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_lines(data: bytes) -> Decoded:
    """A file that is UTF-8 in part: each line that is not valid UTF-8 is read as
    cp1258 when it holds no UTF-8 character and reads as Vietnamese, else as UTF-8
    with its bad bytes replaced (U+FFFD). One note names each kind of repair."""
    damaged: list[int] = []
    legacy: list[int] = []
    parts = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            parts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError:
            pass
        vietnamese = _legacy(line)
        if not UTF8_MULTIBYTE.search(line) and (CP1258_MARKS.search(vietnamese)
                                                 or VIETNAMESE.search(vietnamese)):
            parts.append(vietnamese)
            legacy.append(number)
        else:
            parts.append(line.decode("utf-8", errors="replace"))
            damaged.append(number)
    problems = []
    if damaged:
        problems.append(f"invalid UTF-8 bytes on {_lines(damaged)} replaced by U+FFFD; "
                        "the rest read as UTF-8")
    if legacy:
        problems.append(f"mixed encodings: {_lines(legacy)} read as cp1258, the rest as UTF-8")
    return Decoded("\n".join(parts), problems)


def _lines(numbers: list[int], shown: int = 5) -> str:
    """"line 3" / "3 lines (3, 7, 9)" / "40 lines (3, 7, 9, 10, 12, ...)"."""
    if len(numbers) == 1:
        return f"line {numbers[0]}"
    head = ", ".join(str(n) for n in numbers[:shown]) + (", ..." if len(numbers) > shown else "")
    return f"{len(numbers)} lines ({head})"


def _looks_utf16(data: bytes) -> bool:
    sample = data[:4000]
    if len(sample) < 4:
        return False
    zeros = max(sample[0::2].count(0), sample[1::2].count(0))
    return zeros > 0.4 * (len(sample) / 2)


def _checked(decoded: Decoded) -> Decoded:
    """Newlines as Python reads them; refuse text that is mostly control bytes."""
    text = decoded.text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("empty file")
    if len(CONTROL.findall(text[:20000])) > 0.01 * min(len(text), 20000) + 2:
        raise ReadError("binary file (control characters)")
    return Decoded(text, decoded.problems)


def html_article(html: str, config: Config | None = None) -> tuple[str, str, str | None]:
    """(title, article text, published date) of an HTML page: menus, headers,
    footers, related lists and scripts dropped; one block per line. Time is
    linear in the page's size whatever its nesting; a page over MAX_HTML_CHARS
    characters or MAX_HTML_TAGS tags raises ReadError."""
    if len(html) > MAX_HTML_CHARS:
        raise ReadError(f"HTML too large ({len(html):,} characters; the limit is "
                        f"{MAX_HTML_CHARS:,})")
    if html.count("<") > MAX_HTML_TAGS and len(regex.findall(r"<[A-Za-z/!]", html)) > MAX_HTML_TAGS:
        raise ReadError(f"HTML has too many tags (over {MAX_HTML_TAGS:,})")
    soup = BeautifulSoup(html, "lxml")
    title = soup.title.get_text(" ", strip=True) if soup.title else ""
    published = html_date(soup, config)
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
    for block in _leaf_blocks(root):
        line = " ".join(block.get_text(" ", strip=True).split())
        if line:
            lines.append(line)
    if not lines:
        lines = [ln.strip() for ln in root.get_text("\n").split("\n") if ln.strip()]
    h1 = soup.find("h1")
    return (h1.get_text(" ", strip=True) if h1 else title), "\n".join(lines), published


def _leaf_blocks(root: Tag) -> list[Tag]:
    """The block elements under `root` (not `root` itself) that hold no other
    block, in document order: one walk of the tree, so deep nesting stays linear
    (bs4's `find` per block would walk each block's whole subtree)."""
    order: list[Tag] = []
    container: set[int] = set()
    stack: list[tuple[Tag, Tag | None]] = [(child, None) for child in reversed(root.contents)
                                           if isinstance(child, Tag)]
    while stack:
        tag, block_above = stack.pop()
        is_block = tag.name in BLOCK_TAGS
        if is_block:
            order.append(tag)
            if block_above is not None:
                container.add(id(block_above))
        below = tag if is_block else block_above
        stack.extend((child, below) for child in reversed(tag.contents) if isinstance(child, Tag))
    return [tag for tag in order if id(tag) not in container]


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
        return _checked(Decoded(pdf_text(data))).text
    except PdfError as exc:
        raise ReadError(str(exc)) from exc


def read_text_bytes(data: bytes, name: str, config: Config | None = None,
                    source: str | None = None, published: str | None = None) -> Document:
    """A Document from a file's bytes (`name` gives the id and the format). Its
    date is `published` when given, else the HTML metadata's, else the text's.
    Damage repaired while decoding is listed in `Document.problems`."""
    config = config or load_config()
    path = Path(clean_name(str(name)))
    suffix = path.suffix.lower()
    problems: tuple[str, ...] = ()
    if suffix == ".pdf":
        text = raw = pdf_document_text(data)
    else:
        decoded = decode_bytes(data)
        text = raw = decoded.text
        problems = tuple(decoded.problems)
    fmt = "html" if suffix in HTML_SUFFIXES else suffix.lstrip(".") or "txt"
    title, meta_date = "", None
    if fmt == "html":
        title, text, meta_date = html_article(text, config)
        if not text.strip():
            raise ReadError("no article text in the HTML")
    if not title:
        title = first_line_title(text)
    doc = Document(
        doc_id=path.stem,
        text=text,
        source=clean_name(source) if source else str(path),
        title=title,
        lang=text_language(text, config),
        published=published or meta_date or published_date(text, config),
        content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        fmt=fmt,
        problems=problems,
    )
    return with_metadata(doc, raw, Path(source) if source else None, published, config)


def read_document(path: str | Path, config: Config | None = None,
                  published: str | None = None) -> Document:
    """A Document from a file. Raises ReadError with a one-line reason; damage
    repaired on the way is logged, one line per problem ("warning PATH: ...")."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(exc.strerror or "cannot read") from exc
    doc = read_text_bytes(data, path.name, config, source=str(path), published=published)
    if _has_surrogates(str(path)):
        doc.problems = ("the file name is not valid UTF-8 (its bad bytes shown as U+FFFD)",
                        *doc.problems)
    for problem in doc.problems:
        LOG.warning("warning %s: %s", doc.source, problem)
    return doc
