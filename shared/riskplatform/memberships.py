"""Division memberships: the divisions a user works in, which the platform owns (ADR 50).

Admins grant and revoke them through risk-intake's API; risk-intake keeps them and
publishes ``MembershipGranted`` and ``MembershipRevoked``, each carrying the user's whole
set of memberships after the change and the user's access version, so that every other
service keeps its copy by replacing what it holds with anything newer, in any delivery
order. A user is their Cognito ``sub``. Pure Python.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from riskplatform.access import Memberships
from riskplatform.events import AggregateRef, DomainEvent, Envelope, source
from riskplatform.timestamps import iso, parse

PRODUCER = source("risk-intake")


class MembershipState(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    division_id: str
    granted_by: str
    granted_at: str


class MembershipChanged(DomainEvent):
    """A user's memberships after one was granted or revoked."""

    user_id: str
    email: str
    division_id: str  # the division granted or revoked
    actor: str
    memberships: tuple[MembershipState, ...]
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.user_id, self.version, self.division_id)


class MembershipGranted(MembershipChanged):
    detail_type: ClassVar[str] = "MembershipGranted"


class MembershipRevoked(MembershipChanged):
    detail_type: ClassVar[str] = "MembershipRevoked"


EVENTS: dict[str, type[MembershipChanged]] = {
    MembershipGranted.detail_type: MembershipGranted,
    MembershipRevoked.detail_type: MembershipRevoked,
}


@dataclass(frozen=True)
class Membership:
    division_id: str
    granted_by: str
    granted_at: datetime


@dataclass
class UserAccess:
    """One user's memberships, versioned: each grant or revoke is one version."""

    user_id: str
    email: str
    version: int = 0
    memberships: dict[str, Membership] = field(default_factory=dict)
    events: list[DomainEvent] = field(default_factory=list)

    @property
    def divisions(self) -> frozenset[str]:
        return frozenset(self.memberships)

    def grant(self, division_id: str, actor: str, at: datetime) -> bool:
        """False when the user already works in the division (nothing changes)."""
        if division_id in self.memberships:
            return False
        self.memberships[division_id] = Membership(division_id, actor, at)
        self._changed(MembershipGranted, division_id, actor)
        return True

    def revoke(self, division_id: str, actor: str) -> bool:
        """False when the user does not work in the division."""
        if self.memberships.pop(division_id, None) is None:
            return False
        self._changed(MembershipRevoked, division_id, actor)
        return True

    def _changed(self, kind: type[MembershipChanged], division_id: str, actor: str) -> None:
        self.version += 1
        self.events.append(
            kind(
                user_id=self.user_id,
                email=self.email,
                division_id=division_id,
                actor=actor,
                memberships=tuple(
                    MembershipState(
                        division_id=m.division_id,
                        granted_by=m.granted_by,
                        granted_at=iso(m.granted_at),
                    )
                    for m in sorted(self.memberships.values(), key=lambda m: m.division_id)
                ),
                version=self.version,
            )
        )

    @classmethod
    def from_event(cls, envelope: Envelope) -> UserAccess:
        """The user's access as a membership event states it."""
        event = EVENTS[envelope.detail_type].model_validate(envelope.data)
        return cls(
            user_id=event.user_id,
            email=event.email,
            version=event.version,
            memberships={
                m.division_id: Membership(
                    m.division_id,
                    m.granted_by,
                    parse(m.granted_at),
                )
                for m in event.memberships
            },
        )


def is_membership_event(envelope: Envelope) -> bool:
    return envelope.source == PRODUCER and envelope.detail_type in EVENTS


class CachedMemberships:
    """A short-lived copy of each user's divisions, per execution environment: a revoked
    membership stops working within ``ttl_seconds`` of the service's store learning of it."""

    TTL_SECONDS = 10.0

    def __init__(
        self,
        source: Memberships,
        ttl_seconds: float = TTL_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.source = source
        self.ttl = ttl_seconds
        self.clock = clock
        self._held: dict[str, tuple[float, frozenset[str]]] = {}

    def divisions_of(self, user_id: str) -> frozenset[str]:
        now = self.clock()
        held = self._held.get(user_id)
        if held is not None and now - held[0] < self.ttl:
            return held[1]
        divisions = self.source.divisions_of(user_id)
        self._held[user_id] = (now, divisions)
        return divisions

    def forget(self, user_id: str) -> None:
        """Read the user's divisions afresh next time (their memberships just changed)."""
        self._held.pop(user_id, None)
