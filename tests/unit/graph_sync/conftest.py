"""An in-memory GraphRepository that keeps the domain's rules, for unit tests."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from graph_sync.domain.model import (
    DIVISION,
    MEMBERSHIP,
    PARENT_OF,
    Link,
    Neighborhood,
    Node,
    Upsert,
    Vertex,
    Write,
    chunked,
)


class FakeGraph:
    def __init__(self) -> None:
        self.vertices: dict[str, tuple[str, dict[str, Any]]] = {}
        self.edges: set[tuple[str, str, str]] = set()
        self.chunk_size = 200
        self.requests = 0

    def upsert(self, change: Upsert) -> bool:
        properties = self._ensure(change.vertex)
        applied = [self._apply(w, change.vertex, properties) for w in change.writes]
        return any(applied)

    def chunks(self, changes: Sequence[Upsert]) -> list[list[Upsert]]:
        return chunked(changes, lambda change: 1, self.chunk_size, 10**9)

    def upsert_all(self, changes: Sequence[Upsert]) -> set[str]:
        self.requests += 1
        ids = [change.vertex.id for change in changes]
        assert len(set(ids)) == len(ids), "one change per vertex in a request"
        return {change.vertex.id for change in changes if self.upsert(change)}

    def _apply(self, write: Write, vertex: Vertex, properties: dict[str, Any]) -> bool:
        if not write.supersedes(properties):
            return False
        if write.owner:
            source = write.owner.source
            self.edges = {
                (label, s, t)
                for label, s, t in self.edges
                if not (label == write.owner.label and t == vertex.id)
                or (source and s == source.id)
            }
            if source:
                self._ensure(source)
                self.edges.add((write.owner.label, source.id, vertex.id))
        for edge in write.removes:
            self.edges.discard((edge.label, edge.source.id, edge.target.id))
        for edge in write.adds:
            self._ensure(edge.source)
            self._ensure(edge.target)
            self.edges.add((edge.label, edge.source.id, edge.target.id))
        for key, value in write.properties.items():
            if value is None:
                properties.pop(key, None)
            else:
                properties[key] = value
        properties[write.version_key] = write.version
        return True

    def _ensure(self, vertex: Vertex) -> dict[str, Any]:
        return self.vertices.setdefault(vertex.id, (vertex.label, dict(vertex.created_with)))[1]

    def neighborhood(self, entity_id: str, depth: int) -> Neighborhood | None:
        if entity_id not in self.vertices:
            return None
        reached, links = [entity_id], []
        for _ in range(depth):
            frontier = set(reached)
            for label, source, target in sorted(self.edges):
                link = Link(f"{label}:{source}:{target}", label, source, target)
                if {source, target} & frontier and link not in links:
                    links.append(link)
                    reached += [v for v in (source, target) if v not in reached]
        return Neighborhood(self.node(entity_id), tuple(map(self.node, reached)), tuple(links))

    def node(self, vertex_id: str) -> Node:
        label, properties = self.vertices[vertex_id]
        return Node(vertex_id, label, dict(properties), self.lineage(vertex_id))

    def lineage(self, vertex_id: str) -> tuple[str, ...]:
        if self.vertices[vertex_id][0] == DIVISION:
            found = [vertex_id]
        else:
            found = [s for label, s, t in self.edges if label in MEMBERSHIP and t == vertex_id]
        while found:
            parents = [s for label, s, t in self.edges if label == PARENT_OF and t == found[-1]]
            if not parents or parents[0] in found:
                break
            found.append(parents[0])
        return tuple(found)


@pytest.fixture
def graph() -> FakeGraph:
    return FakeGraph()
