"""Division memberships in MySQL: the kernel's ``access_users`` and ``access_memberships``
tables, in every service's schema. risk-intake writes them as their owner; the other
services replace their copy from the membership events, version-gated."""

from __future__ import annotations

from typing import Any, Protocol

from riskplatform.db import Database, placeholders
from riskplatform.events import Envelope
from riskplatform.memberships import Membership, UserAccess
from riskplatform.timestamps import from_db, to_db


class SqlUserAccess:
    """Users' memberships on a unit of work's cursor."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def get(self, user_id: str, *, lock: bool = False) -> UserAccess | None:
        self.cursor.execute(
            "SELECT user_id, email, version FROM access_users WHERE user_id = %s"
            + (" FOR UPDATE" if lock else ""),
            (user_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        memberships = self._memberships_of([user_id]).get(user_id, {})
        return UserAccess(row["user_id"], row["email"], row["version"], memberships)

    def _memberships_of(self, user_ids: list[str]) -> dict[str, dict[str, Membership]]:
        """The memberships of these users, in one query: user id -> division id -> it."""
        if not user_ids:
            return {}
        marks = placeholders(user_ids)
        self.cursor.execute(
            "SELECT user_id, division_id, granted_by, granted_at FROM access_memberships"
            f" WHERE user_id IN ({marks})",
            user_ids,
        )
        found: dict[str, dict[str, Membership]] = {}
        for m in self.cursor.fetchall():
            found.setdefault(m["user_id"], {})[m["division_id"]] = Membership(
                m["division_id"], m["granted_by"], from_db(m["granted_at"])
            )
        return found

    def save(self, access: UserAccess) -> None:
        """Write the user's memberships as they are now."""
        self.cursor.execute(
            "INSERT INTO access_users (user_id, email, version, updated_at)"
            " VALUES (%s, %s, %s, UTC_TIMESTAMP(6))"
            " ON DUPLICATE KEY UPDATE email = VALUES(email), version = VALUES(version),"
            " updated_at = VALUES(updated_at)",
            (access.user_id, access.email, access.version),
        )
        self.cursor.execute("DELETE FROM access_memberships WHERE user_id = %s", (access.user_id,))
        if access.memberships:
            self.cursor.executemany(
                "INSERT INTO access_memberships (user_id, division_id, granted_by, granted_at)"
                " VALUES (%s, %s, %s, %s)",
                [
                    (access.user_id, m.division_id, m.granted_by, to_db(m.granted_at))
                    for m in access.memberships.values()
                ],
            )

    def save_if_newer(self, access: UserAccess) -> bool:
        """Replace the copy unless it already has this version or a newer one."""
        held = self.get(access.user_id, lock=True)
        if held is not None and held.version >= access.version:
            return False
        self.save(access)
        return True

    def divisions_of(self, user_id: str) -> frozenset[str]:
        self.cursor.execute(
            "SELECT division_id FROM access_memberships WHERE user_id = %s", (user_id,)
        )
        return frozenset(row["division_id"] for row in self.cursor.fetchall())


class SqlMemberships:
    """The ``Memberships`` port for an API: one short read on the service's connection."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def divisions_of(self, user_id: str) -> frozenset[str]:
        connection = self.db.connection()
        try:
            with connection.cursor() as cursor:
                return SqlUserAccess(cursor).divisions_of(user_id)
        finally:
            connection.rollback()  # end the read's snapshot before the request's own work


class MembershipInbox(Protocol):
    """What keeping the memberships' copy needs of a service's unit of work (a
    ``SqlUnitOfWork`` has it): its inbox and, inside it, its cursor."""

    cursor: Any

    def __enter__(self) -> object: ...
    def __exit__(self, exc_type: object, exc: object, traceback: object, /) -> None: ...
    def claim(self, envelope: Envelope) -> bool: ...
    def commit(self) -> object: ...


def project_membership(envelope: Envelope, uow: MembershipInbox) -> bool:
    """Keep this service's copy of a user's memberships from a membership event, once
    (inbox) and never older than what it holds. False when nothing changed."""
    with uow:
        if not uow.claim(envelope):
            return False
        changed = SqlUserAccess(uow.cursor).save_if_newer(UserAccess.from_event(envelope))
        uow.commit()
    return changed
