"""The inputs a risk is scored from: metrics-scoring's projections of the other services'
events (risks, assessments, solutions, divisions). They run on the unit of work's cursor.

Projections are upserted version-gated (ADR 6): a column group takes the incoming values
only when their version is newer than the stored one, and its version column is assigned
last."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date
from typing import Any

from metrics_scoring.domain.calculation import (
    Acceptance,
    Assessment,
    FmeaRatings,
    RiskFacts,
)
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.jobs import Scope
from metrics_scoring.domain.kri import KriStatus
from riskplatform.db import placeholders
from riskplatform.timestamps import from_db, parse, to_db


class SqlInputs:
    """What scores depend on, as risk-intake's events told it."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def record_division(self, division_id: str, parent_id: str | None, version: int) -> bool:
        self.cursor.execute(
            "INSERT INTO divisions (division_id, parent_id, version) VALUES (%s, %s, %s)"
            " ON DUPLICATE KEY UPDATE"
            " parent_id = IF(VALUES(version) > version, VALUES(parent_id), parent_id),"
            " version = GREATEST(version, VALUES(version))",
            (division_id, parent_id, version),
        )
        return bool(self.cursor.rowcount)

    def division_tree(self) -> DivisionTree:
        self.cursor.execute("SELECT division_id, parent_id FROM divisions")
        return DivisionTree(
            {row["division_id"]: row["parent_id"] for row in self.cursor.fetchall()}
        )

    def record_risk(
        self,
        risk_id: str,
        division_id: str,
        version: int,
        category: str | None = None,
        *,
        status: str | None = None,
        retired: bool = False,
        acceptance: Mapping[str, Any] | None = None,
    ) -> None:
        """The risk's division as of ``version``; and, from an event with the whole risk
        state (one with a category), its category, status, retired flag and acceptance."""
        self.cursor.execute(
            "INSERT INTO risks (risk_id, division_id, division_version, category,"
            " status, retired, acceptance, category_version)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON DUPLICATE KEY UPDATE"
            " division_id = IF(VALUES(division_version) > division_version,"
            "  VALUES(division_id), division_id),"
            " division_version = GREATEST(division_version, VALUES(division_version)),"
            " category = IF(VALUES(category_version) > category_version,"
            "  VALUES(category), category),"
            " status = IF(VALUES(category_version) > category_version, VALUES(status), status),"
            " retired = IF(VALUES(category_version) > category_version,"
            "  VALUES(retired), retired),"
            " acceptance = IF(VALUES(category_version) > category_version,"
            "  VALUES(acceptance), acceptance),"
            " category_version = GREATEST(category_version, VALUES(category_version))",
            (
                risk_id,
                division_id,
                version,
                category,
                status if category else None,
                retired if category else False,
                json.dumps(dict(acceptance)) if category and acceptance else None,
                version if category else 0,
            ),
        )

    def record_assessment(self, risk_id: str, division_id: str, assessment: Assessment) -> None:
        self.record_risk(risk_id, division_id, assessment.risk_version)
        fmea = assessment.fmea
        self.cursor.execute(
            "UPDATE risks SET"
            " assessment_id = IF(%s > assessment_version, %s, assessment_id),"
            " likelihood = IF(%s > assessment_version, %s, likelihood),"
            " impact_ratings = IF(%s > assessment_version, %s, impact_ratings),"
            " fmea = IF(%s > assessment_version, %s, fmea),"
            " assessed_at = IF(%s > assessment_version, %s, assessed_at),"
            " assessment_version = GREATEST(assessment_version, %s)"
            " WHERE risk_id = %s",
            (
                *(assessment.risk_version, assessment.assessment_id),
                *(assessment.risk_version, assessment.likelihood),
                *(assessment.risk_version, json.dumps(dict(assessment.impact))),
                *(assessment.risk_version, json.dumps(asdict(fmea)) if fmea else None),
                *(assessment.risk_version, to_db(assessment.assessed_at)),
                assessment.risk_version,
                risk_id,
            ),
        )

    def record_link(
        self, risk_id: str, solution_id: str, division_id: str, risk_version: int, linked: bool
    ) -> None:
        self.record_risk(risk_id, division_id, risk_version)
        self.cursor.execute(
            "INSERT INTO risk_solutions (risk_id, solution_id, linked, risk_version)"
            " VALUES (%s, %s, %s, %s) ON DUPLICATE KEY UPDATE"
            " linked = IF(VALUES(risk_version) > risk_version, VALUES(linked), linked),"
            " risk_version = GREATEST(risk_version, VALUES(risk_version))",
            (risk_id, solution_id, linked, risk_version),
        )

    def record_solution(self, solution: Solution, version: int) -> bool:
        fields = ("title", "kind", "status", "design_effectiveness", "test_result", "next_test_due")
        gated = ", ".join(f"{f} = IF(VALUES(version) > version, VALUES({f}), {f})" for f in fields)
        values = (
            solution.solution_id,
            solution.title,
            solution.kind,
            solution.status,
            solution.design_effectiveness,
            solution.test_result,
            solution.next_test_due,
            version,
        )
        self.cursor.execute(
            f"INSERT INTO solutions (solution_id, {', '.join(fields)}, version)"
            f" VALUES ({placeholders(values)}) ON DUPLICATE KEY UPDATE {gated},"
            " version = GREATEST(version, VALUES(version))",
            values,
        )
        return bool(self.cursor.rowcount)

    def division_of(self, risk_id: str) -> str | None:
        """The division of a risk heard of, else None."""
        self.cursor.execute("SELECT division_id FROM risks WHERE risk_id = %s", (risk_id,))
        row = self.cursor.fetchone()
        return row["division_id"] if row else None

    def facts(self, risk_ids: Sequence[str]) -> dict[str, RiskFacts]:
        """What is known of these risks, locking them until the transaction ends so that
        each risk is scored by one transaction at a time."""
        if not risk_ids:
            return {}
        ids = sorted(set(risk_ids))
        self.cursor.execute(
            "SELECT risk_id, division_id, category, status, retired, acceptance,"
            " assessment_version,"
            " assessment_id, likelihood, impact_ratings, fmea, assessed_at FROM risks"
            f" WHERE risk_id IN ({placeholders(ids)}) ORDER BY risk_id FOR UPDATE",
            ids,
        )
        risks = self.cursor.fetchall()
        solutions: dict[str, list[Solution]] = {}
        self.cursor.execute(
            "SELECT l.risk_id, s.solution_id, s.title, s.kind, s.status,"
            " s.design_effectiveness, s.test_result, s.next_test_due"
            " FROM risk_solutions l JOIN solutions s ON s.solution_id = l.solution_id"
            f" WHERE l.linked AND l.risk_id IN ({placeholders(ids)})",
            ids,
        )
        for row in self.cursor.fetchall():
            risk_id = row.pop("risk_id")
            solutions.setdefault(risk_id, []).append(Solution(**row))
        kris: dict[str, list[KriStatus]] = {}
        self.cursor.execute(
            "SELECT risk_id, kri_id, name, status, latest_observed_at, stale_after_days,"
            " amber_steps FROM kris"
            f" WHERE status IS NOT NULL AND NOT retired AND risk_id IN ({placeholders(ids)})",
            ids,
        )
        for row in self.cursor.fetchall():
            observed = row["latest_observed_at"]
            kris.setdefault(row["risk_id"], []).append(
                KriStatus(
                    row["kri_id"],
                    row["name"],
                    row["status"],
                    observed.date() if observed else None,
                    row["stale_after_days"],
                    row["amber_steps"],
                )
            )
        return {
            row["risk_id"]: RiskFacts(
                risk_id=row["risk_id"],
                division_id=row["division_id"],
                category=row["category"],
                assessment=_assessment(row),
                solutions=tuple(solutions.get(row["risk_id"], ())),
                kris=tuple(kris.get(row["risk_id"], ())),
                status=row["status"],
                retired=bool(row["retired"]),
                acceptance=_acceptance(row["acceptance"]),
            )
            for row in risks
        }

    def risk_ids(self, scope: Scope, after: str, limit: int) -> list[str]:
        """The next assessed risks in scope after the cursor, in id order."""
        conditions = ["r.risk_id > %s", "r.assessment_version > 0"]
        params: list[Any] = [after]
        for column, allowed in (("division_id", scope.divisions), ("category", scope.categories)):
            if allowed is not None:
                if not allowed:
                    return []
                conditions.append(f"r.{column} IN ({placeholders(list(allowed))})")
                params.extend(sorted(allowed))
        if scope.solution_id is not None:
            conditions.append(
                "r.risk_id IN (SELECT risk_id FROM risk_solutions"
                " WHERE solution_id = %s AND linked)"
            )
            params.append(scope.solution_id)
        if scope.expires_by is not None:
            conditions.append(
                "r.risk_id IN (SELECT risk_id FROM risk_scores WHERE expires_on <= %s)"
            )
            params.append(scope.expires_by)
        self.cursor.execute(
            f"SELECT r.risk_id FROM risks r WHERE {' AND '.join(conditions)}"
            " ORDER BY r.risk_id LIMIT %s",
            [*params, limit],
        )
        return [row["risk_id"] for row in self.cursor.fetchall()]


def _acceptance(stored: str | None) -> Acceptance | None:
    if not stored:
        return None
    given = json.loads(stored)
    return Acceptance(
        accepted_by=given["accepted_by"],
        accepted_at=parse(given["accepted_at"]),
        rationale=given.get("rationale"),
        expires_on=date.fromisoformat(given["expires_on"]),
    )


def _assessment(row: dict[str, Any]) -> Assessment | None:
    if not row["assessment_version"]:
        return None
    fmea = json.loads(row["fmea"]) if row["fmea"] else None
    return Assessment(
        assessment_id=row["assessment_id"],
        risk_version=row["assessment_version"],
        likelihood=row["likelihood"],
        impact=json.loads(row["impact_ratings"]),
        fmea=FmeaRatings(**fmea) if fmea else None,
        assessed_at=from_db(row["assessed_at"]),
    )
