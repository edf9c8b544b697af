"""The scoring API's request and response bodies (camelCase on the wire)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from metrics_scoring.domain.appetite import AppetiteSetting
from metrics_scoring.domain.catalog import ModelVersion
from metrics_scoring.domain.jobs import RescoreJob
from metrics_scoring.domain.kri import KriRecord
from metrics_scoring.domain.model import RiskScore
from riskplatform.api import ApiModel

Category = Literal[
    "strategic",
    "operational",
    "financial",
    "regulatory_quality",
    "product_safety",
    "supply_chain",
    "cyber",
    "ehs",
    "reputational",
]
Level = Literal["low", "medium", "high", "critical"]
Dimension = Literal["safety", "regulatory", "financial", "supply", "reputation"]
Rating = Literal["1", "2", "3", "4", "5"]
AppetiteStatus = Literal["within", "watch", "breach"]


class ScaleIn(ApiModel):
    min: int = Field(description="Always 1.")
    max: int = Field(description="N of the N x N matrix, 3 to 6.")


class BandIn(ApiModel):
    level: Level
    min: int
    max: int


class DefinitionIn(ApiModel):
    """A scoring model version: docs/scoring.md explains each part."""

    scale: ScaleIn
    from_assessment: dict[Rating, int] | None = Field(
        default=None,
        description="Where each intake rating 1-5 sits on the matrix; required for 3 or 4"
        " points, the identity otherwise.",
    )
    impact_dimensions: list[Dimension]
    impact_aggregation: Literal["max", "weighted"] = "max"
    impact_weights: dict[Dimension, int] | None = Field(
        default=None, description="Only with weighted; never applied to safety risks."
    )
    bands: list[BandIn]
    review_cadence_days: dict[Level, int] | None = Field(
        default=None, description="Days between reviews per current residual level."
    )
    categories: list[Category] = Field(
        default_factory=list,
        description="The categories this model scores; empty for every category no other"
        " published model claims.",
    )

    def stored(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


MODEL_ID = r"^[a-z0-9][a-z0-9-]{1,62}$"


class ModelIn(ApiModel):
    model_id: str = Field(pattern=MODEL_ID)
    definition: DefinitionIn


class VersionIn(ApiModel):
    definition: DefinitionIn


class ModelVersionOut(ApiModel):
    model_id: str
    version: int
    status: Literal["draft", "published"]
    definition: DefinitionIn
    created_by: str
    created_at: datetime
    published_by: str | None
    published_at: datetime | None

    @classmethod
    def of(cls, version: ModelVersion) -> ModelVersionOut:
        return cls(
            model_id=version.model.model_id,
            version=version.model.version,
            status="published" if version.published else "draft",
            definition=DefinitionIn.model_validate(version.model.definition()),
            created_by=version.created_by,
            created_at=version.created_at,
            published_by=version.published_by,
            published_at=version.published_at,
        )


class ModelOut(ApiModel):
    model_id: str
    published_version: int | None
    versions: list[ModelVersionOut]

    @classmethod
    def of(cls, versions: list[ModelVersion]) -> ModelOut:
        published = [v.model.version for v in versions if v.published]
        return cls(
            model_id=versions[0].model.model_id,
            published_version=max(published, default=None),
            versions=[ModelVersionOut.of(v) for v in versions],
        )

    @classmethod
    def each(cls, versions: list[ModelVersion]) -> list[ModelOut]:
        by_model: dict[str, list[ModelVersion]] = {}
        for version in versions:
            by_model.setdefault(version.model.model_id, []).append(version)
        return [cls.of(group) for group in by_model.values()]


class CauseOut(ApiModel):
    event_id: str
    detail_type: str


class JobOut(ApiModel):
    job_id: str
    cause: CauseOut
    rescored: int = Field(description="Risks rescored so far.")
    changed: int = Field(description="Of those, the ones whose score changed.")
    done: bool
    created_at: datetime
    finished_at: datetime | None

    @classmethod
    def of(cls, job: RescoreJob) -> JobOut:
        return cls(
            job_id=job.job_id,
            cause=CauseOut(**asdict(job.cause)),
            rescored=job.rescored,
            changed=job.changed,
            done=job.done,
            created_at=job.created_at,
            finished_at=job.finished_at,
        )


class PublicationOut(ApiModel):
    model: ModelVersionOut
    rescore_job: JobOut


class AppetiteIn(ApiModel):
    division_id: UUID
    category: Category
    appetite: int = Field(ge=1, le=36, description="Within appetite up to this score.")
    tolerance: int = Field(ge=1, le=36, description="On watch up to this score; above: breach.")


class AppetiteOut(ApiModel):
    division_id: str
    category: str
    appetite: int
    tolerance: int
    set_by: str
    set_at: datetime
    rescore_job: JobOut | None = None

    @classmethod
    def of(cls, setting: AppetiteSetting, job: RescoreJob | None = None) -> AppetiteOut:
        return cls(
            **asdict(setting.appetite),
            set_by=setting.set_by,
            set_at=setting.set_at,
            rescore_job=JobOut.of(job) if job else None,
        )


class KriIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(max_length=32)
    direction: Literal["higher_is_worse", "lower_is_worse"]
    amber: float = Field(allow_inf_nan=False)
    red: float = Field(allow_inf_nan=False)


class ReadingIn(ApiModel):
    value: float = Field(allow_inf_nan=False)
    observed_at: AwareDatetime
    reading_id: UUID | None = Field(
        default=None, description="Your id for this reading: sending it twice records it once."
    )


class KriOut(ApiModel):
    kri_id: str
    risk_id: str
    name: str
    unit: str
    direction: str
    amber: float
    red: float
    status: Literal["green", "amber", "red"] | None
    latest_value: float | None
    latest_observed_at: datetime | None
    defined_by: str
    defined_at: datetime

    @classmethod
    def of(cls, record: KriRecord) -> KriOut:
        kri, latest = record.kri, record.latest
        return cls(
            kri_id=kri.kri_id,
            risk_id=kri.risk_id,
            name=kri.name,
            unit=kri.unit,
            direction=kri.direction,
            amber=kri.amber,
            red=kri.red,
            status=record.status,  # type: ignore[arg-type]
            latest_value=latest.value if latest else None,
            latest_observed_at=latest.observed_at if latest else None,
            defined_by=record.defined_by,
            defined_at=record.defined_at,
        )


class ScoresOut(ApiModel):
    likelihood: int
    impact: int
    score: int
    level: str


class FmeaOut(ApiModel):
    severity: int
    occurrence: int
    detection: int
    rpn: int
    action_priority: Literal["high", "medium", "low"]


class AppetiteStatusOut(ApiModel):
    status: AppetiteStatus
    appetite: int
    tolerance: int
    division_id: str


class KriStatusOut(ApiModel):
    kri_id: str
    name: str
    status: str


class SolutionInputOut(ApiModel):
    solution_id: str
    title: str
    kind: str
    status: str
    design_effectiveness: int
    test: str
    effectiveness: float
    target_effectiveness: float


class InputsOut(ApiModel):
    assessment_id: str
    risk_version: int
    likelihood: int
    impact: dict[str, int]
    assessed_at: datetime
    kri_uplift: int
    kris: list[KriStatusOut]
    solutions: list[SolutionInputOut]


class ModelRefOut(ApiModel):
    model_id: str
    version: int


class ScoreSummaryOut(ApiModel):
    risk_id: str
    division_id: str
    category: str | None
    score_version: int
    model: ModelRefOut
    inherent: ScoresOut
    current_residual: ScoresOut
    target_residual: ScoresOut
    fmea: FmeaOut | None
    appetite: AppetiteStatusOut | None
    next_review_due: date
    review_overdue: bool
    cause: CauseOut
    scored_at: datetime

    @classmethod
    def summary(cls, score: RiskScore, today: date) -> dict[str, Any]:
        result, cause = score.result, score.cause
        assert result is not None and cause is not None
        return {
            "risk_id": score.risk_id,
            "division_id": result.division_id,
            "category": result.category,
            "score_version": score.score_version,
            "model": asdict(result.model),
            "inherent": asdict(result.inherent),
            "current_residual": asdict(result.current_residual),
            "target_residual": asdict(result.target_residual),
            "fmea": asdict(result.fmea) if result.fmea else None,
            "appetite": asdict(result.appetite) if result.appetite else None,
            "next_review_due": result.next_review_due,
            "review_overdue": score.review_overdue(today),
            "cause": asdict(cause),
            "scored_at": score.scored_at,
        }

    @classmethod
    def of(cls, score: RiskScore, today: date) -> ScoreSummaryOut:
        return cls.model_validate(cls.summary(score, today))


class ScorePageOut(ApiModel):
    items: list[ScoreSummaryOut]
    next_after: str | None = Field(description="Pass as `after` for the next page.")


class HistoryOut(ApiModel):
    score_version: int
    scored_at: datetime
    cause: CauseOut
    model: ModelRefOut
    inherent: ScoresOut
    current_residual: ScoresOut
    target_residual: ScoresOut
    appetite_status: AppetiteStatus | None
    action_priority: Literal["high", "medium", "low"] | None

    @classmethod
    def of(cls, score: RiskScore) -> HistoryOut:
        result, cause = score.result, score.cause
        assert result is not None and cause is not None
        return cls.model_validate(
            {
                "score_version": score.score_version,
                "scored_at": score.scored_at,
                "cause": asdict(cause),
                "model": asdict(result.model),
                "inherent": asdict(result.inherent),
                "current_residual": asdict(result.current_residual),
                "target_residual": asdict(result.target_residual),
                "appetite_status": result.appetite.status if result.appetite else None,
                "action_priority": result.fmea.action_priority if result.fmea else None,
            }
        )


class ScoreOut(ScoreSummaryOut):
    inputs: InputsOut
    explanation: list[str] = Field(description="Why the scores are what they are, step by step.")
    history: list[HistoryOut] = Field(description="Every score the risk had, newest first.")

    @classmethod
    def detail(cls, score: RiskScore, history: list[RiskScore], today: date) -> ScoreOut:
        result = score.result
        assert result is not None
        return cls.model_validate(
            cls.summary(score, today)
            | {
                "inputs": asdict(result.inputs),
                "explanation": list(result.explanation),
                "history": [HistoryOut.of(past) for past in history if past.result],
            }
        )
