"""SQS consumers: each record is an EventBridge event, validated against its contract
and handed to the service. A record that fails is reported back to SQS alone
(``ReportBatchItemFailures``), retried, and after ``maxReceiveCount`` lands in the DLQ."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.utilities.batch import (
    BatchProcessor,
    EventType,
    process_partial_response,
)
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord

from riskplatform.contracts import EventContracts, default_contracts
from riskplatform.events import Envelope

logger = Logger()


def read_record(body: str, contracts: EventContracts) -> Envelope:
    event = json.loads(body)
    contracts.validate(event["source"], event["detail-type"], event["detail"])
    return Envelope.from_eventbridge(event)


def consume_batch(
    event: dict[str, Any],
    context: Any,
    handle: Callable[[Envelope], None],
    contracts: EventContracts | None = None,
) -> dict[str, Any]:
    known = contracts or default_contracts()
    processor = BatchProcessor(event_type=EventType.SQS)

    def handle_record(record: SQSRecord) -> None:
        try:
            envelope = read_record(record.body, known)
            logger.set_correlation_id(envelope.metadata.correlation_id)
            logger.append_keys(event_id=envelope.event_id, detail_type=envelope.detail_type)
            handle(envelope)
        except Exception:
            logger.exception("event failed; SQS will retry it", message_id=record.message_id)
            raise
        logger.info("event handled")

    return process_partial_response(  # type: ignore[return-value]
        event=event, record_handler=handle_record, processor=processor, context=context
    )
