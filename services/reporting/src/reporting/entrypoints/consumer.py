"""The SQS consumer: projects intake and scoring events into the read model, and keeps
the service's copy of the division memberships (``handlers.EVENTS`` lists them all)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from reporting import bootstrap
from reporting.service_layer import handlers
from riskplatform.consumer import consume_batch
from riskplatform.db import is_transient
from riskplatform.events import Envelope

logger = Logger()


def project(envelope: Envelope) -> None:
    handlers.handle(envelope, bootstrap.wiring().uow(envelope.consequence()))


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return consume_batch(event, context, project, transient=is_transient)
