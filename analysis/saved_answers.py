"""Answers kept beside a columnar dataset: pickled files a new server process reads
instead of scanning the archive for its first page (the dataset is rebuilt, and these
files with it, when the figures change)."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import pandas as pd

from store.files import written_whole


def load(path: Path) -> Any | None:
    """The answer saved at `path`; None when there is none or it cannot be read (a
    damaged file is removed)."""
    if not path.is_file():
        return None
    try:
        return pd.read_pickle(path)
    except (OSError, ValueError, EOFError, AttributeError, pickle.UnpicklingError):
        path.unlink(missing_ok=True)
        return None


def save(path: Path, answer: object) -> None:
    """Save `answer` at `path` (written beside, then renamed, so a reader never sees half
    of one); a failed write leaves nothing behind."""
    try:
        with written_whole(path) as partial:
            pd.to_pickle(answer, partial)
    except OSError:
        pass
