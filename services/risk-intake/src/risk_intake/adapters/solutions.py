"""Solutions in MySQL."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from risk_intake.adapters.rows import RISK_COLUMNS, SOLUTION_COLUMNS, risk_of, solution_of
from risk_intake.adapters.sql import LOCKS, Filter, fulltext_terms, order_by, page
from risk_intake.domain.queries import SolutionQuery, Sort
from risk_intake.domain.risks import Risk
from risk_intake.domain.solutions import Solution
from risk_intake.service_layer.unit_of_work import Lock
from riskplatform.paging import Page
from riskplatform.unit_of_work import Track

MATCH = "MATCH (s.title, s.description) AGAINST (%s IN BOOLEAN MODE)"
SORTS = {
    "title": "s.title",
    "status": "s.status",
    "kind": "s.kind",
    "design_effectiveness": "s.design_effectiveness",
    "next_test_due": "s.next_test_due IS NULL, s.next_test_due",
    "due_date": "s.due_date IS NULL, s.due_date",
    "updated_at": "s.updated_at",
    "relevance": MATCH,
}


class SqlSolutionRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, solution: Solution) -> None:
        self.cursor.execute(
            "INSERT INTO solutions (id, division_id, title, description, kind, status,"
            " design_effectiveness, test_result, tested_on, next_test_due, owner_email, cost,"
            " due_date, version, created_at, updated_at) VALUES (%s, %s, %s, %s, %s, %s, %s,"
            " %s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
            (solution.id, solution.division_id, *self._fields(solution), solution.version),
        )
        self.track(solution)

    def get(self, solution_id: str, *, lock: Lock = None) -> Solution | None:
        self.cursor.execute(
            f"SELECT {SOLUTION_COLUMNS} FROM solutions s WHERE s.id = %s{LOCKS[lock]}",
            (solution_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        solution = solution_of(row)
        self.track(solution)
        return solution

    def update(self, solution: Solution) -> None:
        self.cursor.execute(
            "UPDATE solutions SET title = %s, description = %s, kind = %s, status = %s,"
            " design_effectiveness = %s, test_result = %s, tested_on = %s, next_test_due = %s,"
            " owner_email = %s, cost = %s, due_date = %s, version = %s,"
            " updated_at = UTC_TIMESTAMP(6) WHERE id = %s",
            (*self._fields(solution), solution.version, solution.id),
        )

    def risks_of(self, solution_id: str) -> list[Risk]:
        self.cursor.execute(
            f"SELECT {RISK_COLUMNS} FROM risks r JOIN risk_solutions l ON l.risk_id = r.id"
            " WHERE l.solution_id = %s ORDER BY r.title, r.id",
            (solution_id,),
        )
        return [risk_of(row) for row in self.cursor.fetchall()]

    def search(self, query: SolutionQuery, within: Collection[str] | None) -> Page[Solution]:
        if within is not None and not within:
            return Page([], 0, query.limit, query.offset)
        where = Filter()
        if within is not None:
            where.any_of("s.division_id", sorted(within))
        where.any_of("s.status", [s.value for s in query.statuses])
        where.any_of("s.kind", [k.value for k in query.kinds])
        if query.owner_email:
            where.add("s.owner_email = %s", query.owner_email)
        if query.test_overdue:
            where.add("s.next_test_due < UTC_DATE() AND s.status <> 'retired'")
        terms = fulltext_terms(query.text) if query.text else None
        if terms:
            where.add(MATCH, terms)
        sort = query.sort or (Sort("relevance", True) if terms else Sort("updated_at", True))
        return page(
            self.cursor,
            select=SOLUTION_COLUMNS,
            table="solutions s",
            filter=where,
            order=order_by(sort, SORTS, "s.id"),
            order_params=[terms] if sort.field == "relevance" else [],
            limit=query.limit,
            offset=query.offset,
            build=lambda rows: [solution_of(row) for row in rows],
        )

    @staticmethod
    def _fields(solution: Solution) -> tuple[Any, ...]:
        return (
            solution.title,
            solution.description,
            solution.kind.value,
            solution.status.value,
            solution.design_effectiveness,
            solution.test_result.value if solution.test_result else None,
            solution.tested_on,
            solution.next_test_due,
            solution.owner_email,
            solution.cost,
            solution.due_date,
        )
