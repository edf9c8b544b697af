"""The reporting API's query parameters and response bodies (camelCase on the wire)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query

from reporting.domain.model import SCALE, Heatmap, RegisterEntry, RegisterPage
from riskplatform.api import ApiModel

DivisionFilter = Annotated[
    UUID | None,
    Query(alias="divisionId", description="Only this division and the divisions below it"),
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
    score: int | None
    level: str | None
    likelihood: int | None
    impact: int | None
    score_version: int | None
    scored_at: datetime | None

    @classmethod
    def of(cls, entry: RegisterEntry) -> RiskOut:
        return cls.model_validate(entry, from_attributes=True)


class RiskPageOut(ApiModel):
    items: list[RiskOut]
    total: int

    @classmethod
    def of(cls, page: RegisterPage) -> RiskPageOut:
        return cls(items=[RiskOut.of(entry) for entry in page.items], total=page.total)
