"""Bodies of the memberships API (ADR 50) and of ``GET /me``."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from risk_intake.entrypoints.schemas.common import Email
from risk_intake.entrypoints.schemas.divisions import DivisionOut
from risk_intake.service_layer.memberships import Whoami
from riskplatform.api import ApiModel, PageOut
from riskplatform.memberships import UserAccess


class MembershipIn(ApiModel):
    """Grant a user (by the email they sign in with) work in a division and its subtree."""

    email: Email
    division_id: UUID


class MembershipOut(ApiModel):
    division_id: str
    granted_by: str
    granted_at: datetime


class UserAccessOut(ApiModel):
    """A user's memberships; ``version`` (also the ETag) goes back in If-Match to revoke."""

    user_id: str
    email: str
    version: int
    memberships: list[MembershipOut]

    @classmethod
    def of(cls, access: UserAccess) -> UserAccessOut:
        """Its memberships in the order of their divisions' ids."""
        return cls(
            user_id=access.user_id,
            email=access.email,
            version=access.version,
            memberships=[
                MembershipOut.model_validate(m)
                for m in sorted(access.memberships.values(), key=lambda m: m.division_id)
            ],
        )


class UserAccessPageOut(PageOut):
    items: list[UserAccessOut]


class MeOut(ApiModel):
    """The signed-in user: their roles, and the divisions they work in (each with its
    subtree; executives and admins read every division)."""

    user_id: str
    email: str
    roles: list[str]
    divisions: list[DivisionOut]
    reads_everything: bool

    @classmethod
    def of(cls, found: Whoami) -> MeOut:
        return cls(
            user_id=found.caller.subject,
            email=found.caller.email,
            roles=sorted(found.caller.roles),
            divisions=[DivisionOut.model_validate(d) for d in found.divisions],
            reads_everything=found.caller.sees_everything,
        )
