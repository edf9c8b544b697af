"""The intake API: thin routes from HTTP to the use cases."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Body
from aws_lambda_powertools.logging import correlation_paths

from risk_intake import bootstrap
from risk_intake.domain import commands
from risk_intake.entrypoints.schemas import (
    AssessmentIn,
    AssessmentOut,
    DivisionIn,
    DivisionOut,
    RiskIn,
    RiskOut,
)
from risk_intake.service_layer import handlers
from riskplatform.api import caller_email, create_resolver, request_context

logger = Logger()
app = create_resolver()


def uow() -> Any:
    return bootstrap.wiring().uow(request_context(app))


@app.post("/divisions")
def register_division(body: Annotated[DivisionIn, Body()]) -> tuple[DivisionOut, int]:
    cmd = commands.RegisterDivision(
        code=body.code,
        name=body.name,
        parent_id=str(body.parent_id) if body.parent_id else None,
    )
    return DivisionOut.of(handlers.register_division(cmd, uow())), 201


@app.post("/risks")
def capture_risk(body: Annotated[RiskIn, Body()]) -> tuple[RiskOut, int]:
    cmd = commands.CaptureRisk(
        division_id=str(body.division_id),
        title=body.title,
        description=body.description,
        category=body.category,
        owner_email=body.owner_email,
    )
    return RiskOut.of(handlers.capture_risk(cmd, uow())), 201


@app.get("/risks/<risk_id>")
def get_risk(risk_id: UUID) -> RiskOut:
    return RiskOut.of(handlers.get_risk(str(risk_id), uow()))


@app.post("/risks/<risk_id>/assessments")
def assess_risk(risk_id: UUID, body: Annotated[AssessmentIn, Body()]) -> tuple[AssessmentOut, int]:
    cmd = commands.AssessRisk(
        risk_id=str(risk_id),
        likelihood=body.likelihood,
        impact=body.impact.rated(),
        assessed_by=caller_email(app),
        justification=body.justification,
    )
    risk = handlers.assess_risk(cmd, uow())
    assert risk.latest_assessment is not None
    return AssessmentOut.of(risk, risk.latest_assessment), 201


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
