"""The scoring API: thin routes from HTTP to the use cases."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from metrics_scoring import bootstrap
from metrics_scoring.entrypoints.schemas import ScoreOut
from metrics_scoring.service_layer import handlers
from riskplatform.api import create_resolver, request_context

logger = Logger()
app = create_resolver()


@app.get("/scores/<risk_id>")
def get_score(risk_id: UUID) -> ScoreOut:
    uow = bootstrap.wiring().uow(request_context(app))
    return ScoreOut.of(*handlers.get_score(str(risk_id), uow))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
