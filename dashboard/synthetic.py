"""Synthetic figures with the extraction's columns, for tests and the benchmark."""

from __future__ import annotations

import hashlib

import numpy as np
import pandas as pd

from store.db import FIGURE_COLUMNS, Store, bump_revision, figure_rows

COUNTRIES = ("Vietnam", "South Korea", "Japan", "USA", "Singapore", "China", None)
SECTORS = ("AI", "semiconductors", "digital economy", "workforce", "FDI", "energy", None)
HOMES = {"Amkor": "USA", "FPT": "Vietnam", "NVIDIA": "USA", "Samsung": "South Korea",
         "Viettel": "Vietnam", "Bộ Khoa học và Công nghệ": "Vietnam"}  # no draw: same figures
ENTITIES = ("Amkor", "FPT", "NVIDIA", "Samsung", "Viettel", "Bộ Khoa học và Công nghệ", None)

# (lang, kind, unit, family, sentence template with {q} for the quote, quote template)
TEMPLATES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("vi", "target", "count", "count", "Việt Nam đặt mục tiêu đào tạo {q} đến năm {y}.",
     "{n} kỹ sư AI"),
    ("en", "target", "%", "percent", "The digital economy should reach {q} of GDP by {y}.",
     "{n}%"),
    ("en", "investment", "USD", "money", "{e} will invest {q} in a new plant in {y}.",
     "${n} million"),
    ("vi", "investment", "VND", "money", "Chương trình được cấp {q} trong năm {y}.",
     "{n}.000 tỷ đồng"),
    ("en", "statistic", "%", "percent", "About {q} of businesses used AI at the end of {y}.",
     "{n}%"),
    ("vi", "target", "rank", "rank", "Phấn đấu đến năm {y} vào nhóm {q} quốc gia hàng đầu.",
     "{n}"),
)
VND_PER_USD = 25_000.0


_SCALE = {"count": 1.0, "%": 1.0, "USD": 1e6, "VND": 1e12, "rank": 1.0}


def _number(rng: np.random.Generator, unit: str) -> int:
    """A plausible printed number for `unit`."""
    n = int(rng.integers(1, 900))
    return {"count": n * 100, "%": n % 99 + 1, "rank": n % 50 + 1}.get(unit, n)


def _prototype(rng: np.random.Generator, i: int) -> dict:
    """One synthetic figure with a consistent quote, sentence and offsets."""
    lang, kind, unit, family, sentence_t, quote_t = TEMPLATES[i % len(TEMPLATES)]
    number = _number(rng, unit)
    year = int(rng.integers(2018, 2046))
    entity = ENTITIES[int(rng.integers(len(ENTITIES)))]
    quote = quote_t.format(n=number)
    sentence = sentence_t.format(q=quote, y=year, e=entity or "The government")
    value = number * _SCALE[unit]
    usd = value if unit == "USD" else value / VND_PER_USD if unit == "VND" else np.nan
    start = sentence.index(quote)
    return {
        "lang": lang, "kind": kind, "unit": unit, "unit_family": family,
        "quote": quote, "sentence": sentence, "start": start, "end": start + len(quote),
        "sentence_start": 0, "value": value, "value_high": np.nan, "qualifier": None,
        "value_usd": usd, "value_usd_high": np.nan, "year": year,
        "country": COUNTRIES[int(rng.integers(len(COUNTRIES)))],
        "sector": SECTORS[int(rng.integers(len(SECTORS)))], "entity": entity,
        "measure": kind, "rule": f"synthetic.{family}",
        "role": "single",
        "investor_country": HOMES.get(entity) if kind == "investment" else None,
        "label": f"{quote} {kind}, {year}",
        "page": None,
    }


def synthetic_figures(n: int, n_docs: int = 50, seed: int = 0, pool: int = 2000) -> pd.DataFrame:
    """`n` figures in COLUMNS order, drawn from `pool` prototypes over `n_docs` documents."""
    rng = np.random.default_rng(seed)
    protos = pd.DataFrame([_prototype(rng, i) for i in range(min(pool, max(n, 1)))])
    picks = rng.integers(0, len(protos), size=n)
    df = protos.iloc[picks].reset_index(drop=True)
    doc_numbers = rng.integers(0, n_docs, size=n)
    df["doc_id"] = pd.Series([f"syn_{d:05d}" for d in range(n_docs)]).iloc[doc_numbers].to_numpy()
    df["source"] = "synthetic/" + df["doc_id"] + ".txt"
    df["figure_id"] = [f"f{i:08d}" for i in range(n)]
    return df[list(FIGURE_COLUMNS)]


def synthetic_documents(figures: pd.DataFrame) -> pd.DataFrame:
    """One documents-table row per doc_id in `figures`."""
    doc_ids = sorted(figures["doc_id"].unique())
    texts = [f"Synthetic article {d}." for d in doc_ids]
    return pd.DataFrame(
        {
            "doc_id": doc_ids,
            "content_hash": [hashlib.sha256(t.encode()).hexdigest() for t in texts],
            "source": [f"synthetic/{d}.txt" for d in doc_ids],
            "title": [f"Bài viết tổng hợp {i} — synthetic article" for i in range(len(doc_ids))],
            "published": [f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}" for i in range(len(doc_ids))],
            "lang": "vi",
            "fmt": "txt",
            "text": texts,
            "added_at": "2026-01-01T00:00:00+00:00",
        }
    )


def fill_store(store: Store, figures: pd.DataFrame, chunk: int = 100_000) -> None:
    """Bulk-load synthetic documents and figures into `store` in one transaction."""
    documents = synthetic_documents(figures)
    columns = ", ".join(documents.columns)
    marks = ", ".join("?" for _ in documents.columns)
    quoted = ", ".join(f'"{c}"' for c in FIGURE_COLUMNS)
    figure_marks = ", ".join("?" for _ in FIGURE_COLUMNS)
    with store.transaction() as conn:
        conn.executemany(
            f"INSERT INTO documents ({columns}) VALUES ({marks})",
            documents.itertuples(index=False, name=None),
        )
        for begin in range(0, len(figures), chunk):
            part = figures.iloc[begin : begin + chunk]
            rows = [
                (*row[:1], doc, *row[2:])
                for row, doc in zip(figure_rows(part, ""), part["doc_id"], strict=True)
            ]
            conn.executemany(f"INSERT INTO figures ({quoted}) VALUES ({figure_marks})", rows)
        bump_revision(conn, figures=True)
