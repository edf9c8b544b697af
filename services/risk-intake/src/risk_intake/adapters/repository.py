"""MySQL repositories of risk-intake. They run on the unit of work's cursor."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from risk_intake.domain.model import (
    IMPACT_DIMENSIONS,
    Assessment,
    Category,
    Division,
    Risk,
    RiskStatus,
)

Track = Callable[[Any], None]


def utc(moment: datetime) -> datetime:
    """MySQL DATETIME columns hold UTC without a zone; give it back."""
    return moment.replace(tzinfo=UTC)


class SqlDivisionRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, division: Division) -> None:
        self.cursor.execute(
            "INSERT INTO divisions (id, code, name, parent_id, version, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, UTC_TIMESTAMP(6), UTC_TIMESTAMP(6))",
            (division.id, division.code, division.name, division.parent_id, division.version),
        )
        self.track(division)

    def get(self, division_id: str) -> Division | None:
        self.cursor.execute(
            "SELECT id, code, name, parent_id, version FROM divisions WHERE id = %s",
            (division_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        division = Division(**row)
        self.track(division)
        return division

    def code_taken(self, code: str) -> bool:
        self.cursor.execute("SELECT 1 FROM divisions WHERE code = %s", (code,))
        return self.cursor.fetchone() is not None


class SqlRiskRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, risk: Risk) -> None:
        self.cursor.execute(
            "INSERT INTO risks (id, division_id, title, description, category, owner_email,"
            " status, version, created_at, updated_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                risk.id,
                risk.division_id,
                risk.title,
                risk.description,
                risk.category.value,
                risk.owner_email,
                risk.status.value,
                risk.version,
                risk.captured_at,
                risk.captured_at,
            ),
        )
        self.track(risk)

    def get(self, risk_id: str, *, for_update: bool = False) -> Risk | None:
        lock = " FOR UPDATE" if for_update else ""
        self.cursor.execute(
            "SELECT id, division_id, title, description, category, owner_email, status,"
            f" version, created_at FROM risks WHERE id = %s{lock}",
            (risk_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        risk = Risk(
            id=row["id"],
            division_id=row["division_id"],
            title=row["title"],
            description=row["description"],
            category=Category(row["category"]),
            owner_email=row["owner_email"],
            status=RiskStatus(row["status"]),
            version=row["version"],
            captured_at=utc(row["created_at"]),
            latest_assessment=self._latest_assessment(risk_id),
        )
        self.track(risk)
        return risk

    def save_assessment(self, risk: Risk, assessment: Assessment) -> None:
        columns = ", ".join(f"impact_{d}" for d in IMPACT_DIMENSIONS)
        marks = ", ".join(["%s"] * len(IMPACT_DIMENSIONS))
        self.cursor.execute(
            "INSERT INTO assessments (id, risk_id, risk_version, likelihood,"
            f" {columns}, assessed_by, assessed_at, justification)"
            f" VALUES (%s, %s, %s, %s, {marks}, %s, %s, %s)",
            (
                assessment.id,
                risk.id,
                risk.version,
                assessment.likelihood,
                *(assessment.impact.get(d) for d in IMPACT_DIMENSIONS),
                assessment.assessed_by,
                assessment.assessed_at,
                assessment.justification,
            ),
        )
        self.cursor.execute(
            "UPDATE risks SET version = %s, updated_at = UTC_TIMESTAMP(6) WHERE id = %s",
            (risk.version, risk.id),
        )

    def _latest_assessment(self, risk_id: str) -> Assessment | None:
        self.cursor.execute(
            "SELECT * FROM assessments WHERE risk_id = %s ORDER BY risk_version DESC LIMIT 1",
            (risk_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        return Assessment(
            id=row["id"],
            likelihood=row["likelihood"],
            impact={d: row[f"impact_{d}"] for d in IMPACT_DIMENSIONS if row[f"impact_{d}"]},
            assessed_by=row["assessed_by"],
            assessed_at=utc(row["assessed_at"]),
            justification=row["justification"],
        )
