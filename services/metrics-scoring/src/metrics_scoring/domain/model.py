"""A risk's score: the latest result computed for it, how often it changed, and why it
last changed. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date, datetime, timedelta

from metrics_scoring.domain.appetite import BREACH
from metrics_scoring.domain.calculation import ScoreOutcome, ScoreResult
from metrics_scoring.domain.events import AppetiteBreached, AppetiteRestored, Cause, RiskScored
from riskplatform.events import DomainEvent
from riskplatform.timestamps import iso

# A score's trend: how its current residual moved since the start of this period (ADR 29).
TREND_PERIOD = timedelta(days=30)
IMPROVING, STABLE, WORSENING = "improving", "stable", "worsening"
TRENDS = (IMPROVING, STABLE, WORSENING)


def movement(residual: int, baseline: int | None) -> str:
    """Worsening when the current residual score is above the one at the start of the
    period (or, for a risk first scored within it, its first one); improving when below."""
    if baseline is None or residual == baseline:
        return STABLE
    return WORSENING if residual > baseline else IMPROVING


@dataclass
class RiskScore:
    risk_id: str
    score_version: int
    result: ScoreResult | None
    cause: Cause | None
    scored_at: datetime | None
    # An AppetiteBreached not yet followed by an AppetiteRestored.
    in_breach: bool = False
    # Read side: the current residual score at the start of the trend period (or the
    # first one, when the risk was first scored within it); None when not read.
    trend_baseline: int | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @classmethod
    def unscored(cls, risk_id: str) -> RiskScore:
        return cls(risk_id, 0, None, None, None)

    @property
    def appetite_status(self) -> str | None:
        appetite = self.result.appetite if self.result else None
        return appetite.status if appetite else None

    @property
    def trend(self) -> str:
        assert self.result is not None
        return movement(self.result.current_residual.score, self.trend_baseline)

    def review_overdue(self, today: date) -> bool:
        """The platform's one meaning of overdue: scoring's next review date has passed,
        for a risk still tracked (not accepted, closed or retired)."""
        return (
            self.result is not None and self.result.tracked and self.result.next_review_due < today
        )

    def update(self, result: ScoreResult, cause: Cause, now: datetime) -> bool:
        """Take a newly computed result. The same result as before changes nothing
        (returns False): a redelivered or irrelevant input gives no new score version."""
        if result == self.result:
            return False
        previous_status = self.appetite_status
        self.result, self.cause, self.scored_at = result, cause, now
        self.score_version += 1
        self.events.append(self._scored(result, cause, now))
        crossed = self._crossed(result)
        if crossed is not None:
            self.events.append(self._crossing(crossed, result, previous_status, cause, now))
        return True

    def _crossed(self, result: ScoreResult) -> type[AppetiteBreached] | None:
        """A breach begins when the current residual goes above the tolerance, and ends
        only once it is back within the appetite, by the hysteresis band (so a value
        going to and fro around a threshold does not flap). While the risk is not
        tracked (accepted, closed, retired) or no appetite applies to it, nothing is
        announced either way and a breach stays open: there is nothing to be within."""
        appetite = result.appetite
        if appetite is None or not result.tracked:
            return None
        if not self.in_breach and appetite.status == BREACH:
            self.in_breach = True
            return AppetiteBreached
        if self.in_breach and appetite.restores(result.current_residual.score):
            self.in_breach = False
            return AppetiteRestored
        return None

    def _scored(self, result: ScoreResult, cause: Cause, now: datetime) -> RiskScored:
        outcome = {f.name: getattr(result, f.name) for f in fields(ScoreOutcome)}
        return RiskScored.model_validate(
            outcome
            | {
                "risk_id": self.risk_id,
                "score_version": self.score_version,
                "inputs": result.inputs,
                "cause": cause,
                "scored_at": iso(now),
                "risk_status": result.status,
                "retired": result.retired,
                "tracked": result.tracked,
                "flags": list(result.flags),
                "acceptance": result.acceptance,
            }
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
