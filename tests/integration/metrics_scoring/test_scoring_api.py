"""GET /scores/<risk_id> against the real MariaDB, called as API Gateway calls it."""

from __future__ import annotations

import json
import uuid

import pytest

from metrics_scoring.entrypoints import api, consumer
from tests.integration.metrics_scoring.support import (
    api_get,
    eventbridge_json,
    sql,
    sqs_event,
)
from tests.unit.metrics_scoring.factories import DIVISION_ID, assessed

pytestmark = pytest.mark.integration


def get_score(risk_id: str, context) -> tuple[int, dict]:
    response = api.handler(api_get(f"/scores/{risk_id}", {"risk_id": risk_id}), context)
    return response["statusCode"], json.loads(response["body"])


def test_a_score_comes_with_its_history_newest_first(scoring, context):
    risk_id = str(uuid.uuid4())
    first = assessed(risk_id, 2, likelihood=1, impact={"financial": 3})
    second = assessed(risk_id, 3, likelihood=4, impact={"safety": 5, "financial": 2})
    consumer.handler(sqs_event(eventbridge_json(first)), context)
    consumer.handler(sqs_event(eventbridge_json(second)), context)
    [stored] = sql(scoring.db, "SELECT scored_at FROM risk_scores")

    status, body = get_score(risk_id, context)

    assert status == 200
    scored_at = body.pop("scoredAt")
    assert scored_at.startswith(stored["scored_at"].isoformat(timespec="seconds"))
    history = body.pop("history")
    assert body == {
        "riskId": risk_id,
        "divisionId": DIVISION_ID,
        "scoreVersion": 2,
        "inherent": {"likelihood": 4, "impact": 5, "score": 20, "level": "critical"},
        "model": {"modelId": "default-5x5", "version": 1},
        "inputs": {
            "assessmentId": second.data["assessment_id"],
            "riskVersion": 3,
            "likelihood": 4,
            "impact": {"safety": 5, "financial": 2},
        },
    }
    assert [(h["scoreVersion"], h["score"], h["level"]) for h in history] == [
        (2, 20, "critical"),
        (1, 3, "low"),
    ]
    assert [h["cause"] for h in history] == [
        {"eventId": second.event_id, "detailType": "RiskAssessed"},
        {"eventId": first.event_id, "detailType": "RiskAssessed"},
    ]
    assert history[0]["scoredAt"] == scored_at


def test_a_risk_without_a_score_is_404(scoring, context):
    status, body = get_score(str(uuid.uuid4()), context)

    assert status == 404
    assert body == {"message": "this risk has no score", "errors": []}


def test_a_risk_id_that_is_no_uuid_is_422_naming_the_field(scoring, context):
    status, body = get_score("not-a-uuid", context)

    assert status == 422
    [error] = body["errors"]
    assert (error["field"], error["in"]) == ("risk_id", "path")
    assert "uuid" in error["reason"].lower()
