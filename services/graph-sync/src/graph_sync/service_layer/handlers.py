"""Use cases of graph-sync: mirror events into the graph, and explore it."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graph_sync.domain import model
from graph_sync.domain.model import Neighborhood
from graph_sync.service_layer.ports import GraphRepository
from riskplatform.errors import NotFound


def division_registered(data: Mapping[str, Any], graph: GraphRepository) -> bool:
    return graph.upsert(model.division_registered(data))


def risk_captured(data: Mapping[str, Any], graph: GraphRepository) -> bool:
    return graph.upsert(model.risk_captured(data))


def risk_scored(data: Mapping[str, Any], graph: GraphRepository) -> bool:
    return graph.upsert(model.risk_scored(data))


def neighborhood(entity_id: str, depth: int, graph: GraphRepository) -> Neighborhood:
    found = graph.neighborhood(entity_id, depth)
    if found is None:
        raise NotFound("no entity has this id")
    return found
