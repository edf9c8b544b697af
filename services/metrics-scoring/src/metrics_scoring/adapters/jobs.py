"""Rescoring jobs, on the unit of work's cursor."""

from __future__ import annotations

import json
from typing import Any

from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.jobs import RescoreJob, Scope
from riskplatform.timestamps import from_db, to_db


class SqlJobs:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def add(self, job: RescoreJob) -> bool:
        """False when a job with this id exists (today's expiry job, say)."""
        self.cursor.execute(
            "INSERT IGNORE INTO rescore_jobs (job_id, scope, cause_event_id, cause_detail_type,"
            " correlation_id, created_at) VALUES (%s, %s, %s, %s, %s, %s)",
            (
                job.job_id,
                json.dumps(job.scope.to_json()),
                job.cause.event_id,
                job.cause.detail_type,
                job.correlation_id,
                to_db(job.created_at),
            ),
        )
        return bool(self.cursor.rowcount)

    def get(self, job_id: str) -> RescoreJob | None:
        self.cursor.execute(f"{JOB_SELECT} WHERE job_id = %s", (job_id,))
        row = self.cursor.fetchone()
        return _job(row) if row else None

    def lock_unfinished(self, job_id: str) -> RescoreJob | None:
        """The job, locked for this transaction; None when it is finished or another
        transaction is working on it."""
        self.cursor.execute(
            f"{JOB_SELECT} WHERE job_id = %s AND finished_at IS NULL FOR UPDATE SKIP LOCKED",
            (job_id,),
        )
        row = self.cursor.fetchone()
        return _job(row) if row else None

    def unfinished(self) -> list[str]:
        self.cursor.execute(
            "SELECT job_id FROM rescore_jobs WHERE finished_at IS NULL ORDER BY created_at"
        )
        return [row["job_id"] for row in self.cursor.fetchall()]

    def save(self, job: RescoreJob) -> None:
        self.cursor.execute(
            "UPDATE rescore_jobs SET after_risk_id = %s, rescored = %s, changed = %s,"
            " finished_at = %s WHERE job_id = %s",
            (
                job.after_risk_id,
                job.rescored,
                job.changed,
                to_db(job.finished_at) if job.finished_at else None,
                job.job_id,
            ),
        )


JOB_SELECT = (
    "SELECT job_id, scope, cause_event_id, cause_detail_type, correlation_id, after_risk_id,"
    " rescored, changed, created_at, finished_at FROM rescore_jobs"
)


def _job(row: dict[str, Any]) -> RescoreJob:
    return RescoreJob(
        job_id=row["job_id"],
        scope=Scope.from_json(json.loads(row["scope"])),
        cause=Cause(row["cause_event_id"], row["cause_detail_type"]),
        correlation_id=row["correlation_id"],
        after_risk_id=row["after_risk_id"],
        rescored=row["rescored"],
        changed=row["changed"],
        created_at=from_db(row["created_at"]),
        finished_at=from_db(row["finished_at"]),
    )
