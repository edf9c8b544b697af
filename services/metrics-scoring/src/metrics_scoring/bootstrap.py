"""Builds metrics-scoring's adapters once per execution environment."""

from __future__ import annotations

from functools import cache

from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from riskplatform.wiring import Wiring, wire

SERVICE = "metrics-scoring"


@cache
def wiring() -> Wiring[ScoringUnitOfWork]:
    return wire(ScoringUnitOfWork, producer=SERVICE)
