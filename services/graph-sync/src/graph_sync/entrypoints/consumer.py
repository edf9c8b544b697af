"""graph-sync's SQS consumer: the batch's events become graph upserts, all in one request
(Neptune's guidance: few large requests rather than many small ones). Should that request
fail, each event goes on its own, so that only the one at fault is retried and may reach
the DLQ."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from graph_sync import bootstrap
from graph_sync.service_layer import handlers
from riskplatform import business_metrics
from riskplatform.consumer import consume_batch, read_record
from riskplatform.contracts import default_contracts
from riskplatform.errors import StoreUnavailable
from riskplatform.events import Envelope

logger = Logger()


def handle(envelope: Envelope) -> None:
    if handlers.mirror(envelope.source, envelope.detail_type, envelope.data, bootstrap.graph()):
        business_metrics.count("GraphEventsApplied")
    else:
        logger.info("the graph already holds this version or a newer one")


def mirror_batch(event: dict[str, Any]) -> set[str]:
    """The ids of the events applied together; none when that failed."""
    readable = []
    for record in event.get("Records") or []:
        try:
            readable.append(read_record(record["body"], default_contracts()))
        except Exception:
            continue
    try:
        applied = handlers.mirror_all(readable, bootstrap.graph())
    except StoreUnavailable:
        raise  # the graph is down: the whole batch fails at once, and SQS delivers it again
    except Exception:
        logger.warning("the batch's one request failed; each event goes on its own", exc_info=True)
        return set()
    business_metrics.count("GraphEventsApplied", len(applied))
    return applied


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    applied = mirror_batch(event)
    return consume_batch(
        event,
        context,
        handle=lambda envelope: None if envelope.event_id in applied else handle(envelope),
    )
