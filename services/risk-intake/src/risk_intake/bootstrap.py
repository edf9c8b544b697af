"""Builds risk-intake's adapters once per execution environment."""

from __future__ import annotations

from functools import cache

from riskplatform.wiring import Wiring, wire

from risk_intake.adapters.unit_of_work import IntakeUnitOfWork

SERVICE = "risk-intake"


@cache
def wiring() -> Wiring[IntakeUnitOfWork]:
    return wire(IntakeUnitOfWork, producer=SERVICE)
