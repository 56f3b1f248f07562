"""Rule-based extraction of targets, investments and statistics from
Vietnamese and English texts.

Public API::

    from extractors import extract_text, extract_paths, read_document
    df = extract_text("Mục tiêu đến năm 2030 ...", doc_id="note", lang="vi")
    result = extract_paths(["data/"])  # result.figures, result.documents, result.errors
"""

from extractors.config import Config, ConfigError, load_config
from extractors.pipeline import (
    ExtractionResult,
    extract_document,
    extract_paths,
    extract_text,
    figures_frame,
)
from extractors.reader import ReadError, iter_input_files, read_document, read_text_bytes
from extractors.schema import COLUMNS, KINDS, UNIT_FAMILIES, Document, Figure, FileError

__all__ = [
    "COLUMNS",
    "KINDS",
    "UNIT_FAMILIES",
    "Config",
    "ConfigError",
    "Document",
    "ExtractionResult",
    "FileError",
    "Figure",
    "ReadError",
    "extract_document",
    "extract_paths",
    "extract_text",
    "figures_frame",
    "iter_input_files",
    "load_config",
    "read_document",
    "read_text_bytes",
]
