"""One commitment across many sources: grouping mentions of the same figure.

Mentions are grouped into one **commitment** when they share country,
normalised measure, unit, kind and year (see `normalise_measure`). Inside a
group, values within VALUE_TOLERANCE of each other (relative difference to the
next larger value) agree; the value most sources agree on is the commitment's
value (ties: the value of the most recent source, then the larger value).
Mentions with another value stay in the commitment and flag a **value
conflict** ("20,000 vs 50,000 engineers by 2030"). Two commitments of the same
country, measure, unit and kind whose values agree but whose years differ
("50,000 by 2030" vs "50,000 by 2045") both carry a **year conflict** when they
are targets; a different year with a different value is another milestone, not a
conflict, and statistics never have year conflicts (7% growth in 2022 and 2023).
A mention without a measure or a value is a commitment of its own; mentions
without a year group together (and never make a year conflict). Statistics
group the same way (one reported fact, many articles).

Sources are distinct documents; first and latest publication dates come from
the documents' ``published`` date and stay blank when no source has one (the
ingestion time is not a publication date).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

VALUE_TOLERANCE = 0.05  # values within 5% of each other are "the same figure"
MAX_QUOTES = 5  # distinct quotes listed per commitment
MAX_DOCS = 50  # doc_ids listed per commitment (an Excel cell holds 32,767 characters)

_WORD = re.compile(r"[a-z0-9]+")
TABLE_COLUMNS: tuple[str, ...] = (
    "commitment", "kind", "country", "measure", "measure_key", "unit", "unit_family", "year",
    "value", "value_high", "value_usd", "sources", "mentions", "first_published",
    "latest_published", "conflict", "conflict_type", "reported_values", "other_years",
    "quotes", "doc_ids", "figure_id",
)


def _plain_letters(text: str) -> str:
    """Lower case without diacritics ("Kỹ sư" -> "ky su", "đồng" -> "dong")."""
    folded = unicodedata.normalize("NFC", text).casefold().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", folded)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@dataclass(frozen=True)
class Singular:
    """A simple English singular (config `commitments.singular`): countries ->
    country, businesses -> business, engineers -> engineer; a word shorter than
    `min_letters` or ending in one of `kept` ("ss", "us", "is") stays."""

    min_letters: int
    kept: tuple[str, ...]
    endings: tuple[tuple[str, str], ...]  # (plural ending, singular ending), longest first

    def __call__(self, word: str) -> str:
        if len(word) < self.min_letters or word.endswith(self.kept):
            return word
        for plural, single in self.endings:
            if word.endswith(plural):
                return word[:-len(plural)] + single
        return word


@dataclass(frozen=True)
class MeasureWords:
    """The config's `commitments` words, without diacritics: `stop` (dropped from a
    measure's key), `glossary` (Vietnamese phrase -> English word), `pattern`, which
    finds the glossary's phrases as whole words, `possessive`, which finds the
    endings of `grammar.possessives` ("'s"), and `singular`, English plurals made
    singular."""

    stop: frozenset[str]
    glossary: dict[str, str]
    pattern: re.Pattern[str]
    possessive: re.Pattern[str]
    singular: Singular


def _alternatives(words: Iterable[str]) -> str:
    """Regex alternatives of literal words, the longest first (so it wins over its prefixes)."""
    return "|".join(sorted(map(re.escape, set(words)), key=len, reverse=True))


@lru_cache(maxsize=1)
def _measure_words() -> MeasureWords:
    """The `commitments` section of the extractors' config ("kỹ sư" -> "engineer";
    "của", "the" dropped), in the plain letters measure keys are compared in."""
    from extractors import load_config

    config = load_config()
    words = config["commitments"]
    stop = frozenset(_plain_letters(w) for lang in words["stop_words"].values() for w in lang)
    glossary = {_plain_letters(phrase): term for phrase, term in words["glossary"].items()}
    phrases = _alternatives(glossary) or "(?!)"
    endings = _alternatives(_plain_letters(e) for e in config["grammar"]["possessives"])
    rules = words["singular"]
    singular = Singular(rules["min_letters"], tuple(rules["kept"]),
                        tuple(sorted(rules["endings"].items(), key=lambda e: -len(e[0]))))
    return MeasureWords(stop, glossary, re.compile(rf"\b({phrases})\b"),
                        re.compile(rf"(?:{endings})\b"), singular)


@lru_cache(maxsize=1)
def _country_pattern() -> re.Pattern[str]:
    """Country names and aliases of the extractors' config ("Việt Nam", "Vietnam", "Mỹ",
    ...) as whole words, case-sensitive as the config writes them (so "Lào" is Laos and
    "lao động" is not); ambiguous aliases and places left out."""
    from extractors import load_config

    names = {unicodedata.normalize("NFC", alias) for country in load_config()["countries"]
             for alias in (country["name"], *country.get("aliases", ()))}
    return re.compile(rf"\b({_alternatives(names)})\b")


@lru_cache(maxsize=65_536)
def normalise_measure(measure: str | None) -> str:
    """The grouping key of a measure phrase: lower case, diacritics removed, country
    names and possessive "'s" dropped (the country is a key of its own), Vietnamese
    glossary terms in English, punctuation and stop words dropped (`commitments` in
    config.yaml), English plurals made singular, each word once, in alphabetical order.
    "50.000 kỹ sư AI" and "AI engineers" both give "ai engineer"; an empty phrase gives ""."""
    if not isinstance(measure, str) or not measure.strip():
        return ""
    text = _country_pattern().sub(" ", unicodedata.normalize("NFC", measure))
    known = _measure_words()
    text = known.possessive.sub("", _plain_letters(text))
    text = known.pattern.sub(lambda m: known.glossary[m.group(1)], text)
    words = {known.singular(w) for w in _WORD.findall(text)
             if w not in known.stop and not w.isdigit()}
    return " ".join(sorted(words))


@dataclass(frozen=True)
class Commitments:
    """Mentions grouped into commitments.

    `ids` and `representative` are indexed by figure row number (the frame's index
    labels, 0..n-1 as in the dashboard's figures; -1 / False for rows not grouped);
    `table` has one row per commitment (TABLE_COLUMNS), indexed by commitment id.
    """

    ids: np.ndarray
    representative: np.ndarray
    table: pd.DataFrame

    def present(self, rows: pd.DataFrame) -> np.ndarray:
        """Ids of the commitments with at least one mention among `rows`."""
        ids = self.ids[rows.index.to_numpy()]
        return np.unique(ids[ids >= 0])


def _codes(column: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """(integer code per row, -1 for empty; the distinct values) of a column."""
    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy().astype(np.int64), column.cat.categories
    codes, uniques = pd.factorize(column.astype(object), use_na_sentinel=True)
    return codes.astype(np.int64), pd.Index(uniques)


def measure_keys(measure: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(code per row, -1 when the key is empty; key per code): `normalise_measure` run
    once per distinct phrase."""
    codes, phrases = _codes(measure)
    keys = [normalise_measure(p) for p in phrases]
    key_index, key_codes = np.unique(np.array(keys + [""], dtype=object), return_inverse=True)
    empty = int(np.flatnonzero(key_index == "")[0])
    per_phrase = key_codes[:-1]
    per_phrase = np.where(per_phrase == empty, -1, per_phrase)
    rows = np.where(codes >= 0, per_phrase[np.maximum(codes, 0)] if len(per_phrase) else -1, -1)
    return rows.astype(np.int64), [str(k) for k in key_index]


def _published_ranks(published: pd.Series) -> tuple[np.ndarray, list[str]]:
    """(rank of each row's publication date, -1 when none; date per rank)."""
    codes, values = _codes(published)
    dates = pd.to_datetime(pd.Series(values, dtype=object), errors="coerce")
    order = sorted(set(d for d in dates if not pd.isna(d)))
    rank_of = {d: i for i, d in enumerate(order)}
    per_value = np.array([rank_of.get(d, -1) if not pd.isna(d) else -1 for d in dates] + [-1],
                         dtype=np.int64)
    ranks = per_value[np.where(codes >= 0, codes, len(per_value) - 1)]
    return ranks, [d.date().isoformat() for d in order]


def _pair(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """A dense code per distinct (a, b) of two integer code columns (-1 allowed), in order
    of first appearance (hashing, not sorting: linear time)."""
    combined = (a.astype(np.int64) + 1) * (int(b.max(initial=-1)) + 2) + (b.astype(np.int64) + 1)
    return pd.factorize(combined)[0].astype(np.int64)


def _combine(columns: list[np.ndarray]) -> np.ndarray:
    """One dense group number per distinct combination of integer code columns."""
    codes = columns[0].astype(np.int64)
    for column in columns[1:]:
        codes = _pair(codes, column)
    return pd.factorize(codes)[0].astype(np.int64)


def _distinct_pairs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The `a` value of every distinct (a, b) pair (count them with bincount)."""
    first = pd.Series(_pair(a, b)).drop_duplicates().index.to_numpy()
    return a[first]


def group_commitments(figures: pd.DataFrame, tolerance: float = VALUE_TOLERANCE) -> Commitments:
    """Group the mentions of `figures` (the dashboard's frame without rejected figures;
    index = row numbers) into commitments, vectorised."""
    n = len(figures)
    labels = figures.index.to_numpy()
    size = int(labels.max()) + 1 if n else 0
    if n == 0:
        return Commitments(np.full(size, -1, np.int64), np.zeros(size, bool), _empty_table())
    country, _ = _codes(figures["country"])
    unit, _ = _codes(figures["unit"])
    kind, _ = _codes(figures["kind"])
    measure, _ = measure_keys(figures["measure"])
    year = figures["year"].to_numpy(dtype=np.float64, na_value=np.nan)
    value = figures["value"].to_numpy(dtype=np.float64, na_value=np.nan)
    doc, _ = _codes(figures["doc_id"])
    published, dates = _published_ranks(figures["doc_published"]) if "doc_published" in figures \
        else (np.full(n, -1, np.int64), [])
    groupable = (measure >= 0) & ~np.isnan(value)
    year_code = np.where(np.isnan(year), -1, np.nan_to_num(year)).astype(np.int64)
    topic = _combine([country, measure, unit, kind])
    group = _combine([topic, year_code])
    # Mentions that cannot be grouped are groups of their own, in no topic.
    group = np.where(groupable, group, group.max(initial=-1) + 1 + np.arange(n))
    topic = np.where(groupable, topic, -1)
    group = pd.factorize(group)[0].astype(np.int64)
    cluster = _value_clusters(group, value, tolerance)
    consensus = _consensus(group, cluster, doc, published, value)
    ids = group
    rep = _representatives(ids, cluster, consensus, published)
    table = _table(figures, ids, cluster, consensus, rep, topic, doc, published, dates, value,
                   tolerance)
    full_ids = np.full(size, -1, dtype=np.int64)
    full_ids[labels] = ids
    full_rep = np.zeros(size, dtype=bool)
    full_rep[labels[rep]] = True
    return Commitments(full_ids, full_rep, table)


def _value_clusters(group: np.ndarray, value: np.ndarray, tolerance: float) -> np.ndarray:
    """Cluster number per row: within a group, sorted values start a new cluster where
    the next value is more than `tolerance` (relative) above the previous one."""
    order = np.lexsort((value, group))
    g, v = group[order], value[order]
    gap = np.ones(len(v), dtype=bool)
    if len(v) > 1:
        previous = v[:-1]
        scale = np.maximum(np.abs(v[1:]), np.abs(previous))
        with np.errstate(invalid="ignore", divide="ignore"):
            far = np.abs(v[1:] - previous) > tolerance * scale
        far |= np.isnan(v[1:]) | np.isnan(previous)
        gap[1:] = (g[1:] != g[:-1]) | far
    cluster = np.empty(len(v), dtype=np.int64)
    cluster[order] = np.cumsum(gap) - 1
    return cluster


def _consensus(group: np.ndarray, cluster: np.ndarray, doc: np.ndarray,
               published: np.ndarray, value: np.ndarray) -> np.ndarray:
    """Per group: the cluster most sources agree on (ties: most recent source, then the
    larger value)."""
    clusters = int(cluster.max()) + 1
    sources = np.bincount(_distinct_pairs(cluster, doc), minlength=clusters)
    latest = np.full(clusters, -1, dtype=np.int64)
    np.maximum.at(latest, cluster, published)
    biggest = np.full(clusters, -np.inf)
    np.maximum.at(biggest, cluster, np.nan_to_num(value, nan=-np.inf))
    owner = np.zeros(clusters, dtype=np.int64)
    owner[cluster] = group
    order = np.lexsort((biggest, latest, sources, owner))
    last_of_group = np.r_[owner[order][1:] != owner[order][:-1], True]
    best = np.full(int(group.max()) + 1, -1, dtype=np.int64)
    best[owner[order][last_of_group]] = order[last_of_group]
    return best


def _representatives(ids: np.ndarray, cluster: np.ndarray, consensus: np.ndarray,
                     published: np.ndarray) -> np.ndarray:
    """One mention per commitment: in its consensus cluster, the earliest published (then
    first) one."""
    agree = cluster == consensus[ids]
    positions = np.flatnonzero(agree)
    order = np.lexsort((positions, np.where(published[positions] < 0, np.iinfo(np.int64).max,
                                            published[positions]), ids[positions]))
    chosen = positions[order]
    first = np.r_[True, ids[chosen][1:] != ids[chosen][:-1]]
    rep = np.zeros(len(ids), dtype=bool)
    rep[chosen[first]] = True
    return rep


def _table(figures: pd.DataFrame, ids: np.ndarray, cluster: np.ndarray, consensus: np.ndarray,
           rep: np.ndarray, topic: np.ndarray, doc: np.ndarray, published: np.ndarray,
           dates: list[str], value: np.ndarray, tolerance: float) -> pd.DataFrame:
    """One row per commitment, in commitment id order (quotes and doc_ids are filled by
    `with_quotes`, for the commitments shown or exported)."""
    count = int(ids.max()) + 1
    reps = figures.iloc[np.flatnonzero(rep)]
    rep_ids = ids[rep]
    table = pd.DataFrame(index=pd.RangeIndex(count, name="commitment_id"))
    for column in ("kind", "country", "measure", "unit", "unit_family", "year", "value",
                   "value_high", "value_usd", "figure_id"):
        cells = np.full(count, None, dtype=object)
        if column in reps:
            present = reps[column].astype(object)
            cells[rep_ids] = present.where(reps[column].notna(), None).to_numpy()
        table[column] = cells
    table["measure_key"] = [normalise_measure(m) for m in table["measure"]]
    table["sources"] = np.bincount(_distinct_pairs(ids, doc), minlength=count)
    table["mentions"] = np.bincount(ids, minlength=count)
    never = np.iinfo(np.int64).max
    first = np.full(count, never)
    np.minimum.at(first, ids, np.where(published < 0, never, published))
    latest = np.full(count, -1, dtype=np.int64)
    np.maximum.at(latest, ids, published)
    table["first_published"] = [dates[i] if 0 <= i < len(dates) else "" for i in first]
    table["latest_published"] = [dates[i] if i >= 0 else "" for i in latest]
    value_conflict = np.bincount(_distinct_pairs(ids, cluster), minlength=count) > 1
    topic_of = np.full(count, -1, dtype=np.int64)
    topic_of[ids] = topic
    year_conflict, other_years = _year_conflicts(topic_of, table, tolerance)
    table["conflict"] = value_conflict | year_conflict
    table["conflict_type"] = [
        ", ".join(t for t, on in (("value", v), ("year", y)) if on)
        for v, y in zip(value_conflict, year_conflict, strict=True)
    ]
    table["reported_values"] = _reported_values(ids, cluster, doc, value, count, value_conflict)
    table["other_years"] = other_years
    table["quotes"], table["doc_ids"] = "", ""
    table.insert(0, "commitment", np.arange(count))
    return table[list(TABLE_COLUMNS)]


def _year_conflicts(topic_of: np.ndarray, table: pd.DataFrame,
                    tolerance: float) -> tuple[np.ndarray, list[str]]:
    """Per target commitment: whether another commitment of its topic (so another year)
    has a value within `tolerance` (chained through sorted values), and those years.
    Statistics are never flagged: 7% growth in 2022 and in 2023 are two facts."""
    count = len(table)
    years = pd.to_numeric(table["year"], errors="coerce").to_numpy(dtype=np.float64)
    values = pd.to_numeric(table["value"], errors="coerce").to_numpy(dtype=np.float64)
    target = (table["kind"] == "target").to_numpy(dtype=bool)
    dated = np.flatnonzero(~np.isnan(years) & ~np.isnan(values) & (topic_of >= 0) & target)
    flags, others = np.zeros(count, dtype=bool), [""] * count
    if len(dated) < 2:
        return flags, others
    order = dated[np.lexsort((values[dated], topic_of[dated]))]
    t, v = topic_of[order], values[order]
    scale = np.maximum(np.abs(v[1:]), np.abs(v[:-1]))
    new_chain = np.r_[True, (t[1:] != t[:-1]) | (np.abs(v[1:] - v[:-1]) > tolerance * scale)]
    chain = np.cumsum(new_chain) - 1
    sizes = np.bincount(chain)
    flagged = order[sizes[chain] > 1]
    flags[flagged] = True
    members: dict[int, list[int]] = {}
    for row, c in zip(order, chain, strict=True):
        if sizes[c] > 1:
            members.setdefault(int(c), []).append(int(row))
    for rows in members.values():
        for row in rows:
            others[row] = ", ".join(str(int(years[r])) for r in sorted(rows, key=years.__getitem__)
                                    if r != row)
    return flags, others


def _reported_values(ids: np.ndarray, cluster: np.ndarray, doc: np.ndarray, value: np.ndarray,
                     count: int, conflicted: np.ndarray) -> list[str]:
    """For commitments with a value conflict: "50,000 (2 sources) · 20,000 (1 source)"."""
    texts = [""] * count
    wanted = conflicted[ids]
    if not wanted.any():
        return texts
    frame = pd.DataFrame({"id": ids[wanted], "cluster": cluster[wanted], "doc": doc[wanted],
                          "value": value[wanted]})
    per = frame.groupby(["id", "cluster"]).agg(value=("value", "min"), sources=("doc", "nunique"))
    per = per.reset_index().sort_values(["id", "sources", "value"], ascending=[True, False, False])
    for cid, part in per.groupby("id", sort=False):
        texts[int(cid)] = " · ".join(
            f"{_number(v)} ({s} source{'s' if s != 1 else ''})"
            for v, s in zip(part["value"], part["sources"], strict=True)
        )
    return texts


def _number(value: float) -> str:
    """A plain readable number: 50,000 or 1.6."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.4g}"


def with_quotes(table: pd.DataFrame, figures: pd.DataFrame,
                commitments: Commitments) -> pd.DataFrame:
    """`table` (rows of `commitments.table`) with `quotes` (up to MAX_QUOTES distinct
    quotes, "a | b") and `doc_ids` ("d1, d2", up to MAX_DOCS then "(+n more)") filled
    from the mentions in `figures`."""
    table = table.copy()
    if table.empty:
        return table
    ids = commitments.ids[figures.index.to_numpy()]
    keep = np.isin(ids, table.index.to_numpy())
    quote_codes, quote_values = _codes(figures["quote"])
    doc_codes, doc_values = _codes(figures["doc_id"])
    quote_text = np.asarray(quote_values, dtype=object)
    doc_text = np.asarray(doc_values, dtype=object)
    frame = pd.DataFrame({"id": ids[keep], "quote": quote_codes[keep], "doc": doc_codes[keep]})
    quotes = _joined(frame[frame["quote"] >= 0], "quote", quote_text, " | ", MAX_QUOTES)
    docs = _joined(frame[frame["doc"] >= 0], "doc", doc_text, ", ", MAX_DOCS)
    table["quotes"] = [quotes.get(i, "") for i in table.index]
    table["doc_ids"] = [docs.get(i, "") for i in table.index]
    return table


def _joined(frame: pd.DataFrame, column: str, text: np.ndarray, glue: str,
            limit: int) -> dict[int, str]:
    """Per commitment id: its first `limit` distinct `column` values as text, joined."""
    distinct = frame.drop_duplicates(["id", column])
    totals = distinct.groupby("id").size()
    shown = distinct[distinct.groupby("id").cumcount() < limit]
    joined = {}
    for cid, codes in zip(shown["id"].to_numpy(), text[shown[column].to_numpy()], strict=True):
        joined.setdefault(int(cid), []).append(str(codes))
    return {
        cid: glue.join(parts) + (f" (+{totals[cid] - limit} more)" if totals[cid] > limit else "")
        for cid, parts in joined.items()
    }


def _empty_table() -> pd.DataFrame:
    """A commitments table without rows."""
    return pd.DataFrame(columns=list(TABLE_COLUMNS))


def counted_rows(view: pd.DataFrame, commitments: Commitments) -> pd.DataFrame:
    """One row of `view` per commitment present in it (its representative when shown,
    else its first mention in the view): what charts count in "commitments" mode."""
    if view.empty:
        return view
    positions = view.index.to_numpy()
    ids = commitments.ids[positions]
    rep = commitments.representative[positions] & (ids >= 0)
    covered = np.zeros(len(commitments.table) + 1, dtype=bool)
    covered[ids[rep]] = True
    rest = np.flatnonzero(~rep & (ids >= 0) & ~covered[ids])
    _, first = np.unique(ids[rest], return_index=True)
    keep = np.sort(np.concatenate([np.flatnonzero(rep), rest[first],
                                   np.flatnonzero(ids < 0)]))
    return view.iloc[keep]


def commitments_in(view: pd.DataFrame, commitments: Commitments,
                   conflicts_only: bool = False) -> pd.DataFrame:
    """The commitments with a mention in `view`: conflicts first, then by sources,
    mentions and latest publication."""
    table = commitments.table.loc[commitments.present(view)]
    if conflicts_only:
        table = table[table["conflict"].astype(bool)]
    return table.sort_values(["conflict", "sources", "mentions", "latest_published"],
                             ascending=False, kind="stable")


def mentions_of(figures: pd.DataFrame, commitments: Commitments, commitment: int) -> pd.DataFrame:
    """The mentions (rows of `figures`) of one commitment."""
    positions = np.flatnonzero(commitments.ids == commitment)
    return figures.loc[figures.index.intersection(positions)]
