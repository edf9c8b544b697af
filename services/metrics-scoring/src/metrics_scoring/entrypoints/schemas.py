"""The scoring API's request and response bodies (camelCase on the wire)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID

from pydantic import AwareDatetime, Field

from metrics_scoring.domain.appetite import AppetiteSetting
from metrics_scoring.domain.calculation import SolutionInput
from metrics_scoring.domain.catalog import ModelVersion
from metrics_scoring.domain.jobs import RescoreJob
from metrics_scoring.domain.kri import DEFAULT_STALE_AFTER_DAYS, KriRecord
from metrics_scoring.domain.model import RiskScore
from riskplatform.api import ApiModel, PageOut, Patch
from riskplatform.vocabulary import Category, KriDefinition

Level = Literal["low", "medium", "high", "critical"]
Dimension = Literal["safety", "regulatory", "financial", "supply", "reputation"]
Rating = Literal["1", "2", "3", "4", "5"]
AppetiteStatus = Literal["within", "watch", "breach"]
Acceptability = Literal["acceptable", "reduce_as_far_as_practicable", "unacceptable"]
Trend = Literal["improving", "stable", "worsening"]
SafetyFlag = Literal["safety_not_rated", "high_action_priority", "safety_reduction_capped"]


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
    impact_weights: dict[Dimension, Annotated[int, Field(ge=1)]] | None = Field(
        default=None,
        description="Only with weighted; never applied to safety risks. Each weight is at"
        " least 1: a weight never zeroes a rated dimension (a rated dimension without one"
        " counts 1).",
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
    safety_reduction_max_steps: int | None = Field(
        default=None,
        ge=0,
        le=5,
        description="The safety guard: mitigating solutions lower a rated safety impact by"
        " at most this many points of the matrix (default 2; less than N).",
    )
    acceptability: list[list[Acceptability]] | None = Field(
        default=None,
        description="Per cell of the matrix, ISO 14971 style: N rows (likelihood 1 to N) of"
        " N cells (impact 1 to N), never more acceptable where likelihood or impact is"
        " higher. Default: the lowest band acceptable, the highest unacceptable, the others"
        " reduce_as_far_as_practicable.",
    )
    high_priority_min_level: Level | None = Field(
        default=None,
        description="The safety guard: an FMEA action priority of high lifts every level to"
        " at least this one (default high; the model's top level if it has none so high).",
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
    """Set in score points (appetite and tolerance) or in levels of the model that scores
    each risk (appetiteLevel and toleranceLevel), not both: a level stands for the top of
    the model's highest band at or below it, so one setting fits every model's scale."""

    division_id: UUID
    category: Category
    appetite: int | None = Field(
        default=None, ge=1, le=36, description="Within appetite up to this score."
    )
    tolerance: int | None = Field(
        default=None, ge=1, le=36, description="On watch up to this score; above: breach."
    )
    appetite_level: Level | None = Field(
        default=None, description="Within appetite up to this level of the risk's model."
    )
    tolerance_level: Level | None = Field(
        default=None, description="On watch up to this level of the risk's model."
    )
    hysteresis: int = Field(
        default=1,
        ge=0,
        le=35,
        description="A risk in breach is restored only once its current residual is at most"
        " the appetite less this many points (never below 1).",
    )


class AppetiteOut(ApiModel):
    division_id: str
    category: str
    appetite: int | None = Field(description="Score points; null when set by level.")
    tolerance: int | None = Field(description="Score points; null when set by level.")
    appetite_level: Level | None = Field(description="null when set in score points.")
    tolerance_level: Level | None = Field(description="null when set in score points.")
    hysteresis: int
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


StaleAfterDays = Annotated[
    int,
    Field(
        ge=1,
        le=3660,
        description="Days a reading counts; after that the indicator is stale and raises"
        " nothing until a newer reading comes.",
    ),
]
AmberSteps = Annotated[
    int,
    Field(ge=0, le=1, description="Likelihood steps an amber reading adds: 0 (none) or 1."),
]


class KriIn(ApiModel):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(max_length=32)
    direction: Literal["higher_is_worse", "lower_is_worse"]
    amber: float = Field(allow_inf_nan=False)
    red: float = Field(allow_inf_nan=False)
    stale_after_days: StaleAfterDays = DEFAULT_STALE_AFTER_DAYS
    amber_steps: AmberSteps = 0


class KriPatch(Patch):
    """The fields to change; the others keep their values. Send at least one."""

    name: str | None = Field(default=None, min_length=1, max_length=200)
    unit: str | None = Field(default=None, max_length=32)
    direction: Literal["higher_is_worse", "lower_is_worse"] | None = None
    amber: float | None = Field(default=None, allow_inf_nan=False)
    red: float | None = Field(default=None, allow_inf_nan=False)
    stale_after_days: StaleAfterDays | None = None
    amber_steps: AmberSteps | None = None


class ReadingIn(ApiModel):
    value: float = Field(allow_inf_nan=False)
    observed_at: AwareDatetime
    reading_id: UUID | None = Field(
        default=None, description="Your id for this reading: sending it twice records it once."
    )


class KriOut(ApiModel, KriDefinition):  # the definition's fields, then these
    status: Literal["green", "amber", "red"] | None = Field(
        description="From the latest reading; null before the first."
    )
    stale: bool = Field(
        description="The latest reading is older than staleAfterDays: it raises nothing."
    )
    latest_value: float | None
    latest_observed_at: datetime | None
    version: int = Field(description="Also the ETag: send it back in If-Match to change.")
    retired: bool
    defined_by: str
    defined_at: datetime
    changed_by: str | None
    changed_at: datetime | None

    @classmethod
    def of(cls, record: KriRecord, today: date) -> KriOut:
        """The definition, with its latest reading and the record's history."""
        latest = record.latest
        return cls.model_validate(
            asdict(record.kri)
            | {
                "status": record.status,
                "stale": record.stale(today),
                "latest_value": latest.value if latest else None,
                "latest_observed_at": latest.observed_at if latest else None,
                "version": record.version,
                "retired": record.retired,
                "defined_by": record.defined_by,
                "defined_at": record.defined_at,
                "changed_by": record.changed_by,
                "changed_at": record.changed_at,
            }
        )


class ScoresOut(ApiModel):
    likelihood: int
    impact: int
    score: int
    level: str
    acceptability: Acceptability | None = Field(
        description="The model's acceptability of this cell of the matrix (ISO 14971 style);"
        " null only in history from before models had it."
    )


class FmeaOut(ApiModel):
    severity: int
    occurrence: int
    detection: int
    rpn: int
    action_priority: Literal["high", "medium", "low"]


class AppetiteStatusOut(ApiModel):
    status: AppetiteStatus
    appetite: int = Field(
        description="Within appetite up to this score on the risk's model (from the level,"
        " when set by level; 0 when the model has no band that low)."
    )
    tolerance: int
    division_id: str
    hysteresis: int
    appetite_level: Level | None = Field(
        default=None, description="The level the appetite was set as; null: in points."
    )
    tolerance_level: Level | None = None
    accepted: bool = Field(
        description="The risk is accepted (its acceptance has not expired): show it as"
        " accepted, not by its status; it is in no appetite list."
    )


class AcceptanceOut(ApiModel):
    accepted_by: str
    accepted_at: datetime
    rationale: str | None
    expires_on: date = Field(description="The last day the acceptance holds.")
    expired: bool = Field(description="Back in review and in the breach lists.")


class KriStatusOut(ApiModel):
    kri_id: str
    name: str
    status: str
    observed_on: date | None = Field(description="When the latest reading was observed.")
    stale_after_days: int
    amber_steps: int
    stale: bool = Field(description="The latest reading is too old to count.")


class SolutionInputOut(ApiModel, SolutionInput):  # a solution as scored: its fields
    pass


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
    flags: list[SafetyFlag] = Field(
        description="What the safety guard did: safety_not_rated (a product_safety or ehs"
        " risk assessed without a safety rating: its review is due at once),"
        " high_action_priority (FMEA action priority high lifted the levels),"
        " safety_reduction_capped (solutions lowered the safety impact all they may)."
    )
    review_overdue: bool = Field(
        description="The next review date has passed and the risk is tracked: the platform's"
        " one meaning of overdue."
    )
    risk_status: str | None = Field(
        description="The risk's workflow status as scoring last heard it (null until then)."
    )
    retired: bool
    tracked: bool = Field(
        description="False for accepted (until the acceptance expires), closed and retired"
        " risks: they are in no breach or review-overdue list."
    )
    acceptance: AcceptanceOut | None = Field(
        description="While the risk is formally accepted: who, when, why, until when."
    )
    trend: Trend = Field(
        description="How the current residual moved over the last 30 days: against its"
        " score 30 days ago, or its first score when it was first scored since."
    )
    trend_baseline: int | None = Field(
        description="The current residual score the trend compares with."
    )
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
            "flags": list(result.flags),
            "review_overdue": score.review_overdue(today),
            "risk_status": result.status,
            "retired": result.retired,
            "tracked": result.tracked,
            "acceptance": asdict(result.acceptance) if result.acceptance else None,
            "trend": score.trend,
            "trend_baseline": score.trend_baseline,
            "cause": asdict(cause),
            "scored_at": score.scored_at,
        }

    @classmethod
    def of(cls, score: RiskScore, today: date) -> ScoreSummaryOut:
        return cls.model_validate(cls.summary(score, today))


class ScorePageOut(PageOut):
    items: list[ScoreSummaryOut]


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
