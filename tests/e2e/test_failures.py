"""Failure behaviour on the deployed stack: a poison event ends in the consumer's DLQ,
where it can be seen and redriven, while the events beside it are handled."""

from __future__ import annotations

import copy
import json
import uuid
from pathlib import Path

import boto3
import pytest

from tests.e2e.conftest import eventually

pytestmark = pytest.mark.e2e
EXAMPLE = (
    Path(__file__).resolve().parents[2] / "events-schema/risk-intake/examples/RiskAssessed.v1.json"
)


def assessed_event(risk_id: str) -> dict:
    event = json.loads(EXAMPLE.read_text())
    detail = copy.deepcopy(event["detail"])
    detail["metadata"].update(event_id=str(uuid.uuid4()), aggregate_id=risk_id)
    detail["data"]["risk_id"] = risk_id
    return detail


def entry(bus: str, detail: dict) -> dict:
    return {
        "EventBusName": bus,
        "Source": "riskplatform.risk-intake",
        "DetailType": "RiskAssessed",
        "Detail": json.dumps(detail),
    }


def test_a_poison_event_lands_in_the_dlq_while_its_neighbour_is_scored(outputs, scoring):
    good_risk, poison_risk = str(uuid.uuid4()), str(uuid.uuid4())
    poison = assessed_event(poison_risk)
    poison["data"]["likelihood"] = 42  # breaks the contract: the consumer refuses it
    boto3.client("events").put_events(
        Entries=[
            entry(outputs["EventBusName"], poison),
            entry(outputs["EventBusName"], assessed_event(good_risk)),
        ]
    )

    score = eventually(lambda: (r := scoring.get(f"/scores/{good_risk}")).ok and r.json())
    assert score["inherent"]["score"] == 15

    sqs = boto3.client("sqs")
    dlq = outputs["ScoringDeadLetterQueueUrl"]

    def poison_in_dlq() -> dict | None:
        """Looks through the DLQ (other messages stay hidden a while, so that each look
        sees the next ones, then come back for whoever redrives them)."""
        messages = sqs.receive_message(
            QueueUrl=dlq, MaxNumberOfMessages=10, WaitTimeSeconds=1, VisibilityTimeout=20
        ).get("Messages", [])
        for message in messages:
            body = json.loads(message["Body"])
            if body["detail"]["metadata"]["event_id"] == poison["metadata"]["event_id"]:
                return message
        return None

    parked = eventually(poison_in_dlq, timeout=180, every=1)
    assert json.loads(parked["Body"])["detail"]["data"]["likelihood"] == 42
    assert scoring.get(f"/scores/{poison_risk}").status_code == 404
    sqs.delete_message(QueueUrl=dlq, ReceiptHandle=parked["ReceiptHandle"])  # seen: done
