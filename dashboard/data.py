"""Opening the store for the app, loading its figures as a typed frame and applying the
analysts' reviews."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from analysis.commitments import Commitments, group_commitments
from analysis.filters import filter_options, option_counts, year_bounds
from analysis.reviews import (
    REVIEW_COLUMNS,
    apply_reviews,
    match_reviews,
    orphaned_reviews,
    sentence_around,
    visible,
)
from analysis.tracker import progress_table
from extractors.schema import FLOAT_COLUMNS, INT_COLUMNS, REPEATED_TEXT_COLUMNS
from store.db import DEFAULT_DB, Store, open_store
from store.files import written_whole

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = Path("data")
DB_ENV = "DASHBOARD_DB"
DATA_ENV = "DASHBOARD_DATA"
FINGERPRINT_KEY = "extractor_fingerprint"

# Low-cardinality (or repeated) text columns, held as categoricals: fast filters and
# group-bys. The figures' own come from extractors.schema.
CATEGORY_COLUMNS: tuple[str, ...] = (
    *REPEATED_TEXT_COLUMNS,
    "doc_title",
    "doc_published",
    "doc_outlet",
    "doc_url",
    *REVIEW_COLUMNS,
)


def _from_root(path: Path) -> Path:
    """A relative default resolved against the project (so any working directory works),
    kept relative when the working directory is the project."""
    if path.is_absolute() or Path.cwd().resolve() == PROJECT_ROOT:
        return path
    return PROJECT_ROOT / path


def db_path() -> Path:
    """The store path: $DASHBOARD_DB or the project's data/figures.sqlite."""
    return Path(os.environ[DB_ENV]) if os.environ.get(DB_ENV) else _from_root(DEFAULT_DB)


def data_dir() -> Path:
    """The bundled articles: $DASHBOARD_DATA or the project's data/."""
    if os.environ.get(DATA_ENV):
        return Path(os.environ[DATA_ENV])
    return _from_root(DEFAULT_DATA_DIR)


def extraction_fingerprint() -> str:
    """sha256 over the extractors' source files and config.yaml: changes when they do."""
    import extractors

    package = Path(extractors.__file__).parent
    files = sorted(package.rglob("*.py")) + [package.parent / "config.yaml"]
    digest = hashlib.sha256()
    for path in files:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def prepare_store(path: str | Path, articles: str | Path) -> Store:
    """Open the store; build it from `articles` when empty, re-extract when the extractors
    changed since it was built (stores without a fingerprint, e.g. synthetic ones, are kept).
    Re-extraction keeps every review (see Store.replace_figures)."""
    store = open_store(path)
    if store.count_documents() == 0:
        if Path(articles).exists():
            store.ingest_paths([articles])
        store.set_meta(FINGERPRINT_KEY, extraction_fingerprint())
        return store
    stored = store.get_meta(FINGERPRINT_KEY)
    if stored is not None and stored != (current := extraction_fingerprint()):
        store.reextract()
        store.set_meta(FINGERPRINT_KEY, current)
    return store


def typed_figures(raw: pd.DataFrame) -> pd.DataFrame:
    """The store's figures with dashboard dtypes: categoricals, floats, nullable ints;
    empty strings become missing values."""
    df = raw.reset_index(drop=True)
    for column in CATEGORY_COLUMNS:
        if column in df:
            values = df[column].astype(object).where(df[column].notna(), None)
            df[column] = values.replace("", None).astype("category")
    for column in FLOAT_COLUMNS:
        if column in df:
            df[column] = pd.to_numeric(df[column], errors="coerce").astype("float64")
    for column in INT_COLUMNS:
        if column in df:
            df[column] = pd.to_numeric(df[column], errors="coerce").round().astype("Int64")
    return df


SNAPSHOT_MIN_ROWS = 50_000


def snapshot_path(store: Store, revision: int) -> Path:
    """The columnar snapshot of the store's figures at figures revision `revision` (beside
    the store)."""
    return store.path.with_name(f"{store.path.name}.figures-r{revision}.parquet")


def load_figures(store: Store, snapshot: bool = True) -> pd.DataFrame:
    """Every stored figure, typed for the dashboard.

    A large store (SNAPSHOT_MIN_ROWS figures or more) also leaves a Parquet
    snapshot labelled with the store's figures revision, so the next process
    loads in a second instead of re-reading SQLite; any write of documents or
    figures bumps that revision and retires it (reviews do not).
    """
    revision = store.figures_revision()  # read first: a later write only makes it older
    path = snapshot_path(store, revision)
    if snapshot and path.exists():
        try:
            return _categorical(pd.read_parquet(path))
        except (OSError, ValueError):
            path.unlink(missing_ok=True)
    df = typed_figures(store.figures())
    if snapshot and len(df) >= SNAPSHOT_MIN_ROWS:
        _write_snapshot(df, store, path)
    return df


def _categorical(df: pd.DataFrame) -> pd.DataFrame:
    """Restore categoricals Parquet cannot keep (an all-empty categorical comes back as
    object)."""
    for column in CATEGORY_COLUMNS:
        if column in df and not isinstance(df[column].dtype, pd.CategoricalDtype):
            df[column] = df[column].astype("category")
    return df


def _write_snapshot(df: pd.DataFrame, store: Store, path: Path) -> None:
    """Write `path` atomically and remove the store's older snapshots."""
    for old in store.path.parent.glob(f"{store.path.name}.figures-r*.parquet"):
        if old != path:
            old.unlink(missing_ok=True)
    try:
        with written_whole(path) as partial:
            df.to_parquet(partial, index=False)
    except OSError:
        pass


@dataclass(frozen=True)
class Dataset:
    """Everything the page needs from one store revision, computed once."""

    figures: pd.DataFrame  # every figure, reviews applied (rejected ones included)
    options: dict[str, list[str]]
    years: tuple[int, int] | None
    doc_titles: dict[str, str]
    doc_labels: dict[str, str]  # doc_id -> label shown in the document filter
    documents: int
    shown: pd.DataFrame | None = None  # figures without the rejected ones
    extracted: pd.DataFrame | None = None  # figures as extracted, before reviews
    orphans: pd.DataFrame | None = None  # reviews whose figure is no longer extracted
    doc_hashes: dict[str, str] | None = None  # doc_id -> content hash
    counts: dict[str, dict[str, int]] = field(default_factory=dict)  # figures per option
    _progress: dict[int, pd.DataFrame] = field(default_factory=dict, repr=False, compare=False)

    @property
    def visible(self) -> pd.DataFrame:
        """The figures charts, tables and exports show (all but the rejected ones)."""
        return self.figures if self.shown is None else self.shown

    @cached_property
    def commitments(self) -> Commitments:
        """The visible figures grouped into commitments: computed on first use, then kept
        with (so always matching) these figures."""
        return group_commitments(self.visible)

    def progress(self, as_of: int) -> pd.DataFrame:
        """Target-versus-actual pairs of `commitments` in year `as_of` (kept per year)."""
        if as_of not in self._progress:
            self._progress[as_of] = progress_table(self.commitments.table, as_of=as_of)
        return self._progress[as_of]


def doc_label(doc_id: str, titles: dict[str, str], width: int = 60) -> str:
    """A document as shown in the filter: its shortened title and id."""
    title = titles.get(doc_id, "")
    if not title:
        return doc_id
    short = title if len(title) <= width else title[: width - 1] + "…"
    return f"{short} [{doc_id}]"


def orphan_context(store: Store, orphans: pd.DataFrame, titles: dict[str, str]) -> pd.DataFrame:
    """Orphaned reviews with the sentence around their span (from the stored document
    text, each document read once) and the document title."""
    orphans = orphans.copy()
    texts = store.document_texts(d for d in orphans["doc_id"] if isinstance(d, str))
    sentences, names, quotes = [], [], []
    for doc_id, start, end, quote in zip(orphans["doc_id"], orphans["start"], orphans["end"],
                                         orphans["quote"], strict=True):
        text = texts.get(doc_id, "") if isinstance(doc_id, str) else ""
        sentences.append(sentence_around(text, int(start), int(end)) if text else "")
        names.append(titles.get(doc_id, "") or (doc_id if isinstance(doc_id, str) else ""))
        quotes.append(quote if isinstance(quote, str) and quote else text[int(start):int(end)])
    orphans["sentence"] = sentences
    orphans["doc_title"] = names
    orphans["quote"] = quotes
    return orphans


def reviewed_figures(store: Store, figures: pd.DataFrame | None = None) -> pd.DataFrame:
    """The store's figures with its reviews applied and the rejected ones left out: what
    charts and exports (also the briefing command line) use."""
    figures = load_figures(store) if figures is None else figures
    return visible(apply_reviews(figures, store.reviews()))


def build_dataset(store: Store, figures: pd.DataFrame | None = None) -> Dataset:
    """Load the figures (or take the already loaded `figures` of the store), apply the
    reviews, and derive filter options, year bounds and document titles."""
    extracted = load_figures(store) if figures is None else figures
    reviews = store.reviews()
    matches = match_reviews(extracted, reviews)
    reviewed = apply_reviews(extracted, reviews, matches)
    shown = visible(reviewed)
    documents = store.documents()
    titles = {
        str(d): str(t) if isinstance(t, str) else ""
        for d, t in zip(documents["doc_id"], documents["title"], strict=True)
    }
    orphans = orphaned_reviews(extracted, reviews, matches)
    if len(orphans):
        orphans = orphan_context(store, orphans, titles)
    return Dataset(
        figures=reviewed,
        options=filter_options(shown),
        counts=option_counts(shown),
        years=year_bounds(shown),
        doc_titles=titles,
        doc_labels={d: doc_label(d, titles) for d in titles},
        documents=len(documents),
        shown=shown,
        extracted=extracted,
        orphans=orphans,
        doc_hashes=dict(zip(documents["doc_id"].astype(str),
                            documents["content_hash"].astype(str), strict=True)),
    )
