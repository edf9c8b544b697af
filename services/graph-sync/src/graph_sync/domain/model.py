"""The relationship graph and what each consumed event implies for it. Pure Python.

Vertex ids are the entities' own UUIDs. Every event implies one ``Upsert``: make sure its
vertex exists, link it to its neighbours (a neighbour whose own event has not arrived yet
is created as a bare placeholder, filled in when that event comes) and write the vertex's
properties unless it already holds the same or a newer version. So replaying an event
changes nothing, and an older event arriving after a newer one changes nothing either.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

DIVISION = "Division"
RISK = "Risk"
PARENT_OF = "PARENT_OF"
HAS_RISK = "HAS_RISK"

VERSION = "version"
SCORE_VERSION = "score_version"

MAX_DEPTH = 2

# Neptune stores no maps or lists: a property value is one of these.
Scalar = str | int | float | bool


@dataclass(frozen=True)
class Vertex:
    id: str
    label: str


@dataclass(frozen=True)
class Edge:
    label: str
    source: Vertex
    target: Vertex


@dataclass(frozen=True)
class Upsert:
    """Ensure ``vertex`` and its ``edges`` exist, then write ``properties`` to the vertex
    unless it already holds ``properties[version_key]`` or a higher version there."""

    vertex: Vertex
    version_key: str
    properties: Mapping[str, Scalar]
    edges: tuple[Edge, ...] = ()

    def __post_init__(self) -> None:
        version = self.properties.get(self.version_key)
        if not isinstance(version, int) or isinstance(version, bool):
            raise ValueError(f"{self.version_key} must be an integer version")
        for key, value in self.properties.items():
            if not isinstance(value, Scalar):
                raise ValueError(f"{key} must be a scalar, not {type(value).__name__}")
        for edge in self.edges:
            if self.vertex not in (edge.source, edge.target):
                raise ValueError(f"{edge.label} edge does not touch {self.vertex.id}")

    @property
    def version(self) -> int:
        return int(self.properties[self.version_key])

    def supersedes(self, current: Mapping[str, Any]) -> bool:
        """The version gate: write only over an older version, or over none."""
        held = current.get(self.version_key)
        return held is None or self.version > held


def division_registered(data: Mapping[str, Any]) -> Upsert:
    division = Vertex(data["division_id"], DIVISION)
    parent_id = data["parent_id"]
    edges = (Edge(PARENT_OF, Vertex(parent_id, DIVISION), division),) if parent_id else ()
    properties = {"code": data["code"], "name": data["name"], VERSION: data["version"]}
    return Upsert(division, VERSION, properties, edges)


def risk_captured(data: Mapping[str, Any]) -> Upsert:
    risk = Vertex(data["risk_id"], RISK)
    properties = {
        "title": data["title"],
        "category": data["category"],
        "status": data["status"],
        "owner_email": data["owner_email"],
        "division_id": data["division_id"],
        VERSION: data["version"],
    }
    return Upsert(risk, VERSION, properties, (_has_risk(data["division_id"], risk),))


def risk_scored(data: Mapping[str, Any]) -> Upsert:
    risk = Vertex(data["risk_id"], RISK)
    inherent = data["inherent"]
    properties = {
        "score": inherent["score"],
        "level": inherent["level"],
        "likelihood": inherent["likelihood"],
        "impact": inherent["impact"],
        "model_version": data["model"]["version"],
        SCORE_VERSION: data["score_version"],
    }
    return Upsert(risk, SCORE_VERSION, properties, (_has_risk(data["division_id"], risk),))


def _has_risk(division_id: str, risk: Vertex) -> Edge:
    return Edge(HAS_RISK, Vertex(division_id, DIVISION), risk)


@dataclass(frozen=True)
class Node:
    """A vertex as read back, with its properties."""

    id: str
    label: str
    properties: Mapping[str, Scalar]


@dataclass(frozen=True)
class Link:
    """An edge as read back: its own id and the ids of its ends."""

    id: str
    label: str
    source: str
    target: str


@dataclass(frozen=True)
class Neighborhood:
    """A vertex, every vertex within some hops of it (itself included) and the edges
    followed to reach them."""

    center: Node
    nodes: tuple[Node, ...]
    edges: tuple[Link, ...]
