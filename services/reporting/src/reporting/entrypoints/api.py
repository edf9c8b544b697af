"""The reporting API: thin routes from HTTP to the dashboards' reads, each within the
subtrees of the divisions the caller may read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from reporting import bootstrap
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.domain.model import RiskFilter, Scope
from reporting.entrypoints.schemas import (
    CategoryFilter,
    DivisionFilter,
    HeatmapOut,
    IncludeRetired,
    Limit,
    Offset,
    OverdueFilter,
    RiskPageOut,
    RiskStatusFilter,
    SolutionsOut,
    SolutionStatusFilter,
)
from reporting.service_layer import views
from riskplatform.access import Action
from riskplatform.api import caller, create_resolver, request_context, serve

logger = Logger()
app = create_resolver()


def uow() -> ReportingUnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


def scope(division_id: UUID | None) -> Scope:
    """What the report may cover: the requested subtree, within the caller's (403 for a
    caller who may read nothing)."""
    reader = caller(app, bootstrap.wiring().memberships)
    reader.require(Action.READ)
    return Scope(reader.readable_roots(), str(division_id) if division_id else None)


@app.get("/reports/heatmap")
def heatmap(
    division_id: DivisionFilter = None, include_retired: IncludeRetired = False
) -> HeatmapOut:
    found = views.heatmap(scope(division_id), include_retired, uow(), bootstrap.report_cache())
    return HeatmapOut.of(found)


@app.get("/reports/risks")
def risks(
    division_id: DivisionFilter = None,
    include_retired: IncludeRetired = False,
    status: RiskStatusFilter = None,
    category: CategoryFilter = None,
    overdue: OverdueFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> RiskPageOut:
    wanted = RiskFilter(scope(division_id), include_retired, status, category, overdue)
    return RiskPageOut.of(views.register(wanted, limit, offset, uow()))


@app.get("/reports/solutions")
def solutions(
    division_id: DivisionFilter = None,
    status: SolutionStatusFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> SolutionsOut:
    return SolutionsOut.of(views.solutions(scope(division_id), status, limit, offset, uow()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context)
