"""The facts of a columnar dataset (store.columnar) as one NumPy array per column, in store
order, memory-mapped: a text search's few thousand figures are gathered by position in
milliseconds, where a DuckDB scan reads every row group of the archive for them.

    <dataset>/arrays/<column>.npy   codes (texts: int8/int16/int32, -1 = missing) or values
                                    (floats: NaN = missing; year: int16, YEAR_MISSING;
                                    character offsets: int32 when they fit, never missing)
    <dataset>/arrays/columns.json   column -> its texts in code order (None: not a text)
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Collection
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from store.files import beside

ARRAYS = "arrays"
COLUMNS_FILE = "columns.json"
YEAR_MISSING = np.iinfo(np.int16).min
# facts.duckdb columns a search's views read (a figure_id is looked up in facts)
ARRAY_COLUMNS: tuple[str, ...] = ("rid", "kind", "unit_family", "year", "country", "sector",
                                  "entity", "investor_country", "doc_id", "value",
                                  "value_usd", "role", "unit", "start", "end",
                                  "doc_published")


def build_arrays(dataset: Path, facts: Path) -> Path:
    """ARRAYS of a dataset folder from its facts.duckdb (written beside, then renamed; when
    another process put a whole one there meanwhile, that one stays)."""
    path = dataset / ARRAYS
    partial = beside(path)
    partial.mkdir()
    try:
        _write_arrays(partial, facts)
        shutil.rmtree(path, ignore_errors=True)
        try:
            os.replace(partial, path)
        except OSError:
            if not (path / COLUMNS_FILE).is_file():
                raise
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return path


def _write_arrays(out: Path, facts: Path) -> None:
    """One ``.npy`` per ARRAY_COLUMNS column of `facts` and COLUMNS_FILE, into `out`."""
    con = duckdb.connect(config={"threads": 2})
    texts: dict[str, list[str] | None] = {}
    try:
        con.execute(f"ATTACH '{facts.as_posix().replace(chr(39), chr(39) * 2)}' AS facts "
                    "(READ_ONLY)")
        kinds = dict(con.execute("SELECT column_name, data_type FROM information_schema.columns "
                                 "WHERE table_catalog = 'facts' AND table_name = 'facts'"
                                 ).fetchall())
        for column in ARRAY_COLUMNS:
            texts[column] = _write_column(con, out, column, kinds[column])
    finally:
        con.close()
    (out / COLUMNS_FILE).write_text(json.dumps(texts, ensure_ascii=False), "utf-8")


def _write_column(con: duckdb.DuckDBPyConnection, out: Path, column: str, kind: str
                  ) -> list[str] | None:
    """Write `column` of facts as ``<column>.npy``; returns its texts (None: numbers)."""
    quoted = f'"{column}"'
    texts = None
    if kind.startswith("ENUM") or kind == "VARCHAR":
        texts = [row[0] for row in con.execute(
            f"SELECT DISTINCT CAST({quoted} AS VARCHAR) FROM facts.main.facts "
            f"WHERE {quoted} IS NOT NULL ORDER BY 1").fetchall()]
        dtype = np.int8 if len(texts) < 127 else np.int16 if len(texts) < 32_767 else np.int32
        con.execute("CREATE OR REPLACE TEMP TABLE texts AS SELECT unnest(?) AS text, "
                    "generate_subscripts(?, 1) - 1 AS code", [texts, texts])
        sql = (f"SELECT coalesce(t.code, -1) AS v FROM facts.main.facts f LEFT JOIN texts t "
               f"ON t.text = CAST(f.{quoted} AS VARCHAR) ORDER BY f.rid")
    elif column == "year":
        dtype = np.int16
        sql = f"SELECT coalesce({quoted}, {YEAR_MISSING}) AS v FROM facts.main.facts ORDER BY rid"
    elif kind == "DOUBLE":
        dtype = np.float64
        sql = f"SELECT coalesce({quoted}, 'NaN'::DOUBLE) AS v FROM facts.main.facts ORDER BY rid"
    else:  # character offsets: 32 bits when they fit
        dtype = np.int64
        sql = f"SELECT coalesce({quoted}, 0) AS v FROM facts.main.facts ORDER BY rid"
    values = np.asarray(con.execute(sql).fetchnumpy()["v"]).astype(dtype, copy=False)
    if column != "rid" and dtype == np.int64 and (not values.size
                                                  or np.abs(values).max() < 2**31):
        values = values.astype(np.int32)
    np.save(out / f"{column}.npy", values)
    return texts


class FactArrays:
    """The memory-mapped arrays of a dataset: `frame(rids)` gathers rows by position."""

    def __init__(self, path: Path) -> None:
        self.texts: dict[str, list[str] | None] = json.loads(
            (path / COLUMNS_FILE).read_text("utf-8"))
        self.arrays = {column: np.load(path / f"{column}.npy", mmap_mode="r")
                       for column in self.texts}
        self.categories = {column: pd.Index(texts, dtype=object)
                           for column, texts in self.texts.items() if texts is not None}

    def places(self, rids: np.ndarray) -> np.ndarray:
        """Positions in the arrays of these rids (each present): the rid less the first
        one when no rid is missing, else found in the sorted rid array."""
        rid = self.arrays["rid"]
        if not len(rid):
            return np.empty(0, np.int64)
        first, last = int(rid[0]), int(rid[-1])
        if last - first + 1 == len(rid):
            return np.asarray(rids, np.int64) - first
        return np.searchsorted(rid, rids)

    def frame(self, rids: np.ndarray, coded: Collection[str] = ()) -> pd.DataFrame:
        """The facts of these rids (ascending, each present) as a frame: texts as
        categoricals (missing: NaN) or, for the columns `coded`, their codes (-1:
        missing); year as nullable Int16, floats with NaN missing."""
        places = self.places(rids)
        out: dict[str, object] = {}
        for column, array in self.arrays.items():
            values = np.asarray(array[places])
            if column in coded:
                out[column] = values.astype(np.int32)
            elif column in self.categories:
                out[column] = pd.Categorical.from_codes(values, self.categories[column])
            elif column == "year":
                out[column] = pd.array(values, dtype="Int16")
                out[column][values == YEAR_MISSING] = pd.NA
            else:
                out[column] = values
        return pd.DataFrame(out)
