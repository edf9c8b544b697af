"""The graph API: explore the relationship graph around one entity."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths

from graph_sync import bootstrap
from graph_sync.domain.model import MAX_DEPTH
from graph_sync.entrypoints.schemas import NeighborhoodOut
from graph_sync.service_layer import handlers
from riskplatform.api import create_resolver

logger = Logger()
app = create_resolver()


@app.get("/graph/entities/<entity_id>/neighborhood")
def neighborhood(
    entity_id: UUID, depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1
) -> NeighborhoodOut:
    return NeighborhoodOut.of(handlers.neighborhood(str(entity_id), depth, bootstrap.graph()))


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return app.resolve(event, context)
