"""The figure columns are declared once (extractors.schema.FIGURE_SCHEMA); everything
else that names their types is derived from it."""

from __future__ import annotations

import re
from dataclasses import fields
from pathlib import Path

import pyarrow as pa

from extractors import extract_text
from extractors.output import arrow_schema
from extractors.schema import (
    COLUMNS,
    DTYPES,
    FIGURE_SCHEMA,
    FLOAT_COLUMNS,
    INT_COLUMNS,
    Figure,
)
from store.db import FIGURE_COLUMNS

ROOT = Path(__file__).resolve().parent.parent


def test_each_column_declared_once_with_a_type_and_meaning():
    assert len(set(COLUMNS)) == len(COLUMNS) == len(FIGURE_SCHEMA)
    assert all(c.type in ("text", "int", "float") and c.meaning for c in FIGURE_SCHEMA)
    assert set(COLUMNS) <= {f.name for f in fields(Figure)}


def test_sql_types_come_from_the_schema():
    assert list(FIGURE_COLUMNS) == list(COLUMNS)
    for column in FIGURE_SCHEMA:
        assert FIGURE_COLUMNS[column.name].split()[0] == column.sql_type


def test_frame_and_parquet_types_come_from_the_schema():
    frame = extract_text("Mục tiêu đến năm 2030, kinh tế số chiếm 30% GDP.", doc_id="note")
    assert list(frame.columns) == list(COLUMNS)
    assert {c: str(frame[c].dtype) for c in DTYPES} == {c: str(t) for c, t in DTYPES.items()}
    schema = arrow_schema()
    assert [f.name for f in schema] == list(COLUMNS)
    assert {f.name for f in schema if f.type == pa.int64()} == set(INT_COLUMNS)
    assert {f.name for f in schema if f.type == pa.float64()} == set(FLOAT_COLUMNS)


def test_readme_documents_every_column():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text[text.index("## Output schema"):text.index("## How extraction works")]
    documented = [name for row in re.findall(r"^\| (`[^|]*`) \|", table, re.M)
                  for name in re.findall(r"`(\w+)`", row)]
    assert sorted(documented) == sorted(COLUMNS)
