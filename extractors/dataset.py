"""A partitioned Parquet dataset of an extraction: what a cluster run writes and what the
store ingests without extracting again.

    OUT/_dataset.json               columns, partitions, documents, figures, config digest
    OUT/figures/part-00000.parquet  figure rows (README schema), documents in order
    OUT/documents/part-00000.parquet  one row per document, with its text and figure count
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from extractors.batch import FileResult
from extractors.output import TableWriter, arrow_schema
from extractors.schema import COLUMNS, Document

MARKER = "_dataset.json"
DOCUMENT_FIELDS = ("doc_id", "source", "title", "lang", "published", "content_hash", "fmt",
                   "text")
DOCUMENT_SCHEMA = pa.schema([(name, pa.string()) for name in DOCUMENT_FIELDS]
                            + [("figures", pa.int64())])


def part_name(index: int) -> str:
    """File name of partition `index`."""
    return f"part-{index:05d}.parquet"


def write_partition(out: Path, index: int, results: list[FileResult]) -> None:
    """Write the documents and figure rows of the readable results as partition `index`."""
    good = [r for r in results if r.error is None and r.doc is not None]
    (out / "figures").mkdir(parents=True, exist_ok=True)
    (out / "documents").mkdir(parents=True, exist_ok=True)
    with TableWriter(out / "figures" / part_name(index)) as writer:
        for result in good:
            writer.write(result.rows)
    columns: dict[str, list[Any]] = {
        name: [getattr(r.doc, name) for r in good] for name in DOCUMENT_FIELDS
    }
    columns["figures"] = [len(r.rows) for r in good]
    pq.write_table(pa.table(columns, schema=DOCUMENT_SCHEMA), out / "documents" / part_name(index))


def write_marker(out: Path, partitions: int, documents: int, figures: int, digest: str) -> None:
    """Mark `out` as a complete dataset (written last, after every partition)."""
    meta = {"columns": list(COLUMNS), "partitions": partitions, "documents": documents,
            "figures": figures, "config_digest": digest}
    (out / MARKER).write_text(json.dumps(meta, indent=2), encoding="utf-8")


def is_dataset(path: str | Path) -> bool:
    """True for a folder written by `write_partition` and `write_marker`."""
    return (Path(path) / MARKER).is_file()


def iter_dataset(path: str | Path) -> Iterator[FileResult]:
    """The dataset's documents, with their figure rows, in partition order."""
    path = Path(path)
    partitions = json.loads((path / MARKER).read_text(encoding="utf-8"))["partitions"]
    for index in range(partitions):
        docs = pq.read_table(path / "documents" / part_name(index)).to_pylist()
        table = pq.read_table(path / "figures" / part_name(index), schema=arrow_schema())
        rows = list(zip(*(table.column(c).to_pylist() for c in COLUMNS), strict=True))
        at = 0
        for entry in docs:
            count = entry.pop("figures")
            doc = Document(**entry)
            yield FileResult(doc.source, rows[at:at + count], doc, chars=len(doc.text))
            at += count
