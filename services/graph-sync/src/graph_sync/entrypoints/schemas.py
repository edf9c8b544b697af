"""The graph API's response bodies, shaped for Cytoscape: ``elements`` holds ``nodes``
and ``edges``, each ``{"data": {...}}`` (camelCase on the wire, property names
included), beside the figures of the answer and ``truncated`` when a cap cut it."""

from __future__ import annotations

from enum import StrEnum

from pydantic.alias_generators import to_camel

from graph_sync.domain.analytics import (
    Concentrated,
    DivisionExposure,
    Exposure,
    Impact,
    Subgraph,
    Walk,
    residual,
)
from graph_sync.domain.model import (
    DIVISION,
    OWNER,
    PRODUCT,
    RISK,
    SITE,
    SOLUTION,
    SUPPLIER,
    Link,
    Neighborhood,
    Node,
)
from riskplatform.api import ApiModel, PageOut

Scalar = str | int | float | bool


class EntityType(StrEnum):
    DIVISION = DIVISION
    RISK = RISK
    SOLUTION = SOLUTION
    PRODUCT = PRODUCT
    SUPPLIER = SUPPLIER
    SITE = SITE
    OWNER = OWNER


class DependedOnType(StrEnum):
    """What risks may depend on: the types concentration ranks."""

    SOLUTION = SOLUTION
    SUPPLIER = SUPPLIER
    SITE = SITE
    PRODUCT = PRODUCT
    OWNER = OWNER


def display(node: Node) -> str:
    for key in ("title", "name", "code", "email"):
        value = node.properties.get(key)
        if isinstance(value, str) and value:
            return value
    return node.id


class NodeData(ApiModel):
    """``type`` is the entity's kind, ``label`` what to write on it, ``level`` a risk's
    current residual level (to colour it by); every stored property besides."""

    id: str
    type: str
    label: str
    level: str | None
    properties: dict[str, Scalar]

    @classmethod
    def of(cls, node: Node) -> NodeData:
        level = node.properties.get("residual_level") if node.label == RISK else None
        return cls(
            id=node.id,
            type=node.label,
            label=display(node),
            level=level if isinstance(level, str) else None,
            properties={to_camel(key): value for key, value in node.properties.items()},
        )


class EdgeData(ApiModel):
    id: str
    type: str
    source: str
    target: str

    @classmethod
    def of(cls, link: Link) -> EdgeData:
        return cls(id=link.id, type=link.label, source=link.source, target=link.target)


class NodeElement(ApiModel):
    data: NodeData


class EdgeElement(ApiModel):
    data: EdgeData


class ElementsOut(ApiModel):
    nodes: list[NodeElement]
    edges: list[EdgeElement]

    @classmethod
    def of(cls, nodes: tuple[Node, ...], links: tuple[Link, ...]) -> ElementsOut:
        return cls(
            nodes=[NodeElement(data=NodeData.of(n)) for n in nodes],
            edges=[EdgeElement(data=EdgeData.of(link)) for link in links],
        )

    @classmethod
    def of_subgraph(cls, subgraph: Subgraph) -> ElementsOut:
        return cls.of(subgraph.nodes, subgraph.links)


class ExposureOut(ApiModel):
    """Live risks (neither retired nor closed): how many, and the sum and the worst of
    their current residual scores."""

    risks: int
    total: int
    worst: int | None

    @classmethod
    def of(cls, exposure: Exposure) -> ExposureOut:
        return cls(risks=exposure.risks, total=exposure.total, worst=exposure.worst)


class NeighborhoodOut(ApiModel):
    center: str
    elements: ElementsOut
    truncated: bool

    @classmethod
    def of(cls, found: Neighborhood, truncated: bool) -> NeighborhoodOut:
        return cls(
            center=found.center.id,
            elements=ElementsOut.of(found.nodes, found.edges),
            truncated=truncated,
        )


class ReachedOut(ApiModel):
    id: str
    type: str
    label: str
    path: list[str]  # vertex ids from the start to this one
    residual: int | None  # a risk's current residual score

    @classmethod
    def of(cls, node: Node, path: tuple[str, ...]) -> ReachedOut:
        return cls(
            id=node.id,
            type=node.label,
            label=display(node),
            path=list(path),
            residual=residual(node) if node.label == RISK else None,
        )


class ImpactOut(ApiModel):
    """Every division and risk that depends on the entity, nearest first, each with its
    path, and the exposure of those risks."""

    start: str
    reached: list[ReachedOut]
    exposure: ExposureOut
    elements: ElementsOut
    truncated: bool

    @classmethod
    def of(cls, found: Impact) -> ImpactOut:
        return cls(
            start=found.start.id,
            reached=[ReachedOut.of(r.node, r.path) for r in found.reached],
            exposure=ExposureOut.of(found.exposure),
            elements=ElementsOut.of_subgraph(found.subgraph),
            truncated=found.truncated,
        )


class ConcentratedOut(ApiModel):
    id: str
    type: str
    label: str
    serious_risks: int  # high and critical live risks that depend on it
    exposure: ExposureOut

    @classmethod
    def of(cls, found: Concentrated) -> ConcentratedOut:
        return cls(
            id=found.node.id,
            type=found.node.label,
            label=display(found.node),
            serious_risks=found.serious_risks,
            exposure=ExposureOut.of(found.exposure),
        )


class OwnerOut(ApiModel):
    """A person who owns risks or solutions: the id of their vertex (for the other graph
    routes), their email, and how many of the risks and solutions the caller may read
    they own."""

    id: str
    email: str
    owns: int


class OwnersOut(PageOut):
    items: list[OwnerOut]


class ConcentrationOut(ApiModel):
    """The entities of one type that most high and critical risks depend on."""

    type: str
    items: list[ConcentratedOut]
    elements: ElementsOut
    truncated: bool

    @classmethod
    def of(cls, kind: str, ranked: list[Concentrated], truncated: bool) -> ConcentrationOut:
        return cls(
            type=kind,
            items=[ConcentratedOut.of(c) for c in ranked],
            elements=ElementsOut.of(tuple(c.node for c in ranked), ()),
            truncated=truncated,
        )


class PathsOut(ApiModel):
    """The shortest paths between two entities, each a list of vertex ids."""

    source: str
    target: str
    paths: list[list[str]]
    elements: ElementsOut
    truncated: bool

    @classmethod
    def of(
        cls, source: str, target: str, subgraph: Subgraph, walks: list[Walk], truncated: bool
    ) -> PathsOut:
        return cls(
            source=source,
            target=target,
            paths=[list(w.vertices) for w in walks],
            elements=ElementsOut.of_subgraph(subgraph),
            truncated=truncated,
        )


class DependencyOut(ApiModel):
    id: str
    type: str
    label: str
    products: list[str]  # the division's products that depend on it
    exposure: ExposureOut  # of the live risks that affect it


class DivisionExposureOut(ApiModel):
    """What a division (with its sub-divisions) is exposed to through the suppliers and
    sites its products depend on, most exposed first."""

    division: str
    dependencies: list[DependencyOut]
    exposure: ExposureOut
    elements: ElementsOut
    truncated: bool

    @classmethod
    def of(cls, found: DivisionExposure) -> DivisionExposureOut:
        return cls(
            division=found.division.id,
            dependencies=[
                DependencyOut(
                    id=d.node.id,
                    type=d.node.label,
                    label=display(d.node),
                    products=list(d.products),
                    exposure=ExposureOut.of(d.exposure),
                )
                for d in found.dependencies
            ],
            exposure=ExposureOut.of(found.exposure),
            elements=ElementsOut.of_subgraph(found.subgraph),
            truncated=False,
        )
