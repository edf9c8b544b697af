"""The SQS consumer: each record is one event from the bus, handed to its use case. When
the use case opened a rescore job, the consumer works on it while time remains; the
scheduled rescore function finishes whatever is left."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger

from metrics_scoring import bootstrap
from metrics_scoring.service_layer import handlers, rescoring
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.consumer import consume_batch
from riskplatform.db import is_transient
from riskplatform.events import Envelope, MessageContext

logger = Logger()
SPARE_SECONDS = 3.0  # left for the rest of the batch and for reporting back to SQS


def handle(envelope: Envelope, deadline: float) -> None:
    wiring = bootstrap.wiring()
    job_id = handlers.handle(envelope, wiring.uow(envelope.consequence()), datetime.now(UTC))
    if job_id is not None:

        def new_uow(context: MessageContext) -> UnitOfWork:
            return wiring.uow(context)

        rescoring.run_job(job_id, new_uow, deadline)


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    deadline = time.monotonic() + context.get_remaining_time_in_millis() / 1000 - SPARE_SECONDS
    return consume_batch(
        event, context, handle=lambda e: handle(e, deadline), transient=is_transient
    )
