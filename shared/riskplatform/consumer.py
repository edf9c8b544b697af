"""SQS consumers: each record is an EventBridge event, validated against its contract
and handed to the service. Failed records are reported back to SQS
(``ReportBatchItemFailures``) while their batch-mates are deleted (when every record
fails, the whole batch is returned); SQS retries them, and after ``maxReceiveCount``
they land in the DLQ.

A record that fails because a store is down (``StoreUnavailable``) is not a failure of
the event: it is parked, sent again to its own queue with a growing delay, so that an
outage of any length does not spend its receives and the consumer catches up by itself
when the store is back (ADR 54). Only a record parked ``PARK_LIMIT`` times fails."""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from riskplatform import business_metrics
from riskplatform.contracts import EventContracts, default_contracts
from riskplatform.dispatch import UnhandledEvent
from riskplatform.errors import StoreUnavailable
from riskplatform.events import Envelope

logger = Logger()
ATTEMPTS = 3  # within one delivery, for transient errors; SQS retries the rest
Transient = Callable[[BaseException], bool]

PARKED = "parked"  # the message attribute that counts a record's parkings
PARK_DELAYS = (15, 30, 60, 120, 240, 480, 900)  # seconds; SQS delays 900 at most
PARK_LIMIT = 100  # about a day of outage: after that, the DLQ and its alarm


class Parking:
    """Sends a record back to its own queue, delayed, counting the times in an attribute."""

    def __init__(
        self, sqs: Any = None, delays: tuple[int, ...] = PARK_DELAYS, limit: int = PARK_LIMIT
    ) -> None:
        self._sqs = sqs
        self._urls: dict[str, str] = {}
        self.delays = delays
        self.limit = limit

    def delay(self, parked: int) -> int:
        """How long a record parked ``parked`` times before waits now, with jitter so that
        a backlog does not come back all at once."""
        base = self.delays[min(parked, len(self.delays) - 1)]
        return min(900, round(base * random.uniform(1.0, 1.25)))

    def park(self, record: SQSRecord) -> int | None:
        """The delay it was parked for, or None when it has been parked enough."""
        attribute = (record.raw_event.get("messageAttributes") or {}).get(PARKED) or {}
        parked = int(attribute.get("stringValue") or 0)
        if parked >= self.limit:
            return None
        delay = self.delay(parked)
        self.client().send_message(
            QueueUrl=self.url_of(record.event_source_arn),
            MessageBody=record.body,
            DelaySeconds=delay,
            MessageAttributes={PARKED: {"DataType": "Number", "StringValue": str(parked + 1)}},
        )
        return delay

    def client(self) -> Any:
        if self._sqs is None:
            import boto3

            self._sqs = boto3.client("sqs")
        return self._sqs

    def url_of(self, queue_arn: str) -> str:
        if queue_arn not in self._urls:
            *_, account, name = queue_arn.split(":")
            found = self.client().get_queue_url(QueueName=name, QueueOwnerAWSAccountId=account)
            self._urls[queue_arn] = found["QueueUrl"]
        return self._urls[queue_arn]


parking = Parking()


def never(error: BaseException) -> bool:
    return False


def handle_with_retry(
    handle: Callable[[Envelope], None], envelope: Envelope, transient: Transient
) -> None:
    for attempt in range(1, ATTEMPTS + 1):
        try:
            handle(envelope)
            return
        except Exception as error:
            if attempt == ATTEMPTS or not transient(error):
                raise
            time.sleep(random.uniform(0, 0.05 * 2**attempt))


def read_record(body: str, contracts: EventContracts) -> Envelope:
    event = json.loads(body)
    contracts.validate(event["source"], event["detail-type"], event["detail"])
    return Envelope.from_eventbridge(event)


def consume_batch(
    event: dict[str, Any],
    context: Any,
    handle: Callable[[Envelope], None],
    contracts: EventContracts | None = None,
    transient: Transient = never,
    parked: Parking | None = None,
) -> dict[str, Any]:
    """``transient`` says which errors are worth running the handler again at once (a
    MySQL deadlock: ``riskplatform.db.is_transient``); a store that is down parks the
    record (``parked``, the module's ``parking`` by default); anything else fails it."""
    known = contracts or default_contracts()
    processor = BatchProcessor(event_type=EventType.SQS)
    park = parked or parking

    def handle_record(record: SQSRecord) -> None:
        logger.remove_keys(["event_id", "detail_type", "correlation_id"])
        try:
            envelope = read_record(record.body, known)
            logger.set_correlation_id(envelope.metadata.correlation_id)
            logger.append_keys(event_id=envelope.event_id, detail_type=envelope.detail_type)
            handle_with_retry(handle, envelope, transient)
        except StoreUnavailable as error:
            delay = park.park(record)  # if sending fails, the record fails: SQS retries it
            if delay is None:
                logger.exception("store still unavailable; the record goes the DLQ's way")
                raise
            logger.warning(
                "store unavailable; event parked", store=error.store, delay_seconds=delay
            )
            business_metrics.count("EventsParked")
            return
        except UnhandledEvent:  # one policy for an event the code does not know (ADR 67)
            logger.exception(
                "event not consumed here; it goes the DLQ's way", message_id=record.message_id
            )
            business_metrics.count("EventsUnhandled")
            raise
        except Exception:
            logger.exception("event failed; SQS will retry it", message_id=record.message_id)
            raise
        logger.info("event handled")

    try:
        return dict(
            process_partial_response(
                event=event, record_handler=handle_record, processor=processor, context=context
            )
        )
    finally:
        business_metrics.flush()
