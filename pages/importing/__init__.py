"""Importing disclosure entries: the interchange format of DATA.md (JSON Lines, CSV, Excel).

``report`` (columns, problems, the report) · ``readers`` (files → raw rows) · ``validation``
(every row checked without writing) · ``writer`` (all-or-nothing, published rows through the
one pipeline) · ``jobs`` and ``admin_views`` (批量导入 in the admin, run by Celery).
"""

from .readers import READERS, detect_format, read_csv, read_jsonl, read_xlsx
from .report import (
    DATE_RE,
    FORMATS,
    MAX_LINE_BYTES,
    MAX_TITLE,
    OPTIONAL_KEYS,
    OTHER_ITEM,
    REQUIRED_KEYS,
    FileProblem,
    ImportReport,
    Problem,
)
from .validation import Catalog, Row, validate_file, validate_row
from .writer import ChildAppender, deferred_indexing, import_entries

__all__ = [
    "READERS",
    "detect_format",
    "read_csv",
    "read_jsonl",
    "read_xlsx",
    "DATE_RE",
    "FORMATS",
    "MAX_LINE_BYTES",
    "MAX_TITLE",
    "OPTIONAL_KEYS",
    "OTHER_ITEM",
    "REQUIRED_KEYS",
    "FileProblem",
    "ImportReport",
    "Problem",
    "Catalog",
    "Row",
    "validate_file",
    "validate_row",
    "ChildAppender",
    "deferred_indexing",
    "import_entries",
]
