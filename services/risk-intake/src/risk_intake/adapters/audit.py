"""The audit trail in MySQL: one row per field changed, values as JSON text."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from risk_intake.domain.base import AuditEntry
from riskplatform.timestamps import from_db


class SqlAuditLog:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def add(self, entries: Iterable[AuditEntry]) -> None:
        rows = [
            (
                e.entity_type,
                e.entity_id,
                e.entity_version,
                e.action,
                e.field,
                json.dumps(e.old),
                json.dumps(e.new),
                e.actor,
                e.at,
            )
            for e in entries
        ]
        if rows:
            self.cursor.executemany(
                "INSERT INTO audit_log (entity_type, entity_id, entity_version, action, field,"
                " old_value, new_value, actor, changed_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)",
                rows,
            )

    def of(self, entity_type: str, entity_id: str) -> list[AuditEntry]:
        self.cursor.execute(
            "SELECT * FROM audit_log WHERE entity_type = %s AND entity_id = %s ORDER BY id",
            (entity_type, entity_id),
        )
        return [
            AuditEntry(
                entity_type=row["entity_type"],
                entity_id=row["entity_id"],
                entity_version=row["entity_version"],
                action=row["action"],
                field=row["field"],
                old=json.loads(row["old_value"]),
                new=json.loads(row["new_value"]),
                actor=row["actor"],
                at=from_db(row["changed_at"]),
            )
            for row in self.cursor.fetchall()
        ]
