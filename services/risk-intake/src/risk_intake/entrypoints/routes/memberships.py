"""Routes of the memberships API (ADR 50) and ``GET /me``."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query

from risk_intake import bootstrap
from risk_intake.domain import commands
from risk_intake.domain.queries import MembershipQuery
from risk_intake.entrypoints.routes.common import text, uow, who
from risk_intake.entrypoints.schemas.common import AuditOut
from risk_intake.entrypoints.schemas.memberships import (
    MembershipIn,
    MeOut,
    UserAccessOut,
    UserAccessPageOut,
)
from risk_intake.service_layer import memberships
from riskplatform.api import IfMatch, Limit, Offset, documented, expected, tagged
from riskplatform.paging import DEFAULT_LIMIT

router = Router()
UserId = Annotated[str, Path(max_length=64)]


@router.get("/me", description="The signed-in user's roles and the divisions they work in.")
def me() -> MeOut:
    return MeOut.of(memberships.whoami(who(router), uow(router)))


@router.post(
    "/memberships",
    responses=documented(201, UserAccessOut),
    description="Admins: let a user work in a division and its subtree (409 if they"
    " already do; 422 naming `email` when no user signs in with it).",
)
def grant_membership(body: Annotated[MembershipIn, Body()]) -> Response[UserAccessOut]:
    cmd = commands.GrantMembership(email=body.email, division_id=str(body.division_id))
    access = memberships.grant_membership(cmd, who(router), uow(router), bootstrap.users())
    bootstrap.wiring().memberships.forget(access.user_id)  # at once here; elsewhere in seconds
    return tagged(UserAccessOut.of(access), access.version, 201)


@router.get("/memberships", responses=documented(200, UserAccessPageOut, etag=False))
def list_memberships(
    email: Annotated[
        str | None, Query(min_length=1, max_length=254, description="Part of an email")
    ] = None,
    division_id: Annotated[
        UUID | None, Query(alias="divisionId", description="Only users working in this division")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> UserAccessPageOut:
    query = MembershipQuery(email, text(division_id), limit, offset)
    page = memberships.list_memberships(query, who(router), uow(router))
    return UserAccessPageOut.of_page(page, UserAccessOut.of)


@router.get("/memberships/<user_id>", responses=documented(200, UserAccessOut))
def get_memberships(user_id: UserId) -> Response[UserAccessOut]:
    access = memberships.get_memberships(user_id, who(router), uow(router))
    return tagged(UserAccessOut.of(access), access.version)


@router.get("/memberships/<user_id>/audit", responses=documented(200, AuditOut, etag=False))
def membership_audit(user_id: UserId) -> AuditOut:
    return AuditOut.of(memberships.membership_audit(user_id, who(router), uow(router)))


@router.delete(
    "/memberships/<user_id>/divisions/<division_id>",
    responses=documented(200, UserAccessOut),
    description="Admins: stop a user working in a division. Every API stops granting it"
    " within seconds (ADR 50).",
)
def revoke_membership(
    user_id: UserId, division_id: UUID, if_match: IfMatch
) -> Response[UserAccessOut]:
    cmd = commands.RevokeMembership(user_id, str(division_id), expected(if_match))
    access = memberships.revoke_membership(cmd, who(router), uow(router))
    bootstrap.wiring().memberships.forget(access.user_id)  # at once here; elsewhere in seconds
    return tagged(UserAccessOut.of(access), access.version)
