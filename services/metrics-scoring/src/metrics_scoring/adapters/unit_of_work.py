"""metrics-scoring's unit of work: the shared MySQL transaction with its repositories."""

from __future__ import annotations

from metrics_scoring.adapters.repository import (
    SqlAppetites,
    SqlInputs,
    SqlJobs,
    SqlKris,
    SqlModels,
    SqlScores,
)
from riskplatform.unit_of_work import SqlUnitOfWork


class ScoringUnitOfWork(SqlUnitOfWork):
    def _start(self) -> None:
        self.inputs = SqlInputs(self.cursor)
        self.models = SqlModels(self.cursor, self.track)
        self.appetites = SqlAppetites(self.cursor)
        self.kris = SqlKris(self.cursor, self.track)
        self.scores = SqlScores(self.cursor, self.track)
        self.jobs = SqlJobs(self.cursor)
