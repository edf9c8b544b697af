"""An in-memory GraphRepository that keeps the domain's rules, for unit tests."""

from __future__ import annotations

from typing import Any

import pytest

from graph_sync.domain.model import Link, Neighborhood, Node, Upsert


class FakeGraph:
    def __init__(self) -> None:
        self.vertices: dict[str, tuple[str, dict[str, Any]]] = {}
        self.edges: set[tuple[str, str, str]] = set()

    def upsert(self, change: Upsert) -> bool:
        for edge in change.edges:
            for end in (edge.source, edge.target):
                self.vertices.setdefault(end.id, (end.label, {}))
            self.edges.add((edge.label, edge.source.id, edge.target.id))
        _, properties = self.vertices.setdefault(change.vertex.id, (change.vertex.label, {}))
        if not change.supersedes(properties):
            return False
        properties.update(change.properties)
        return True

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
        return Node(vertex_id, label, dict(properties))


@pytest.fixture
def graph() -> FakeGraph:
    return FakeGraph()
