"""Who may do what, where: one implementation for every service's API.

A caller's roles are their Cognito groups (only an administrator can change a user's
groups). Their divisions are the platform's own data: memberships that admins grant and
revoke through risk-intake's API, which every service keeps a copy of from the events
(``riskplatform.memberships``, ADR 50). Nothing in a token that a user can write grants
access: a ``custom:divisions`` claim, should one appear, is ignored. A division grants
its whole subtree. Executives and admins see every division; analysts and risk managers
only their own subtrees. Pure Python: the service supplies the memberships and the
division's ancestry from its own store.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Protocol

from riskplatform.errors import DomainError


class Role(StrEnum):
    ANALYST = "analyst"
    RISK_MANAGER = "risk-manager"
    EXECUTIVE = "executive"
    ADMIN = "admin"


class Action(StrEnum):
    READ = "read"  # risks, solutions, scores, reports, the graph
    WRITE_RISKS = "write-risks"  # capture, edit, assess, link, import
    ACCEPT_RISKS = "accept-risks"  # approve a risk's acceptance
    MANAGE_SOLUTIONS = "manage-solutions"  # create, change and retire solutions
    MANAGE_DIVISIONS = "manage-divisions"  # create, rename, move, retire divisions
    MANAGE_MODELS = "manage-models"  # scoring models, appetite, KRI definitions
    MANAGE_ACCESS = "manage-access"  # grant and revoke users' division memberships


GRANTS: Mapping[Role, frozenset[Action]] = {
    Role.ANALYST: frozenset({Action.READ, Action.WRITE_RISKS}),
    Role.RISK_MANAGER: frozenset(
        {Action.READ, Action.WRITE_RISKS, Action.ACCEPT_RISKS, Action.MANAGE_SOLUTIONS}
    ),
    Role.EXECUTIVE: frozenset({Action.READ}),
    Role.ADMIN: frozenset(
        {Action.READ, Action.MANAGE_DIVISIONS, Action.MANAGE_MODELS, Action.MANAGE_ACCESS}
    ),
}
EVERYWHERE = frozenset({Role.EXECUTIVE, Role.ADMIN})  # roles not bound to their divisions


class Memberships(Protocol):
    """Where a service looks up the divisions a user works in (its copy of them)."""

    def divisions_of(self, user_id: str) -> frozenset[str]: ...


class Forbidden(DomainError):
    status = 403


def _listed(value: Any) -> list[str]:
    """Claims arrive as lists, or as API Gateway's strings: "[a b]", "a,b" or "a"."""
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    text = str(value or "").strip().strip("[]")
    return [part for part in text.replace(",", " ").split() if part]


@dataclass(frozen=True)
class Caller:
    subject: str
    email: str
    roles: frozenset[Role]
    divisions: frozenset[str]

    @classmethod
    def from_claims(
        cls, claims: Mapping[str, Any], memberships: Memberships | None = None
    ) -> Caller:
        """The caller a verified token names: roles from its groups, divisions from the
        platform's memberships of its subject (looked up only for roles bound to
        divisions; without ``memberships``, none)."""
        known = {role.value for role in Role}
        subject = str(claims.get("sub") or "")
        roles = frozenset(Role(g) for g in _listed(claims.get("cognito:groups")) if g in known)
        bound = bool(roles - EVERYWHERE)
        return cls(
            subject=subject,
            email=str(claims.get("email") or claims.get("cognito:username") or ""),
            roles=roles,
            divisions=(
                memberships.divisions_of(subject)
                if memberships is not None and bound and subject
                else frozenset()
            ),
        )

    def can(self, action: Action) -> bool:
        """Whether any of the caller's roles grants the action somewhere."""
        return any(action in GRANTS[role] for role in self.roles)

    def can_in(self, action: Action, lineage: Iterable[str]) -> bool:
        """Whether the caller may act on something in the division whose lineage (the
        division itself and its ancestors up to the root) is given."""
        roles = [role for role in self.roles if action in GRANTS[role]]
        if any(role in EVERYWHERE for role in roles):
            return True
        return bool(roles) and not self.divisions.isdisjoint(lineage)

    def require(self, action: Action, lineage: Iterable[str] | None = None) -> None:
        allowed = self.can(action) if lineage is None else self.can_in(action, lineage)
        if not allowed:
            raise Forbidden(f"you may not {action.value} here")

    @property
    def sees_everything(self) -> bool:
        return any(role in EVERYWHERE for role in self.roles)

    def readable_roots(self) -> frozenset[str] | None:
        """The divisions whose subtrees the caller may read; None means all of them.
        A caller whose roles read nothing is refused (403), in every list of every API."""
        self.require(Action.READ)
        return None if self.sees_everything else self.divisions
