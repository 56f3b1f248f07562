"""Write a figures table as CSV, JSON Lines or Parquet, chosen by extension, streamed:
rows are appended as they come (Parquet by row groups), so memory holds one batch."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from extractors.schema import COLUMNS, FIGURE_SCHEMA

FORMATS = (".csv", ".jsonl", ".parquet")
# A spreadsheet runs a cell that starts with one of these as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROW_GROUP = 50_000  # Parquet rows buffered before a row group is written

Row = Sequence[Any]


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


def safe_cell(value: Any) -> Any:
    """A text cell a spreadsheet will not execute: a leading formula character gets a
    quote in front ('=1+1 stays text); numbers and empty cells are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _csv_cell(value: Any) -> Any:
    """A cell as pandas would write it: empty for missing, floats with a decimal point."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return safe_cell(value)


def _json_cell(value: Any) -> Any:
    """A cell as JSON takes it: null for a missing number."""
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def arrow_schema() -> pa.Schema:
    """The Parquet schema of a figures table, with pandas' metadata (so that nullable
    integer columns read back into pandas as Int64)."""
    from extractors.pipeline import figures_frame

    types = {"text": pa.string(), "int": pa.int64(), "float": pa.float64()}
    fields = [pa.field(c.name, types[c.type]) for c in FIGURE_SCHEMA]
    pandas_meta = pa.Schema.from_pandas(figures_frame([]), preserve_index=False).metadata
    return pa.schema(fields, metadata=pandas_meta)


class TableWriter:
    """Append figure rows (tuples in COLUMNS order) to a CSV, JSONL or Parquet file."""

    def __init__(self, path: str | Path) -> None:
        self.path = check_output_path(path)
        self.suffix = self.path.suffix.lower()
        self.rows = 0
        self._buffer: list[Row] = []
        self._parquet: pq.ParquetWriter | None = None
        self._csv = None
        try:
            if self.suffix == ".parquet":
                self._schema = arrow_schema()
                self._parquet = pq.ParquetWriter(self.path, self._schema)
                return
            self._file = open(self.path, "w", encoding="utf-8", newline="")  # noqa: SIM115
            if self.suffix == ".csv":
                self._csv = csv.writer(self._file, lineterminator="\n")
                self._csv.writerow(COLUMNS)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write: {exc.strerror}") from exc

    def write(self, rows: Iterable[Row]) -> None:
        """Append rows."""
        rows = list(rows)
        self.rows += len(rows)
        try:
            if self._parquet is not None:
                self._buffer += rows
                if len(self._buffer) >= ROW_GROUP:
                    self._flush()
            elif self._csv is not None:
                self._csv.writerows([_csv_cell(v) for v in row] for row in rows)
            else:
                self._file.writelines(
                    json.dumps(dict(zip(COLUMNS, map(_json_cell, row), strict=True)),
                               ensure_ascii=False) + "\n"
                    for row in rows)
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write: {exc.strerror}") from exc

    def _flush(self) -> None:
        """Write the buffered rows as one Parquet row group."""
        if self._buffer:
            columns = list(zip(*self._buffer, strict=True))
            arrays = [pa.array(col, type=field.type)
                      for col, field in zip(columns, self._schema, strict=True)]
            self._parquet.write_table(pa.Table.from_arrays(arrays, schema=self._schema))
            self._buffer = []

    def close(self) -> None:
        """Write what is buffered and close the file."""
        try:
            if self._parquet is not None:
                self._flush()
                self._parquet.close()
            else:
                self._file.close()
        except OSError as exc:
            raise OutputError(f"{self.path}: cannot write: {exc.strerror}") from exc

    def __enter__(self) -> TableWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def frame_rows(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    """A figures frame as row tuples in COLUMNS order (None for missing cells)."""
    frame = frame.reindex(columns=list(COLUMNS))
    cells = frame.astype(object).where(frame.notna(), None)
    return [tuple(v.item() if hasattr(v, "item") else v for v in row)
            for row in cells.itertuples(index=False, name=None)]


def write_table(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a figures frame to `path` in the format its extension names."""
    with TableWriter(path) as writer:
        writer.write(frame_rows(frame))
    return writer.path

