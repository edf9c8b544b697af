"""Reading an imported register: CSV (UTF-8) or XLSX (the first sheet), a header row and
one row per risk. Every cell comes back as text, each row with the line it is on."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from riskplatform.errors import InvalidInput

Row = tuple[int, dict[str, str]]  # (line in the file, cells by column name)


@dataclass(frozen=True)
class Sheet:
    columns: list[str]
    rows: list[Row]


def column_name(header: Any) -> str:
    """``Owner email``, ``owner-email`` and ``OWNER_EMAIL`` all name ``owner_email``."""
    return re.sub(r"[\s\-]+", "_", str(header or "").strip()).lower()


def cell_text(value: Any) -> str:
    """A cell as text: dates as ISO dates, whole numbers without a decimal point."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_sheet(kind: str, content: bytes) -> Sheet:
    """The columns and rows of a ``csv`` or ``xlsx`` file, blank rows left out."""
    try:
        lines = _csv_lines(content) if kind == "csv" else iter(_xlsx_lines(content))
        _, header = next(lines, (1, []))
        columns = [column_name(h) for h in header]
        if not any(columns):
            raise InvalidInput("the file has no header row naming its columns", field="content")
        rows = []
        for line, values in lines:
            cells = {c: cell_text(v) for c, v in zip(columns, values, strict=False) if c}
            if any(cells.values()):
                rows.append((line, cells))
        return Sheet([c for c in columns if c], rows)
    except (csv.Error, UnicodeDecodeError, zipfile.BadZipFile, KeyError, ValueError) as error:
        raise InvalidInput(f"this is not a readable {kind.upper()} file: {error}",
                           field="content") from error  # fmt: skip


def _csv_lines(content: bytes) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(io.StringIO(content.decode("utf-8-sig"), newline=""))
    line = 1
    for record in reader:
        yield line, record
        line = reader.line_num + 1  # a quoted cell may span lines: the next record's first


def _xlsx_lines(content: bytes) -> list[tuple[int, list[Any]]]:
    from openpyxl import load_workbook  # only imports need it: keep it off the cold start

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        return [(n, list(values)) for n, values in enumerate(sheet.iter_rows(values_only=True), 1)]
    finally:
        book.close()
