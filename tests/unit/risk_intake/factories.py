"""Domain objects for risk-intake's unit tests, and a check of raised events against
their published contracts."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from risk_intake.domain.divisions import Division
from risk_intake.domain.risks import Category, Risk
from risk_intake.domain.solutions import Solution, SolutionKind
from riskplatform.contracts import default_contracts
from riskplatform.events import DomainEvent, Envelope, MessageContext

NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
ACTOR = "ana@example.com"


def division(code: str = "REAG", parent: Division | None = None) -> Division:
    made = Division.register(code, f"Division {code}", parent, ACTOR, NOW)
    made.events.clear()
    made.audit.clear()
    return made


def risk(where: Division | None = None, **fields: Any) -> Risk:
    made = Risk.capture(
        where or division(),
        {
            "title": "Cold-chain excursion in EU distribution",
            "description": "Temperature loggers show excursions on summer routes.",
            "category": Category.SUPPLY_CHAIN,
            "owner_email": "qa.lead@example.com",
            **fields,
        },
        ACTOR,
        NOW,
    )
    made.events.clear()
    made.audit.clear()
    return made


def solution(where: Division | None = None, **fields: Any) -> Solution:
    made = Solution.register(
        where or division(),
        {
            "title": "Qualified second carrier",
            "kind": SolutionKind.PREVENTIVE,
            "design_effectiveness": 60,
            "owner_email": "logistics@example.com",
            **fields,
        },
        ACTOR,
        NOW,
    )
    made.events.clear()
    made.audit.clear()
    return made


def published(*events: DomainEvent) -> list[Envelope]:
    """The events as they would enter the outbox, each checked against its contract."""
    envelopes = [
        Envelope.wrap(e, producer="risk-intake", context=MessageContext.new()) for e in events
    ]
    for envelope in envelopes:
        default_contracts().validate(envelope.source, envelope.detail_type, envelope.detail)
    return envelopes
