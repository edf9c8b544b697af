"""A record that meets a store outage is parked on its own queue with a delay, not
failed: an outage of any length spends none of its receives, and the consumer takes it
up by itself when the store is back (ADR 54). A poison event still fails, and a record
parked as often as the limit allows goes the DLQ's way. Against the emulator's SQS."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError

from riskplatform.consumer import PARKED, Parking, consume_batch
from riskplatform.errors import StoreUnavailable
from riskplatform.events import Envelope
from tests.integration.graph_sync.helpers import division_registered

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class LambdaContext:
    function_name: str = "parking-test"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:parking-test"
    aws_request_id: str = "parking-test"


@pytest.fixture
def queue() -> Iterator[dict[str, str]]:
    sqs = boto3.client("sqs")
    url = sqs.create_queue(QueueName=f"test-parking-{uuid.uuid4().hex[:8]}")["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"][
        "QueueArn"
    ]
    yield {"url": url, "arn": arn}
    sqs.delete_queue(QueueUrl=url)


def record(queue: dict[str, str], body: str, parked: int | None = None) -> dict[str, Any]:
    attributes = (
        {} if parked is None else {PARKED: {"stringValue": str(parked), "dataType": "Number"}}
    )
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": "handle",
        "body": body,
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": attributes,
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": queue["arn"],
        "awsRegion": "us-east-1",
    }


def receive(queue: dict[str, str], wait: int) -> list[dict[str, Any]]:
    found = boto3.client("sqs").receive_message(
        QueueUrl=queue["url"],
        WaitTimeSeconds=wait,
        MaxNumberOfMessages=10,
        MessageAttributeNames=["All"],
    )
    return list(found.get("Messages", []))


def store_down(envelope: Envelope) -> None:
    raise StoreUnavailable("graph")


def test_a_store_outage_parks_the_event_on_its_queue_and_it_is_handled_when_the_store_is_back(
    queue: dict[str, str],
) -> None:
    body = json.dumps(division_registered(str(uuid.uuid4())))
    parking = Parking(boto3.client("sqs"), delays=(2,))

    response = consume_batch(
        {"Records": [record(queue, body)]}, LambdaContext(), store_down, parked=parking
    )

    assert response["batchItemFailures"] == [], "parked, not failed: no receive is spent"
    assert receive(queue, wait=0) == [], "it waits out its delay first"
    time.sleep(2)
    (parked,) = receive(queue, wait=5)
    assert parked["Body"] == body
    assert parked["MessageAttributes"][PARKED]["StringValue"] == "1"

    handled: list[str] = []
    again = {"Records": [record(queue, parked["Body"], parked=1)]}
    response = consume_batch(again, LambdaContext(), lambda e: handled.append(e.event_id))
    assert response["batchItemFailures"] == []
    assert handled == [Envelope.from_eventbridge(json.loads(body)).event_id]


def test_parking_again_counts_up_and_grows_the_delay(queue: dict[str, str]) -> None:
    body = json.dumps(division_registered(str(uuid.uuid4())))
    parking = Parking(boto3.client("sqs"), delays=(1, 3))

    consume_batch(
        {"Records": [record(queue, body, parked=4)]}, LambdaContext(), store_down, parked=parking
    )

    assert receive(queue, wait=1) == [], "the later delay applies"
    (parked,) = receive(queue, wait=6)
    assert parked["MessageAttributes"][PARKED]["StringValue"] == "5"


def test_an_event_parked_as_often_as_the_limit_allows_fails_toward_the_dlq(
    queue: dict[str, str],
) -> None:
    body = json.dumps(division_registered(str(uuid.uuid4())))
    parking = Parking(boto3.client("sqs"), delays=(1,), limit=3)
    failing = record(queue, body, parked=3)

    with pytest.raises(BatchProcessingError):  # the whole batch failed: SQS returns it
        consume_batch({"Records": [failing]}, LambdaContext(), store_down, parked=parking)

    assert receive(queue, wait=2) == [], "not parked again"


def test_a_poison_event_fails_and_is_not_parked(queue: dict[str, str]) -> None:
    body = json.dumps(division_registered(str(uuid.uuid4())))
    poison = record(queue, body)

    def broken(envelope: Envelope) -> None:
        raise ValueError("a bug, not an outage")

    healthy = record(queue, json.dumps(division_registered(str(uuid.uuid4()))))
    poisoned_id = Envelope.from_eventbridge(json.loads(body)).event_id

    def broken_for_one(envelope: Envelope) -> None:
        if envelope.event_id == poisoned_id:
            broken(envelope)

    response = consume_batch(
        {"Records": [poison, healthy]},
        LambdaContext(),
        broken_for_one,
        parked=Parking(boto3.client("sqs")),
    )

    assert response["batchItemFailures"] == [{"itemIdentifier": poison["messageId"]}]
    assert receive(queue, wait=1) == [], "a poison event is not parked"
