"""risk-intake's unit of work: the shared MySQL transaction with its repositories. On
commit it writes the audit entries the aggregates recorded, in the same transaction as
their change and their events."""

from __future__ import annotations

from typing import Any

from risk_intake.adapters.audit import SqlAuditLog
from risk_intake.adapters.divisions import SqlDivisionRepository
from risk_intake.adapters.memberships import SqlMembershipRepository
from risk_intake.adapters.related import SqlRelatedRepository
from risk_intake.adapters.risks import SqlRiskRepository
from risk_intake.adapters.solutions import SqlSolutionRepository
from riskplatform.events import Envelope
from riskplatform.unit_of_work import SqlUnitOfWork


class IntakeUnitOfWork(SqlUnitOfWork):
    def _start(self) -> None:
        self.divisions = SqlDivisionRepository(self.cursor, self.track)
        self.risks = SqlRiskRepository(self.cursor, self.track)
        self.solutions = SqlSolutionRepository(self.cursor, self.track)
        self.related = SqlRelatedRepository(self.cursor, self.track)
        self.memberships = SqlMembershipRepository(self.cursor)
        self.audit = SqlAuditLog(self.cursor)

    def commit(self) -> list[Envelope]:
        aggregates: list[Any] = list(self._seen.values())
        self.audit.add(entry for aggregate in aggregates for entry in aggregate.audit)
        for aggregate in aggregates:
            aggregate.audit.clear()
        return super().commit()
