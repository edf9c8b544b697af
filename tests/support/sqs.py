"""SQS batches as Lambda hands them to a consumer (an event source mapping), for
calling a consumer's handler in-process."""

from __future__ import annotations

import json
import uuid
from typing import Any

QUEUE_ARN = "arn:aws:sqs:us-east-1:000000000000:events"


def sqs_record(
    body: str | dict[str, Any],
    *,
    queue_arn: str = QUEUE_ARN,
    message_attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One message: ``body`` as sent (a dict is sent as its JSON), received once."""
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": "receipt-handle",
        "body": body if isinstance(body, str) else json.dumps(body),
        "attributes": {
            "ApproximateReceiveCount": "1",
            "SentTimestamp": "1795000000000",
            "SenderId": "AIDAEXAMPLE",
            "ApproximateFirstReceiveTimestamp": "1795000000000",
        },
        "messageAttributes": message_attributes or {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": queue_arn,
        "awsRegion": queue_arn.split(":")[3],
    }


def sqs_batch(*bodies: str | dict[str, Any], queue_arn: str = QUEUE_ARN) -> dict[str, Any]:
    """One batch of those messages, in order."""
    return {"Records": [sqs_record(body, queue_arn=queue_arn) for body in bodies]}
