"""The graph API's response bodies (camelCase on the wire, property names included)."""

from __future__ import annotations

from pydantic.alias_generators import to_camel

from graph_sync.domain.model import Link, Neighborhood, Node
from riskplatform.api import ApiModel


class NodeOut(ApiModel):
    id: str
    label: str
    properties: dict[str, str | int | float | bool]

    @classmethod
    def of(cls, node: Node) -> NodeOut:
        properties = {to_camel(key): value for key, value in node.properties.items()}
        return cls(id=node.id, label=node.label, properties=properties)


class EdgeOut(ApiModel):
    id: str
    label: str
    source: str
    target: str

    @classmethod
    def of(cls, link: Link) -> EdgeOut:
        return cls(id=link.id, label=link.label, source=link.source, target=link.target)


class NeighborhoodOut(ApiModel):
    center: NodeOut
    nodes: list[NodeOut]
    edges: list[EdgeOut]

    @classmethod
    def of(cls, found: Neighborhood) -> NeighborhoodOut:
        return cls(
            center=NodeOut.of(found.center),
            nodes=[NodeOut.of(n) for n in found.nodes],
            edges=[EdgeOut.of(e) for e in found.edges],
        )
