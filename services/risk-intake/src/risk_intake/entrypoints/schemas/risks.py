"""Bodies of the risks API: risks, their assessments and their links to solutions."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Annotated, Any
from uuid import UUID

from pydantic import ConfigDict, Field, model_validator

from risk_intake.domain.risks import Acceptance, Assessment, Category, RiskStatus, Treatment
from risk_intake.entrypoints.schemas.common import (
    Description,
    Email,
    FmeaRating,
    Rating,
    Tags,
    Text,
)
from risk_intake.entrypoints.schemas.solutions import SolutionSummaryOut
from risk_intake.service_layer.risks import RiskDetails
from riskplatform.api import ApiModel, PageOut, Patch


class RiskIn(ApiModel):
    division_id: UUID
    title: Text
    description: Description
    category: Category
    owner_email: Email
    status: RiskStatus = RiskStatus.DRAFT
    treatment: Treatment | None = None
    review_due: date | None = None
    tags: Tags = []


class AcceptanceIn(ApiModel):
    """Why the risk is accepted as it is, and the last day the acceptance holds."""

    rationale: Annotated[str, Field(min_length=1, max_length=5_000)]
    expires_on: date = Field(description="After today, at most about three years ahead.")


class AcceptanceOut(ApiModel):
    accepted_by: str
    accepted_at: datetime
    rationale: str | None = Field(description="Null when accepted without terms.")
    expires_on: date
    expired: bool = Field(description="The day it held until has passed: back in review.")

    @model_validator(mode="before")
    @classmethod
    def with_expiry(cls, data: Any) -> Any:
        """An acceptance, and whether it has expired by today."""
        if isinstance(data, Acceptance):
            return asdict(data) | {"expired": data.expires_on < datetime.now(UTC).date()}
        return data


class RiskPatch(Patch):
    """The fields to change. Moving to another division (``divisionId``) takes write
    access in both; ``status`` follows the workflow; accepting takes a risk manager and
    records an acceptance (ADR 27): the ``acceptance`` sent (why, until when), else one
    for 365 days without a rationale. It may be renewed while the risk is accepted."""

    nullable = frozenset({"treatment", "review_due"})
    title: Text | None = None
    description: Description | None = None
    category: Category | None = None
    owner_email: Email | None = None
    status: RiskStatus | None = None
    treatment: Treatment | None = None
    review_due: date | None = None
    tags: Tags | None = None
    division_id: UUID | None = None
    acceptance: AcceptanceIn | None = None


class Impact(ApiModel):
    safety: Rating | None = None
    regulatory: Rating | None = None
    financial: Rating | None = None
    supply: Rating | None = None
    reputation: Rating | None = None

    model_config = ConfigDict(
        json_schema_extra={  # at least one dimension rated, as the validator says
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "integer"}}}
                for name in ("safety", "regulatory", "financial", "supply", "reputation")
            ]
        }
    )

    @model_validator(mode="after")
    def at_least_one(self) -> Impact:
        if not self.rated():
            raise ValueError("rate at least one impact dimension")
        return self

    def rated(self) -> dict[str, int]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Fmea(ApiModel):
    """FMEA inputs, each 1-10; the scoring service computes RPN and action priority."""

    severity: FmeaRating
    occurrence: FmeaRating
    detection: FmeaRating


class AssessmentIn(ApiModel):
    """The safety guard (ADR 29): a product_safety or ehs risk needs ``impact.safety``;
    FMEA severity 9-10 with a safety impact below 4 (or none) needs a justification."""

    likelihood: Rating
    impact: Impact
    justification: Annotated[str, Field(max_length=5_000)] | None = Field(
        default=None,
        description="Why; required when FMEA severity is 9-10 and the safety impact is"
        " below 4 or not rated.",
    )
    fmea: Fmea | None = None


class AssessmentOut(ApiModel):
    id: str
    risk_id: str
    risk_version: int
    likelihood: int
    impact: dict[str, int]
    fmea: Fmea | None
    assessed_by: str
    assessed_at: datetime
    justification: str | None

    @classmethod
    def of(cls, risk_id: str, risk_version: int, assessment: Assessment) -> AssessmentOut:
        """An assessment, with the risk it assesses and the risk's version it made."""
        return cls.model_validate(
            asdict(assessment) | {"risk_id": risk_id, "risk_version": risk_version}
        )


class AssessmentListOut(ApiModel):
    """Newest first; assessments are never changed or deleted."""

    items: list[AssessmentOut]


class RiskSummaryOut(ApiModel):
    id: str
    division_id: str
    title: str
    description: str
    category: Category
    owner_email: str
    status: RiskStatus
    next_statuses: list[RiskStatus]
    treatment: Treatment | None
    review_due: date | None
    tags: list[str]
    retired: bool
    acceptance: AcceptanceOut | None = Field(
        description="While the risk is formally accepted: by whom, when, why, until when."
    )
    version: int
    captured_at: datetime
    updated_at: datetime


class RiskOut(RiskSummaryOut):
    """A risk with its latest assessment and the solutions linked to it."""

    latest_assessment: AssessmentOut | None
    solutions: list[SolutionSummaryOut]

    @classmethod
    def of_details(cls, details: RiskDetails) -> RiskOut:
        risk, latest = details.risk, details.risk.latest_assessment
        assessment = AssessmentOut.of(risk.id, risk.version, latest) if latest else None
        return cls.model_validate(
            RiskSummaryOut.model_validate(risk).model_dump()
            | {"latest_assessment": assessment, "solutions": details.solutions}
        )


class RiskPageOut(PageOut):
    items: list[RiskSummaryOut]


class LinkIn(ApiModel):
    solution_id: UUID
