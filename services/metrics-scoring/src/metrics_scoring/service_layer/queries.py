"""Reading scores. A caller sees a risk's score only where riskplatform.access lets them
READ in the risk's division lineage (as metrics-scoring knows the division tree)."""

from __future__ import annotations

from datetime import date

from metrics_scoring.domain.model import RiskScore
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import NotFound


def get_score(risk_id: str, caller: Caller, uow: UnitOfWork) -> tuple[RiskScore, list[RiskScore]]:
    """A risk's score and every score it had, newest first."""
    with uow:
        score = uow.scores.get(risk_id)
        if score is None or score.result is None:
            raise NotFound("this risk has no score", field="risk_id", location="path")
        caller.require(Action.READ, uow.inputs.division_tree().lineage(score.result.division_id))
        return score, uow.scores.history(risk_id)


def list_scores(
    caller: Caller,
    uow: UnitOfWork,
    today: date,
    *,
    review_overdue: bool = False,
    appetite_status: str | None = None,
    division_id: str | None = None,
    after: str = "",
    limit: int = 100,
) -> list[RiskScore]:
    """Current scores the caller may read, in risk id order after ``after``: those whose
    review is overdue, in an appetite status, or under a division, when asked."""
    caller.require(Action.READ)
    with uow:
        tree = uow.inputs.division_tree()
        roots = caller.readable_roots()
        readable = None if roots is None else frozenset(d for r in roots for d in tree.subtree(r))
        if division_id is not None:
            under = frozenset(tree.subtree(division_id))
            readable = under if readable is None else readable & under
        return uow.scores.search(
            readable, today if review_overdue else None, appetite_status, after, limit
        )
