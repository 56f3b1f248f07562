"""Exports of an archive's filtered view of any size: the rows are read from the store in
chunks (analysis.query: the view's store places, then CHUNK_ROWS rows at a time) and
written to a temporary file, never held as one frame. The files equal those of the
pandas page for the same rows: CSV and JSON byte for byte (dashboard.exports per chunk,
formula-like text cells prefixed with "'"), Excel sheet for sheet (figures, sources,
the commitments and progress sheets when given, filters), written row by row by
xlsxwriter in constant memory, up to Excel's 1,048,576 rows a sheet."""

from __future__ import annotations

import io
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np
import pandas as pd
import xlsxwriter

from analysis.filters import Filters
from analysis.query import FigureQuery
from dashboard.exports import (
    SOURCE_COLUMNS,
    commitments_frame,
    export_frame,
    progress_frame,
)
from dashboard.safe import csv_safe
from store.files import written_whole

CHUNK_ROWS = 50_000  # figures read and written at a time
# Largest view offered through the browser: a download's bytes stay in the server's
# memory (Streamlit), so a larger export is written to disk beside the store instead.
DOWNLOAD_MAX_ROWS = 500_000
EXCEL_SHEET_ROWS = 1_048_576  # Excel's rows per sheet, the header included
EXCEL_MAX_ROWS = EXCEL_SHEET_ROWS - 1  # figures one workbook holds


def view_chunks(query: FigureQuery, filters: Filters,
                rows: int = CHUNK_ROWS) -> Iterator[pd.DataFrame]:
    """The shown rows passing `filters`, in store order, `rows` at a time (reviews
    applied); one empty frame for an empty view (it still names the columns)."""
    rids = query.rids(filters)
    if len(rids) == 0:
        yield query.rows(np.empty(0, np.int64))
        return
    for begin in range(0, len(rids), rows):
        yield query.rows(rids[begin:begin + rows])


def write_csv(chunks: Iterable[pd.DataFrame], out: BinaryIO) -> None:
    """dashboard.exports.to_csv of the chunks' rows together, written chunk by chunk:
    UTF-8 with a BOM, one header, formula-like text cells prefixed with "'"."""
    first = True
    for chunk in chunks:
        text = csv_safe(export_frame(chunk)).to_csv(index=False, header=first)
        out.write(text.encode("utf-8-sig" if first else "utf-8"))
        first = False


def write_json(chunks: Iterable[pd.DataFrame], out: BinaryIO) -> None:
    """dashboard.exports.to_json of the chunks' rows together (one JSON array of row
    objects, indented the same way), written chunk by chunk."""
    out.write(b"[\n")
    written = False
    for chunk in chunks:
        if chunk.empty:
            continue
        body = export_frame(chunk).to_json(orient="records", force_ascii=False, indent=1)
        out.write((",\n" if written else "").encode() + body[2:-2].encode())
        written = True
    out.write(b"\n]")


class _Sources:
    """One row per document of the rows seen so far, with its number of figures
    (dashboard.exports.sources_frame, gathered chunk by chunk)."""

    def __init__(self) -> None:
        self.rows: dict[Any, dict[str, Any]] = {}

    def add(self, frame: pd.DataFrame) -> None:
        """Count the figures of an export frame's documents."""
        if frame.empty:
            return
        keys = [c for c in SOURCE_COLUMNS if c in frame and c != "figures"]
        counts = frame.groupby("doc_id", sort=False).size()
        for record in frame.drop_duplicates("doc_id")[keys].to_dict("records"):
            known = self.rows.setdefault(record["doc_id"], {**record, "figures": 0})
            known["figures"] += int(counts[record["doc_id"]])

    def frame(self) -> pd.DataFrame:
        """The sources as a frame (SOURCE_COLUMNS)."""
        if not self.rows:
            return pd.DataFrame(columns=list(SOURCE_COLUMNS))
        return pd.DataFrame(list(self.rows.values()))


def _cell(value: Any) -> Any:
    """A cell as xlsxwriter writes it (None: left blank), like pandas.to_excel."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (float, np.floating)):
        return None if np.isnan(value) or np.isinf(value) else float(value)
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    return value if isinstance(value, str) else str(value)


class _Sheet:
    """A worksheet written row by row (constant memory) under a pandas-like header."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, header_format: Any) -> None:
        self.sheet = book.add_worksheet(name)
        self.header_format = header_format
        self.row = 0
        self.sheet.freeze_panes(1, 0)

    def header(self, columns: Iterable[str]) -> None:
        """The column names in the first row."""
        for col, name in enumerate(columns):
            self.sheet.write_string(0, col, str(name), self.header_format)
        self.row = 1

    def add(self, frame: pd.DataFrame) -> None:
        """The frame's rows, below the rows already written."""
        write = self.sheet.write
        for values in frame.itertuples(index=False, name=None):
            for col, value in enumerate(values):
                cell = _cell(value)
                if cell is None:
                    continue
                if isinstance(cell, str):
                    self.sheet.write_string(self.row, col, cell)
                else:
                    write(self.row, col, cell)
            self.row += 1

    def table(self, frame: pd.DataFrame) -> None:
        """A whole (small) frame: header and rows."""
        self.header(frame.columns)
        self.add(frame)


def write_excel(chunks: Iterable[pd.DataFrame], out: BinaryIO,
                commitments: pd.DataFrame | None = None,
                progress: pd.DataFrame | None = None,
                filters: list[str] | None = None) -> None:
    """dashboard.exports.to_excel of the chunks' rows together: "figures" and "sources"
    sheets, "commitments" and "progress" when given, "filters" when given. Text stays
    text (no formulas, no links)."""
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "strings_to_formulas": False,
                                     "strings_to_urls": False, "in_memory": False})
    header = book.add_format({"bold": True, "border": 1, "align": "center",
                              "valign": "top"})
    figures = _Sheet(book, "figures", header)
    sources_sheet = _Sheet(book, "sources", header)
    extra = [(name, frame) for name, frame in
             (("commitments", None if commitments is None else commitments_frame(commitments)),
              ("progress", None if progress is None else progress_frame(progress)),
              ("filters", None if filters is None else pd.DataFrame({"filters": filters})))
             if frame is not None]
    sheets = [(_Sheet(book, name, header), frame) for name, frame in extra]
    sources = _Sources()
    for chunk in chunks:
        frame = export_frame(chunk)
        if figures.row == 0:
            figures.header(frame.columns)
        if figures.row - 1 + len(frame) > EXCEL_MAX_ROWS:
            raise ValueError(f"more than {EXCEL_MAX_ROWS:,} rows: Excel cannot hold them")
        figures.add(frame)
        sources.add(frame)
    sources_sheet.table(sources.frame())
    for sheet, frame in sheets:
        sheet.table(frame)
    book.close()


def export_file(write: Callable[[BinaryIO], None]) -> BinaryIO:
    """What `write` writes, in a temporary file (removed once closed) opened for reading:
    a download button serves it from there."""
    handle, path = tempfile.mkstemp(prefix="archive-export-")
    try:
        with os.fdopen(handle, "wb") as out:
            write(out)
        reader = open(path, "rb")  # noqa: SIM115 (handed to the download, which reads it)
    finally:
        os.unlink(path)  # the open reader keeps the data until closed
    return reader


def export_folder(store_path: Path) -> Path:
    """Where exports too large for the browser are written: ``exports/`` beside the
    store."""
    return store_path.parent / "exports"


def export_to_disk(folder: Path, name: str, write: Callable[[BinaryIO], None]) -> Path:
    """What `write` writes, as `folder`/`name` (written beside and renamed, so a file of
    that name is always whole); returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    with written_whole(path) as partial, open(partial, "wb") as out:
        write(out)
    return path


def export_bytes(write: Callable[[BinaryIO], None]) -> bytes:
    """What `write` writes, in memory (tests, small views)."""
    buffer = io.BytesIO()
    write(buffer)
    return buffer.getvalue()
