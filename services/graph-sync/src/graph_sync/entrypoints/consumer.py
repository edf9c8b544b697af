"""graph-sync's SQS consumer: a batch's events become as few graph requests as Neptune's
guidance allows (one per chunk of about 200 changes and under 1,500 steps, ADR 65). The
events a chunk could not apply (a poison event among them) go one at a time, each its
own upsert, through the kernel's consumer: only the one at fault fails, and a graph that
is down parks the rest (ADR 54)."""

from __future__ import annotations

from contextlib import suppress
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


def mirror_batch(event: dict[str, Any]) -> handlers.Mirrored:
    """The batch's readable events applied together, as far as that went."""
    readable = []
    for record in event.get("Records") or []:
        with suppress(Exception):  # an unreadable record fails on its own, below
            readable.append(read_record(record["body"], default_contracts()))
    mirrored = handlers.mirror_batch(readable, bootstrap.graph())
    for error in mirrored.failed:
        logger.warning("a batch request failed; its events go one at a time", error=repr(error))
    if mirrored.changed:
        business_metrics.count("GraphEventsApplied", len(mirrored.changed))
    return mirrored


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    mirrored = mirror_batch(event)

    def rest(envelope: Envelope) -> None:
        if envelope.event_id in mirrored.done:
            return
        if mirrored.down:  # no use asking again for each event: they are parked
            raise StoreUnavailable("graph")
        handle(envelope)

    return consume_batch(event, context, handle=rest)
