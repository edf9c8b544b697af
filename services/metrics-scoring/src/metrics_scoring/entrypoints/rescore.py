"""Scheduled rescoring: opens today's job for the risks whose passed control tests fell
due (the passing of time alone changes their residual), then works on every unfinished
rescore job (model publishes, appetite changes, ...) until its time is nearly up."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

from aws_lambda_powertools import Logger

from metrics_scoring import bootstrap
from metrics_scoring.service_layer import rescoring
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform import business_metrics
from riskplatform.events import MessageContext

logger = Logger()
SPARE_SECONDS = 5.0


@logger.inject_lambda_context
def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
    wiring = bootstrap.wiring()

    def new_uow(message: MessageContext) -> UnitOfWork:
        return wiring.uow(message)

    deadline = time.monotonic() + context.get_remaining_time_in_millis() / 1000 - SPARE_SECONDS
    try:
        opened = rescoring.open_expiry_job(new_uow, datetime.now(UTC))
        left = rescoring.run_unfinished(new_uow, deadline)
    finally:
        business_metrics.flush()
    logger.info("rescore jobs worked on", extra={"expiry_job_opened": opened, "unfinished": left})
    return {"unfinished": left}
