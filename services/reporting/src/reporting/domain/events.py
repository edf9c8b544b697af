"""The events reporting projects, read from their contracts' data into plain values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any


def utc(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class DivisionRegistered:
    division_id: str
    parent_id: str | None
    code: str
    name: str
    version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> DivisionRegistered:
        return cls(
            data["division_id"], data["parent_id"], data["code"], data["name"], data["version"]
        )


@dataclass(frozen=True)
class RiskCaptured:
    risk_id: str
    division_id: str
    title: str
    category: str
    owner_email: str
    status: str
    risk_version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> RiskCaptured:
        return cls(
            risk_id=data["risk_id"],
            division_id=data["division_id"],
            title=data["title"],
            category=data["category"],
            owner_email=data["owner_email"],
            status=data["status"],
            risk_version=data["version"],
        )


@dataclass(frozen=True)
class RiskScored:
    risk_id: str
    division_id: str
    likelihood: int
    impact: int
    score: int
    level: str
    score_version: int
    scored_at: datetime

    @classmethod
    def of(cls, data: dict[str, Any]) -> RiskScored:
        inherent = data["inherent"]
        return cls(
            risk_id=data["risk_id"],
            division_id=data["division_id"],
            likelihood=inherent["likelihood"],
            impact=inherent["impact"],
            score=inherent["score"],
            level=inherent["level"],
            score_version=data["score_version"],
            scored_at=utc(data["scored_at"]),
        )


Event = DivisionRegistered | RiskCaptured | RiskScored

READERS: dict[tuple[str, str], Callable[[dict[str, Any]], Event]] = {
    ("riskplatform.risk-intake", "DivisionRegistered"): DivisionRegistered.of,
    ("riskplatform.risk-intake", "RiskCaptured"): RiskCaptured.of,
    ("riskplatform.metrics-scoring", "RiskScored"): RiskScored.of,
}


def read(source: str, detail_type: str, data: dict[str, Any]) -> Event | None:
    """The event in reporting's terms, or None when reporting does not project it."""
    reader = READERS.get((source, detail_type))
    return reader(data) if reader else None
