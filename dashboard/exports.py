"""Exports of exactly the filtered rows: CSV, Excel (figures + sources) and JSON."""

from __future__ import annotations

import io

import pandas as pd

from dashboard.store import FIGURE_COLUMNS

EXPORT_COLUMNS: tuple[str, ...] = (*FIGURE_COLUMNS, "doc_title", "doc_published")
SOURCE_COLUMNS: tuple[str, ...] = ("doc_id", "doc_title", "doc_published", "source", "figures")
EXCEL_MAX_ROWS = 100_000  # about 10 s to build; Excel itself stops at 1,048,576 rows
MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}


def export_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The filtered rows with the export columns, categoricals as plain values."""
    columns = [c for c in EXPORT_COLUMNS if c in df]
    out = df[columns].copy()
    for column in columns:
        if isinstance(out[column].dtype, pd.CategoricalDtype):
            out[column] = out[column].astype(object)
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
    """CSV in UTF-8 with a BOM (so spreadsheet programs read Vietnamese correctly)."""
    return export_frame(df).to_csv(index=False).encode("utf-8-sig")


def to_json(df: pd.DataFrame) -> bytes:
    """A JSON array of row objects; missing values are null."""
    return export_frame(df).to_json(orient="records", force_ascii=False, indent=1).encode()


def to_excel(df: pd.DataFrame) -> bytes:
    """An .xlsx workbook with a "figures" sheet and a "sources" sheet. Article text that
    looks like a formula or a link stays plain text."""
    buffer = io.BytesIO()
    options = {"strings_to_formulas": False, "strings_to_urls": False}
    with pd.ExcelWriter(buffer, engine="xlsxwriter", engine_kwargs={"options": options}) as writer:
        export_frame(df).to_excel(writer, sheet_name="figures", index=False)
        sources_frame(df).to_excel(writer, sheet_name="sources", index=False)
        for sheet in writer.sheets.values():
            sheet.freeze_panes(1, 0)
    return buffer.getvalue()


def export_name(kind: str, stamp: str = "") -> str:
    """File name for an export, e.g. "figures-20260101.csv"."""
    return f"figures{'-' + stamp if stamp else ''}.{kind}"
