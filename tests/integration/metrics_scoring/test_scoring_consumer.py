"""The RiskAssessed consumer against the real MariaDB, called as Lambda calls it."""

from __future__ import annotations

import json
import threading
import uuid

import pymysql
import pytest

from metrics_scoring import bootstrap
from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from metrics_scoring.entrypoints import consumer, sweep
from metrics_scoring.service_layer import handlers
from riskplatform.contracts import default_contracts
from riskplatform.events import Envelope
from riskplatform.wiring import wire
from tests.conftest import RecordingPublisher
from tests.integration.metrics_scoring.support import (
    eventbridge_json,
    seed_default_model,
    sql,
    sqs_event,
)
from tests.unit.metrics_scoring.factories import assessed, default_definition

pytestmark = pytest.mark.integration


def deliver(context, *envelopes: Envelope) -> dict:
    return consumer.handler(sqs_event(*(eventbridge_json(e) for e in envelopes)), context)


def wire_for(db, publisher) -> ScoringUnitOfWork:
    return wire(
        ScoringUnitOfWork, producer="metrics-scoring", settings=db.settings, publisher=publisher
    ).uow()


def scored_events(db) -> list[dict]:
    return sql(db, "SELECT detail, published_at FROM outbox WHERE detail_type = 'RiskScored'")


def test_the_seeded_default_model_is_loaded_as_data(scoring):
    with scoring.uow() as uow:
        model = uow.models.latest("default-5x5")
    assert model.ref.version == 1
    assert [(b.level, b.min, b.max) for b in model.bands] == [
        (band["level"], band["min"], band["max"]) for band in default_definition()["bands"]
    ]


def test_an_assessment_is_scored_recorded_and_announced(scoring, publisher, context):
    risk_id = str(uuid.uuid4())
    event = assessed(risk_id, 2, likelihood=3, impact={"safety": 1, "financial": 4, "supply": 5})

    assert deliver(context, event) == {"batchItemFailures": []}

    [score] = sql(scoring.db, "SELECT * FROM risk_scores WHERE risk_id = %s", risk_id)
    assert (score["score_version"], score["last_input_version"]) == (1, 2)
    assert (score["impact"], score["score"], score["level"]) == (5, 15, "high")
    [history] = sql(scoring.db, "SELECT * FROM score_history WHERE risk_id = %s", risk_id)
    assert (history["score_version"], history["cause_event_id"]) == (1, event.event_id)
    [outbox] = scored_events(scoring.db)
    detail = json.loads(outbox["detail"])
    default_contracts().validate("riskplatform.metrics-scoring", "RiskScored", detail)
    assert detail["data"]["inherent"] == {
        "likelihood": 3,
        "impact": 5,
        "score": 15,
        "level": "high",
    }
    assert detail["data"]["inputs"]["risk_version"] == 2
    assert detail["data"]["cause"] == {"event_id": event.event_id, "detail_type": "RiskAssessed"}
    metadata = detail["metadata"]
    assert (metadata["aggregate_id"], metadata["aggregate_version"]) == (risk_id, 1)
    assert metadata["causation_id"] == event.event_id
    assert metadata["correlation_id"] == event.metadata.correlation_id
    assert outbox["published_at"] is not None
    assert [json.loads(e.detail) for e in publisher.sent] == [detail]


def test_the_same_event_delivered_twice_is_scored_once(scoring, publisher, context):
    risk_id = str(uuid.uuid4())
    event = assessed(risk_id, 2)

    deliver(context, event)
    deliver(context, event)  # redelivered (or replayed: EventBridge's id differs each time)

    [score] = sql(scoring.db, "SELECT score_version FROM risk_scores WHERE risk_id = %s", risk_id)
    assert score["score_version"] == 1
    assert len(sql(scoring.db, "SELECT 1 FROM score_history")) == 1
    assert len(scored_events(scoring.db)) == 1
    assert len(publisher.sent) == 1


def test_assessments_arriving_out_of_order_leave_the_newest_one_scored(scoring, context):
    in_order, out_of_order = str(uuid.uuid4()), str(uuid.uuid4())
    ids = {2: str(uuid.uuid4()), 3: str(uuid.uuid4())}

    def version_2(risk_id: str) -> Envelope:
        return assessed(risk_id, 2, likelihood=2, impact={"supply": 2}, assessment_id=ids[2])

    def version_3(risk_id: str) -> Envelope:
        return assessed(risk_id, 3, likelihood=4, impact={"safety": 5}, assessment_id=ids[3])

    deliver(context, version_2(in_order))
    deliver(context, version_3(in_order))
    deliver(context, version_3(out_of_order))
    late = version_2(out_of_order)
    assert deliver(context, late) == {"batchItemFailures": []}

    state = (
        "SELECT last_input_version, assessment_id, likelihood, impact_ratings, impact, score,"
        " level FROM risk_scores WHERE risk_id = %s"
    )
    [expected] = sql(scoring.db, state, in_order)
    assert sql(scoring.db, state, out_of_order) == [expected]
    assert (expected["last_input_version"], expected["assessment_id"]) == (3, ids[3])
    assert (expected["score"], expected["level"]) == (20, "critical")
    # score_version counts scorings, and the late assessment was not scored
    versions = "SELECT score_version FROM risk_scores WHERE risk_id = %s"
    assert sql(scoring.db, versions, in_order) == [{"score_version": 2}]
    assert sql(scoring.db, versions, out_of_order) == [{"score_version": 1}]
    assert sql(scoring.db, "SELECT 1 FROM inbox WHERE event_id = %s", late.event_id)
    assert len(scored_events(scoring.db)) == 3


def test_poison_records_fail_alone_and_their_batch_mates_are_scored(scoring, context):
    good_1, good_2 = assessed(str(uuid.uuid4()), 2), assessed(str(uuid.uuid4()), 2)
    broken = json.loads(eventbridge_json(assessed(str(uuid.uuid4()), 2)))
    broken["detail"]["data"]["likelihood"] = 9
    captured = json.loads(eventbridge_json(good_1))
    captured["detail-type"] = "RiskCaptured"  # has a contract, but this service has no use case
    captured["detail"]["data"] = {
        "risk_id": good_1.data["risk_id"],
        "division_id": good_1.data["division_id"],
        "title": "Taq supply",
        "description": "one supplier",
        "category": "supply_chain",
        "owner_email": "a@example.com",
        "status": "draft",
        "version": 1,
        "captured_at": "2026-11-20T09:30:00.000Z",
    }
    captured["detail"]["metadata"]["event_id"] = str(uuid.uuid4())
    batch = sqs_event(
        eventbridge_json(good_1),
        "{not json",
        json.dumps(broken),
        json.dumps(captured),
        eventbridge_json(good_2),
    )

    result = consumer.handler(batch, context)

    record_ids = [record["messageId"] for record in batch["Records"]]
    assert result == {"batchItemFailures": [{"itemIdentifier": i} for i in record_ids[1:4]]}
    scored = sql(scoring.db, "SELECT risk_id FROM risk_scores ORDER BY risk_id")
    assert scored == sorted(
        [{"risk_id": good_1.data["risk_id"]}, {"risk_id": good_2.data["risk_id"]}],
        key=lambda r: r["risk_id"],
    )
    inbox = sql(scoring.db, "SELECT event_id FROM inbox")
    assert {r["event_id"] for r in inbox} == {good_1.event_id, good_2.event_id}


def test_a_record_that_fails_midway_writes_nothing_and_its_retry_is_scored(scoring, context):
    sql(scoring.db, "DELETE FROM scoring_models")  # nothing to score with
    event = assessed(str(uuid.uuid4()), 2)
    batch = sqs_event(eventbridge_json(event), eventbridge_json(assessed(str(uuid.uuid4()), 2)))

    with pytest.raises(Exception, match="All records failed"):
        consumer.handler(batch, context)
    for table in ("inbox", "risk_scores", "score_history", "outbox"):
        assert sql(scoring.db, f"SELECT 1 FROM {table}") == []

    seed_default_model(scoring.db)
    assert deliver(context, event) == {"batchItemFailures": []}
    assert len(sql(scoring.db, "SELECT 1 FROM risk_scores")) == 1


def test_a_score_left_unsent_goes_out_with_the_sweep(scoring_db, monkeypatch, context):
    broken, working = RecordingPublisher(fail=True), RecordingPublisher()
    failing = wire(
        ScoringUnitOfWork,
        producer="metrics-scoring",
        settings=scoring_db.settings,
        publisher=broken,
    )
    monkeypatch.setattr(bootstrap, "wiring", lambda: failing)
    deliver(context, assessed(str(uuid.uuid4()), 2))
    assert [r["published_at"] for r in scored_events(scoring_db)] == [None]

    healthy = wire(
        ScoringUnitOfWork,
        producer="metrics-scoring",
        settings=scoring_db.settings,
        publisher=working,
    )
    monkeypatch.setattr(bootstrap, "wiring", lambda: healthy)
    assert sweep.handler({}, context) == {"sent": 0}  # too recent: the relay may still send it
    sql(scoring_db, "UPDATE outbox SET created_at = created_at - INTERVAL 1 MINUTE")
    assert sweep.handler({}, context) == {"sent": 1}
    assert [e.detail_type for e in working.sent] == ["RiskScored"]
    assert [r["published_at"] is not None for r in scored_events(scoring_db)] == [True]


def test_concurrent_assessments_of_one_risk_end_with_the_newest_scored(scoring_db, publisher):
    """Two environments score the same risk at once. The row lock (or, for a risk with no
    score yet, a deadlock that rolls one back whole) serialises them; SQS redelivers the
    loser, and the newest assessment wins."""

    def deliver_alone(event: Envelope, start: threading.Barrier, failed: list[Envelope]) -> None:
        environment = wire(
            ScoringUnitOfWork,
            producer="metrics-scoring",
            settings=scoring_db.settings,
            publisher=publisher,
        )
        start.wait()
        try:
            handlers.score_assessment(event, environment.uow(event.consequence()))
        except pymysql.err.OperationalError:
            failed.append(event)
        finally:
            environment.db.close()

    for scored_before in (False, True):
        risk_id = str(uuid.uuid4())
        if scored_before:
            handlers.score_assessment(assessed(risk_id, 2), wire_for(scoring_db, publisher))
        events = [assessed(risk_id, 3), assessed(risk_id, 4)]
        start, failed = threading.Barrier(len(events)), list[Envelope]()
        threads = [threading.Thread(target=deliver_alone, args=(e, start, failed)) for e in events]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for event in failed:  # SQS redelivers what failed
            handlers.score_assessment(event, wire_for(scoring_db, publisher))

        [score] = sql(scoring_db, "SELECT * FROM risk_scores WHERE risk_id = %s", risk_id)
        assert score["last_input_version"] == 4
        history = sql(
            scoring_db, "SELECT score_version FROM score_history WHERE risk_id = %s", risk_id
        )
        assert [h["score_version"] for h in history] == list(range(1, score["score_version"] + 1))
