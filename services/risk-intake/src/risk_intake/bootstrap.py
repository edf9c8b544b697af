"""Builds risk-intake's adapters once per execution environment."""

from __future__ import annotations

from functools import cache

from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from riskplatform.wiring import Wiring, wire

SERVICE = "risk-intake"


@cache
def wiring() -> Wiring[IntakeUnitOfWork]:
    return wire(IntakeUnitOfWork, producer=SERVICE)
