"""A risk's score: the latest result computed for it, how often it changed, and why it
last changed. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from metrics_scoring.domain.appetite import BREACH
from metrics_scoring.domain.calculation import ScoreResult
from metrics_scoring.domain.events import AppetiteBreached, AppetiteRestored, Cause, RiskScored
from riskplatform.events import DomainEvent


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class RiskScore:
    risk_id: str
    score_version: int
    result: ScoreResult | None
    cause: Cause | None
    scored_at: datetime | None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def unscored(cls, risk_id: str) -> RiskScore:
        return cls(risk_id, 0, None, None, None)

    @property
    def appetite_status(self) -> str | None:
        appetite = self.result.appetite if self.result else None
        return appetite.status if appetite else None

    def review_overdue(self, today: date) -> bool:
        return self.result is not None and self.result.next_review_due < today

    def update(self, result: ScoreResult, cause: Cause, now: datetime) -> bool:
        """Take a newly computed result. The same result as before changes nothing
        (returns False): a redelivered or irrelevant input gives no new score version."""
        if result == self.result:
            return False
        previous_status = self.appetite_status
        self.result, self.cause, self.scored_at = result, cause, now
        self.score_version += 1
        self.events.append(self._scored(result, cause, now))
        status = self.appetite_status
        if (status == BREACH) != (previous_status == BREACH):
            crossed = AppetiteBreached if status == BREACH else AppetiteRestored
            self.events.append(self._crossing(crossed, result, previous_status, cause, now))
        return True

    def _scored(self, result: ScoreResult, cause: Cause, now: datetime) -> RiskScored:
        return RiskScored(
            risk_id=self.risk_id,
            division_id=result.division_id,
            category=result.category,
            score_version=self.score_version,
            model=result.model,
            inherent=result.inherent,
            current_residual=result.current_residual,
            target_residual=result.target_residual,
            fmea=result.fmea,
            appetite=result.appetite,
            next_review_due=result.next_review_due,
            inputs=result.inputs,
            cause=cause,
            scored_at=iso(now),
        )

    def _crossing(
        self,
        crossed: type[AppetiteBreached],
        result: ScoreResult,
        previous_status: str | None,
        cause: Cause,
        now: datetime,
    ) -> AppetiteBreached:
        appetite = result.appetite
        return crossed(
            risk_id=self.risk_id,
            division_id=result.division_id,
            category=result.category,
            score_version=self.score_version,
            residual_score=result.current_residual.score,
            status=appetite.status if appetite else None,
            previous_status=previous_status,
            appetite=appetite.appetite if appetite else None,
            tolerance=appetite.tolerance if appetite else None,
            appetite_division_id=appetite.division_id if appetite else None,
            cause=cause,
            scored_at=iso(now),
        )
