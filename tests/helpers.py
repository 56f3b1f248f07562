"""Helpers shared by the app and store tests: storing articles, running the app with
streamlit's AppTest, reading plotly arrays and deferred downloads."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from extractors import Document, extract_document
from store.db import Store

ROOT = Path(__file__).resolve().parent.parent


def ingest(store: Store, articles) -> None:
    """Extract and store (doc_id, published, text) articles."""
    for doc_id, published, text in articles:
        doc = Document(doc_id=doc_id, text=text, title=f"Bài {doc_id}", published=published,
                       content_hash=hashlib.sha256(text.encode()).hexdigest())
        store.ingest_document(doc, extract_document(doc))


def new_app() -> AppTest:
    """The dashboard in a fresh AppTest session (the store comes from $DASHBOARD_DB)."""
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)


def run(at: AppTest) -> AppTest:
    """Run the app; fail on any exception it raised."""
    at.run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def numbers(encoded) -> list[float]:
    """A plotly JSON array: a plain list or a typed array ({"dtype", "bdata"})."""
    if isinstance(encoded, dict):
        return np.frombuffer(base64.b64decode(encoded["bdata"]), dtype=encoded["dtype"]).tolist()
    return list(encoded or [])


def download(at: AppTest, captured: dict, label: str) -> bytes:
    """The file of the download button labelled `label` (built now, as on a click);
    `captured` is the `deferred` fixture."""
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    data = captured[button.proto.deferred_file_id]()
    if hasattr(data, "read"):  # a file the download serves (dashboard.archive_exports)
        with data:
            return data.read()
    return data


def shown(markdown: str) -> str:
    """The text a markdown string shows: backslash escapes (and the invisible word
    joiners of dashboard.safe) removed."""
    import re

    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")
