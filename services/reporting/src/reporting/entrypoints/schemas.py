"""The reporting API's query parameters and response bodies (camelCase on the wire)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from reporting.domain.model import (
    SCALE,
    Category,
    DivisionSolutions,
    Heatmap,
    RegisterEntry,
    RegisterPage,
    RiskStatus,
    SolutionEntry,
    SolutionsReport,
    SolutionStatus,
)
from riskplatform.api import ApiModel

DivisionFilter = Annotated[
    UUID | None,
    Query(
        alias="divisionId",
        description="Only this division and the divisions below it (of those, only what"
        " the caller may read: a division outside the caller's gives an empty report)",
    ),
]
IncludeRetired = Annotated[
    bool, Query(alias="includeRetired", description="Count retired risks too")
]
RiskStatusFilter = Annotated[RiskStatus | None, Query(description="Only risks in this status")]
CategoryFilter = Annotated[Category | None, Query(description="Only risks of this category")]
OverdueFilter = Annotated[
    bool | None,
    Query(
        description="true: only risks whose review was due before today (UTC); false: the others"
    ),
]
SolutionStatusFilter = Annotated[
    SolutionStatus | None,
    Query(description="Only solutions in this status (the counts are of all)"),
]
Limit = Annotated[int, Query(ge=1, le=500)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]


class CellOut(ApiModel):
    likelihood: int
    impact: int
    count: int


class HeatmapOut(ApiModel):
    division_id: str | None
    scale: list[int]
    cells: list[CellOut]
    total: int

    @classmethod
    def of(cls, heatmap: Heatmap) -> HeatmapOut:
        return cls(
            division_id=heatmap.division_id,
            scale=list(SCALE),
            cells=[
                CellOut(likelihood=c.likelihood, impact=c.impact, count=c.count)
                for c in heatmap.cells
            ],
            total=heatmap.total,
        )


class RiskOut(ApiModel):
    risk_id: str
    division_id: str
    title: str | None
    category: str | None
    owner_email: str | None
    status: str | None
    treatment: str | None
    review_due: date | None
    retired: bool
    score: int | None
    level: str | None
    likelihood: int | None
    impact: int | None
    score_version: int | None
    scored_at: datetime | None
    active_solutions: int

    @classmethod
    def of(cls, entry: RegisterEntry) -> RiskOut:
        return cls.model_validate(entry, from_attributes=True)


class RiskPageOut(ApiModel):
    items: list[RiskOut]
    total: int

    @classmethod
    def of(cls, page: RegisterPage) -> RiskPageOut:
        return cls(items=[RiskOut.of(entry) for entry in page.items], total=page.total)


class SolutionOut(ApiModel):
    solution_id: str
    division_id: str
    title: str
    kind: str
    status: str
    design_effectiveness: int
    test_result: str | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: float | None
    due_date: date | None
    linked_risks: int

    @classmethod
    def of(cls, entry: SolutionEntry) -> SolutionOut:
        return cls.model_validate(entry, from_attributes=True)


class DivisionSolutionsOut(ApiModel):
    division_id: str
    code: str | None
    name: str | None
    retired: bool
    counts: dict[SolutionStatus, int]
    total: int

    @classmethod
    def of(cls, summary: DivisionSolutions) -> DivisionSolutionsOut:
        return cls(
            division_id=summary.division_id,
            code=summary.code,
            name=summary.name,
            retired=summary.retired,
            counts=dict(summary.counts),
            total=summary.total,
        )


class SolutionsOut(ApiModel):
    divisions: list[DivisionSolutionsOut]
    items: list[SolutionOut]
    total: int

    @classmethod
    def of(cls, report: SolutionsReport) -> SolutionsOut:
        return cls(
            divisions=[DivisionSolutionsOut.of(d) for d in report.divisions],
            items=[SolutionOut.of(item) for item in report.items],
            total=report.total,
        )
