"""What risk-intake tells the rest of the platform. Each has a schema in events-schema/."""

from __future__ import annotations

from riskplatform.events import AggregateRef, DomainEvent


class DivisionRegistered(DomainEvent):
    detail_type = "DivisionRegistered"

    division_id: str
    code: str
    name: str
    parent_id: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.division_id, self.version, self.division_id)


class RiskCaptured(DomainEvent):
    detail_type = "RiskCaptured"

    risk_id: str
    division_id: str
    title: str
    description: str
    category: str
    owner_email: str
    status: str
    version: int
    captured_at: str

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.version, self.division_id)


class RiskAssessed(DomainEvent):
    detail_type = "RiskAssessed"

    risk_id: str
    division_id: str
    assessment_id: str
    likelihood: int
    impact: dict[str, int]
    assessed_by: str
    assessed_at: str
    justification: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.version, self.division_id)
