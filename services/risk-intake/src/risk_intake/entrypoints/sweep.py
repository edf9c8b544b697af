"""Scheduled outbox sweep: sends every event left unsent after its commit."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger

from risk_intake import bootstrap

logger = Logger()


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    sent = bootstrap.wiring().sweep_outbox()
    logger.info("outbox swept", extra={"sent": sent})
    return {"sent": sent}
