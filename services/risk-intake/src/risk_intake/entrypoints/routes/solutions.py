"""Routes of the solutions API."""

from __future__ import annotations

from typing import Annotated, cast
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from risk_intake.domain import commands
from risk_intake.domain.queries import SolutionQuery
from risk_intake.domain.solutions import SolutionChanges, SolutionKind, SolutionStatus
from risk_intake.entrypoints.routes.common import (
    SORT_HELP,
    DivisionFilter,
    Owner,
    TextSearch,
    sorting,
    text,
    uow,
    who,
)
from risk_intake.entrypoints.schemas.common import AuditOut
from risk_intake.entrypoints.schemas.solutions import (
    SolutionIn,
    SolutionOut,
    SolutionPageOut,
    SolutionPatch,
)
from risk_intake.service_layer import solutions
from riskplatform.api import IfMatch, Limit, Offset, documented, expected, tagged
from riskplatform.paging import DEFAULT_LIMIT

router = Router()

SolutionSort = Annotated[
    str | None,
    Query(
        pattern="^-?(title|status|kind|designEffectiveness|nextTestDue|dueDate|updatedAt)$",
        description="title, status, kind, designEffectiveness, nextTestDue, dueDate or"
        " updatedAt (default -updatedAt, or relevance with q). " + SORT_HELP,
    ),
]


@router.post("/solutions", responses=documented(201, SolutionOut))
def register_solution(body: Annotated[SolutionIn, Body()]) -> Response[SolutionOut]:
    fields = cast(SolutionChanges, body.model_dump(exclude={"division_id"}))
    cmd = commands.RegisterSolution(str(body.division_id), fields)
    details = solutions.register_solution(cmd, who(router), uow(router))
    return tagged(SolutionOut.of_details(details), details.solution.version, 201)


@router.get("/solutions")
def list_solutions(
    division_id: DivisionFilter = None,
    status: Annotated[list[SolutionStatus] | None, Query(description="Repeat for several")] = None,
    kind: Annotated[list[SolutionKind] | None, Query(description="Repeat for several")] = None,
    owner: Owner = None,
    test_overdue: Annotated[
        bool, Query(alias="testOverdue", description="Next test date passed, not retired")
    ] = False,
    q: TextSearch = None,
    sort: SolutionSort = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> SolutionPageOut:
    query = SolutionQuery(
        division_id=text(division_id),
        statuses=tuple(status or ()),
        kinds=tuple(kind or ()),
        owner_email=owner,
        test_overdue=test_overdue,
        text=q,
        sort=sorting(sort),
        limit=limit,
        offset=offset,
    )
    return SolutionPageOut.of_page(solutions.list_solutions(query, who(router), uow(router)))


@router.get("/solutions/<solution_id>", responses=documented(200, SolutionOut))
def get_solution(solution_id: UUID) -> Response[SolutionOut]:
    details = solutions.get_solution(str(solution_id), who(router), uow(router))
    return tagged(SolutionOut.of_details(details), details.solution.version)


@router.patch("/solutions/<solution_id>", responses=documented(200, SolutionOut))
def change_solution(
    solution_id: UUID, body: Annotated[SolutionPatch, Body()], if_match: IfMatch
) -> Response[SolutionOut]:
    changes = cast(SolutionChanges, body.changes())
    cmd = commands.ChangeSolution(str(solution_id), expected(if_match), changes)
    details = solutions.change_solution(cmd, who(router), uow(router))
    return tagged(SolutionOut.of_details(details), details.solution.version)


@router.delete("/solutions/<solution_id>", responses=documented(200, SolutionOut))
def retire_solution(solution_id: UUID, if_match: IfMatch) -> Response[SolutionOut]:
    cmd = commands.RetireSolution(str(solution_id), expected(if_match))
    details = solutions.retire_solution(cmd, who(router), uow(router))
    return tagged(SolutionOut.of_details(details), details.solution.version)


@router.get("/solutions/<solution_id>/audit", responses=documented(200, AuditOut, etag=False))
def solution_audit(solution_id: UUID) -> AuditOut:
    return AuditOut.of(solutions.solution_audit(str(solution_id), who(router), uow(router)))
