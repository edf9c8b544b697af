"""The graph repository on Gremlin: Neptune in AWS, Gremlin Server locally.

Bytecode only. Each change is one traversal, so Neptune applies it in one transaction:
mergeV the vertex, then each write in its own branch: the version gate, the edge changes
(in sideEffects, so the traverser stays on the vertex) and the property writes, each with
``Cardinality.single`` (Neptune's default cardinality is ``set``).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import Any

from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource, __
from gremlin_python.process.traversal import Cardinality, Direction, Merge, P, T

from graph_sync.adapters.connection import GremlinConnection
from graph_sync.domain.model import (
    DIVISION,
    MAX_TREE_DEPTH,
    MEMBERSHIP,
    PARENT_OF,
    Edge,
    Link,
    Neighborhood,
    Node,
    Upsert,
    Vertex,
    Write,
    is_bookkeeping,
)


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
    """Yields the vertex id once for each write its gate let through."""
    writes = [_write(__, write, change.vertex) for write in change.writes]
    return _merge_vertex(g, change.vertex).union(*writes).id_()


def neighborhood_traversal(g: GraphTraversalSource, entity_id: str, depth: int) -> GraphTraversal:
    """One map: the center, the vertices within ``depth`` hops (center included) and the
    edges of the vertices within ``depth - 1`` hops, i.e. the edges walked to reach them.
    Each vertex comes with its lineage, for the caller's access to be checked."""
    return (
        g.V(entity_id)
        .project("center", "nodes", "edges")
        .by(_with_lineage())
        .by(_within(depth - 1).union(__.identity(), __.both()).dedup().map(_with_lineage()).fold())
        .by(_within(depth - 1).both_e().dedup().element_map().fold())
    )


def _write(start: Any, write: Write, vertex: Vertex) -> GraphTraversal:
    t: GraphTraversal = start.not_(__.has(write.version_key, P.gte(write.version)))
    if write.owner is not None:
        source = write.owner.source
        others = __.in_e(write.owner.label)
        if source is not None:
            others = others.not_(__.out_v().has_id(source.id))
        t = t.side_effect(others.drop())
        if source is not None:
            t = t.side_effect(_merge_edge(Edge(write.owner.label, source, vertex), vertex))
    for edge in write.removes:
        t = t.side_effect(_edges_like(edge, vertex).drop())
    for edge in write.adds:
        t = t.side_effect(_merge_edge(edge, vertex))
    for key, value in write.properties.items():
        if value is None:
            t = t.side_effect(__.properties(key).drop())
        else:
            t = t.property(Cardinality.single, key, value)
    return t.property(Cardinality.single, write.version_key, write.version)


def _merge_vertex(start: Any, vertex: Vertex) -> GraphTraversal:
    """mergeV by id alone, so a placeholder made earlier (or the label) is matched as is."""
    merged: GraphTraversal = start.merge_v({T.id: vertex.id})
    return merged.option(Merge.on_create, {T.label: vertex.label})


def _merge_edge(edge: Edge, vertex: Vertex) -> GraphTraversal:
    """Ensure the far end (a placeholder if need be), then the edge by label and ends."""
    far = edge.target if edge.source == vertex else edge.source
    ends = {T.label: edge.label, Direction.from_: edge.source.id, Direction.to: edge.target.id}
    return _merge_vertex(__, far).merge_e(ends)


def _edges_like(edge: Edge, vertex: Vertex) -> GraphTraversal:
    """The vertex's edges with this label to or from the edge's far end."""
    if edge.target == vertex:
        return __.in_e(edge.label).where(__.out_v().has_id(edge.source.id))
    return __.out_e(edge.label).where(__.in_v().has_id(edge.target.id))


def _within(hops: int) -> GraphTraversal:
    reached: GraphTraversal = __.identity()
    for _ in range(hops):
        reached = reached.union(__.identity(), __.both()).dedup()
    return reached


def _with_lineage() -> GraphTraversal:
    """The vertex's properties, and the ids of its division (itself, for a division; the
    source of its membership edge otherwise) and that division's ancestors."""
    lineage = (
        __.coalesce(__.has_label(DIVISION), __.in_(*MEMBERSHIP))
        .emit()
        .repeat(__.in_(PARENT_OF))
        .times(MAX_TREE_DEPTH)
        .dedup()
        .id_()
        .fold()
    )
    return __.project("element", "lineage").by(__.element_map()).by(lineage)


def _node(found: Mapping[str, Any]) -> Node:
    element = found["element"]
    properties = {
        key: value
        for key, value in element.items()
        if isinstance(key, str) and not is_bookkeeping(key)
    }
    return Node(
        id=element[T.id],
        label=element[T.label],
        properties=properties,
        lineage=tuple(found["lineage"]),
    )


def _link(element: Mapping[Any, Any]) -> Link:
    return Link(
        id=element[T.id],
        label=element[T.label],
        source=element[Direction.OUT][T.id],
        target=element[Direction.IN][T.id],
    )
