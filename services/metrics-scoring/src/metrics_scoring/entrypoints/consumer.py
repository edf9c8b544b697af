"""The SQS consumer: each record is one event from the bus, handed to its use case."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from aws_lambda_powertools import Logger

from metrics_scoring import bootstrap
from metrics_scoring.service_layer import handlers
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.consumer import consume_batch
from riskplatform.db import is_transient
from riskplatform.events import Envelope

logger = Logger()

HANDLERS: dict[str, Callable[[Envelope, UnitOfWork], None]] = {
    "RiskAssessed": handlers.score_assessment,
}


def handle(envelope: Envelope) -> None:
    use_case = HANDLERS.get(envelope.detail_type)
    if use_case is None:  # fail the record so that it ends up in the DLQ
        raise LookupError(f"metrics-scoring does not handle {envelope.detail_type}")
    use_case(envelope, bootstrap.wiring().uow(envelope.consequence()))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return consume_batch(event, context, handle=handle, transient=is_transient)
