"""The risk register's domain: divisions, risks and their assessments. Pure Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from risk_intake.domain.events import DivisionRegistered, RiskAssessed, RiskCaptured
from riskplatform.errors import InvalidInput
from riskplatform.events import DomainEvent


class Category(StrEnum):
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    FINANCIAL = "financial"
    REGULATORY_QUALITY = "regulatory_quality"
    PRODUCT_SAFETY = "product_safety"
    SUPPLY_CHAIN = "supply_chain"
    CYBER = "cyber"
    EHS = "ehs"
    REPUTATIONAL = "reputational"


class RiskStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"


IMPACT_DIMENSIONS = ("safety", "regulatory", "financial", "supply", "reputation")
SCALE = range(1, 6)


def new_id() -> str:
    return str(uuid.uuid4())


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class Division:
    id: str
    code: str
    name: str
    parent_id: str | None
    version: int
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def register(cls, code: str, name: str, parent: Division | None) -> Division:
        division = cls(
            id=new_id(),
            code=code,
            name=name,
            parent_id=parent.id if parent else None,
            version=1,
        )
        division.events.append(
            DivisionRegistered(
                division_id=division.id,
                code=code,
                name=name,
                parent_id=division.parent_id,
                version=division.version,
            )
        )
        return division


@dataclass(frozen=True)
class Assessment:
    id: str
    likelihood: int
    impact: dict[str, int]
    assessed_by: str
    assessed_at: datetime
    justification: str | None

    def __post_init__(self) -> None:
        if self.likelihood not in SCALE:
            raise InvalidInput("likelihood must be between 1 and 5", field="likelihood")
        if not self.impact:
            raise InvalidInput("rate at least one impact dimension", field="impact")
        for dimension, rating in self.impact.items():
            if dimension not in IMPACT_DIMENSIONS:
                raise InvalidInput(f"unknown impact dimension {dimension!r}", field="impact")
            if rating not in SCALE:
                raise InvalidInput(
                    "impact ratings are between 1 and 5", field=f"impact.{dimension}"
                )


@dataclass
class Risk:
    id: str
    division_id: str
    title: str
    description: str
    category: Category
    owner_email: str
    status: RiskStatus
    version: int
    captured_at: datetime
    latest_assessment: Assessment | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def capture(
        cls,
        division: Division,
        title: str,
        description: str,
        category: Category,
        owner_email: str,
        now: datetime,
    ) -> Risk:
        risk = cls(
            id=new_id(),
            division_id=division.id,
            title=title,
            description=description,
            category=category,
            owner_email=owner_email,
            status=RiskStatus.DRAFT,
            version=1,
            captured_at=now,
        )
        risk.events.append(
            RiskCaptured(
                risk_id=risk.id,
                division_id=risk.division_id,
                title=title,
                description=description,
                category=category.value,
                owner_email=owner_email,
                status=risk.status.value,
                version=risk.version,
                captured_at=iso(now),
            )
        )
        return risk

    def assess(self, assessment: Assessment) -> None:
        """Record a new assessment; earlier ones stay as history."""
        self.version += 1
        self.latest_assessment = assessment
        self.events.append(
            RiskAssessed(
                risk_id=self.id,
                division_id=self.division_id,
                assessment_id=assessment.id,
                likelihood=assessment.likelihood,
                impact=dict(assessment.impact),
                assessed_by=assessment.assessed_by,
                assessed_at=iso(assessment.assessed_at),
                justification=assessment.justification,
                version=self.version,
            )
        )
