"""Use cases of graph-sync: mirror events into the graph, and explore it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph_sync.domain import events, model
from graph_sync.domain.model import Neighborhood
from graph_sync.service_layer.ports import GraphRepository
from riskplatform.errors import NotFound


def mirror(source: str, detail_type: str, data: Mapping[str, Any], graph: GraphRepository) -> bool:
    """Apply an event to the graph; False when the graph already held what it says."""
    return graph.upsert(events.change_for(source, detail_type, data))


def neighborhood(
    entity_id: str, depth: int, roots: frozenset[str] | None, graph: GraphRepository
) -> Neighborhood:
    """What a caller who may read the subtrees of ``roots`` (None: all) sees around an
    entity. An entity they may not read is not found, as if it did not exist."""
    found = graph.neighborhood(entity_id, depth)
    visible = model.seen_by(found, roots, depth) if found else None
    if visible is None:
        raise NotFound("no entity has this id")
    return visible
