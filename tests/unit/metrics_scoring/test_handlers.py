"""The scoring use cases on an in-memory unit of work."""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from metrics_scoring.domain.events import RiskScored
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.domain.scoring import ScoringModel
from metrics_scoring.service_layer import handlers
from riskplatform.contracts import default_contracts
from riskplatform.errors import NotFound
from riskplatform.events import DomainEvent, Envelope, MessageContext
from tests.unit.metrics_scoring.factories import assessed, default_model


class FakeModels:
    def __init__(self, model: ScoringModel) -> None:
        self.model = model

    def latest(self, model_id: str) -> ScoringModel:
        assert model_id == self.model.model_id
        return self.model


class FakeScores:
    def __init__(self) -> None:
        self.current: dict[str, RiskScore] = {}
        self.rows: list[RiskScore] = []

    def add(self, score: RiskScore) -> None:
        self.save(score)

    def get(self, risk_id: str, *, for_update: bool = False) -> RiskScore | None:
        return self.current.get(risk_id)

    def save(self, score: RiskScore) -> None:
        self.current[score.risk_id] = score
        self.rows.append(dataclasses.replace(score, events=[]))

    def history(self, risk_id: str) -> list[RiskScore]:
        return sorted(
            (row for row in self.rows if row.risk_id == risk_id),
            key=lambda row: -row.score_version,
        )


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.models = FakeModels(default_model())
        self.scores = FakeScores()
        self.inbox: set[str] = set()
        self.published: list[DomainEvent] = []
        self._claimed: list[str] = []
        self.context = MessageContext.new()

    def __enter__(self) -> FakeUnitOfWork:
        self._claimed = []
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def claim(self, envelope: Envelope) -> bool:
        if envelope.event_id in self.inbox:
            return False
        self._claimed.append(envelope.event_id)
        return True

    def commit(self) -> None:
        """Keeps the claims; checks each raised event against its contract, as SQL does."""
        self.inbox.update(self._claimed)
        for score in self.scores.current.values():
            for event in score.events:
                wrapped = Envelope.wrap(event, producer="metrics-scoring", context=self.context)
                default_contracts().validate(wrapped.source, wrapped.detail_type, wrapped.detail)
                self.published.append(event)
            score.events.clear()


RISK_ID = str(uuid.uuid4())


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def test_the_first_assessment_gives_score_version_1_and_says_why(uow):
    event = assessed(RISK_ID, 2, likelihood=3, impact={"safety": 1, "supply": 5})
    handlers.score_assessment(event, uow)

    score = uow.scores.current[RISK_ID]
    assert (score.score_version, score.last_input_version) == (1, 2)
    assert (score.inherent.score, score.inherent.level) == (15, "high")
    [scored] = uow.published
    assert isinstance(scored, RiskScored)
    assert scored.cause.event_id == event.event_id
    assert scored.cause.detail_type == "RiskAssessed"
    assert scored.aggregate().version == 1
    assert event.event_id in uow.inbox


def test_a_newer_assessment_rescores_and_increments_the_score_version(uow):
    handlers.score_assessment(assessed(RISK_ID, 2, likelihood=1, impact={"safety": 1}), uow)
    handlers.score_assessment(assessed(RISK_ID, 3, likelihood=5, impact={"safety": 5}), uow)

    score, history = handlers.get_score(RISK_ID, uow)
    assert (score.score_version, score.last_input_version, score.inherent.score) == (2, 3, 25)
    assert [(h.score_version, h.inherent.level) for h in history] == [(2, "critical"), (1, "low")]
    assert [e.score_version for e in uow.published] == [1, 2]


def test_a_redelivered_event_changes_nothing(uow):
    event = assessed(RISK_ID, 2)
    handlers.score_assessment(event, uow)
    handlers.score_assessment(event, uow)

    assert uow.scores.current[RISK_ID].score_version == 1
    assert len(uow.scores.rows) == 1
    assert len(uow.published) == 1


def test_an_older_assessment_arriving_late_is_recorded_but_ignored(uow):
    handlers.score_assessment(assessed(RISK_ID, 3, likelihood=2), uow)
    late = assessed(RISK_ID, 2, likelihood=5)
    handlers.score_assessment(late, uow)

    score = uow.scores.current[RISK_ID]
    assert (score.score_version, score.last_input_version, score.inputs.likelihood) == (1, 3, 2)
    assert len(uow.published) == 1
    assert late.event_id in uow.inbox


def test_a_risk_without_a_score_is_not_found(uow):
    with pytest.raises(NotFound):
        handlers.get_score(RISK_ID, uow)
