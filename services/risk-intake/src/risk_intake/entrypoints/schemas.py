"""The intake API's request and response bodies (camelCase on the wire)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import Field, model_validator

from risk_intake.domain.model import Assessment, Category, Division, Risk, RiskStatus
from riskplatform.api import ApiModel

Rating = Annotated[int, Field(ge=1, le=5)]
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=r"\S")]
EMAIL = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


class DivisionIn(ApiModel):
    name: Text
    code: Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{1,31}$")]
    parent_id: UUID | None = None


class DivisionOut(ApiModel):
    id: str
    name: str
    code: str
    parent_id: str | None
    version: int

    @classmethod
    def of(cls, division: Division) -> DivisionOut:
        return cls(
            id=division.id,
            name=division.name,
            code=division.code,
            parent_id=division.parent_id,
            version=division.version,
        )


class RiskIn(ApiModel):
    division_id: UUID
    title: Text
    description: Annotated[str, Field(max_length=10_000)]
    category: Category
    owner_email: Annotated[str, Field(max_length=254, pattern=EMAIL)]


class Impact(ApiModel):
    safety: Rating | None = None
    regulatory: Rating | None = None
    financial: Rating | None = None
    supply: Rating | None = None
    reputation: Rating | None = None

    @model_validator(mode="after")
    def at_least_one(self) -> Impact:
        if not self.rated():
            raise ValueError("rate at least one impact dimension")
        return self

    def rated(self) -> dict[str, int]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class AssessmentIn(ApiModel):
    likelihood: Rating
    impact: Impact
    justification: Annotated[str, Field(max_length=5_000)] | None = None


class AssessmentOut(ApiModel):
    id: str
    risk_id: str
    risk_version: int
    likelihood: int
    impact: dict[str, int]
    assessed_by: str
    assessed_at: datetime
    justification: str | None

    @classmethod
    def of(cls, risk: Risk, assessment: Assessment) -> AssessmentOut:
        return cls(
            id=assessment.id,
            risk_id=risk.id,
            risk_version=risk.version,
            likelihood=assessment.likelihood,
            impact=assessment.impact,
            assessed_by=assessment.assessed_by,
            assessed_at=assessment.assessed_at,
            justification=assessment.justification,
        )


class RiskOut(ApiModel):
    id: str
    division_id: str
    title: str
    description: str
    category: Category
    owner_email: str
    status: RiskStatus
    version: int
    captured_at: datetime
    latest_assessment: AssessmentOut | None

    @classmethod
    def of(cls, risk: Risk) -> RiskOut:
        latest = risk.latest_assessment
        return cls(
            id=risk.id,
            division_id=risk.division_id,
            title=risk.title,
            description=risk.description,
            category=risk.category,
            owner_email=risk.owner_email,
            status=risk.status,
            version=risk.version,
            captured_at=risk.captured_at,
            latest_assessment=AssessmentOut.of(risk, latest) if latest else None,
        )
