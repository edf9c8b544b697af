"""The scoring API: thin routes from HTTP to the use cases. The kernel documents what
every route may refuse (``riskplatform.api.openapi_document``)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Query
from aws_lambda_powertools.logging import correlation_paths

from metrics_scoring import bootstrap
from metrics_scoring.domain.appetite import Appetite
from metrics_scoring.domain.jobs import RescoreJob
from metrics_scoring.entrypoints.schemas import (
    AppetiteIn,
    AppetiteOut,
    AppetiteStatus,
    JobOut,
    KriIn,
    KriOut,
    KriPatch,
    ModelIn,
    ModelOut,
    ModelVersionOut,
    PublicationOut,
    ReadingIn,
    ScoreOut,
    ScorePageOut,
    ScoreSummaryOut,
    Trend,
    VersionIn,
)
from metrics_scoring.service_layer import management, queries, rescoring
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Caller
from riskplatform.api import (
    IfMatch,
    Limit,
    Offset,
    caller,
    create_resolver,
    documented,
    expected,
    request_context,
    serve,
    tagged,
)
from riskplatform.events import MessageContext
from riskplatform.paging import DEFAULT_LIMIT

logger = Logger()
app = create_resolver()
# After a publish or an appetite change the API rescores for up to this long before it
# answers; the scheduled rescore function finishes what is left.
RESCORE_BUDGET_SECONDS = 3.0


def uow() -> UnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


def who() -> Caller:
    return caller(app, bootstrap.wiring().memberships)


def now() -> datetime:
    return datetime.now(UTC)


def rescore_for_a_while(job: RescoreJob) -> RescoreJob:
    """Work on the job within the budget, then report how far it got."""
    wiring = bootstrap.wiring()

    def new_uow(context: MessageContext) -> UnitOfWork:
        return wiring.uow(context)

    rescoring.run_job(job.job_id, new_uow, time.monotonic() + RESCORE_BUDGET_SECONDS)
    with new_uow(request_context(app)) as reading:
        return reading.jobs.get(job.job_id) or job


@app.get(
    "/scores",
    summary="Current scores the caller may read",
    description="Filter by overdue review, appetite status, division subtree or trend; a page"
    " at a time, in risk id order. The review-overdue and appetite-status lists hold"
    " tracked risks only (not accepted, closed or retired).",
)
def list_scores(
    review_overdue: Annotated[
        bool,
        Query(
            alias="reviewOverdue",
            description="Only tracked risks past scoring's next review date.",
        ),
    ] = False,
    appetite_status: Annotated[
        AppetiteStatus | None,
        Query(alias="appetiteStatus", description="Only tracked risks in this status."),
    ] = None,
    division_id: Annotated[
        UUID | None, Query(alias="divisionId", description="Only this division's subtree.")
    ] = None,
    trend: Annotated[
        Trend | None,
        Query(
            description="Only risks whose current residual moved this way over the last 30"
            " days (worsening: the risks getting worse)."
        ),
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> ScorePageOut:
    moment = now()
    today = moment.date()
    page = queries.list_scores(
        who(),
        uow(),
        today,
        review_overdue=review_overdue,
        appetite_status=appetite_status,
        division_id=str(division_id) if division_id else None,
        trend=trend,
        now=moment,
        limit=limit,
        offset=offset,
    )
    return ScorePageOut.of_page(page, lambda score: ScoreSummaryOut.of(score, today))


@app.get(
    "/scores/<risk_id>",
    summary="A risk's latest score, why it is what it is, and its history",
    description="404 when the risk has no score or the caller may not read in its division"
    " lineage (as if it did not exist); 403 for a role that reads nothing.",
)
def get_score(risk_id: UUID) -> ScoreOut:
    score, history = queries.get_score(str(risk_id), who(), uow(), now())
    return ScoreOut.detail(score, history, now().date())


@app.get("/models", summary="Every scoring model with its versions")
def list_models() -> list[ModelOut]:
    return ModelOut.each(management.list_models(who(), uow()))


@app.post(
    "/models",
    status_code=201,
    summary="Create a scoring model; its definition is draft version 1",
    description="Admins (manage-models). 409 when the id is taken.",
)
def create_model(body: Annotated[ModelIn, Body()]) -> ModelVersionOut:
    draft = management.create_model(body.model_id, body.definition.stored(), who(), uow(), now())
    return ModelVersionOut.of(draft)


@app.get("/models/<model_id>", summary="A scoring model with its versions")
def get_model(model_id: str) -> ModelOut:
    return ModelOut.of(management.get_model(model_id, who(), uow()))


@app.post(
    "/models/<model_id>/versions",
    status_code=201,
    summary="Add the next version of a model, as a draft",
    description="Admins (manage-models).",
)
def add_model_version(model_id: str, body: Annotated[VersionIn, Body()]) -> ModelVersionOut:
    draft = management.add_model_version(model_id, body.definition.stored(), who(), uow(), now())
    return ModelVersionOut.of(draft)


@app.post(
    "/models/<model_id>/versions/<version>/publish",
    status_code=202,
    summary="Publish a draft; every risk it covers is rescored",
    description="Admins (manage-models). Answers once the rescore job is done or after a few"
    " seconds, with its progress; GET /rescore-jobs/{jobId} follows it. 409 for a version"
    " already published, older than the published one, or claiming another model's"
    " categories.",
)
def publish_model(model_id: str, version: int) -> PublicationOut:
    published, job = management.publish_model(model_id, version, who(), uow(), now())
    job = rescore_for_a_while(job)
    return PublicationOut(model=ModelVersionOut.of(published), rescore_job=JobOut.of(job))


@app.get("/rescore-jobs/<job_id>", summary="How far a rescore job got")
def get_rescore_job(job_id: UUID) -> JobOut:
    return JobOut.of(management.get_job(str(job_id), who(), uow()))


@app.post(
    "/appetites",
    summary="Set the appetite of a division for a category",
    description="Admins (manage-models). Holds for the division's subtree unless a division"
    " below sets its own; the category's risks there are rescored. Set in score points"
    " (appetite, tolerance) or in model levels (appetiteLevel, toleranceLevel), the way the"
    " appetite above is set. 422 (naming the field) when looser than the appetite set"
    " above, tighter than one set below, or set both ways.",
)
def set_appetite(body: Annotated[AppetiteIn, Body()]) -> AppetiteOut:
    appetite = Appetite(
        str(body.division_id),
        body.category,
        body.appetite,
        body.tolerance,
        body.hysteresis,
        body.appetite_level,
        body.tolerance_level,
    )
    setting, job = management.set_appetite(appetite, who(), uow(), now())
    return AppetiteOut.of(setting, rescore_for_a_while(job))


@app.get("/appetites", summary="The appetites set where the caller may read")
def list_appetites() -> list[AppetiteOut]:
    return [AppetiteOut.of(s) for s in management.list_appetites(who(), uow())]


@app.post(
    "/risks/<risk_id>/kris",
    summary="Define a key risk indicator for a risk",
    description="Admins (manage-models). Announced as KriDefined.",
    responses=documented(201, KriOut),
)
def define_kri(risk_id: UUID, body: Annotated[KriIn, Body()]) -> Response[KriOut]:
    record = management.define_kri(
        str(risk_id),
        body.name,
        body.unit,
        body.direction,
        body.amber,
        body.red,
        who(),
        uow(),
        now(),
        stale_after_days=body.stale_after_days,
        amber_steps=body.amber_steps,
    )
    return tagged(KriOut.of(record, now().date()), record.version, 201)


@app.get("/risks/<risk_id>/kris", summary="A risk's key risk indicators, retired ones too")
def list_kris(risk_id: UUID) -> list[KriOut]:
    today = now().date()
    return [KriOut.of(r, today) for r in management.list_kris(str(risk_id), who(), uow())]


@app.get(
    "/kris/<kri_id>",
    summary="A key risk indicator",
    description="404 when the caller may not read its risk.",
    responses=documented(200, KriOut),
)
def get_kri(kri_id: UUID) -> Response[KriOut]:
    record = management.get_kri(str(kri_id), who(), uow())
    return tagged(KriOut.of(record, now().date()), record.version)


@app.patch(
    "/kris/<kri_id>",
    summary="Change a key risk indicator's definition",
    description="Admins (manage-models), with If-Match (ADR 10). The status is taken again"
    " from the latest reading and the risk rescored; announced as KriChanged. Sending the"
    " current values changes nothing. 409 for a retired indicator.",
    responses=documented(200, KriOut),
)
def change_kri(
    kri_id: UUID, body: Annotated[KriPatch, Body()], if_match: IfMatch
) -> Response[KriOut]:
    record = management.change_kri(
        str(kri_id), body.changes(), expected(if_match), who(), uow(), now()
    )
    return tagged(KriOut.of(record, now().date()), record.version)


@app.delete(
    "/kris/<kri_id>",
    summary="Retire a key risk indicator",
    description="Admins (manage-models), with If-Match. It no longer counts in its risk's"
    " score, and takes no more readings through the API; announced as KriRetired.",
    responses=documented(200, KriOut),
)
def retire_kri(kri_id: UUID, if_match: IfMatch) -> Response[KriOut]:
    record = management.retire_kri(str(kri_id), expected(if_match), who(), uow(), now())
    return tagged(KriOut.of(record, now().date()), record.version)


@app.post(
    "/kris/<kri_id>/readings",
    summary="Record a reading of a key risk indicator",
    description="Analysts and risk managers where the risk is (write-risks). A red reading"
    " raises the risk's likelihood one step (an amber one its amberSteps) until a later"
    " reading is no longer red (or amber), or the reading is older than staleAfterDays."
    " 409 for a retired indicator.",
    responses=documented(201, KriOut),
)
def record_reading(kri_id: UUID, body: Annotated[ReadingIn, Body()]) -> Response[KriOut]:
    record = management.record_reading(
        str(kri_id),
        body.value,
        body.observed_at,
        str(body.reading_id) if body.reading_id else None,
        who(),
        uow(),
        now(),
    )
    return tagged(KriOut.of(record, now().date()), record.version, 201)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context)
