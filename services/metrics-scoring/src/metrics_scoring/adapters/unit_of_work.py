"""metrics-scoring's unit of work: the shared MySQL transaction with its repositories."""

from __future__ import annotations

from metrics_scoring.adapters.appetites import SqlAppetites
from metrics_scoring.adapters.inputs import SqlInputs
from metrics_scoring.adapters.jobs import SqlJobs
from metrics_scoring.adapters.kris import SqlKris
from metrics_scoring.adapters.models import SqlModels
from metrics_scoring.adapters.scores import SqlScores
from riskplatform.unit_of_work import SqlUnitOfWork


class ScoringUnitOfWork(SqlUnitOfWork):
    def _start(self) -> None:
        self.inputs = SqlInputs(self.cursor)
        self.models = SqlModels(self.cursor, self.track)
        self.appetites = SqlAppetites(self.cursor)
        self.kris = SqlKris(self.cursor, self.track)
        self.scores = SqlScores(self.cursor, self.track)
        self.jobs = SqlJobs(self.cursor)
