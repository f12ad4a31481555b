"""Reading the interchange formats (JSON Lines, CSV, Excel) into raw rows, with a clear
Chinese error for a file that cannot be read at all."""

import csv
import datetime
import io
import json
from pathlib import Path

from .report import MAX_LINE_BYTES, REQUIRED_KEYS, FileProblem, Problem

# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------


def detect_format(path, fmt=None):
    if fmt:
        return fmt
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"jsonl": "jsonl", "json": "jsonl", "ndjson": "jsonl", "csv": "csv", "xlsx": "xlsx"}.get(suffix, "jsonl")


def read_jsonl(path):
    with open(path, "rb") as fh:
        for number, raw in enumerate(iter(lambda: fh.readline(MAX_LINE_BYTES + 1), b""), start=1):
            if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                # Skip the rest of an oversized line without holding it in memory.
                while raw and not raw.endswith(b"\n"):
                    raw = fh.readline(MAX_LINE_BYTES)
                yield number, Problem(number, "", f"该行超过{MAX_LINE_BYTES // 1024 // 1024} MB上限")
                continue
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield number, Problem(number, "", f"不是 UTF-8 编码（第{exc.start + 1}字节）")
                continue
            if number == 1:
                text = text.lstrip("\ufeff")
            if not text.strip():
                continue
            try:
                value = json.loads(text)
            except json.JSONDecodeError as exc:
                yield number, Problem(number, "", f"JSON 格式错误：{exc.msg}（第{exc.colno}列）")
                continue
            if not isinstance(value, dict):
                yield number, Problem(number, "", "每行必须是一个 JSON 对象")
                continue
            yield number, value


def _check_columns(header, first_row):
    missing = [k for k in REQUIRED_KEYS if k not in header]
    if missing:
        raise FileProblem([Problem(first_row, k, "缺少必需的列") for k in missing])


def read_csv(path):
    with open(path, "rb") as fh:
        data = fh.read()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise FileProblem([Problem(line, "", f"文件不是 UTF-8 编码（第{exc.start + 1}字节）")])
    csv.field_size_limit(1 << 30)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise FileProblem([Problem(0, "", "文件为空")])
    _check_columns(header, 1)
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield reader.line_num, Problem(reader.line_num, "", f"CSV 格式错误：{exc}")
            continue
        number = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if sum(len(v) for v in values) > MAX_LINE_BYTES:
            yield number, Problem(number, "", f"该行超过{MAX_LINE_BYTES // 1024 // 1024} MB上限")
            continue
        yield number, dict(zip(header, values))


def read_xlsx(path):
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, KeyError, OSError, ValueError) as exc:
        raise FileProblem([Problem(0, "", f"无法读取 Excel 文件：{exc}")])
    except Exception as exc:  # zipfile.BadZipFile and friends
        raise FileProblem([Problem(0, "", f"不是有效的 Excel（.xlsx）文件：{exc.__class__.__name__}")])
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    try:
        header = [str(h).strip() if h is not None else "" for h in next(rows)]
    except StopIteration:
        raise FileProblem([Problem(0, "", "工作表为空")])
    _check_columns(header, 1)
    for number, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        row = {}
        for key, value in zip(header, values):
            if isinstance(value, datetime.datetime):
                value = value.date().isoformat()
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            elif value is None:
                value = ""
            elif isinstance(value, float) and value.is_integer():
                value = str(int(value))
            row[key] = value if isinstance(value, str) else str(value)
        yield number, row
    workbook.close()


READERS = {"jsonl": read_jsonl, "csv": read_csv, "xlsx": read_xlsx}
