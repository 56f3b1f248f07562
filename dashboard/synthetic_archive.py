"""A synthetic archive for the scale benchmark: millions of figures whose sentences are
(nearly all) distinct, written from templates over the project's own lexicons
(config.yaml: countries and their places, sectors and their keywords, organisations,
target and investment cue words). No article text is copied.

    fill_archive(store, 10_000_000)   # 200 figures per document, streamed in chunks
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from store.db import FIGURE_COLUMNS, Store, bump_revision

FIGURES_PER_DOC = 200
CHUNK = 200_000
VND_PER_USD = 25_000.0

# (lang, kind, unit, family, sentence template, quote template); {q} quote, {y} year,
# {p} place, {s} sector keyword, {e} organisation, {c} cue word, {w} a second place.
TEMPLATES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("vi", "target", "count", "count",
     "{p} {c} đào tạo {q} trong lĩnh vực {s} đến năm {y}, theo kế hoạch của {w}.",
     "{n} kỹ sư"),
    ("en", "target", "%", "percent",
     "{p} {c} to raise the share of {s} to {q} of output by {y}, officials in {w} said.",
     "{n}%"),
    ("en", "investment", "USD", "money",
     "{e} will invest {q} in a {s} plant in {p} in {y}, with suppliers from {w}.",
     "${n} million"),
    ("vi", "investment", "VND", "money",
     "{e} nâng tổng vốn đầu tư dự án {s} tại {p} lên {q} trong năm {y}.",
     "{n}.000 tỷ đồng"),
    ("en", "statistic", "%", "percent",
     "About {q} of firms in {p} used {s} at the end of {y}, up from a year earlier in {w}.",
     "{n}%"),
    ("vi", "statistic", "count", "count",
     "Năm {y}, {p} có {q} doanh nghiệp hoạt động trong ngành {s}, nhiều nhất là ở {w}.",
     "{n} doanh nghiệp"),
)
_SCALE = {"count": 1.0, "%": 1.0, "USD": 1e6, "VND": 1e12}


@dataclass(frozen=True)
class Vocabulary:
    """Lexicon entries the templates draw from."""

    places: list[tuple[str, str]]  # (place as written, country)
    sectors: list[tuple[str, str]]  # (keyword as written, sector)
    entities: list[tuple[str, str | None, str | None]]  # (name, home country, sector)
    cues: dict[str, list[str]]  # lang -> target cue words


def vocabulary() -> Vocabulary:
    """The lexicons of the project's config.yaml."""
    import yaml

    from extractors.config import DEFAULT_CONFIG

    raw = yaml.safe_load(DEFAULT_CONFIG.read_text(encoding="utf-8"))
    return Vocabulary(
        places=[(a, c["name"]) for c in raw["countries"]
                for a in [*c.get("aliases", [])[:3], *c.get("places", [])[:12]]],
        sectors=[(k, s["name"]) for s in raw["sectors"] for k in s.get("keywords", [])[:12]],
        entities=[(e["name"], e.get("country"), e.get("sector")) for e in raw["entities"]],
        cues={lang: list(raw["kinds"]["target_cues"][lang]) for lang in ("vi", "en")},
    )


def archive_chunks(n: int, seed: int = 11, chunk: int = CHUNK) -> Iterator[list[tuple]]:
    """Figure rows (FIGURE_COLUMNS order) of an `n`-figure archive, `chunk` at a time, in
    document order (FIGURES_PER_DOC per document)."""
    vocab = vocabulary()
    rng = np.random.default_rng(seed)
    for begin in range(0, n, chunk):
        size = min(chunk, n - begin)
        yield _rows(vocab, rng, begin, size)


def _rows(vocab: Vocabulary, rng: np.random.Generator, begin: int, size: int) -> list[tuple]:
    """`size` figure rows starting at figure number `begin`."""
    template = rng.integers(len(TEMPLATES), size=size)
    numbers = rng.integers(1, 10_000, size=size)
    years = rng.integers(2015, 2051, size=size)
    places = rng.integers(len(vocab.places), size=size)
    others = rng.integers(len(vocab.places), size=size)
    sectors = rng.integers(len(vocab.sectors), size=size)
    entities = rng.integers(len(vocab.entities), size=size)
    cues = rng.integers(1 << 30, size=size)
    undated = rng.random(size) < 0.1
    rows = []
    for k in range(size):
        i = begin + k
        lang, kind, unit, family, sentence_t, quote_t = TEMPLATES[template[k]]
        n = int(numbers[k]) if unit != "%" else int(numbers[k]) % 99 + 1
        place, country = vocab.places[places[k]]
        keyword, sector = vocab.sectors[sectors[k]]
        entity, home, _ = vocab.entities[entities[k]] if kind == "investment" else (None, None,
                                                                                   None)
        cue_words = vocab.cues[lang]
        year = int(years[k])
        quote = quote_t.format(n=f"{n:,}".replace(",", "." if lang == "vi" else ","))
        sentence = sentence_t.format(q=quote, y=year, p=place, s=keyword, e=entity,
                                     c=cue_words[cues[k] % len(cue_words)],
                                     w=vocab.places[others[k]][0])
        value = n * _SCALE[unit] * (1000 if unit == "count" and lang == "vi" else 1)
        usd = value if unit == "USD" else value / VND_PER_USD if unit == "VND" else None
        start = sentence.index(quote)
        doc = i // FIGURES_PER_DOC
        shown_year = None if undated[k] else year
        rows.append((
            f"a{i:09d}", f"arc_{doc:06d}", f"archive/arc_{doc:06d}.txt", lang,
            start + 1000 * (i % FIGURES_PER_DOC), start + len(quote) + 1000 * (i % FIGURES_PER_DOC),
            quote, sentence, 1000 * (i % FIGURES_PER_DOC), value, None, unit, family, None,
            usd, None, kind, shown_year, country, sector, entity, kind, f"archive.{family}",
            "single" if kind == "investment" else None,
            home if kind == "investment" else None,
            f"{quote} {kind}" + (f", {shown_year}" if shown_year else ""), None,
        ))
    return rows


def _document_rows(first: int, last: int) -> list[tuple]:
    """documents-table rows for documents number `first`..`last` (exclusive)."""
    rows = []
    for d in range(first, last):
        doc_id = f"arc_{d:06d}"
        text = f"Archive article {doc_id}."
        rows.append((doc_id, hashlib.sha256(text.encode()).hexdigest(),
                     f"archive/{doc_id}.txt",
                     f"Bản tin {d % 997} về đầu tư và công nghệ — archive article {d}",
                     f"{2015 + d % 11}-{d % 12 + 1:02d}-{d % 28 + 1:02d}", "vi", "txt", text,
                     "2026-01-01T00:00:00+00:00", f"Outlet {d % 40}", ""))
    return rows


def fill_archive(store: Store, n: int, seed: int = 11) -> None:
    """Write an `n`-figure archive (and its documents) into an empty `store`, one
    transaction per chunk."""
    quoted = ", ".join(f'"{c}"' for c in FIGURE_COLUMNS)
    marks = ", ".join("?" for _ in FIGURE_COLUMNS)
    begin = 0
    for rows in archive_chunks(n, seed):
        first = begin // FIGURES_PER_DOC
        last = (begin + len(rows) - 1) // FIGURES_PER_DOC + 1
        with store.transaction() as conn:
            have = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            conn.executemany("INSERT INTO documents (doc_id, content_hash, source, title, "
                             "published, lang, fmt, text, added_at, outlet, url) VALUES "
                             "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             _document_rows(max(first, have), last))
            conn.executemany(f"INSERT INTO figures ({quoted}) VALUES ({marks})", rows)
            bump_revision(conn, figures=True)
        begin += len(rows)
