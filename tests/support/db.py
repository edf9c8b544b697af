"""SQL on a test schema, for tests that check what a service stored."""

from __future__ import annotations

from typing import Any

from riskplatform.db import Database


def sql(db: Database, statement: str, *params: Any) -> list[dict[str, Any]]:
    """The rows ``statement`` returns, in its own committed transaction."""
    connection = db.connection()
    with connection.cursor() as cursor:
        cursor.execute(statement, params)
        found = list(cursor.fetchall())
    connection.commit()
    return found
