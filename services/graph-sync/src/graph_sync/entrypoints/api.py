"""The graph API: explore the relationship graph around one entity, as far as the caller
may read it."""

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
from riskplatform.access import Action
from riskplatform.api import caller, create_resolver, serve

logger = Logger()
app = create_resolver()


@app.get(
    "/graph/entities/<entity_id>/neighborhood",
    description="The entity and what the caller may read within `depth` hops of it. 404 when"
    " no entity has this id or the caller may not read it; 403 when the caller may read"
    " nothing at all.",
)
def neighborhood(
    entity_id: UUID, depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1
) -> NeighborhoodOut:
    reader = caller(app)
    reader.require(Action.READ)
    found = handlers.neighborhood(str(entity_id), depth, reader.readable_roots(), bootstrap.graph())
    return NeighborhoodOut.of(found)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context)
