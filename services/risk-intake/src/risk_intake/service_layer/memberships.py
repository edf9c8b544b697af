"""Use cases of division memberships (ADR 50): admins grant and revoke the divisions a
user works in; each change is audited and published, so that every service's copy
follows. Only admins read them; every signed-in user may ask where they work."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from risk_intake.domain import commands
from risk_intake.domain.base import AuditEntry, StaleVersion
from risk_intake.domain.divisions import Division
from risk_intake.domain.queries import MembershipQuery
from risk_intake.service_layer.access import actor
from risk_intake.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import Conflict, InvalidInput, NotFound
from riskplatform.memberships import UserAccess
from riskplatform.paging import Page


@dataclass(frozen=True)
class DirectoryUser:
    user_id: str  # the Cognito sub
    email: str


class UserDirectory(Protocol):
    """Who can sign in: the Cognito user pool."""

    def find(self, email: str) -> DirectoryUser | None: ...


@dataclass(frozen=True)
class Whoami:
    caller: Caller
    divisions: list[Division]


def grant_membership(
    cmd: commands.GrantMembership, caller: Caller, uow: UnitOfWork, users: UserDirectory
) -> UserAccess:
    caller.require(Action.MANAGE_ACCESS)
    user = users.find(cmd.email)
    if user is None:
        raise InvalidInput("no user of the platform has this email", field="email")
    with uow:
        division = uow.divisions.get(cmd.division_id, lock="share")
        if division is None:
            raise InvalidInput("no division has this id", field="divisionId")
        if division.retired:
            raise Conflict(f"division {division.code} is retired", field="divisionId")
        access = uow.memberships.get(user.user_id, lock=True) or UserAccess(
            user.user_id, user.email
        )
        access.email = user.email
        before = sorted(access.divisions)
        if not access.grant(division.id, actor(caller), datetime.now(UTC)):
            raise Conflict("the user already works in this division", field="divisionId")
        _save(access, "granted", before, caller, uow)
    return access


def revoke_membership(
    cmd: commands.RevokeMembership, caller: Caller, uow: UnitOfWork
) -> UserAccess:
    caller.require(Action.MANAGE_ACCESS)
    with uow:
        access = uow.memberships.get(cmd.user_id, lock=True)
        if access is None or cmd.division_id not in access.memberships:
            raise NotFound(
                "the user does not work in this division", field="division_id", location="path"
            )
        if access.version != cmd.expected_version:
            raise StaleVersion(
                f"the user's memberships are at version {access.version}, not"
                f" {cmd.expected_version}; read them again",
                field="If-Match",
                location="header",
            )
        before = sorted(access.divisions)
        access.revoke(cmd.division_id, actor(caller))
        _save(access, "revoked", before, caller, uow)
    return access


def _save(
    access: UserAccess, action: str, before: list[str], caller: Caller, uow: UnitOfWork
) -> None:
    """The memberships, their events and one audit entry, in one transaction."""
    uow.memberships.save(access)
    for event in access.events:
        uow.emit(event)
    access.events.clear()
    uow.audit.add(
        [
            AuditEntry(
                entity_type="user",
                entity_id=access.user_id,
                entity_version=access.version,
                action=action,
                field="divisions",
                old=before,
                new=sorted(access.divisions),
                actor=actor(caller),
                at=datetime.now(UTC),
            )
        ]
    )
    uow.commit()


def get_memberships(user_id: str, caller: Caller, uow: UnitOfWork) -> UserAccess:
    caller.require(Action.MANAGE_ACCESS)
    with uow:
        access = uow.memberships.get(user_id)
    if access is None:
        raise NotFound("no user with memberships has this id", field="user_id", location="path")
    return access


def list_memberships(query: MembershipQuery, caller: Caller, uow: UnitOfWork) -> Page[UserAccess]:
    caller.require(Action.MANAGE_ACCESS)
    with uow:
        return uow.memberships.search(query)


def membership_audit(user_id: str, caller: Caller, uow: UnitOfWork) -> list[AuditEntry]:
    caller.require(Action.MANAGE_ACCESS)
    with uow:
        entries = uow.audit.of("user", user_id)
    if not entries:
        raise NotFound("no user with memberships has this id", field="user_id", location="path")
    return entries


def whoami(caller: Caller, uow: UnitOfWork) -> Whoami:
    """The caller's roles and the divisions they work in (the platform's memberships)."""
    with uow:
        found = [uow.divisions.get(d) for d in sorted(caller.divisions)]
    return Whoami(caller, [d for d in found if d is not None])
