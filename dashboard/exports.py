"""Exports of exactly the filtered rows: CSV, Excel (figures, sources, and the
commitments and progress sheets when given) and JSON; commitments and progress also
as their own CSV files. Reviewed values are exported with the review columns."""

from __future__ import annotations

import io

import pandas as pd

from analysis.reviews import REVIEW_COLUMNS
from analysis.tracker import COLUMNS as PROGRESS_COLUMNS
from analysis.tracker import progress_percent
from dashboard.citation import public_source
from dashboard.safe import csv_safe
from extractors.schema import COLUMNS

EXPORT_COLUMNS: tuple[str, ...] = (*COLUMNS, "doc_title", "doc_published",
                                   "doc_outlet", "doc_url", *REVIEW_COLUMNS)
COMMITMENT_COLUMNS: tuple[str, ...] = (
    "commitment", "kind", "country", "measure", "unit", "year", "value", "value_high",
    "value_usd", "sources", "mentions", "first_published", "latest_published", "conflict",
    "conflict_type", "reported_values", "other_years", "quotes", "doc_ids", "figure_id",
)
SOURCE_COLUMNS: tuple[str, ...] = ("doc_id", "doc_title", "doc_outlet", "doc_published",
                                   "doc_url", "source", "figures")
EXCEL_MAX_ROWS = 100_000  # about 10 s to build; Excel itself stops at 1,048,576 rows
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The filtered rows with the export columns, categoricals as plain values."""
    columns = [c for c in EXPORT_COLUMNS if c in df or c in ("doc_outlet", "doc_url")]
    out = df.reindex(columns=columns).copy()
    for column in columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object)
    if "source" in out:  # a URL or the file's name: never a local folder
        urls = out["doc_url"] if "doc_url" in out else [""] * len(out)
        out["source"] = [public_source(s, u) for s, u in zip(out["source"], urls, strict=True)]
    return out.reset_index(drop=True)


def sources_frame(df: pd.DataFrame) -> pd.DataFrame:
    """One row per document behind the filtered rows, with its number of figures."""
    frame = export_frame(df)
    if frame.empty:
        return pd.DataFrame(columns=list(SOURCE_COLUMNS))
    keys = [c for c in SOURCE_COLUMNS if c in frame and c != "figures"]
    counts = frame.groupby("doc_id", sort=False).size().rename("figures")
    docs = frame.drop_duplicates("doc_id")[keys].set_index("doc_id")
    return docs.join(counts).reset_index()


def to_csv(df: pd.DataFrame) -> bytes:
    """CSV in UTF-8 with a BOM (so spreadsheet programs read Vietnamese correctly); a
    text cell that would start a formula is prefixed with "'" (dashboard.safe)."""
    return csv_safe(export_frame(df)).to_csv(index=False).encode("utf-8-sig")


def to_json(df: pd.DataFrame) -> bytes:
    """A JSON array of row objects; missing values are null."""
    return export_frame(df).to_json(orient="records", force_ascii=False, indent=1).encode()


def to_excel(df: pd.DataFrame, commitments: pd.DataFrame | None = None,
             progress: pd.DataFrame | None = None, filters: list[str] | None = None) -> bytes:
    """An .xlsx workbook with a "figures" sheet and a "sources" sheet, plus "commitments"
    and "progress" sheets when given. Article text that looks like a formula or a link
    stays plain text."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        export_frame(df).to_excel(writer, sheet_name="figures", index=False)
        sources_frame(df).to_excel(writer, sheet_name="sources", index=False)
        if commitments is not None:
            commitments_frame(commitments).to_excel(writer, sheet_name="commitments", index=False)
        if progress is not None:
            progress_frame(progress).to_excel(writer, sheet_name="progress", index=False)
        if filters is not None:
            pd.DataFrame({"filters": filters}).to_excel(writer, sheet_name="filters", index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def commitments_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A commitments table (analysis.commitments) with the export columns."""
    return table.reindex(columns=list(COMMITMENT_COLUMNS)).reset_index(drop=True)


def progress_frame(table: pd.DataFrame) -> pd.DataFrame:
    """A progress table (analysis.tracker) for export; progress also as a percentage."""
    frame = table.reindex(columns=list(PROGRESS_COLUMNS)).reset_index(drop=True)
    frame.insert(frame.columns.get_loc("progress") + 1, "progress_pct",
                 progress_percent(frame["progress"]))
    return frame


def table_csv(frame: pd.DataFrame) -> bytes:
    """Any small table as CSV in UTF-8 with a BOM, formula-like cells neutralised."""
    return csv_safe(frame).to_csv(index=False).encode("utf-8-sig")


def export_name(kind: str, stamp: str = "", stem: str = "figures") -> str:
    """File name for an export, e.g. "figures-20260101.csv", "progress-20260101.csv"."""
    return f"{stem}{'-' + stamp if stamp else ''}.{kind}"
