"""The reporting API: thin routes from HTTP to the dashboards' reads."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from reporting import bootstrap
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.entrypoints.schemas import DivisionFilter, HeatmapOut, Limit, Offset, RiskPageOut
from reporting.service_layer import views
from riskplatform.api import create_resolver, request_context

logger = Logger()
app = create_resolver()


def uow() -> ReportingUnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


def text(division_id: UUID | None) -> str | None:
    return str(division_id) if division_id else None


@app.get("/reports/heatmap")
def heatmap(division_id: DivisionFilter = None) -> HeatmapOut:
    return HeatmapOut.of(views.heatmap(text(division_id), uow(), bootstrap.report_cache()))


@app.get("/reports/risks")
def risks(
    division_id: DivisionFilter = None, limit: Limit = 100, offset: Offset = 0
) -> RiskPageOut:
    return RiskPageOut.of(views.register(text(division_id), limit, offset, uow()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
