"""The reporting API: thin routes from HTTP to the dashboards' reads, each within the
subtrees of the divisions the caller may read."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.logging import correlation_paths

from reporting import bootstrap
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.domain.model import TREND_MAX_DAYS, Basis, RiskFilter, RiskSort, Scope
from reporting.entrypoints.export import risks_csv
from reporting.entrypoints.schemas import (
    AsOf,
    BasisFilter,
    CategoryFilter,
    DivisionFilter,
    ExportFormat,
    FormatChoice,
    HeatmapOut,
    HeatmapsOut,
    ImpactFilter,
    IncludeRetired,
    LevelFilter,
    LikelihoodFilter,
    Limit,
    Offset,
    OverdueFilter,
    RiskPageOut,
    RiskStatusFilter,
    SolutionsOut,
    SolutionStatusFilter,
    SortOrder,
    StandingFilter,
    SummaryOut,
    Top,
    TrendFrom,
    TrendsOut,
    TrendTo,
)
from reporting.service_layer import views
from riskplatform.access import Action
from riskplatform.api import caller, create_resolver, request_context, serve
from riskplatform.errors import InvalidInput

logger = Logger()
app = create_resolver()


def uow() -> ReportingUnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


def scope(division_id: UUID | None, as_of: date | None = None) -> Scope:
    """What the report may cover: the requested subtree, within the caller's (403 for a
    caller who may read nothing), now or at the end of an earlier day (422 for a day
    after today, UTC)."""
    if as_of is not None and as_of > datetime.now(UTC).date():
        raise InvalidInput("asOf is after today (UTC)", field="asOf", location="query")
    reader = caller(app, bootstrap.wiring().memberships)
    reader.require(Action.READ)
    return Scope(reader.readable_roots(), str(division_id) if division_id else None, as_of)


@app.get("/reports/heatmap")
def heatmap(
    division_id: DivisionFilter = None, include_retired: IncludeRetired = False
) -> HeatmapOut:
    found = views.heatmap(scope(division_id), include_retired, uow(), bootstrap.report_cache())
    return HeatmapOut.of(found)


@app.get("/reports/heatmaps")
def heatmaps(
    division_id: DivisionFilter = None,
    include_retired: IncludeRetired = False,
    as_of: AsOf = None,
) -> HeatmapsOut:
    wanted = scope(division_id, as_of)
    found = views.heatmaps(wanted, include_retired, uow(), bootstrap.report_cache())
    return HeatmapsOut.of(found)


CSV_RESPONSE = {
    200: {
        "description": "A page of the register (JSON), or with format=csv every matching"
        " risk as a CSV attachment",
        "headers": {
            "Content-Disposition": {
                "description": 'With format=csv: attachment; filename="risks.csv"',
                "schema": {"type": "string"},
            }
        },
        "content": {
            "application/json": {"model": RiskPageOut},
            "text/csv": {"schema": {"type": "string"}},
        },
    }
}


@app.get("/reports/risks", responses=CSV_RESPONSE)  # type: ignore[arg-type]
def risks(
    division_id: DivisionFilter = None,
    include_retired: IncludeRetired = False,
    status: RiskStatusFilter = None,
    category: CategoryFilter = None,
    overdue: OverdueFilter = None,
    basis: BasisFilter = Basis.INHERENT,
    likelihood: LikelihoodFilter = None,
    impact: ImpactFilter = None,
    level: LevelFilter = None,
    standing: StandingFilter = None,
    sort: SortOrder = RiskSort.SCORE,
    limit: Limit = 100,
    offset: Offset = 0,
    export_format: FormatChoice = ExportFormat.JSON,
    as_of: AsOf = None,
) -> Response[Any]:
    wanted = RiskFilter(
        scope(division_id, as_of),
        include_retired,
        status,
        category,
        overdue,
        basis=basis,
        likelihood=likelihood,
        impact=impact,
        level=level,
        standing=standing,
        sort=sort,
    )
    if export_format is ExportFormat.CSV:
        return Response(
            status_code=200,
            content_type="text/csv; charset=utf-8",
            body=risks_csv(views.export(wanted, uow())),
            headers={"Content-Disposition": 'attachment; filename="risks.csv"'},
        )
    page = RiskPageOut.of(views.register(wanted, limit, offset, uow()))
    return Response(status_code=200, content_type="application/json", body=page)


@app.get("/reports/summary")
def summary(division_id: DivisionFilter = None, top: Top = 10, as_of: AsOf = None) -> SummaryOut:
    found = views.summary(scope(division_id, as_of), top, uow(), bootstrap.report_cache())
    return SummaryOut.of(found)


@app.get("/reports/trends")
def trends(
    division_id: DivisionFilter = None, first: TrendFrom = None, last: TrendTo = None
) -> TrendsOut:
    today = datetime.now(UTC).date()
    last = last or today
    first = first or last - timedelta(days=29)
    if last > today:
        raise InvalidInput("to is after today (UTC)", field="to", location="query")
    if first > last:
        raise InvalidInput("from is after to", field="from", location="query")
    if (last - first).days + 1 > TREND_MAX_DAYS:
        raise InvalidInput(
            f"a trend covers at most {TREND_MAX_DAYS} days", field="to", location="query"
        )
    found = views.trends(scope(division_id), first, last, uow(), bootstrap.report_cache())
    return TrendsOut.of(found)


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
