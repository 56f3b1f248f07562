"""Files written whole or not at all: a writer fills a temporary path beside the target,
renamed onto it at the end, so a reader never sees half a file and two writers (threads
or processes) never share a temporary file."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def beside(path: Path) -> Path:
    """A fresh temporary path in `path`'s folder (not created; unique per call)."""
    return path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")


@contextmanager
def written_whole(path: Path) -> Iterator[Path]:
    """A temporary path to write instead of `path` (a file or a folder); renamed onto
    `path` when the block ends, removed when it raises."""
    partial = beside(path)
    try:
        yield partial
        os.replace(partial, path)
    finally:
        if partial.is_dir():
            shutil.rmtree(partial, ignore_errors=True)
        else:
            partial.unlink(missing_ok=True)
