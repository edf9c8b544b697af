"""graph-sync's SQS consumer: each intake or scoring event becomes one graph upsert."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from graph_sync import bootstrap
from graph_sync.service_layer import handlers
from riskplatform import business_metrics
from riskplatform.consumer import consume_batch
from riskplatform.events import Envelope

logger = Logger()


def handle(envelope: Envelope) -> None:
    if handlers.mirror(envelope.source, envelope.detail_type, envelope.data, bootstrap.graph()):
        business_metrics.count("GraphEventsApplied")
    else:
        logger.info("the graph already holds this version or a newer one")


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return consume_batch(event, context, handle=handle)
