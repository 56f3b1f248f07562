"""A filtered-view-like frame of synthetic figures for tests and the benchmark: the
dashboard's synthetic figures with document titles (Vietnamese) and publication dates."""

from __future__ import annotations

import pandas as pd

from dashboard.data import typed_figures
from dashboard.synthetic import synthetic_documents, synthetic_figures


def sample_figures(n: int = 600, n_docs: int = 8, seed: int = 3) -> pd.DataFrame:
    """`n` typed figures over `n_docs` documents, with doc_title and doc_published."""
    figures = synthetic_figures(n, n_docs=n_docs, seed=seed)
    docs = synthetic_documents(figures).set_index("doc_id")
    years = {d: 2018 + i % 8 for i, d in enumerate(docs.index)}  # articles from 2018 to 2025
    figures["doc_title"] = figures["doc_id"].map(docs["title"])
    figures["doc_published"] = [f"{years[d]}{p[4:]}" for d, p in
                                zip(figures["doc_id"], figures["doc_id"].map(docs["published"]),
                                    strict=True)]
    return typed_figures(figures)
