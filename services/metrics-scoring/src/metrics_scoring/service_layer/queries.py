"""Reading scores. A caller sees a risk's score only where riskplatform.access lets them
READ in the risk's division lineage (as metrics-scoring knows the division tree)."""

from __future__ import annotations

from datetime import date, datetime

from metrics_scoring.domain.model import TREND_PERIOD, RiskScore
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import NotFound
from riskplatform.paging import DEFAULT_LIMIT, Page


def get_score(
    risk_id: str, caller: Caller, uow: UnitOfWork, now: datetime | None = None
) -> tuple[RiskScore, list[RiskScore]]:
    """A risk's score (with its trend over the period before ``now``, when given) and
    every score it had, newest first. A score the caller may not read does not exist for
    them (404, ADR 11); a role that reads nothing is refused (403)."""
    caller.require(Action.READ)
    with uow:
        score = uow.scores.get(risk_id, now - TREND_PERIOD if now is not None else None)
        lineage = (
            uow.inputs.division_tree().lineage(score.result.division_id)
            if score is not None and score.result is not None
            else None
        )
        if score is None or lineage is None or not caller.can_in(Action.READ, lineage):
            raise NotFound("this risk has no score", field="risk_id", location="path")
        return score, uow.scores.history(risk_id)


def list_scores(
    caller: Caller,
    uow: UnitOfWork,
    today: date,
    *,
    review_overdue: bool = False,
    appetite_status: str | None = None,
    division_id: str | None = None,
    trend: str | None = None,
    now: datetime | None = None,
    limit: int = DEFAULT_LIMIT,
    offset: int = 0,
) -> Page[RiskScore]:
    """A page of the current scores the caller may read, in risk id order: those whose
    review is overdue, in an appetite status, under a division, or moving the way asked
    (over the trend period before ``now``), when asked."""
    caller.require(Action.READ)
    with uow:
        tree = uow.inputs.division_tree()
        roots = caller.readable_roots()
        readable = None if roots is None else frozenset(d for r in roots for d in tree.subtree(r))
        if division_id is not None:
            under = frozenset(tree.subtree(division_id))
            readable = under if readable is None else readable & under
        items, total = uow.scores.search(
            readable,
            today if review_overdue else None,
            appetite_status,
            limit,
            offset,
            trend_since=now - TREND_PERIOD if now is not None else None,
            trend=trend,
        )
        return Page(items, total, limit, offset)
