"""SQS consumers: each record is an EventBridge event, validated against its contract
and handed to the service. Failed records are reported back to SQS
(``ReportBatchItemFailures``) while their batch-mates are deleted (when every record
fails, the whole batch is returned); SQS retries them, and after ``maxReceiveCount``
they land in the DLQ."""

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
from riskplatform.events import Envelope

logger = Logger()
ATTEMPTS = 3  # within one delivery, for transient errors; SQS retries the rest
Transient = Callable[[BaseException], bool]


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
) -> dict[str, Any]:
    """``transient`` says which errors are worth running the handler again at once (a
    MySQL deadlock: ``riskplatform.db.is_transient``); anything else fails the record."""
    known = contracts or default_contracts()
    processor = BatchProcessor(event_type=EventType.SQS)

    def handle_record(record: SQSRecord) -> None:
        logger.remove_keys(["event_id", "detail_type", "correlation_id"])
        try:
            envelope = read_record(record.body, known)
            logger.set_correlation_id(envelope.metadata.correlation_id)
            logger.append_keys(event_id=envelope.event_id, detail_type=envelope.detail_type)
            handle_with_retry(handle, envelope, transient)
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
