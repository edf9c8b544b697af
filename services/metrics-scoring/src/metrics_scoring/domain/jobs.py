"""Rescoring many risks at once (a model publish, an appetite change, a division moved, a
solution changed, tests falling due) as a job worked through in batches. Each batch
commits its scores with the job's cursor, so a crash loses or repeats no risk: the next
run resumes after the last committed risk. Pure Python."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from metrics_scoring.domain.events import Cause

JOBS = uuid.UUID("6f1c2a4e-3b5d-4e7f-8a9b-0c1d2e3f4a5b")  # namespace of well-known job ids


@dataclass(frozen=True)
class Scope:
    """Which risks a job rescores; an unset part does not narrow it."""

    divisions: frozenset[str] | None = None
    categories: frozenset[str] | None = None
    solution_id: str | None = None
    expires_by: date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "divisions": sorted(self.divisions) if self.divisions is not None else None,
            "categories": sorted(self.categories) if self.categories is not None else None,
            "solution_id": self.solution_id,
            "expires_by": self.expires_by.isoformat() if self.expires_by else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Scope:
        return cls(
            divisions=frozenset(data["divisions"]) if data.get("divisions") is not None else None,
            categories=(
                frozenset(data["categories"]) if data.get("categories") is not None else None
            ),
            solution_id=data.get("solution_id"),
            expires_by=date.fromisoformat(data["expires_by"]) if data.get("expires_by") else None,
        )


@dataclass
class RescoreJob:
    job_id: str
    scope: Scope
    cause: Cause
    correlation_id: str
    after_risk_id: str  # the cursor: every risk up to this id is done
    rescored: int
    changed: int
    created_at: datetime
    finished_at: datetime | None = None

    @classmethod
    def open(
        cls,
        scope: Scope,
        detail_type: str,
        correlation_id: str,
        now: datetime,
        cause_event_id: str | None = None,
        job_id: str | None = None,
    ) -> RescoreJob:
        """A job caused by a consumed event names it; a job started here is its own cause."""
        job_id = job_id or str(uuid.uuid4())
        cause = Cause(cause_event_id or job_id, detail_type)
        return cls(job_id, scope, cause, correlation_id, "", 0, 0, now)

    @classmethod
    def expiry(cls, today: date, now: datetime) -> RescoreJob:
        """Today's rescore of the risks whose passed tests fell due: one job a day."""
        job_id = str(uuid.uuid5(JOBS, f"expiry:{today.isoformat()}"))
        return cls.open(Scope(expires_by=today), "ControlTestsFellDue", job_id, now, job_id=job_id)

    @property
    def done(self) -> bool:
        return self.finished_at is not None

    def advance(self, last_risk_id: str, rescored: int, changed: int) -> None:
        self.after_risk_id = last_risk_id
        self.rescored += rescored
        self.changed += changed

    def finish(self, now: datetime) -> None:
        self.finished_at = now
