"""What metrics-scoring tells the rest of the platform. Each has a schema in events-schema/."""

from __future__ import annotations

from dataclasses import dataclass

from metrics_scoring.domain.scoring import InherentScore, Inputs, ModelRef
from riskplatform.events import AggregateRef, DomainEvent


@dataclass(frozen=True)
class Cause:
    """The event that made a risk be scored."""

    event_id: str
    detail_type: str


class RiskScored(DomainEvent):
    detail_type = "RiskScored"

    risk_id: str
    division_id: str
    score_version: int
    inherent: InherentScore
    model: ModelRef
    inputs: Inputs
    cause: Cause
    scored_at: str

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.score_version, self.division_id)
