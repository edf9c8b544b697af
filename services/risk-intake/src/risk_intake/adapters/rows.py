"""Rows of the register's tables mapped to the domain's objects."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from risk_intake.domain.risks import (
    FMEA_FACTORS,
    IMPACT_DIMENSIONS,
    Acceptance,
    Assessment,
    Category,
    Risk,
    RiskStatus,
    Treatment,
)
from risk_intake.domain.solutions import Solution, SolutionKind, SolutionStatus, TestOutcome
from riskplatform.timestamps import from_db

RISK_COLUMNS = (
    "r.id, r.division_id, r.title, r.description, r.category, r.owner_email, r.status,"
    " r.treatment, r.review_due, r.retired_at, r.version, r.created_at, r.updated_at,"
    " r.accepted_by, r.accepted_at, r.acceptance_rationale, r.acceptance_expires_on"
)
SOLUTION_COLUMNS = (
    "s.id, s.division_id, s.title, s.description, s.kind, s.status, s.design_effectiveness,"
    " s.test_result, s.tested_on, s.next_test_due, s.owner_email, s.cost, s.due_date, s.version"
)


def risk_of(row: dict[str, Any], tags: Collection[str] = ()) -> Risk:
    return Risk(
        id=row["id"],
        version=row["version"],
        division_id=row["division_id"],
        title=row["title"],
        description=row["description"],
        category=Category(row["category"]),
        owner_email=row["owner_email"],
        status=RiskStatus(row["status"]),
        treatment=Treatment(row["treatment"]) if row["treatment"] else None,
        review_due=row["review_due"],
        tags=tuple(sorted(tags)),
        captured_at=from_db(row["created_at"]),
        updated_at=from_db(row["updated_at"]),
        retired=row["retired_at"] is not None,
        acceptance=(
            Acceptance(
                row["accepted_by"],
                from_db(row["accepted_at"]),
                row["acceptance_rationale"],
                row["acceptance_expires_on"],
            )
            if row["accepted_at"] is not None
            else None
        ),
    )


def solution_of(row: dict[str, Any]) -> Solution:
    return Solution(
        id=row["id"],
        version=row["version"],
        division_id=row["division_id"],
        title=row["title"],
        description=row["description"],
        kind=SolutionKind(row["kind"]),
        status=SolutionStatus(row["status"]),
        design_effectiveness=row["design_effectiveness"],
        test_result=TestOutcome(row["test_result"]) if row["test_result"] else None,
        tested_on=row["tested_on"],
        next_test_due=row["next_test_due"],
        owner_email=row["owner_email"],
        cost=row["cost"],
        due_date=row["due_date"],
    )


def assessment_of(row: dict[str, Any]) -> Assessment:
    fmea = {f: row[f"fmea_{f}"] for f in FMEA_FACTORS if row[f"fmea_{f}"] is not None}
    return Assessment(
        id=row["id"],
        likelihood=row["likelihood"],
        impact={d: row[f"impact_{d}"] for d in IMPACT_DIMENSIONS if row[f"impact_{d}"]},
        assessed_by=row["assessed_by"],
        assessed_at=from_db(row["assessed_at"]),
        justification=row["justification"],
        fmea=fmea or None,
    )
