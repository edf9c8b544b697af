"""Reading an imported register file into checked rows: columns, lines, cells."""

from __future__ import annotations

import base64
from datetime import date, datetime

import pytest

from risk_intake.adapters.spreadsheets import cell_text, column_name, read_sheet
from risk_intake.entrypoints.imports import MAX_ROWS, ImportIn, import_command
from riskplatform.errors import InvalidInput


def body(text: str, dry_run: bool = True) -> ImportIn:
    return ImportIn(format="csv", content=base64.b64encode(text.encode()).decode(),
                    dry_run=dry_run)  # fmt: skip


@pytest.mark.parametrize("header", ["Owner Email", "owner-email", " OWNER_EMAIL "])
def test_headers_name_columns_however_they_are_written(header):
    assert column_name(header) == "owner_email"


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (datetime(2027, 3, 31), "2027-03-31"),
        (date(2027, 3, 31), "2027-03-31"),
        (60.0, "60"),
        (1250.5, "1250.5"),
        (None, ""),
        ("  padded ", "padded"),
    ],
)
def test_cells_become_text_as_the_api_reads_it(value, text):
    assert cell_text(value) == text


def test_rows_keep_the_line_they_start_on_and_blank_rows_are_skipped():
    sheet = read_sheet("csv", b'\xef\xbb\xbfTitle,Notes\nA,"two\nlines"\n,\nB,x\n')

    assert sheet.columns == ["title", "notes"]
    assert [(line, cells["title"]) for line, cells in sheet.rows] == [(2, "A"), (5, "B")]


def test_a_row_becomes_a_risk_and_its_solution():
    cmd = import_command(
        body(
            "division,title,category,owner_email,tags,solution_title,solution_kind,"
            "solution_design_effectiveness,solution_owner_email\n"
            "REAG,Taq,supply_chain,a@x.com,PCR; Single-Source,Second source,preventive,60,b@x.com\n"
        )
    )

    [row] = cmd.rows
    assert (cmd.lines, cmd.problems, row.line, row.division) == (1, (), 2, "REAG")
    assert row.risk["tags"] == ["pcr", "single-source"]
    assert row.solution is not None
    assert (row.solution["title"], row.solution["design_effectiveness"]) == ("Second source", 60)


def test_a_file_over_the_row_limit_is_refused():
    rows = "".join(f"REAG,Risk {n},cyber,a@x.com\n" for n in range(MAX_ROWS + 1))
    with pytest.raises(InvalidInput) as refused:
        import_command(body("division,title,category,owner_email\n" + rows))
    assert refused.value.field == "content"


def test_a_file_without_a_header_is_refused():
    with pytest.raises(InvalidInput) as refused:
        import_command(body("\n\n"))
    assert refused.value.field == "content"
