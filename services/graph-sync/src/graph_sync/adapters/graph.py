"""The graph repository on Gremlin: Neptune in AWS, Gremlin Server locally.

Bytecode only. Each change is one traversal, so Neptune applies it in one transaction:
mergeV the vertex, mergeV its neighbours and mergeE the edges to them (in sideEffects, so
the traverser stays on the vertex), then the version gate, then the property writes,
each with ``Cardinality.single`` (Neptune's default cardinality is ``set``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource, __
from gremlin_python.process.traversal import Cardinality, Direction, Merge, P, T

from graph_sync.adapters.connection import GremlinConnection
from graph_sync.domain.model import Edge, Link, Neighborhood, Node, Upsert, Vertex


class GremlinGraph:
    def __init__(self, connection: GremlinConnection) -> None:
        self.connection = connection

    def upsert(self, change: Upsert) -> bool:
        return bool(self.connection.run(partial(upsert_traversal, change=change)))

    def neighborhood(self, entity_id: str, depth: int) -> Neighborhood | None:
        found = self.connection.run(
            partial(neighborhood_traversal, entity_id=entity_id, depth=depth)
        )
        if not found:
            return None
        return Neighborhood(
            center=_node(found[0]["center"]),
            nodes=tuple(_node(n) for n in found[0]["nodes"]),
            edges=tuple(_link(e) for e in found[0]["edges"]),
        )


def upsert_traversal(g: GraphTraversalSource, change: Upsert) -> GraphTraversal:
    """Yields the vertex id when the properties were written, nothing when the gate held."""
    t = _merge_vertex(g, change.vertex)
    for edge in change.edges:
        t = t.side_effect(_merge_vertex(__, _other_end(edge, change.vertex)).merge_e(_edge(edge)))
    t = t.not_(__.has(change.version_key, P.gte(change.version)))
    for key, value in change.properties.items():
        t = t.property(Cardinality.single, key, value)
    return t.id_()


def neighborhood_traversal(g: GraphTraversalSource, entity_id: str, depth: int) -> GraphTraversal:
    """One map: the center, the vertices within ``depth`` hops (center included) and the
    edges of the vertices within ``depth - 1`` hops, i.e. the edges walked to reach them."""
    return (
        g.V(entity_id)
        .project("center", "nodes", "edges")
        .by(__.element_map())
        .by(_within(depth - 1).union(__.identity(), __.both()).dedup().element_map().fold())
        .by(_within(depth - 1).both_e().dedup().element_map().fold())
    )


def _merge_vertex(start: Any, vertex: Vertex) -> GraphTraversal:
    """mergeV by id alone, so a placeholder made earlier (or the label) is matched as is."""
    merged: GraphTraversal = start.merge_v({T.id: vertex.id})
    return merged.option(Merge.on_create, {T.label: vertex.label})


def _other_end(edge: Edge, vertex: Vertex) -> Vertex:
    return edge.target if edge.source == vertex else edge.source


def _edge(edge: Edge) -> dict[Any, str]:
    return {T.label: edge.label, Direction.from_: edge.source.id, Direction.to: edge.target.id}


def _within(hops: int) -> GraphTraversal:
    reached: GraphTraversal = __.identity()
    for _ in range(hops):
        reached = reached.union(__.identity(), __.both()).dedup()
    return reached


def _node(element: Mapping[Any, Any]) -> Node:
    properties = {key: value for key, value in element.items() if isinstance(key, str)}
    return Node(id=element[T.id], label=element[T.label], properties=properties)


def _link(element: Mapping[Any, Any]) -> Link:
    return Link(
        id=element[T.id],
        label=element[T.label],
        source=element[Direction.OUT][T.id],
        target=element[Direction.IN][T.id],
    )
