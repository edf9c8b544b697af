"""Routes of the risks API: risks, their assessments, audit trail and linked solutions."""

from __future__ import annotations

from typing import Annotated, cast
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from risk_intake.domain import commands
from risk_intake.domain.queries import RiskQuery
from risk_intake.domain.risks import Category, RiskChanges, RiskStatus
from risk_intake.entrypoints.routes.common import (
    SORT_HELP,
    DivisionFilter,
    IncludeRetired,
    Owner,
    TextSearch,
    sorting,
    text,
    uow,
    who,
)
from risk_intake.entrypoints.schemas.common import AuditOut
from risk_intake.entrypoints.schemas.risks import (
    AssessmentIn,
    AssessmentListOut,
    AssessmentOut,
    LinkIn,
    RiskIn,
    RiskOut,
    RiskPageOut,
    RiskPatch,
)
from risk_intake.service_layer import risks
from riskplatform.api import (
    IfMatch,
    Limit,
    Offset,
    OptionalIfMatch,
    documented,
    expected,
    tagged,
    version_of,
)
from riskplatform.paging import DEFAULT_LIMIT

router = Router()

RiskSort = Annotated[
    str | None,
    Query(
        pattern="^-?(title|status|category|reviewDue|updatedAt|capturedAt)$",
        description="title, status, category, reviewDue, updatedAt or capturedAt (default"
        " -updatedAt, or relevance with q). " + SORT_HELP,
    ),
]


@router.post("/risks", responses=documented(201, RiskOut))
def capture_risk(body: Annotated[RiskIn, Body()]) -> Response[RiskOut]:
    fields = cast(RiskChanges, body.model_dump(exclude={"division_id"}))
    cmd = commands.CaptureRisk(division_id=str(body.division_id), fields=fields)
    details = risks.capture_risk(cmd, who(router), uow(router))
    return tagged(RiskOut.of_details(details), details.risk.version, 201)


@router.get("/risks")
def list_risks(
    division_id: DivisionFilter = None,
    status: Annotated[list[RiskStatus] | None, Query(description="Repeat for several")] = None,
    category: Annotated[list[Category] | None, Query(description="Repeat for several")] = None,
    owner: Owner = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    planned_review_passed: Annotated[
        bool,
        Query(
            alias="plannedReviewPassed",
            description="The owner's planned review date (reviewDue) has passed and the risk"
            " is not closed. Whether a review is overdue by the scoring model's cadence is"
            " scoring's and reporting's reviewOverdue / overdue.",
        ),
    ] = False,
    q: TextSearch = None,
    include_retired: IncludeRetired = False,
    sort: RiskSort = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> RiskPageOut:
    query = RiskQuery(
        division_id=text(division_id),
        statuses=tuple(status or ()),
        categories=tuple(category or ()),
        owner_email=owner,
        tag=tag,
        planned_review_passed=planned_review_passed,
        text=q,
        include_retired=include_retired,
        sort=sorting(sort),
        limit=limit,
        offset=offset,
    )
    return RiskPageOut.of_page(risks.list_risks(query, who(router), uow(router)))


@router.get("/risks/<risk_id>", responses=documented(200, RiskOut))
def get_risk(risk_id: UUID) -> Response[RiskOut]:
    details = risks.get_risk(str(risk_id), who(router), uow(router))
    return tagged(RiskOut.of_details(details), details.risk.version)


@router.patch("/risks/<risk_id>", responses=documented(200, RiskOut))
def change_risk(
    risk_id: UUID, body: Annotated[RiskPatch, Body()], if_match: IfMatch
) -> Response[RiskOut]:
    changes = cast(RiskChanges, body.changes())
    cmd = commands.ChangeRisk(str(risk_id), expected(if_match), changes)
    details = risks.change_risk(cmd, who(router), uow(router))
    return tagged(RiskOut.of_details(details), details.risk.version)


@router.delete("/risks/<risk_id>", responses=documented(200, RiskOut))
def retire_risk(risk_id: UUID, if_match: IfMatch) -> Response[RiskOut]:
    cmd = commands.RetireRisk(str(risk_id), expected(if_match))
    details = risks.retire_risk(cmd, who(router), uow(router))
    return tagged(RiskOut.of_details(details), details.risk.version)


@router.post("/risks/<risk_id>/assessments", responses=documented(201, AssessmentOut))
def assess_risk(
    risk_id: UUID, body: Annotated[AssessmentIn, Body()], if_match: OptionalIfMatch = None
) -> Response[AssessmentOut]:
    """Adds to the risk's history; If-Match is optional here (ADR 10)."""
    cmd = commands.AssessRisk(
        risk_id=str(risk_id),
        likelihood=body.likelihood,
        impact=body.impact.rated(),
        justification=body.justification,
        fmea=body.fmea.model_dump() if body.fmea else None,
        expected_version=version_of(if_match) if if_match is not None else None,
    )
    risk = risks.assess_risk(cmd, who(router), uow(router))
    assert risk.latest_assessment is not None
    return tagged(
        AssessmentOut.of(risk.id, risk.version, risk.latest_assessment), risk.version, 201
    )


@router.get(
    "/risks/<risk_id>/assessments", responses=documented(200, AssessmentListOut, etag=False)
)
def list_assessments(risk_id: UUID) -> AssessmentListOut:
    history = risks.risk_assessments(str(risk_id), who(router), uow(router))
    return AssessmentListOut(
        items=[AssessmentOut.of(str(risk_id), version, a) for version, a in history]
    )


@router.get("/risks/<risk_id>/audit", responses=documented(200, AuditOut, etag=False))
def risk_audit(risk_id: UUID) -> AuditOut:
    return AuditOut.of(risks.risk_audit(str(risk_id), who(router), uow(router)))


@router.post("/risks/<risk_id>/solutions", responses=documented(200, RiskOut))
def link_solution(
    risk_id: UUID, body: Annotated[LinkIn, Body()], if_match: IfMatch
) -> Response[RiskOut]:
    """Links a solution to the risk; If-Match is the risk's version, which the link raises."""
    cmd = commands.LinkSolution(str(risk_id), str(body.solution_id), expected(if_match))
    details = risks.link_solution(cmd, who(router), uow(router))
    return tagged(RiskOut.of_details(details), details.risk.version)


@router.delete("/risks/<risk_id>/solutions/<solution_id>", responses=documented(200, RiskOut))
def unlink_solution(risk_id: UUID, solution_id: UUID, if_match: IfMatch) -> Response[RiskOut]:
    cmd = commands.UnlinkSolution(str(risk_id), str(solution_id), expected(if_match))
    details = risks.unlink_solution(cmd, who(router), uow(router))
    return tagged(RiskOut.of_details(details), details.risk.version)
