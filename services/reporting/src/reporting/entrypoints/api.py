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
from reporting.entrypoints.export import file_response, file_responses
from reporting.entrypoints.schemas import (
    AsOf,
    BasisFilter,
    BreachesOut,
    CategoryFilter,
    DivisionFilter,
    ExportFormat,
    FormatChoice,
    HeatmapOut,
    HeatmapsOut,
    ImpactFilter,
    IncludeRetired,
    KrisOut,
    KriStatusFilter,
    LevelFilter,
    LikelihoodFilter,
    OverdueFilter,
    ReportFormat,
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
    kri_statuses,
)
from reporting.exports import tables
from reporting.exports.writers import FileFormat
from reporting.service_layer import views
from riskplatform.api import (
    ApiModel,
    Limit,
    Offset,
    caller,
    create_resolver,
    request_context,
    serve,
)
from riskplatform.errors import InvalidInput
from riskplatform.paging import DEFAULT_LIMIT

logger = Logger()
app = create_resolver()


def uow() -> ReportingUnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


def scope(division_id: UUID | None, as_of: date | None = None) -> Scope:
    """What the report may cover for the caller, as the service layer decides."""
    reader = caller(app, bootstrap.wiring().memberships)
    return views.scope(reader, str(division_id) if division_id else None, as_of)


@app.get("/reports/heatmap")
def heatmap(
    division_id: DivisionFilter = None, include_retired: IncludeRetired = False
) -> HeatmapOut:
    found = views.heatmap(scope(division_id), include_retired, uow(), bootstrap.report_cache())
    return HeatmapOut.of(found)


@app.get("/reports/heatmaps", responses=file_responses(HeatmapsOut, "The heat maps"))  # type: ignore[arg-type]
def heatmaps(
    division_id: DivisionFilter = None,
    include_retired: IncludeRetired = False,
    as_of: AsOf = None,
    export_format: ReportFormat = ExportFormat.JSON,
):  # no return type: see json_response
    wanted = scope(division_id, as_of)
    found = views.heatmaps(wanted, include_retired, uow(), bootstrap.report_cache())
    if export_format is not ExportFormat.JSON:
        document = tables.heatmaps_document(wanted, found, datetime.now(UTC))
        return as_file(document, export_format)
    return json_response(HeatmapsOut.of(found))


def as_file(document: tables.Document, export_format: ExportFormat) -> Response[Any]:
    return file_response(document, FileFormat(export_format.value), bootstrap.export_store())


def json_response(body: ApiModel) -> Response[str]:
    """The report as JSON. The routes that may answer a file have no return annotation:
    Powertools would otherwise serialise a file's bytes as JSON text (ADR 64)."""
    return Response(
        status_code=200, content_type="application/json", body=body.model_dump_json(by_alias=True)
    )


@app.get(
    "/reports/risks",
    responses=file_responses(RiskPageOut, "A page of the register"),  # type: ignore[arg-type]
)
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
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    export_format: FormatChoice = ExportFormat.JSON,
    as_of: AsOf = None,
):  # no return type: see json_response
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
    if export_format is not ExportFormat.JSON:
        entries = views.export(wanted, uow())
        document = tables.risks_document(wanted.scope, entries, datetime.now(UTC))
        return as_file(document, export_format)
    return json_response(
        RiskPageOut.of(views.register(wanted, limit, offset, uow()), limit, offset)
    )


@app.get("/reports/summary", responses=file_responses(SummaryOut, "The summary"))  # type: ignore[arg-type]
def summary(
    division_id: DivisionFilter = None,
    top: Top = 10,
    as_of: AsOf = None,
    export_format: ReportFormat = ExportFormat.JSON,
):  # no return type: see json_response
    wanted = scope(division_id, as_of)
    found = views.summary(wanted, top, uow(), bootstrap.report_cache())
    if export_format is not ExportFormat.JSON:
        return as_file(tables.summary_document(wanted, found, datetime.now(UTC)), export_format)
    return json_response(SummaryOut.of(found))


@app.get("/reports/trends", responses=file_responses(TrendsOut, "The trends"))  # type: ignore[arg-type]
def trends(
    division_id: DivisionFilter = None,
    first: TrendFrom = None,
    last: TrendTo = None,
    export_format: ReportFormat = ExportFormat.JSON,
):  # no return type: see json_response
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
    wanted = scope(division_id)
    found = views.trends(wanted, first, last, uow(), bootstrap.report_cache())
    if export_format is not ExportFormat.JSON:
        return as_file(tables.trends_document(wanted, found, datetime.now(UTC)), export_format)
    return json_response(TrendsOut.of(found))


@app.get(
    "/reports/solutions",
    responses=file_responses(SolutionsOut, "A page of the solutions"),  # type: ignore[arg-type]
)
def solutions(
    division_id: DivisionFilter = None,
    status: SolutionStatusFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    as_of: AsOf = None,
    export_format: ReportFormat = ExportFormat.JSON,
):  # no return type: see json_response
    """With a file format: the divisions' counts and every solution in scope (of the
    status, if given; not a page). As of a day: each solution and link as it stood at
    the end of that day."""
    wanted = scope(division_id, as_of)
    found = views.solutions(wanted, status, limit, offset, uow(), bootstrap.report_cache())
    if export_format is not ExportFormat.JSON:
        items = views.export_solutions(wanted, status, uow())
        document = tables.solutions_document(wanted, found.divisions, items, datetime.now(UTC))
        return as_file(document, export_format)
    return json_response(SolutionsOut.of(found, limit, offset))


@app.get("/reports/kris", responses=file_responses(KrisOut, "A page of the indicators"))  # type: ignore[arg-type]
def kris(
    status: KriStatusFilter = None,
    division_id: DivisionFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    as_of: AsOf = None,
    export_format: FormatChoice = ExportFormat.JSON,
):  # no return type: see json_response
    wanted = scope(division_id, as_of)
    statuses = kri_statuses(status)
    if export_format is not ExportFormat.JSON:
        counts, entries = views.export_kris(wanted, statuses, uow())
        document = tables.kris_document(wanted, counts, entries, datetime.now(UTC))
        return as_file(document, export_format)
    found = views.kris(wanted, statuses, limit, offset, uow(), bootstrap.report_cache())
    return json_response(KrisOut.of(found, limit, offset))


@app.get(
    "/reports/breaches",
    responses=file_responses(BreachesOut, "A page of the risks above tolerance"),  # type: ignore[arg-type]
)
def breaches(
    division_id: DivisionFilter = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
    as_of: AsOf = None,
    export_format: FormatChoice = ExportFormat.JSON,
):  # no return type: see json_response
    wanted = scope(division_id, as_of)
    if export_format is not ExportFormat.JSON:
        counts, entries = views.export_breaches(wanted, uow())
        document = tables.breaches_document(wanted, counts, entries, datetime.now(UTC))
        return as_file(document, export_format)
    found = views.breaches(wanted, limit, offset, uow(), bootstrap.report_cache())
    return json_response(BreachesOut.of(found, limit, offset))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context)
