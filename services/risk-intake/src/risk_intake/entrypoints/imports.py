"""An imported register file, read into checked rows: one risk per row, and optionally a
solution to register and link to it (the ``solution_`` columns). Each cell is checked as
the API checks the same field, and each problem is kept with its line and column."""

from __future__ import annotations

import base64
import binascii
import re
from datetime import date
from typing import Annotated, Any, Literal, cast

from pydantic import BaseModel, Field, ValidationError, create_model

from risk_intake.adapters.spreadsheets import Sheet, read_sheet
from risk_intake.domain import commands
from risk_intake.domain.risks import Category, RiskChanges, RiskStatus, Treatment
from risk_intake.domain.solutions import SolutionChanges
from risk_intake.entrypoints.schemas.common import Description, Email, Tags, Text
from risk_intake.entrypoints.schemas.solutions import SolutionIn
from riskplatform.api import ApiModel
from riskplatform.errors import InvalidInput

MAX_ROWS = 2_000


class RiskRow(ApiModel):
    division: Annotated[str, Field(min_length=1, max_length=64, description="Code or id")]
    title: Text
    description: Description = ""
    category: Category
    owner_email: Email
    status: RiskStatus = RiskStatus.DRAFT
    treatment: Treatment | None = None
    review_due: date | None = None
    tags: Tags = []


# A row's solution_ columns: the fields a solution is registered with, but its division
# (the risk's, on the same row).
SOLUTION_FIELDS: dict[str, Any] = {
    name: (field.annotation, field)
    for name, field in SolutionIn.model_fields.items()
    if name != "division_id"
}
SolutionRow = create_model("SolutionRow", __base__=ApiModel, **SOLUTION_FIELDS)


RISK_COLUMNS = tuple(RiskRow.model_fields)
SOLUTION_COLUMNS = tuple(f"solution_{name}" for name in SolutionRow.model_fields)
REQUIRED = tuple(name for name, f in RiskRow.model_fields.items() if f.is_required())


class ImportIn(ApiModel):
    """The file, base64-encoded, and whether to only check it (``dryRun``)."""

    format: Literal["csv", "xlsx"]
    content: Annotated[
        str,
        Field(
            min_length=1,
            pattern=r"^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{4}|[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)$",
            description="The file's bytes in base64",
        ),
    ]
    dry_run: bool = False


def import_command(body: ImportIn) -> commands.ImportRisks:
    try:
        content = base64.b64decode(body.content, validate=True)
    except (binascii.Error, ValueError) as error:
        raise InvalidInput("content is not base64", field="content") from error
    sheet = read_sheet(body.format, content)
    if len(sheet.rows) > MAX_ROWS:
        raise InvalidInput(f"a file brings at most {MAX_ROWS} rows; split it", field="content")
    problems = _column_problems(sheet)
    rows = []
    for line, cells in sheet.rows:
        row, found = _row(line, cells)
        problems.extend(found)
        if row is not None and not found:
            rows.append(row)
    return commands.ImportRisks(len(sheet.rows), tuple(rows), tuple(problems), body.dry_run)


def _column_problems(sheet: Sheet) -> list[commands.RowProblem]:
    known = (*RISK_COLUMNS, *SOLUTION_COLUMNS)
    unknown = [
        commands.RowProblem(1, column, f"unknown column; the columns are: {', '.join(known)}")
        for column in sheet.columns
        if column not in known
    ]
    missing = [
        commands.RowProblem(1, column, "this column is required")
        for column in REQUIRED
        if column not in sheet.columns
    ]
    return unknown + missing


def _row(
    line: int, cells: dict[str, str]
) -> tuple[commands.ImportRow | None, list[commands.RowProblem]]:
    risk_cells: dict[str, Any] = {c: cells[c] for c in RISK_COLUMNS if cells.get(c)}
    if "tags" in risk_cells:
        risk_cells["tags"] = [t for t in re.split(r"[;,\s]+", risk_cells["tags"].lower()) if t]
    solution_cells = {
        c.removeprefix("solution_"): cells[c] for c in SOLUTION_COLUMNS if cells.get(c)
    }
    risk, problems = _checked(RiskRow, risk_cells, line, "")
    solution, solution_problems = (
        _checked(SolutionRow, solution_cells, line, "solution_") if solution_cells else (None, [])
    )
    problems += solution_problems
    if risk is None or problems:
        return None, problems
    return (
        commands.ImportRow(
            line=line,
            division=risk.division,
            risk=cast(RiskChanges, risk.model_dump(exclude={"division"})),
            solution=cast(SolutionChanges, solution.model_dump()) if solution else None,
        ),
        [],
    )


def _checked[M: BaseModel](
    model: type[M], cells: dict[str, Any], line: int, prefix: str
) -> tuple[M | None, list[commands.RowProblem]]:
    names = {(f.alias or name): name for name, f in model.model_fields.items()}
    try:
        return model.model_validate(cells), []
    except ValidationError as invalid:
        return None, [
            commands.RowProblem(
                line,
                prefix
                + names.get(str(error["loc"][0]), str(error["loc"][0]))
                + "".join(f".{part}" for part in error["loc"][1:]),
                error["msg"],
            )
            for error in invalid.errors()
        ]
