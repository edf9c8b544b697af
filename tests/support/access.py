"""Signing in, for tests: the claims API Gateway's Cognito authorizer passes to a
function, and the memberships that give a user their divisions (ADR 50), granted in a
service's store as risk-intake would or delivered to it as the event that carries them."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from riskplatform.access_store import SqlUserAccess
from riskplatform.db import Database
from riskplatform.events import Envelope, MessageContext
from riskplatform.memberships import UserAccess

GRANTED_BY = "admin@example.com"


def claims(role: str | None, *, email: str | None = None) -> dict[str, str]:
    """A signed-in user's claims, in the authorizer's string format: a new user each time."""
    return {
        "sub": str(uuid.uuid4()),
        "email": email or f"{role or 'nobody'}@example.com",
        "cognito:groups": f"[{role}]" if role else "",
    }


def access(who: dict[str, str], *divisions: str) -> UserAccess:
    """The user's access after an admin granted them each division in turn."""
    granted = UserAccess(who["sub"], who["email"])
    for division in divisions:
        granted.grant(division, GRANTED_BY, datetime.now(UTC))
    return granted


def grant(db: Database, who: dict[str, str], *divisions: str) -> None:
    """Record in risk-intake's store that the user works in these divisions."""
    connection = db.connection()
    with connection.cursor() as cursor:
        SqlUserAccess(cursor).save(access(who, *divisions))
    connection.commit()


def membership_envelope(who: dict[str, str], *divisions: str) -> Envelope:
    """The last MembershipGranted of granting the user these divisions: it carries them all."""
    event = access(who, *divisions).events[-1]
    return Envelope.wrap(event, producer="risk-intake", context=MessageContext.new())


def membership_event(who: dict[str, str], *divisions: str) -> dict[str, Any]:
    """That event as SQS delivers it from EventBridge."""
    sent = membership_envelope(who, *divisions)
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": sent.detail_type,
        "source": sent.source,
        "account": "000000000000",
        "time": datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z"),
        "region": "us-east-1",
        "resources": [],
        "detail": sent.detail,
    }
