"""Write a figures table as CSV, JSON Lines or Parquet, chosen by extension."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

FORMATS = (".csv", ".jsonl", ".parquet")


class OutputError(ValueError):
    """An output path the tool cannot write; str() is a one-line reason."""


def check_output_path(path: str | Path) -> Path:
    """The output path, if its extension is supported and its folder exists."""
    path = Path(path)
    if path.suffix.lower() not in FORMATS:
        raise OutputError(f"{path}: unsupported output format; use one of {', '.join(FORMATS)}")
    if not path.parent.exists():
        raise OutputError(f"{path}: folder {path.parent} does not exist")
    return path


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write `frame` to `path` in the format its extension names."""
    path = check_output_path(path)
    suffix = path.suffix.lower()
    try:
        if suffix == ".csv":
            frame.to_csv(path, index=False, encoding="utf-8")
        elif suffix == ".jsonl":
            frame.to_json(path, orient="records", lines=True, force_ascii=False)
        else:
            frame.to_parquet(path, index=False)
    except OSError as exc:
        raise OutputError(f"{path}: cannot write: {exc.strerror}") from exc
    return path
