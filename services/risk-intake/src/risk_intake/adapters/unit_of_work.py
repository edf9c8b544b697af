"""risk-intake's unit of work: the shared MySQL transaction with its repositories."""

from __future__ import annotations

from risk_intake.adapters.repository import SqlDivisionRepository, SqlRiskRepository
from riskplatform.unit_of_work import SqlUnitOfWork


class IntakeUnitOfWork(SqlUnitOfWork):
    def _start(self) -> None:
        self.divisions = SqlDivisionRepository(self.cursor, self.track)
        self.risks = SqlRiskRepository(self.cursor, self.track)
