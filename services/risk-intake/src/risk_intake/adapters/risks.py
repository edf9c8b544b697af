"""Risks in MySQL: the row, its tags, its assessments and its links to solutions."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from risk_intake.adapters.rows import (
    RISK_COLUMNS,
    SOLUTION_COLUMNS,
    assessment_of,
    risk_of,
    solution_of,
)
from risk_intake.adapters.sql import LOCKS, Filter, fulltext_terms, order_by, page
from risk_intake.domain.queries import RiskQuery, Sort
from risk_intake.domain.risks import FMEA_FACTORS, IMPACT_DIMENSIONS, Assessment, Risk
from risk_intake.domain.solutions import Solution
from risk_intake.service_layer.unit_of_work import Lock
from riskplatform.db import placeholders
from riskplatform.paging import Page
from riskplatform.unit_of_work import Track

MATCH = "MATCH (r.title, r.description) AGAINST (%s IN BOOLEAN MODE)"
SORTS = {
    "title": "r.title",
    "status": "r.status",
    "category": "r.category",
    "review_due": "r.review_due IS NULL, r.review_due",
    "updated_at": "r.updated_at",
    "captured_at": "r.created_at",
    "relevance": MATCH,
}


class SqlRiskRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, risk: Risk) -> None:
        self.cursor.execute(
            "INSERT INTO risks (id, division_id, title, description, category, owner_email,"
            " status, treatment, review_due, version, created_at, updated_at, accepted_by,"
            " accepted_at, acceptance_rationale, acceptance_expires_on)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                risk.id,
                risk.division_id,
                risk.title,
                risk.description,
                risk.category.value,
                risk.owner_email,
                risk.status.value,
                risk.treatment.value if risk.treatment else None,
                risk.review_due,
                risk.version,
                risk.captured_at,
                risk.updated_at,
                *_acceptance(risk),
            ),
        )
        self._insert_tags(risk)
        self.track(risk)

    def get(self, risk_id: str, *, lock: Lock = None) -> Risk | None:
        self.cursor.execute(
            f"SELECT {RISK_COLUMNS} FROM risks r WHERE r.id = %s{LOCKS[lock]}", (risk_id,)
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        risk = risk_of(row, self._tags([risk_id]).get(risk_id, ()))
        self.cursor.execute("SELECT solution_id FROM risk_solutions WHERE risk_id = %s", (risk_id,))
        risk.solution_ids = {r["solution_id"] for r in self.cursor.fetchall()}
        latest = self.assessments(risk_id, limit=1)
        risk.latest_assessment = latest[0][1] if latest else None
        self.track(risk)
        return risk

    def update(self, risk: Risk) -> None:
        self.cursor.execute(
            "UPDATE risks SET division_id = %s, title = %s, description = %s, category = %s,"
            " owner_email = %s, status = %s, treatment = %s, review_due = %s,"
            " retired_at = IF(%s, COALESCE(retired_at, %s), NULL), version = %s,"
            " updated_at = %s, accepted_by = %s, accepted_at = %s, acceptance_rationale = %s,"
            " acceptance_expires_on = %s WHERE id = %s",
            (
                risk.division_id,
                risk.title,
                risk.description,
                risk.category.value,
                risk.owner_email,
                risk.status.value,
                risk.treatment.value if risk.treatment else None,
                risk.review_due,
                risk.retired,
                risk.updated_at,
                risk.version,
                risk.updated_at,
                *_acceptance(risk),
                risk.id,
            ),
        )
        self.cursor.execute("DELETE FROM risk_tags WHERE risk_id = %s", (risk.id,))
        self._insert_tags(risk)

    def save_assessment(self, risk: Risk, assessment: Assessment) -> None:
        impact = ", ".join(f"impact_{d}" for d in IMPACT_DIMENSIONS)
        fmea = ", ".join(f"fmea_{f}" for f in FMEA_FACTORS)
        values = placeholders([*IMPACT_DIMENSIONS, *FMEA_FACTORS])
        self.cursor.execute(
            f"INSERT INTO assessments (id, risk_id, risk_version, likelihood, {impact}, {fmea},"
            f" assessed_by, assessed_at, justification)"
            f" VALUES (%s, %s, %s, %s, {values}, %s, %s, %s)",
            (
                assessment.id,
                risk.id,
                risk.version,
                assessment.likelihood,
                *(assessment.impact.get(d) for d in IMPACT_DIMENSIONS),
                *((assessment.fmea or {}).get(f) for f in FMEA_FACTORS),
                assessment.assessed_by,
                assessment.assessed_at,
                assessment.justification,
            ),
        )

    def assessments(self, risk_id: str, limit: int | None = None) -> list[tuple[int, Assessment]]:
        self.cursor.execute(
            "SELECT * FROM assessments WHERE risk_id = %s ORDER BY risk_version DESC"
            + (" LIMIT %s" if limit else ""),
            (risk_id, limit) if limit else (risk_id,),
        )
        return [(row["risk_version"], assessment_of(row)) for row in self.cursor.fetchall()]

    def link(self, risk: Risk, solution: Solution, actor: str) -> None:
        self.cursor.execute(
            "INSERT INTO risk_solutions (risk_id, solution_id, linked_at, linked_by)"
            " VALUES (%s, %s, %s, %s)",
            (risk.id, solution.id, risk.updated_at, actor),
        )

    def unlink(self, risk: Risk, solution_id: str) -> None:
        self.cursor.execute(
            "DELETE FROM risk_solutions WHERE risk_id = %s AND solution_id = %s",
            (risk.id, solution_id),
        )

    def solutions_of(self, risk_id: str) -> list[Solution]:
        self.cursor.execute(
            f"SELECT {SOLUTION_COLUMNS} FROM solutions s"
            " JOIN risk_solutions l ON l.solution_id = s.id"
            " WHERE l.risk_id = %s ORDER BY s.title, s.id",
            (risk_id,),
        )
        return [solution_of(row) for row in self.cursor.fetchall()]

    def search(self, query: RiskQuery, within: Collection[str] | None) -> Page[Risk]:
        if within is not None and not within:
            return Page([], 0, query.limit, query.offset)
        where = Filter()
        if within is not None:
            where.any_of("r.division_id", sorted(within))
        where.any_of("r.status", [s.value for s in query.statuses])
        where.any_of("r.category", [c.value for c in query.categories])
        if query.owner_email:
            where.add("r.owner_email = %s", query.owner_email)
        if query.tag:
            where.add(
                "EXISTS (SELECT 1 FROM risk_tags t WHERE t.risk_id = r.id AND t.tag = %s)",
                query.tag,
            )
        if query.planned_review_passed:
            where.add("r.review_due < UTC_DATE() AND r.status <> 'closed'")
        if not query.include_retired:
            where.add("r.retired_at IS NULL")
        terms = fulltext_terms(query.text) if query.text else None
        if terms:
            where.add(MATCH, terms)
        sort = query.sort or (Sort("relevance", True) if terms else Sort("updated_at", True))
        return page(
            self.cursor,
            select=RISK_COLUMNS,
            table="risks r",
            filter=where,
            order=order_by(sort, SORTS, "r.id"),
            order_params=[terms] if sort.field == "relevance" else [],
            limit=query.limit,
            offset=query.offset,
            build=self._with_tags,
        )

    def _with_tags(self, rows: list[dict[str, Any]]) -> list[Risk]:
        tags = self._tags([row["id"] for row in rows])
        return [risk_of(row, tags.get(row["id"], ())) for row in rows]

    def _tags(self, risk_ids: list[str]) -> dict[str, list[str]]:
        if not risk_ids:
            return {}
        self.cursor.execute(
            f"SELECT risk_id, tag FROM risk_tags WHERE risk_id IN ({placeholders(risk_ids)})",
            risk_ids,
        )
        found: dict[str, list[str]] = {}
        for row in self.cursor.fetchall():
            found.setdefault(row["risk_id"], []).append(row["tag"])
        return found

    def _insert_tags(self, risk: Risk) -> None:
        if risk.tags:
            self.cursor.executemany(
                "INSERT INTO risk_tags (risk_id, tag) VALUES (%s, %s)",
                [(risk.id, tag) for tag in risk.tags],
            )


def _acceptance(risk: Risk) -> tuple[Any, ...]:
    """accepted_by, accepted_at, acceptance_rationale, acceptance_expires_on."""
    a = risk.acceptance
    return (a.accepted_by, a.accepted_at, a.rationale, a.expires_on) if a else (None,) * 4
