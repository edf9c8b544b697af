"""reporting's unit of work: the shared MySQL transaction with the read model on it."""

from __future__ import annotations

from reporting.adapters.read_model import SqlReadModel
from reporting.adapters.reports import SqlReports
from riskplatform.unit_of_work import SqlUnitOfWork


class ReportingUnitOfWork(SqlUnitOfWork):
    def _start(self) -> None:
        self.read_model = SqlReadModel(self.cursor)
        self.reports = SqlReports(self.cursor)
