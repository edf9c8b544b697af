"""Division memberships in risk-intake's schema: the kernel's tables, which risk-intake
owns and writes, with the admins' search over them."""

from __future__ import annotations

from risk_intake.adapters.sql import like_pattern
from risk_intake.domain.queries import MembershipQuery
from riskplatform.access_store import SqlUserAccess
from riskplatform.memberships import UserAccess
from riskplatform.paging import Page


class SqlMembershipRepository(SqlUserAccess):
    def search(self, query: MembershipQuery) -> Page[UserAccess]:
        """Users with memberships, by email; ``division_id`` keeps those working there."""
        where, params = (
            ["EXISTS (SELECT 1 FROM access_memberships m WHERE m.user_id = u.user_id"],
            [],
        )
        if query.division_id:
            where[0] += " AND m.division_id = %s"
            params.append(query.division_id)
        where[0] += ")"
        if query.email:
            where.append("u.email LIKE %s")
            params.append(like_pattern(query.email))
        condition = " AND ".join(where)
        self.cursor.execute(f"SELECT COUNT(*) AS n FROM access_users u WHERE {condition}", params)
        total = int(self.cursor.fetchone()["n"])
        self.cursor.execute(
            f"SELECT u.user_id, u.email, u.version FROM access_users u WHERE {condition}"
            " ORDER BY u.email, u.user_id LIMIT %s OFFSET %s",
            [*params, query.limit, query.offset],
        )
        users = list(self.cursor.fetchall())
        memberships = self._memberships_of([u["user_id"] for u in users])
        found = [
            UserAccess(u["user_id"], u["email"], u["version"], memberships.get(u["user_id"], {}))
            for u in users
        ]
        return Page(found, total, query.limit, query.offset)
