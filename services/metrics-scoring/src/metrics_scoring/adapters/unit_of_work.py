"""metrics-scoring's unit of work: the shared MySQL transaction with its repositories."""

from __future__ import annotations

from metrics_scoring.adapters.repository import SqlRiskScoreRepository, SqlScoringModelRepository
from riskplatform.unit_of_work import SqlUnitOfWork


class ScoringUnitOfWork(SqlUnitOfWork):
    def _start(self) -> None:
        self.models = SqlScoringModelRepository(self.cursor)
        self.scores = SqlRiskScoreRepository(self.cursor, self.track)
