"""graph-sync's SQS consumer: each intake or scoring event becomes one graph upsert."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from aws_lambda_powertools import Logger

from graph_sync import bootstrap
from graph_sync.service_layer import handlers
from graph_sync.service_layer.ports import GraphRepository
from riskplatform.consumer import consume_batch
from riskplatform.events import Envelope

logger = Logger()

HANDLERS: dict[str, Callable[[Mapping[str, Any], GraphRepository], bool]] = {
    "DivisionRegistered": handlers.division_registered,
    "RiskCaptured": handlers.risk_captured,
    "RiskScored": handlers.risk_scored,
}


def handle(envelope: Envelope) -> None:
    use_case = HANDLERS.get(envelope.detail_type)
    if use_case is None:  # fail the record so that it ends up in the DLQ
        raise LookupError(f"graph-sync does not consume {envelope.detail_type}")
    if not use_case(envelope.data, bootstrap.graph()):
        logger.info("the graph already holds this version or a newer one")


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return consume_batch(event, context, handle=handle)
