"""Use cases of metrics-scoring. Each runs in one unit of work: the consumed event's
inbox entry, the state change and the events it raises are committed together."""

from __future__ import annotations

from datetime import UTC, datetime

from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.domain.scoring import DEFAULT_MODEL_ID, Inputs
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.errors import NotFound
from riskplatform.events import Envelope


def score_assessment(assessed: Envelope, uow: UnitOfWork) -> None:
    """Score a risk from a RiskAssessed event: once per event, and never from an
    assessment older than the one already scored."""
    data = assessed.data
    inputs = Inputs(data["assessment_id"], data["version"], data["likelihood"], data["impact"])
    cause = Cause(assessed.event_id, assessed.detail_type)
    with uow:
        if not uow.claim(assessed):
            return
        model = uow.models.latest(DEFAULT_MODEL_ID)
        now = datetime.now(UTC)
        score = uow.scores.get(data["risk_id"], for_update=True)
        if score is None:
            score = RiskScore.first(data["risk_id"], data["division_id"], inputs, model, cause, now)
            uow.scores.add(score)
        elif score.rescore(data["division_id"], inputs, model, cause, now):
            uow.scores.save(score)
        uow.commit()


def get_score(risk_id: str, uow: UnitOfWork) -> tuple[RiskScore, list[RiskScore]]:
    """A risk's score and every score it had, newest first."""
    with uow:
        score = uow.scores.get(risk_id)
        history = uow.scores.history(risk_id)
    if score is None:
        raise NotFound("this risk has no score")
    return score, history
