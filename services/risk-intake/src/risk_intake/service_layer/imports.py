"""Bulk import of risks and their solutions: every row is checked as if it were captured
by the caller (division, access, the domain's rules), in one transaction that is
committed only when no row has a problem and it is not a dry run."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from risk_intake.domain import commands
from risk_intake.domain.divisions import Division
from risk_intake.domain.risks import Risk, RiskStatus
from risk_intake.domain.solutions import Solution, SolutionChanges
from risk_intake.service_layer.access import actor
from risk_intake.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import DomainError

UUID_TEXT = re.compile(r"^[0-9a-fA-F-]{36}$")


@dataclass
class ImportReport:
    dry_run: bool
    rows: int
    risk_ids: list[str] = field(default_factory=list)
    solution_ids: list[str] = field(default_factory=list)
    problems: list[commands.RowProblem] = field(default_factory=list)

    @property
    def written(self) -> bool:
        return not self.dry_run and not self.problems


def import_risks(cmd: commands.ImportRisks, caller: Caller, uow: UnitOfWork) -> ImportReport:
    report = ImportReport(cmd.dry_run, cmd.lines)
    report.problems.extend(cmd.problems)
    with uow:
        rows = _Rows(caller, uow, report)
        for row in cmd.rows:
            rows.add(row)
        report.problems.sort(key=lambda p: (p.line, p.column))
        if report.written:
            uow.commit()
    return report  # a dry run, or a file with problems: rolled back, nothing written


class _Rows:
    """Adds rows one by one, reporting each row's problems; several rows that name the
    same new solution (same title, same division) link that one solution."""

    def __init__(self, caller: Caller, uow: UnitOfWork, report: ImportReport) -> None:
        self.caller, self.uow, self.report = caller, uow, report
        self.who, self.now = actor(caller), datetime.now(UTC)
        self.divisions: dict[str, tuple[Division, list[str]] | None] = {}
        self.solutions: dict[tuple[str, str], tuple[Solution, SolutionChanges, int]] = {}

    def add(self, row: commands.ImportRow) -> None:
        try:
            division, lineage = self._division(row.division)
            self.caller.require(Action.WRITE_RISKS, lineage)
            if row.risk.get("status") == RiskStatus.ACCEPTED:
                self.caller.require(Action.ACCEPT_RISKS, lineage)
            risk = Risk.capture(division, row.risk, self.who, self.now)
        except DomainError as refused:
            self._problem(row.line, refused, column="division")
            return
        solution = None
        if row.solution is not None:
            try:
                solution = self._solution(row.line, division, lineage, row.solution)
                risk.link(solution, self.who, self.now)
            except DomainError as refused:
                self._problem(row.line, refused, column="solution_title", prefix="solution_")
                return
        self.uow.risks.add(risk)  # as it stands after its link: one insert
        if solution is not None:
            self.uow.risks.link(risk, solution, self.who)
        self.report.risk_ids.append(risk.id)

    def _division(self, code_or_id: str) -> tuple[Division, list[str]]:
        if code_or_id not in self.divisions:
            self.divisions[code_or_id] = self._readable_division(code_or_id)
        known = self.divisions[code_or_id]
        if known is None:
            raise DomainError(f"no division has the code or id {code_or_id!r}", field="division")
        return known

    def _readable_division(self, code_or_id: str) -> tuple[Division, list[str]] | None:
        if UUID_TEXT.match(code_or_id):
            found = self.uow.divisions.get(code_or_id, lock="share")
        else:
            found = self.uow.divisions.get_by_code(code_or_id, lock="share")
        if found is None:
            return None
        lineage = self.uow.divisions.lineage(found.id)
        return (found, lineage) if self.caller.can_in(Action.READ, lineage) else None

    def _solution(
        self, line: int, division: Division, lineage: list[str], fields: SolutionChanges
    ) -> Solution:
        key = (division.id, fields["title"])
        if key in self.solutions:
            solution, first_fields, first_line = self.solutions[key]
            if fields != first_fields:
                raise DomainError(
                    f"line {first_line} defines this solution differently; give its other"
                    " rows the same solution fields or a different title",
                    field="title",
                )
            return solution
        self.caller.require(Action.MANAGE_SOLUTIONS, lineage)
        solution = Solution.register(division, fields, self.who, self.now)
        self.uow.solutions.add(solution)
        self.solutions[key] = (solution, fields, line)
        self.report.solution_ids.append(solution.id)
        return solution

    def _problem(self, line: int, refused: DomainError, *, column: str, prefix: str = "") -> None:
        """Name the column: a refusal without a field is about access, on the division or
        the solution; a field of the domain (``testedOn``) is a column (solution_tested_on)."""
        named = (
            prefix + re.sub(r"(?<!^)([A-Z])", r"_\1", refused.field).lower()
            if refused.field
            else column
        )
        if named in {"division_id", "solution_division_id"}:
            named = "division"
        self.report.problems.append(commands.RowProblem(line, named, refused.message))
