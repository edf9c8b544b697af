"""Routes of the divisions API."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from risk_intake.domain import commands
from risk_intake.domain.queries import DivisionQuery, Sort
from risk_intake.entrypoints.routes.common import (
    SORT_HELP,
    IncludeRetired,
    sorting,
    text,
    uow,
    who,
)
from risk_intake.entrypoints.schemas.divisions import (
    DivisionIn,
    DivisionOut,
    DivisionPageOut,
    DivisionPatch,
)
from risk_intake.service_layer import divisions
from riskplatform.api import IfMatch, Limit, Offset, documented, expected, tagged
from riskplatform.paging import DEFAULT_LIMIT

router = Router()

DivisionSort = Annotated[
    str | None,
    Query(
        pattern="^-?(name|code|updatedAt)$",
        description="name, code or updatedAt (default name). " + SORT_HELP,
    ),
]


@router.post("/divisions", responses=documented(201, DivisionOut))
def register_division(body: Annotated[DivisionIn, Body()]) -> Response[DivisionOut]:
    cmd = commands.RegisterDivision(body.code, body.name, text(body.parent_id))
    division = divisions.register_division(cmd, who(router), uow(router))
    return tagged(DivisionOut.model_validate(division), division.version, 201)


@router.get("/divisions")
def list_divisions(
    parent_id: Annotated[
        UUID | None, Query(alias="parentId", description="This division and all below it")
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of a name or code")
    ] = None,
    include_retired: IncludeRetired = False,
    sort: DivisionSort = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> DivisionPageOut:
    query = DivisionQuery(
        parent_id=text(parent_id),
        text=q,
        include_retired=include_retired,
        sort=sorting(sort) or Sort("name"),
        limit=limit,
        offset=offset,
    )
    return DivisionPageOut.of_page(divisions.list_divisions(query, who(router), uow(router)))


@router.get("/divisions/<division_id>", responses=documented(200, DivisionOut))
def get_division(division_id: UUID) -> Response[DivisionOut]:
    division = divisions.get_division(str(division_id), who(router), uow(router))
    return tagged(DivisionOut.model_validate(division), division.version)


@router.patch("/divisions/<division_id>", responses=documented(200, DivisionOut))
def change_division(
    division_id: UUID, body: Annotated[DivisionPatch, Body()], if_match: IfMatch
) -> Response[DivisionOut]:
    changes = body.changes()
    cmd = commands.ChangeDivision(
        division_id=str(division_id),
        expected_version=expected(if_match),
        name=changes.get("name"),
        move="parent_id" in changes,
        parent_id=changes.get("parent_id"),
    )
    division = divisions.change_division(cmd, who(router), uow(router))
    return tagged(DivisionOut.model_validate(division), division.version)


@router.delete("/divisions/<division_id>", responses=documented(200, DivisionOut))
def retire_division(division_id: UUID, if_match: IfMatch) -> Response[DivisionOut]:
    cmd = commands.RetireDivision(str(division_id), expected(if_match))
    division = divisions.retire_division(cmd, who(router), uow(router))
    return tagged(DivisionOut.model_validate(division), division.version)
