"""The division tree in MySQL: lineage and subtrees by recursive CTE."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import pymysql

from risk_intake.adapters.sql import LOCKS, Filter, like_pattern, order_by, page
from risk_intake.domain.divisions import Division
from risk_intake.domain.queries import DivisionQuery
from risk_intake.service_layer.unit_of_work import Lock
from riskplatform.db import placeholders
from riskplatform.errors import Conflict
from riskplatform.paging import Page
from riskplatform.unit_of_work import Track

DUPLICATE_KEY = 1062
COLUMNS = "id, code, name, parent_id, version, retired_at"
SORTS = {"name": "name", "code": "code", "updated_at": "updated_at"}


class SqlDivisionRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, division: Division) -> None:
        try:
            self.cursor.execute(
                "INSERT INTO divisions (id, code, name, parent_id, version, created_at,"
                " updated_at) VALUES (%s, %s, %s, %s, %s, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
                (division.id, division.code, division.name, division.parent_id, division.version),
            )
        except pymysql.err.IntegrityError as error:
            if error.args[0] == DUPLICATE_KEY:  # a concurrent request took the code first
                raise Conflict(
                    f"division code {division.code!r} is already in use", field="code"
                ) from error
            raise
        self.track(division)

    def get(self, division_id: str, *, lock: Lock = None) -> Division | None:
        return self._one("id = %s", division_id, lock)

    def get_by_code(self, code: str, *, lock: Lock = None) -> Division | None:
        return self._one("code = %s", code, lock)

    def update(self, division: Division) -> None:
        self.cursor.execute(
            "UPDATE divisions SET name = %s, parent_id = %s, version = %s,"
            " retired_at = IF(%s, COALESCE(retired_at, UTC_TIMESTAMP(6)), NULL),"
            " updated_at = UTC_TIMESTAMP(6) WHERE id = %s",
            (division.name, division.parent_id, division.version, division.retired, division.id),
        )

    def code_taken(self, code: str) -> bool:
        self.cursor.execute("SELECT 1 FROM divisions WHERE code = %s", (code,))
        return self.cursor.fetchone() is not None

    def lineage(self, division_id: str, *, lock: bool = False) -> list[str]:
        """The division and its ancestors, nearest first. ``lock`` walks up with locking
        reads, which see the latest committed tree and hold it until commit: two moves
        at once can then not build a cycle between them."""
        if lock:
            return self._locked_lineage(division_id)
        self.cursor.execute(
            "WITH RECURSIVE up (id, parent_id, depth) AS ("
            " SELECT id, parent_id, 0 FROM divisions WHERE id = %s"
            " UNION ALL"
            " SELECT d.id, d.parent_id, up.depth + 1 FROM divisions d"
            " JOIN up ON d.id = up.parent_id)"
            " SELECT id FROM up ORDER BY depth",
            (division_id,),
        )
        return [row["id"] for row in self.cursor.fetchall()]

    def subtree(self, roots: Collection[str]) -> set[str]:
        if not roots:
            return set()
        self.cursor.execute(
            "WITH RECURSIVE down (id) AS ("
            f" SELECT id FROM divisions WHERE id IN ({placeholders(roots)})"
            " UNION"
            " SELECT d.id FROM divisions d JOIN down ON d.parent_id = down.id)"
            " SELECT id FROM down",
            list(roots),
        )
        return {row["id"] for row in self.cursor.fetchall()}

    def active_children(self, division_id: str) -> int:
        self.cursor.execute(
            "SELECT COUNT(*) AS n FROM divisions WHERE parent_id = %s AND retired_at IS NULL"
            " LOCK IN SHARE MODE",
            (division_id,),
        )
        return int(self.cursor.fetchone()["n"])

    def live_risks(self, division_id: str) -> int:
        self.cursor.execute(
            "SELECT COUNT(*) AS n FROM risks WHERE division_id = %s AND retired_at IS NULL"
            " AND status <> 'closed' LOCK IN SHARE MODE",
            (division_id,),
        )
        return int(self.cursor.fetchone()["n"])

    def search(self, query: DivisionQuery, within: Collection[str] | None) -> Page[Division]:
        if within is not None and not within:
            return Page([], 0, query.limit, query.offset)
        where = Filter()
        if within is not None:
            where.any_of("id", sorted(within))
        if not query.include_retired:
            where.add("retired_at IS NULL")
        if query.text:
            pattern = like_pattern(query.text)
            where.add("(name LIKE %s OR code LIKE %s)", pattern, pattern)
        return page(
            self.cursor,
            select=COLUMNS,
            table="divisions",
            filter=where,
            order=order_by(query.sort, SORTS, "id"),
            limit=query.limit,
            offset=query.offset,
            build=lambda rows: [self._division(row) for row in rows],
        )

    def _one(self, condition: str, value: str, lock: Lock) -> Division | None:
        self.cursor.execute(
            f"SELECT {COLUMNS} FROM divisions WHERE {condition}{LOCKS[lock]}", (value,)
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        division = self._division(row)
        self.track(division)
        return division

    def _locked_lineage(self, division_id: str) -> list[str]:
        lineage: list[str] = []
        current: str | None = division_id
        while current is not None and current not in lineage:
            self.cursor.execute(
                "SELECT parent_id FROM divisions WHERE id = %s FOR UPDATE", (current,)
            )
            row = self.cursor.fetchone()
            if row is None:
                break
            lineage.append(current)
            current = row["parent_id"]
        return lineage

    @staticmethod
    def _division(row: dict[str, Any]) -> Division:
        return Division(
            id=row["id"],
            code=row["code"],
            name=row["name"],
            parent_id=row["parent_id"],
            version=row["version"],
            retired=row["retired_at"] is not None,
        )
