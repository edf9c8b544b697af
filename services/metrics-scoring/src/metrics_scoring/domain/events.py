"""What metrics-scoring tells the rest of the platform. Each has a schema in events-schema/."""

from __future__ import annotations

from dataclasses import dataclass

from metrics_scoring.domain.calculation import Acceptance, ScoreInputs, ScoreOutcome
from metrics_scoring.domain.scoring import Band
from riskplatform.events import AggregateRef, DomainEvent


@dataclass(frozen=True)
class Cause:
    """What made a risk be scored: a consumed event (its event_id and detail-type), or a
    change made through this service's API (the id of what changed: a model publication's
    rescore job, a KRI reading, an appetite's rescore job)."""

    event_id: str
    detail_type: str


class RiskScored(DomainEvent, ScoreOutcome):
    """A score's outcome (its fields are ScoreOutcome's) and what it was scored from.
    metadata.aggregate_version is score_version: consumers keep the highest."""

    detail_type = "RiskScored"

    risk_id: str
    score_version: int
    inputs: ScoreInputs
    cause: Cause
    scored_at: str
    risk_status: str | None
    retired: bool
    tracked: bool
    flags: list[str]
    acceptance: Acceptance | None

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.score_version, self.division_id)


class AppetiteBreached(DomainEvent):
    """A risk's current residual went above the tolerance of its appetite."""

    detail_type = "AppetiteBreached"

    risk_id: str
    division_id: str
    category: str | None
    score_version: int
    residual_score: int
    status: str | None
    previous_status: str | None
    appetite: int | None
    tolerance: int | None
    appetite_division_id: str | None
    cause: Cause
    scored_at: str

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.score_version, self.division_id)


class AppetiteRestored(AppetiteBreached):
    """A risk in breach came back within its appetite (by the appetite's hysteresis band).
    Going from breach to watch restores nothing; nor does a change of category to one
    without appetite, or the risk being accepted, closed or retired."""

    detail_type = "AppetiteRestored"


class ScoringModelPublished(DomainEvent):
    """A model version now scores the risks of its categories; they are being rescored."""

    detail_type = "ScoringModelPublished"

    model_id: str
    version: int
    size: int
    categories: list[str]
    impact_aggregation: str
    bands: list[Band]
    published_by: str
    published_at: str
    rescore_job_id: str

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.model_id, self.version, None)


class KriReadingRecorded(DomainEvent):
    """A reading of a key risk indicator. metrics-scoring publishes it for the readings
    posted to its API; downstream systems publish the same contract (metadata.producer
    "external") to send theirs."""

    detail_type = "KriReadingRecorded"

    reading_id: str
    kri_id: str
    value: float
    observed_at: str
    source: str

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.reading_id, 1, None)
