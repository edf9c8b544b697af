"""The answer to an import of a register file."""

from __future__ import annotations

from risk_intake.service_layer.imports import ImportReport
from riskplatform.api import ApiModel


class RowProblemOut(ApiModel):
    line: int
    field: str
    reason: str


class ImportReportOut(ApiModel):
    """What an import did (or, in a dry run, would do): ``problems`` lists every row that
    cannot be imported, with its line and column; ids are given once written."""

    dry_run: bool
    imported: bool
    rows: int
    risks: int
    solutions: int
    risk_ids: list[str]
    solution_ids: list[str]
    problems: list[RowProblemOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            dry_run=report.dry_run,
            imported=report.written,
            rows=report.rows,
            risks=len(report.risk_ids),
            solutions=len(report.solution_ids),
            risk_ids=report.risk_ids if report.written else [],
            solution_ids=report.solution_ids if report.written else [],
            problems=[
                RowProblemOut(line=p.line, field=p.column, reason=p.reason) for p in report.problems
            ],
        )
