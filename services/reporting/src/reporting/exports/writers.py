"""A document written as CSV, XLSX or PDF into a binary file, a row at a time: memory
holds a row (and, for the PDF, the pages' compressed streams), never the report.

Titles, e-mails and the other texts are user input (OWASP, CSV injection): in CSV a cell
that a spreadsheet would read as a formula (it begins with =, +, -, @, a tab or a carriage
return) gets a leading single quote; in XLSX every text is a string cell, never a formula
(XlsxWriter's ``strings_to_formulas`` is off and texts go through ``write_string``), and
such a text also carries Excel's quote prefix, so that editing the cell keeps it text."""

from __future__ import annotations

import codecs
import csv
import re
import tempfile
from collections.abc import Callable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import IO, Any

import xlsxwriter
from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfgen.canvas import Canvas

from reporting.exports.tables import Document, Grid, Table

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class FileFormat(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self]


MEDIA_TYPES = {
    FileFormat.CSV: "text/csv; charset=utf-8",
    FileFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    FileFormat.PDF: "application/pdf",
}


def text_of(value: Any) -> str:
    """A value as a cell's text: days and moments in ISO 8601, booleans as JSON has them."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


def runs_as_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def neutralised(value: Any) -> str:
    """The cell's text, with a quote in front when a spreadsheet would run it."""
    text = value if value.__class__ is str else text_of(value)  # most cells: texts
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


# ------------------------------------------------------------------ CSV
def write_csv(document: Document, out: IO[bytes]) -> None:
    """One table: its header, then its rows. Several: each after a row with its name,
    and a blank row between them."""
    text = codecs.getwriter("utf-8")(out)
    writer = csv.writer(text, lineterminator="\r\n")
    several = len(document.tables) > 1
    for n, table in enumerate(document.tables):
        if several:
            if n:
                writer.writerow([])
            writer.writerow([neutralised(table.name)])
        writer.writerow(table.columns)
        for row in table.rows:
            writer.writerow([neutralised(value) for value in row])


# ------------------------------------------------------------------ XLSX
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def sheet_names(tables: Sequence[Table]) -> list[str]:
    """Excel's sheet names: at most 31 characters, none of []:*?/\\, unique."""
    names: list[str] = []
    for table in tables:
        base = SHEET_NAME_BAD.sub(" ", table.name)[:31] or "Sheet"
        name, n = base, 1
        while name.lower() in (known.lower() for known in names):
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]} {n}"
        names.append(name)
    return names


def write_xlsx(document: Document, out: IO[bytes]) -> None:
    """A sheet per table, its header frozen, and an "About" sheet with the title, the
    scope and the day. Constant memory: each row is flushed to a temporary file as it is
    written, and the workbook is zipped into ``out`` at the end."""
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "tmpdir": tempfile.gettempdir(),
            "strings_to_formulas": False,
            "strings_to_numbers": False,
            "strings_to_urls": False,
            "remove_timezone": True,
        },
    )
    bold = workbook.add_format({"bold": True})
    quoted = workbook.add_format({"quote_prefix": True})
    day = workbook.add_format({"num_format": "yyyy-mm-dd"})
    moment = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    for table, name in zip(document.tables, sheet_names(document.tables), strict=True):
        sheet = workbook.add_worksheet(name)
        for col, column in enumerate(table.columns):
            sheet.set_column(col, col, max(10, min(40, len(column) + 2)))
            sheet.write_string(0, col, column, bold)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(table.rows, start=1):
            for col, value in enumerate(row):
                if value is None:
                    continue
                if isinstance(value, bool):
                    sheet.write_boolean(r, col, value)
                elif isinstance(value, int | float):
                    sheet.write_number(r, col, value)
                elif isinstance(value, datetime):
                    sheet.write_datetime(r, col, value, moment)
                elif isinstance(value, date):
                    sheet.write_datetime(r, col, value, day)
                else:
                    text = str(value)
                    sheet.write_string(r, col, text, quoted if runs_as_formula(text) else None)
    about = workbook.add_worksheet(sheet_names([*document.tables, Table("About", (), ())])[-1])
    about.set_column(0, 0, 12)
    about.set_column(1, 1, 80)
    for r, (label, value) in enumerate(
        (("Report", document.title), ("Scope", document.scope), ("Figures", document.as_of))
    ):
        about.write_string(r, 0, label, bold)
        about.write_string(r, 1, value, quoted if runs_as_formula(value) else None)
    workbook.close()


# ------------------------------------------------------------------ PDF
# Page streams compressed, not also ASCII85-encoded (a quarter larger, for 7-bit mail).
rl_config.useA85 = 0
PAGE = landscape(A4)
MARGIN = 36.0
FONT, BOLD, SIZE = "Helvetica", "Helvetica-Bold", 7.5
LINE = 11.0
# Heat map colours by where a cell lies (likelihood x impact over the largest product).
SHADES = ((0.2, "#8fd19e"), (0.4, "#ffe08a"), (0.65, "#ffb26b"), (1.0, "#f07470"))


def shade(likelihood: int, impact: int, size: int) -> colors.Color:
    share = likelihood * impact / (size * size)
    return colors.HexColor(next(colour for top, colour in SHADES if share <= top))


class PdfPages:
    """A canvas that knows where the next line goes and starts pages as it fills them,
    each with the document's heading and its number."""

    def __init__(self, document: Document, out: IO[bytes]) -> None:
        self.document = document
        self.canvas = Canvas(out, pagesize=PAGE, pageCompression=1)
        self.canvas.setTitle(document.title)
        self.page = 0
        self.y = 0.0
        self.repeat: Callable[[], None] | None = None
        self._start()

    def _start(self) -> None:
        self.page += 1
        width, height = PAGE
        c = self.canvas
        c.setFont(BOLD, 14)
        c.drawString(MARGIN, height - MARGIN, self.document.title)
        c.setFont(FONT, 8)
        c.drawString(MARGIN, height - MARGIN - 14, f"{self.document.scope}. {self.document.as_of}")
        c.drawRightString(width - MARGIN, MARGIN / 2, f"Page {self.page}")
        self.y = height - MARGIN - 34
        if self.repeat:
            self.repeat()

    def room(self, height: float) -> None:
        """A new page unless ``height`` fits above the bottom margin."""
        if self.y - height < MARGIN:
            self.canvas.showPage()
            self._start()

    def save(self) -> None:
        self.canvas.showPage()
        self.canvas.save()


def clip(text: str, width: float) -> str:
    """Cut to about what fits in ``width`` points (Helvetica's average glyph is about
    half the font size wide: measuring every cell would cost a lot at 100,000 rows)."""
    most = max(1, int(width / (SIZE * 0.5)))
    return text if len(text) <= most else text[: most - 1] + "…"


def write_pdf(document: Document, out: IO[bytes]) -> None:
    """A4 landscape: each table under its name, its header repeated on every page it
    runs over; a heat map drawn as its coloured grid with the counts in the cells."""
    pages = PdfPages(document, out)
    for table in document.tables:
        pages.repeat = None
        pages.room(3 * LINE)
        pages.canvas.setFont(BOLD, 10)
        pages.canvas.drawString(MARGIN, pages.y, table.name)
        pages.y -= LINE * 1.5
        if table.grid is not None:
            _draw_grid(pages, table.grid)
        else:
            _draw_rows(pages, table)
        pages.y -= LINE
    pages.save()


def _draw_grid(pages: PdfPages, grid: Grid) -> None:
    cell = min(40.0, 300.0 / grid.size)
    pages.room(cell * (grid.size + 1) + LINE * 2)
    c = pages.canvas
    left, top = MARGIN + 60, pages.y
    c.setFont(FONT, 8)
    for row, likelihood in enumerate(range(grid.size, 0, -1)):
        y = top - (row + 1) * cell
        c.setFillColor(colors.black)
        c.drawRightString(left - 6, y + cell / 2 - 3, str(likelihood))
        for col, impact in enumerate(range(1, grid.size + 1)):
            x = left + col * cell
            c.setFillColor(shade(likelihood, impact, grid.size))
            c.setStrokeColor(colors.white)
            c.rect(x, y, cell, cell, stroke=1, fill=1)
            c.setFillColor(colors.black)
            c.drawCentredString(
                x + cell / 2, y + cell / 2 - 3, str(grid.counts.get((likelihood, impact), 0))
            )
    bottom = top - grid.size * cell
    for col in range(grid.size):
        c.drawCentredString(left + col * cell + cell / 2, bottom - 10, str(col + 1))
    c.drawString(left, bottom - 22, "impact →   (rows: likelihood)")
    pages.y = bottom - 22 - LINE


def _draw_rows(pages: PdfPages, table: Table) -> None:
    shown = table.brief if table.brief is not None else tuple(range(len(table.columns)))
    usable = PAGE[0] - 2 * MARGIN
    weights = [3.0 if "title" in table.columns[i].lower() else 1.0 for i in shown]
    widths = [usable * w / sum(weights) for w in weights]
    starts = [MARGIN + sum(widths[:n]) for n in range(len(widths))]
    c = pages.canvas

    def header() -> None:
        c.setFont(BOLD, SIZE)
        for x, width, i in zip(starts, widths, shown, strict=True):
            c.drawString(x, pages.y, clip(table.columns[i], width - 2))
        pages.y -= LINE
        c.setFont(FONT, SIZE)

    header()
    pages.repeat = header
    for row in table.rows:
        pages.room(LINE)
        for x, width, i in zip(starts, widths, shown, strict=True):
            c.drawString(x, pages.y, clip(text_of(row[i]), width - 2))
        pages.y -= LINE


WRITERS: dict[FileFormat, Callable[[Document, IO[bytes]], None]] = {
    FileFormat.CSV: write_csv,
    FileFormat.XLSX: write_xlsx,
    FileFormat.PDF: write_pdf,
}


def write(document: Document, file_format: FileFormat, out: IO[bytes]) -> None:
    WRITERS[file_format](document, out)
