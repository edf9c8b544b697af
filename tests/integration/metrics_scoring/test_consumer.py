"""The consumer against the real MariaDB, called as Lambda calls it: assessments,
solutions and links rescore risks; each event counts once; a failure writes nothing."""

from __future__ import annotations

import json
import threading
from datetime import UTC, date, datetime

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
from tests.integration.metrics_scoring.support import eventbridge_json, seed_default_model
from tests.support.db import sql
from tests.support.ids import new_id
from tests.support.sqs import sqs_batch
from tests.unit.metrics_scoring.factories import (
    assessed,
    captured,
    changed,
    event,
    linked,
    solution,
)

pytestmark = pytest.mark.integration
NOW_DUE = date(2099, 1, 1)


def scored(db, risk_id: str) -> list[dict]:
    """The RiskScored events of a risk, in the order they were committed."""
    rows = sql(db, "SELECT detail FROM outbox WHERE detail_type = 'RiskScored' ORDER BY id")
    details = [json.loads(row["detail"]) for row in rows]
    return [d["data"] for d in details if d["data"]["risk_id"] == risk_id]


def current(db, risk_id: str) -> dict:
    [row] = sql(db, "SELECT * FROM risk_scores WHERE risk_id = %s", risk_id)
    return row | {"result": json.loads(row["result"])}


def test_an_assessment_is_scored_recorded_and_announced(scoring, deliver, publisher):
    risk_id = new_id()
    event_ = assessed(risk_id, 2, likelihood=3, impact={"safety": 1, "financial": 4, "supply": 5})

    assert deliver(event_) == {"batchItemFailures": []}

    row = current(scoring.db, risk_id)
    assert (row["score_version"], row["last_input_version"]) == (1, 2)
    assert (row["impact"], row["score"], row["level"], row["residual_score"]) == (5, 15, "high", 15)
    [history] = sql(scoring.db, "SELECT * FROM score_history WHERE risk_id = %s", risk_id)
    assert (history["score_version"], history["cause_event_id"]) == (1, event_.event_id)
    [outbox] = sql(scoring.db, "SELECT detail, published_at FROM outbox")
    detail = json.loads(outbox["detail"])
    default_contracts().validate("riskplatform.metrics-scoring", "RiskScored", detail)
    data, metadata = detail["data"], detail["metadata"]
    assert data["inherent"] == {
        "likelihood": 3,
        "impact": 5,
        "score": 15,
        "level": "high",
        "acceptability": "reduce_as_far_as_practicable",
    }
    assert data["current_residual"] == data["target_residual"] == data["inherent"]
    assert data["cause"] == {"event_id": event_.event_id, "detail_type": "RiskAssessed"}
    assert (metadata["aggregate_id"], metadata["aggregate_version"]) == (risk_id, 1)
    assert metadata["causation_id"] == event_.event_id
    assert metadata["correlation_id"] == event_.metadata.correlation_id
    assert outbox["published_at"] is not None
    assert [json.loads(e.detail) for e in publisher.sent] == [detail]


def test_solutions_and_links_give_the_residuals_and_rescore_when_they_change(scoring, deliver):
    risk_id, inspection, interlock = new_id(), new_id(), new_id()
    deliver(assessed(risk_id, 2, likelihood=4, impact={"supply": 4}))
    deliver(solution(inspection, "preventive", "active", 50, "passed", NOW_DUE))
    deliver(solution(interlock, "mitigating", "planned", 50, None))
    deliver(linked(risk_id, inspection, 3), linked(risk_id, interlock, 4))
    data = scored(scoring.db, risk_id)[-1]
    assert data["current_residual"] == {
        "likelihood": 2,
        "impact": 4,
        "score": 8,
        "level": "medium",
        "acceptability": "reduce_as_far_as_practicable",
    }
    assert data["target_residual"] == {
        "likelihood": 2,
        "impact": 2,
        "score": 4,
        "level": "low",
        "acceptability": "acceptable",
    }
    assert [s["solution_id"] for s in data["inputs"]["solutions"]] == [inspection, interlock]

    failed = solution(inspection, "preventive", "active", 50, "failed", NOW_DUE, version=2)
    assert deliver(failed) == {"batchItemFailures": []}
    data = scored(scoring.db, risk_id)[-1]
    assert data["current_residual"]["score"] == 16
    assert data["cause"] == {"event_id": failed.event_id, "detail_type": "SolutionChanged"}

    unlinked = linked(risk_id, interlock, 5, link=False)
    deliver(unlinked)
    data = scored(scoring.db, risk_id)[-1]
    assert (data["target_residual"]["score"], data["cause"]["detail_type"]) == (
        16,
        "SolutionUnlinked",
    )
    assert [s["score_version"] for s in scored(scoring.db, risk_id)] == [1, 2, 3, 4, 5]


def test_a_solution_change_rescores_every_risk_linked_to_it_and_no_other(scoring, deliver):
    shared, risks, bystander = new_id(), [new_id() for _ in range(3)], new_id()
    deliver(solution(shared, "preventive", "active", 80, "passed", NOW_DUE))
    for risk_id in [*risks, bystander]:
        deliver(assessed(risk_id, 2, likelihood=5, impact={"financial": 5}))
    deliver(*(linked(risk_id, shared, 3) for risk_id in risks))
    assert {current(scoring.db, r)["residual_score"] for r in risks} == {5}

    deliver(solution(shared, "preventive", "retired", 80, "passed", NOW_DUE, version=2))

    assert {current(scoring.db, r)["residual_score"] for r in risks} == {25}
    assert [current(scoring.db, r)["score_version"] for r in risks] == [3, 3, 3]
    assert current(scoring.db, bystander)["score_version"] == 1
    [job] = sql(
        scoring.db, "SELECT * FROM rescore_jobs WHERE cause_detail_type = 'SolutionChanged'"
    )
    assert (job["rescored"], job["changed"], job["finished_at"] is not None) == (3, 3, True)


def test_an_older_solution_version_arriving_late_changes_nothing(scoring, deliver):
    risk_id, control = new_id(), new_id()
    deliver(assessed(risk_id, 2, likelihood=4, impact={"supply": 4}), linked(risk_id, control, 3))
    deliver(solution(control, "preventive", "retired", 50, "passed", version=3))
    late = solution(control, "preventive", "active", 50, "passed", NOW_DUE, version=2)
    assert deliver(late) == {"batchItemFailures": []}
    assert current(scoring.db, risk_id)["residual_score"] == 16
    assert sql(scoring.db, "SELECT 1 FROM inbox WHERE event_id = %s", late.event_id)


def test_fmea_ratings_of_an_assessment_give_the_rpn_and_action_priority(scoring, deliver, call):
    risk_id = new_id()
    deliver(
        captured(risk_id, "product_safety"),
        assessed(
            risk_id,
            2,
            likelihood=2,
            impact={"safety": 4},
            fmea={"severity": 9, "occurrence": 4, "detection": 2},
        ),
    )

    assert scored(scoring.db, risk_id)[-1]["fmea"] == {
        "severity": 9,
        "occurrence": 4,
        "detection": 2,
        "rpn": 72,
        "action_priority": "high",
    }
    status, body = call("GET", f"/scores/{risk_id}")
    assert status == 200
    assert body["fmea"] == {
        "severity": 9,
        "occurrence": 4,
        "detection": 2,
        "rpn": 72,
        "actionPriority": "high",
    }
    assert "FMEA: RPN 9 x 4 x 2 = 72; AIAG & VDA action priority high." in body["explanation"]

    deliver(assessed(risk_id, 3, likelihood=2, impact={"safety": 4}))  # a later one without
    assert scored(scoring.db, risk_id)[-1]["fmea"] is None


def test_a_risk_s_category_picks_its_model_and_a_division_change_moves_its_score(scoring, deliver):
    risk_id, elsewhere = new_id(), new_id()
    deliver(captured(risk_id, "supply_chain"), assessed(risk_id, 2))
    assert scored(scoring.db, risk_id)[-1]["category"] == "supply_chain"
    deliver(changed(risk_id, 3, "cyber", division_id=elsewhere))
    data = scored(scoring.db, risk_id)[-1]
    assert (data["category"], data["division_id"]) == ("cyber", elsewhere)
    assert data["cause"]["detail_type"] == "RiskChanged"


def test_events_before_the_assessment_are_kept_and_count_when_it_comes(scoring, deliver):
    risk_id, control = new_id(), new_id()
    deliver(linked(risk_id, control, 3), captured(risk_id, "cyber"))
    deliver(solution(control, "mitigating", "active", 75, "passed", NOW_DUE))
    assert sql(scoring.db, "SELECT 1 FROM risk_scores") == []
    deliver(assessed(risk_id, 2, likelihood=2, impact={"financial": 4}))
    data = current(scoring.db, risk_id)["result"]
    assert (data["category"], data["current_residual"]["impact"]) == ("cyber", 1)


def test_the_same_event_delivered_twice_is_scored_once(scoring, deliver, publisher):
    risk_id = new_id()
    event_ = assessed(risk_id, 2)
    deliver(event_)
    deliver(event_)  # redelivered (or replayed: EventBridge's id differs each time)
    assert current(scoring.db, risk_id)["score_version"] == 1
    assert len(sql(scoring.db, "SELECT 1 FROM score_history")) == 1
    assert len(publisher.sent) == 1


def test_assessments_arriving_out_of_order_leave_the_newest_one_scored(scoring, deliver):
    in_order, out_of_order = new_id(), new_id()
    ids = {2: new_id(), 3: new_id()}

    def version(risk_id: str, n: int) -> Envelope:
        likelihood, impact = {2: (2, {"supply": 2}), 3: (4, {"safety": 5})}[n]
        return assessed(risk_id, n, likelihood, impact, assessment_id=ids[n])

    deliver(version(in_order, 2))
    deliver(version(in_order, 3))
    deliver(version(out_of_order, 3))
    late = version(out_of_order, 2)
    assert deliver(late) == {"batchItemFailures": []}

    mine, theirs = current(scoring.db, in_order), current(scoring.db, out_of_order)
    assert (theirs["last_input_version"], theirs["assessment_id"], theirs["score"]) == (
        3,
        ids[3],
        20,
    )
    assert theirs["result"]["inherent"] == mine["result"]["inherent"]
    # score_version counts scorings, and the late assessment was not scored
    assert (mine["score_version"], theirs["score_version"]) == (2, 1)
    assert sql(scoring.db, "SELECT 1 FROM inbox WHERE event_id = %s", late.event_id)


def test_poison_records_fail_alone_and_their_batch_mates_are_scored(scoring, context):
    good_1, good_2 = assessed(new_id(), 2), assessed(new_id(), 2)
    broken = json.loads(eventbridge_json(assessed(new_id(), 2)))
    broken["detail"]["data"]["likelihood"] = 9
    renamed = event("DivisionRenamed", {}, aggregate=(new_id(), 2), division_id=None)
    batch = sqs_batch(
        eventbridge_json(good_1),
        "{not json",
        json.dumps(broken),
        eventbridge_json(renamed),  # has a contract, but this service has no use case
        eventbridge_json(good_2),
    )

    result = consumer.handler(batch, context)

    record_ids = [record["messageId"] for record in batch["Records"]]
    assert result == {"batchItemFailures": [{"itemIdentifier": i} for i in record_ids[1:4]]}
    scored_risks = {r["risk_id"] for r in sql(scoring.db, "SELECT risk_id FROM risk_scores")}
    assert scored_risks == {good_1.data["risk_id"], good_2.data["risk_id"]}
    inbox = {r["event_id"] for r in sql(scoring.db, "SELECT event_id FROM inbox")}
    assert inbox == {good_1.event_id, good_2.event_id}


def test_a_record_that_fails_midway_writes_nothing_and_its_retry_is_scored(scoring, context):
    sql(scoring.db, "DELETE FROM scoring_models")  # nothing to score with
    event_ = assessed(new_id(), 2)
    batch = sqs_batch(eventbridge_json(event_), eventbridge_json(assessed(new_id(), 2)))

    with pytest.raises(Exception, match="All records failed"):
        consumer.handler(batch, context)
    for table in ("inbox", "risks", "risk_scores", "score_history", "outbox"):
        assert sql(scoring.db, f"SELECT 1 FROM {table}") == []

    seed_default_model(scoring.db)
    assert consumer.handler(sqs_batch(eventbridge_json(event_)), context) == {
        "batchItemFailures": []
    }
    assert len(sql(scoring.db, "SELECT 1 FROM risk_scores")) == 1


def test_a_score_left_unsent_goes_out_with_the_sweep(scoring_db, monkeypatch, context):
    def wired(publisher: RecordingPublisher):
        wiring = wire(
            ScoringUnitOfWork,
            producer="metrics-scoring",
            settings=scoring_db.settings,
            publisher=publisher,
        )
        return lambda: wiring

    broken, working = RecordingPublisher(fail=True), RecordingPublisher()
    monkeypatch.setattr(bootstrap, "wiring", wired(broken))
    consumer.handler(sqs_batch(eventbridge_json(assessed(new_id(), 2))), context)
    assert [r["published_at"] for r in sql(scoring_db, "SELECT published_at FROM outbox")] == [None]

    monkeypatch.setattr(bootstrap, "wiring", wired(working))
    assert sweep.handler({}, context) == {"sent": 0}  # too recent: the relay may still send it
    sql(scoring_db, "UPDATE outbox SET created_at = created_at - INTERVAL 1 MINUTE")
    assert sweep.handler({}, context) == {"sent": 1}
    assert [e.detail_type for e in working.sent] == ["RiskScored"]


def test_concurrent_events_of_one_risk_end_with_the_newest_assessment_scored(scoring_db, publisher):
    """Two environments score the same risk at once. The row lock (or, for a risk not
    heard of yet, a deadlock that rolls one back whole) serialises them; SQS redelivers
    the loser, and the newest assessment wins."""

    def environment():
        return wire(
            ScoringUnitOfWork,
            producer="metrics-scoring",
            settings=scoring_db.settings,
            publisher=publisher,
        )

    def deliver_alone(event_: Envelope, start: threading.Barrier, failed: list[Envelope]) -> None:
        alone = environment()
        start.wait()
        try:
            handlers.handle(event_, alone.uow(event_.consequence()), datetime.now(UTC))
        except pymysql.err.OperationalError:
            failed.append(event_)
        finally:
            alone.db.close()

    retry = environment()
    for heard_of_before in (False, True):
        risk_id = new_id()
        if heard_of_before:
            handlers.handle(assessed(risk_id, 2), retry.uow(), datetime.now(UTC))
        events = [assessed(risk_id, 3), assessed(risk_id, 4)]
        start, failed = threading.Barrier(len(events)), list[Envelope]()
        threads = [threading.Thread(target=deliver_alone, args=(e, start, failed)) for e in events]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        for event_ in failed:  # SQS redelivers what failed
            handlers.handle(event_, retry.uow(event_.consequence()), datetime.now(UTC))

        row = current(scoring_db, risk_id)
        assert row["last_input_version"] == 4
        history = sql(
            scoring_db, "SELECT score_version FROM score_history WHERE risk_id = %s", risk_id
        )
        assert [h["score_version"] for h in history] == list(range(1, row["score_version"] + 1))
