"""The scoring API: thin routes from HTTP to the use cases."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from aws_lambda_powertools import Logger
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
    ModelIn,
    ModelOut,
    ModelVersionOut,
    PublicationOut,
    ReadingIn,
    ScoreOut,
    ScorePageOut,
    ScoreSummaryOut,
    VersionIn,
)
from metrics_scoring.service_layer import management, queries, rescoring
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.api import caller, create_resolver, request_context, serve
from riskplatform.events import MessageContext

logger = Logger()
app = create_resolver()
# After a publish or an appetite change the API rescores for up to this long before it
# answers; the scheduled rescore function finishes what is left.
RESCORE_BUDGET_SECONDS = 3.0


def uow() -> UnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


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
    description="Filter by overdue review, appetite status or division subtree; pages of"
    " `limit`, continued with `after`.",
)
def list_scores(
    review_overdue: Annotated[
        bool, Query(alias="reviewOverdue", description="Only risks past their review date.")
    ] = False,
    appetite_status: Annotated[AppetiteStatus | None, Query(alias="appetiteStatus")] = None,
    division_id: Annotated[
        UUID | None, Query(alias="divisionId", description="Only this division's subtree.")
    ] = None,
    after: Annotated[UUID | None, Query(description="The nextAfter of the previous page.")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> ScorePageOut:
    today = now().date()
    scores = queries.list_scores(
        caller(app),
        uow(),
        today,
        review_overdue=review_overdue,
        appetite_status=appetite_status,
        division_id=str(division_id) if division_id else None,
        after=str(after) if after else "",
        limit=limit,
    )
    return ScorePageOut(
        items=[ScoreSummaryOut.of(score, today) for score in scores],
        next_after=scores[-1].risk_id if len(scores) == limit else None,
    )


@app.get(
    "/scores/<risk_id>",
    summary="A risk's latest score, why it is what it is, and its history",
    description="403 unless the caller may read in the risk's division lineage; 404 when"
    " the risk has no score.",
)
def get_score(risk_id: UUID) -> ScoreOut:
    score, history = queries.get_score(str(risk_id), caller(app), uow())
    return ScoreOut.detail(score, history, now().date())


@app.get("/models", summary="Every scoring model with its versions")
def list_models() -> list[ModelOut]:
    return ModelOut.each(management.list_models(caller(app), uow()))


@app.post(
    "/models",
    status_code=201,
    summary="Create a scoring model; its definition is draft version 1",
    description="Admins (manage-models). 409 when the id is taken.",
)
def create_model(body: Annotated[ModelIn, Body()]) -> ModelVersionOut:
    draft = management.create_model(
        body.model_id, body.definition.stored(), caller(app), uow(), now()
    )
    return ModelVersionOut.of(draft)


@app.get("/models/<model_id>", summary="A scoring model with its versions")
def get_model(model_id: str) -> ModelOut:
    return ModelOut.of(management.get_model(model_id, caller(app), uow()))


@app.post(
    "/models/<model_id>/versions",
    status_code=201,
    summary="Add the next version of a model, as a draft",
    description="Admins (manage-models).",
)
def add_model_version(model_id: str, body: Annotated[VersionIn, Body()]) -> ModelVersionOut:
    draft = management.add_model_version(
        model_id, body.definition.stored(), caller(app), uow(), now()
    )
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
    published, job = management.publish_model(model_id, version, caller(app), uow(), now())
    job = rescore_for_a_while(job)
    return PublicationOut(model=ModelVersionOut.of(published), rescore_job=JobOut.of(job))


@app.get("/rescore-jobs/<job_id>", summary="How far a rescore job got")
def get_rescore_job(job_id: UUID) -> JobOut:
    return JobOut.of(management.get_job(str(job_id), caller(app), uow()))


@app.post(
    "/appetites",
    summary="Set the appetite of a division for a category",
    description="Admins (manage-models). Holds for the division's subtree unless a division"
    " below sets its own; the category's risks there are rescored.",
)
def set_appetite(body: Annotated[AppetiteIn, Body()]) -> AppetiteOut:
    appetite = Appetite(str(body.division_id), body.category, body.appetite, body.tolerance)
    setting, job = management.set_appetite(appetite, caller(app), uow(), now())
    return AppetiteOut.of(setting, rescore_for_a_while(job))


@app.get("/appetites", summary="The appetites set where the caller may read")
def list_appetites() -> list[AppetiteOut]:
    return [AppetiteOut.of(s) for s in management.list_appetites(caller(app), uow())]


@app.post(
    "/risks/<risk_id>/kris",
    status_code=201,
    summary="Define a key risk indicator for a risk",
    description="Admins (manage-models).",
)
def define_kri(risk_id: UUID, body: Annotated[KriIn, Body()]) -> KriOut:
    record = management.define_kri(
        str(risk_id),
        body.name,
        body.unit,
        body.direction,
        body.amber,
        body.red,
        caller(app),
        uow(),
        now(),
    )
    return KriOut.of(record)


@app.get("/risks/<risk_id>/kris", summary="A risk's key risk indicators")
def list_kris(risk_id: UUID) -> list[KriOut]:
    return [KriOut.of(r) for r in management.list_kris(str(risk_id), caller(app), uow())]


@app.post(
    "/kris/<kri_id>/readings",
    status_code=201,
    summary="Record a reading of a key risk indicator",
    description="Analysts and risk managers where the risk is (write-risks). A red reading"
    " raises the risk's likelihood one step until a later reading is no longer red.",
)
def record_reading(kri_id: UUID, body: Annotated[ReadingIn, Body()]) -> KriOut:
    record = management.record_reading(
        str(kri_id),
        body.value,
        body.observed_at,
        str(body.reading_id) if body.reading_id else None,
        caller(app),
        uow(),
        now(),
    )
    return KriOut.of(record)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context)
