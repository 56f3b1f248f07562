"""The full-text index of a columnar dataset (store.columnar): one FTS5 row per figure, its
``rid`` as rowid, so a match is the list of figures itself.

Two tables, both accent- and case-insensitive (``unicode61 remove_diacritics 2``; "đ"
folded to "d" first):

- ``figures``: the words of each figure's sentence and label, with prefix indexes of 2
  and 3 letters. It answers a one-word search ("pegat" finds "Pegatron").
- ``pairs``: each two neighbouring words as one token ("kỹ sư" → ``ky_su``). A phrase of
  several words is a phrase of their pairs there: one posting list for two words instead
  of two lists matched position by position (3-10x faster for common words), and the last
  word typed is the prefix of one pair ("ky s" → ``ky_s*``), not of every word in the
  language starting with that letter.

Searches match whole words in order, the last one as the start of a word: "ban dan" and
"ban da" find "bán dẫn"; "an da" does not.
"""

from __future__ import annotations

import sqlite3
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from itertools import pairwise
from pathlib import Path
from urllib.parse import quote

import duckdb
import numpy as np
import regex

from store.files import written_whole

SEARCH = "search-phrases.sqlite"
OLD_SEARCHES: tuple[str, ...] = ("search.sqlite", "search-figures.sqlite")  # earlier layouts
TOKENIZE = "unicode61 remove_diacritics 2"
PAIR_TOKENIZE = "unicode61 remove_diacritics 2 tokenchars '_'"
_WORD = regex.compile(r"[\p{L}\p{N}\p{Co}]+")  # what unicode61 keeps as a token
_READ_ROWS = 100_000


def fold(text: str) -> str:
    """Text as indexed and searched: the FTS5 tokenizer drops case and accents; "đ" has no
    accent to drop, so it becomes "d" here ("dau tu" finds "đầu tư")."""
    return unicodedata.normalize("NFC", text).replace("đ", "d").replace("Đ", "D")


def words(text: str) -> list[str]:
    """The tokens FTS5 makes of `text` (folded), in order."""
    return _WORD.findall(fold(text))


def pairs(found: list[str]) -> str:
    """Each two neighbouring words of `found` joined by "_", space-separated (a text of
    the ``pairs`` table)."""
    return " ".join(f"{a}_{b}" for a, b in pairwise(found))


def match_of(text: str) -> tuple[str, str] | None:
    """(table, FTS5 query) of typed text: one word as a prefix in ``figures``; several as
    a phrase of their pairs in ``pairs``, the last pair as a prefix. None without a word."""
    found = words(text)
    if not found:
        return None
    if len(found) == 1:
        return "figures", f'"{found[0]}" *'
    return "pairs", f'"{pairs(found)}" *'


def build_search(dataset: Path) -> Path:
    """SEARCH of a dataset folder, from its Parquet parts (written beside, then renamed;
    the indexes of earlier layouts are removed)."""
    path = dataset / SEARCH
    with written_whole(path) as partial:
        db = _open(partial)
        try:
            db.execute("BEGIN")
            db.execute("CREATE VIRTUAL TABLE figures USING fts5(sentence, label, content='', "
                       f"tokenize='{TOKENIZE}', prefix='2 3')")
            db.execute("CREATE VIRTUAL TABLE pairs USING fts5(sentence, label, content='', "
                       f'tokenize="{PAIR_TOKENIZE}")')
            _index(db, dataset, -1)
            db.execute("COMMIT")
            for table in ("figures", "pairs"):
                db.execute(f"INSERT INTO {table}({table}) VALUES ('optimize')")
        finally:
            db.close()
    for old in OLD_SEARCHES:
        (dataset / old).unlink(missing_ok=True)
    return path


def append_search(dataset: Path, after: int) -> Path:
    """Index the figures of the dataset's Parquet parts after rid `after` in its SEARCH
    (a copy of an earlier dataset's, which holds the figures up to `after`)."""
    path = dataset / SEARCH
    db = _open(path)
    try:
        db.execute("BEGIN")
        _index(db, dataset, after)
        db.execute("COMMIT")
    finally:
        db.close()
    return path


def _open(path: Path) -> sqlite3.Connection:
    """A connection for writing an index: no journal, no syncs, a large cache."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -262144")
    return db


def _index(db: sqlite3.Connection, dataset: Path, after: int) -> None:
    """Insert the figures of the dataset's Parquet parts after rid `after` into both
    tables (folded; word pairs for ``pairs``)."""
    glob = (dataset / "figures" / "*.parquet").as_posix().replace("'", "''")
    con = duckdb.connect(config={"threads": 1})
    try:
        reader = con.execute(f"SELECT rid, sentence, label FROM read_parquet('{glob}') "
                             "WHERE rid > ?", [after]).to_arrow_reader(_READ_ROWS)  # rid order
        for batch in reader:
            rids, sentences, labels = (batch.column(i).to_pylist() for i in range(3))
            sentences = [fold(s or "") for s in sentences]
            labels = [fold(s or "") for s in labels]
            db.executemany("INSERT INTO figures(rowid, sentence, label) VALUES (?, ?, ?)",
                           zip(rids, sentences, labels, strict=True))
            db.executemany("INSERT INTO pairs(rowid, sentence, label) VALUES (?, ?, ?)",
                           ((rid, pairs(_WORD.findall(s)), pairs(_WORD.findall(label)))
                            for rid, s, label in zip(rids, sentences, labels, strict=True)))
    finally:
        con.close()


def search_hits(index: Path, text: str, bounds: Iterable[tuple[int, int]]) -> np.ndarray:
    """rids (ascending) of the figures whose sentence or label matches `text` (match_of),
    each (low, high) rid range of `bounds` searched on its own thread (SQLite runs
    without the GIL)."""
    match = match_of(text)
    if match is None:
        return np.empty(0, np.int64)
    ranges = list(bounds)
    with ThreadPoolExecutor(max_workers=max(1, len(ranges))) as pool:
        parts = list(pool.map(lambda r: _hits_between(index, *match, *r), ranges))
    rids = np.concatenate(parts) if parts else np.empty(0, np.int64)
    return rids if np.all(rids[1:] > rids[:-1]) else np.unique(rids)


def common_texts(index: Path, least: int) -> list[str]:
    """Searches of the words and two-word phrases in at least `least` figures, commonest
    first ("dau tu" for the pair ``dau_tu``): what analysts' one- and two-word searches
    of the largest answers are (read from the index's vocabulary)."""
    db = sqlite3.connect(f"file:{quote(index.as_posix())}?mode=ro", uri=True)
    found: list[tuple[int, str]] = []
    try:
        for table in ("figures", "pairs"):
            db.execute(f"CREATE VIRTUAL TABLE temp.{table}_words USING "
                       f"fts5vocab(main, {table}, row)")
            found += [(n, term.replace("_", " ")) for term, n in db.execute(
                f"SELECT term, doc FROM temp.{table}_words WHERE doc >= ?", (least,))]
    finally:
        db.close()
    return [text for _, text in sorted(found, key=lambda hit: (-hit[0], hit[1]))]


def _hits_between(index: Path, table: str, query: str, low: int, high: int) -> np.ndarray:
    """rowids of `table` matching the FTS5 `query` between `low` and `high`, ascending."""
    db = sqlite3.connect(f"file:{quote(index.as_posix())}?mode=ro", uri=True)
    try:  # one text of ids, not a Python tuple per hit
        found = db.execute(f"SELECT group_concat(rowid) FROM {table} WHERE {table} MATCH ? "
                           "AND rowid BETWEEN ? AND ?", (query, low, high)).fetchone()[0]
    finally:
        db.close()
    return np.fromstring(found, dtype=np.int64, sep=",") if found else \
        np.empty(0, np.int64)
