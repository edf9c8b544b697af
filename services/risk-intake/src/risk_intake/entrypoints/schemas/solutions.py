"""Bodies of the solutions API."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from risk_intake.domain.risks import RiskStatus
from risk_intake.domain.solutions import (
    SolutionKind,
    SolutionStatus,
    TestOutcome,
)
from risk_intake.entrypoints.schemas.common import (
    Description,
    Email,
    Money,
    Percent,
    Text,
)
from risk_intake.service_layer.solutions import SolutionDetails
from riskplatform.api import ApiModel, PageOut, Patch


class SolutionIn(ApiModel):
    division_id: UUID
    title: Text
    description: Description = ""
    kind: SolutionKind
    status: SolutionStatus = SolutionStatus.PLANNED
    design_effectiveness: Percent
    test_result: TestOutcome | None = None
    tested_on: date | None = None
    next_test_due: date | None = None
    owner_email: Email
    cost: Money | None = None
    due_date: date | None = None


class SolutionPatch(Patch):
    nullable = frozenset({"test_result", "tested_on", "next_test_due", "cost", "due_date"})
    title: Text | None = None
    description: Description | None = None
    kind: SolutionKind | None = None
    status: SolutionStatus | None = None
    design_effectiveness: Percent | None = None
    test_result: TestOutcome | None = None
    tested_on: date | None = None
    next_test_due: date | None = None
    owner_email: Email | None = None
    cost: Money | None = None
    due_date: date | None = None


class SolutionSummaryOut(ApiModel):
    id: str
    division_id: str
    title: str
    description: str
    kind: SolutionKind
    status: SolutionStatus
    next_statuses: list[SolutionStatus]
    design_effectiveness: int
    test_result: TestOutcome | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: float | None
    due_date: date | None
    version: int


class RiskRefOut(ApiModel):
    id: str
    division_id: str
    title: str
    status: RiskStatus
    retired: bool


class SolutionOut(SolutionSummaryOut):
    """A solution with the risks it answers."""

    risks: list[RiskRefOut]

    @classmethod
    def of_details(cls, details: SolutionDetails) -> SolutionOut:
        summary = SolutionSummaryOut.model_validate(details.solution)
        return cls.model_validate(summary.model_dump() | {"risks": details.risks})


class SolutionPageOut(PageOut):
    items: list[SolutionSummaryOut]
