"""Reading scores through the API: a score with its explanation and history, the list
of scores with overdue reviews, who may see what, and the daily rescore when passed
control tests fall due."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest

from metrics_scoring.entrypoints import rescore
from metrics_scoring.service_layer import rescoring
from riskplatform.events import MessageContext
from tests.support.db import sql
from tests.support.ids import new_id
from tests.unit.metrics_scoring.factories import (
    assessed,
    captured,
    division,
    linked,
    solution,
)

pytestmark = pytest.mark.integration
EXECUTIVE = {"email": "ceo@example.com", "cognito:groups": "[executive]"}


def test_a_score_comes_with_its_explanation_and_its_history_newest_first(deliver, call):
    risk_id = new_id()
    first = assessed(risk_id, 2, likelihood=1, impact={"financial": 3})
    second = assessed(risk_id, 3, likelihood=4, impact={"safety": 5, "financial": 2})
    deliver(first)
    deliver(second)

    status, body = call("GET", f"/scores/{risk_id}")

    assert status == 200, body
    assert (body["scoreVersion"], body["inherent"]) == (
        2,
        {
            "likelihood": 4,
            "impact": 5,
            "score": 20,
            "level": "critical",
            "acceptability": "unacceptable",
        },
    )
    assert body["inputs"]["assessmentId"] == second.data["assessment_id"]
    assert body["explanation"][3] == "Inherent 4 x 5 = 20 (critical)."
    assert [
        (h["scoreVersion"], h["inherent"]["score"], h["cause"]["eventId"]) for h in body["history"]
    ] == [(2, 20, second.event_id), (1, 3, first.event_id)]
    assert body["history"][0]["scoredAt"] == body["scoredAt"]


def test_a_risk_without_a_score_is_404_and_an_id_that_is_no_uuid_422(scoring, call):
    assert call("GET", f"/scores/{new_id()}") == (
        404,
        {
            "message": "this risk has no score",
            "errors": [{"field": "risk_id", "in": "path", "reason": "this risk has no score"}],
        },
    )
    status, body = call("GET", "/scores/not-a-uuid")
    assert status == 422
    assert [(e["field"], e["in"]) for e in body["errors"]] == [("risk_id", "path")]


def test_overdue_reviews_are_listed_in_pages(deliver, call):
    long_ago = [new_id() for _ in range(3)]
    recent = new_id()
    for risk_id in long_ago:  # medium: 180 days after 2026-01-05 is 2026-07-04
        deliver(assessed(risk_id, 2, 2, {"supply": 4}, assessed_at="2026-01-05T10:00:00Z"))
    today = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    deliver(assessed(recent, 2, 2, {"supply": 4}, assessed_at=today))

    status, page = call("GET", "/scores", query={"reviewOverdue": "true", "limit": "2"})
    assert status == 200, page
    query = {"reviewOverdue": "true", "limit": "2", "offset": "2"}
    rest = call("GET", "/scores", query=query)[1]
    listed = [item["riskId"] for item in page["items"] + rest["items"]]
    assert listed == sorted(long_ago)
    assert [(p["total"], p["limit"], p["offset"]) for p in (page, rest)] == [(3, 2, 0), (3, 2, 2)]
    assert {i["nextReviewDue"] for i in page["items"]} == {"2026-07-04"}
    assert all(item["reviewOverdue"] for item in page["items"] + rest["items"])
    assert call("GET", f"/scores/{recent}")[1]["reviewOverdue"] is False


def test_a_caller_sees_scores_only_where_they_may_read(deliver, call, analyst):
    root, child, other = new_id(), new_id(), new_id()
    deliver(division(root, None), division(child, root), division(other, None))
    in_child, in_other = new_id(), new_id()
    deliver(assessed(in_child, 2, division_id=child), assessed(in_other, 2, division_id=other))

    assert call("GET", f"/scores/{in_child}", claims=analyst(root))[0] == 200
    assert call("GET", f"/scores/{in_child}", claims=analyst(child))[0] == 200
    status, refused = call("GET", f"/scores/{in_other}", claims=analyst(root))
    assert (status, refused["message"]) == (404, "this risk has no score")
    assert call("GET", f"/scores/{in_other}", claims=EXECUTIVE)[0] == 200
    assert call("GET", f"/scores/{in_other}", claims={"email": "nobody@example.com"})[0] == 403

    def listed(claims, **query):
        return {
            i["riskId"]
            for i in call("GET", "/scores", query=query or None, claims=claims)[1]["items"]
        }

    assert listed(analyst(root)) == {in_child}
    assert listed(EXECUTIVE) >= {in_child, in_other}
    assert listed(EXECUTIVE, divisionId=other) == {in_other}
    assert listed(analyst(root), divisionId=other) == set()


def test_the_daily_rescore_takes_a_passed_test_as_overdue_once_it_falls_due(scoring, deliver):
    risk_id, control = new_id(), new_id()
    due = datetime.now(UTC).date() + timedelta(days=10)
    deliver(
        captured(risk_id, "operational"),
        assessed(risk_id, 2, 4, {"financial": 4}),
        solution(control, "preventive", "active", 60, "passed", due),
        linked(risk_id, control, 3),
    )
    [row] = sql(scoring.db, "SELECT residual_score, expires_on FROM risk_scores")
    assert (row["residual_score"], row["expires_on"]) == (8, due + timedelta(days=1))

    def new_uow(context: MessageContext):
        return scoring.uow(context)

    for days_later, residual in ((10, 8), (11, 12)):  # 4 x 40 % -> 2; then 4 x 70 % -> 3
        later = datetime.now(UTC) + timedelta(days=days_later)
        assert rescoring.open_expiry_job(new_uow, later)
        left = rescoring.run_unfinished(new_uow, time.monotonic() + 30, clock=lambda t=later: t)
        assert left == 0
        [row] = sql(scoring.db, "SELECT residual_score, cause_detail_type FROM risk_scores")
        assert row["residual_score"] == residual
    assert row["cause_detail_type"] == "ControlTestsFellDue"
    assert not rescoring.open_expiry_job(new_uow, later)  # one job a day


def test_the_scheduled_function_finishes_unfinished_jobs(scoring, context):
    sql(
        scoring.db,
        "INSERT INTO risks (risk_id, division_id, division_version, assessment_version,"
        " assessment_id, likelihood, impact_ratings, assessed_at) VALUES"
        " ('0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'division', 2, 2, 'assessment', 3,"
        " '{\"supply\": 3}', '2026-11-20')",
    )
    sql(
        scoring.db,
        "INSERT INTO rescore_jobs (job_id, scope, cause_event_id, cause_detail_type,"
        " correlation_id, created_at) VALUES ('0b7e3c1a-5d2f-4e8b-9a6c-1f3e5d7b9a0c', '{}',"
        " '0b7e3c1a-5d2f-4e8b-9a6c-1f3e5d7b9a0c', 'ScoresMigrated', 'migration',"
        " UTC_TIMESTAMP(6))",
    )

    assert rescore.handler({}, context) == {"unfinished": 0}

    [row] = sql(scoring.db, "SELECT score, cause_detail_type FROM risk_scores")
    assert (row["score"], row["cause_detail_type"]) == (9, "ScoresMigrated")
    jobs = sql(
        scoring.db,
        "SELECT cause_detail_type, finished_at FROM rescore_jobs ORDER BY cause_detail_type",
    )
    assert [(j["cause_detail_type"], j["finished_at"] is not None) for j in jobs] == [
        ("ControlTestsFellDue", True),
        ("ScoresMigrated", True),
    ]
