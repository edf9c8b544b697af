"""Graph analytics, pure Python: what trouble at one entity reaches (impact), the entities
that many serious risks depend on (concentration), how two entities connect (paths), and
what a division is exposed to through the suppliers and sites it depends on (exposure).

The service layer walks the graph breadth first, one Gremlin request per hop (bytecode:
the edges of the frontier, then the new vertices with their lineage), never through a
vertex the caller may not read, so nothing behind it shows and a walk is bounded by the
vertices it visits, not by the paths there are. This module says where an edge leads,
keeps the shortest walks, and computes the figures. Exposure sums the current residual of live risks
(neither retired nor closed).

"Depends on" follows the edges against their meaning of supply: a product DEPENDS_ON a
supplier and is MADE_AT a site, a division SELLS a product, a risk AFFECTS an entity, a
division HAS_RISK its risks and is the PARENT_OF its sub-divisions, a solution MITIGATES
risks. So from a supplier the walk goes to the products made with it, the divisions
selling them, their sub-divisions and their risks, and to the risks that affect any of
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from graph_sync.domain.model import (
    AFFECTS,
    DEPENDS_ON,
    DIVISION,
    HAS_RISK,
    MADE_AT,
    MITIGATES,
    OWNS,
    PARENT_OF,
    RISK,
    SELLS,
    Link,
    Node,
    readable,
)

# Walking "what depends on this": these edges are followed from their target back to
# their source, those from their source to their target.
DEPENDENTS_IN = (DEPENDS_ON, MADE_AT, SELLS, AFFECTS)
DEPENDENTS_OUT = (HAS_RISK, PARENT_OF, MITIGATES, OWNS)
IMPACT_HOPS = 8  # supplier > product > division > sub-divisions ... > risk
PATH_HOPS = 6
REACH_CAP = 5_000  # vertices one answer may reach; beyond it the answer is truncated
PATHS_CAP = 10  # shortest paths one answer lists
SERIOUS = frozenset({"high", "critical"})
DEPENDENTS, EITHER_WAY = "dependents", "either-way"


def far_end(link: Link, here: str, direction: str) -> str | None:
    """Where following ``link`` from ``here`` leads: towards what depends on ``here``
    (DEPENDENTS), or to its other end (EITHER_WAY); None when it leads nowhere so."""
    if direction == EITHER_WAY:
        return link.target if link.source == here else link.source
    if link.label in DEPENDENTS_IN and link.target == here:
        return link.source
    if link.label in DEPENDENTS_OUT and link.source == here:
        return link.target
    return None


@dataclass
class Reach:
    """A breadth-first walk from ``start``: every vertex reached, with the edges by
    which it was first reached (several when several did so at the same hop)."""

    start: Node
    nodes: dict[str, Node]
    hops: dict[str, int]
    parents: dict[str, list[tuple[str, Link]]]
    truncated: bool = False

    @classmethod
    def begin(cls, start: Node) -> Reach:
        return cls(start, {start.id: start}, {start.id: 0}, {start.id: []})

    def step(self, frontier: list[str], links: Iterable[Link], direction: str) -> list[str]:
        """The vertices one hop beyond the frontier (not reached before), noting how."""
        hop = self.hops[frontier[0]] + 1 if frontier else 0
        here = set(frontier)
        found: dict[str, list[tuple[str, Link]]] = {}
        for link in links:
            for end in (link.source, link.target):
                far = far_end(link, end, direction) if end in here else None
                if far is not None and far not in self.hops:
                    found.setdefault(far, []).append((end, link))
        for far, ways in found.items():
            self.parents[far] = ways
            self.hops[far] = hop
        return list(found)

    def keep(self, found: Mapping[str, Node], roots: frozenset[str] | None) -> list[str]:
        """Keep the new vertices the caller may read; forget the others (they neither show
        nor lead anywhere). The kept ones are the next frontier."""
        kept = []
        for vertex_id in [v for v in self.parents if v not in self.nodes]:
            node = found.get(vertex_id)
            if node is not None and readable(node, roots):
                self.nodes[vertex_id] = node
                kept.append(vertex_id)
            else:
                del self.parents[vertex_id], self.hops[vertex_id]
        return kept

    def walk_to(self, vertex_id: str) -> Walk:
        """The first shortest walk from the start to the vertex."""
        vertices, links = [vertex_id], []
        while self.parents[vertices[-1]]:
            previous, link = self.parents[vertices[-1]][0]
            vertices.append(previous)
            links.append(link)
        return Walk(tuple(reversed(vertices)), tuple(reversed(links)))

    def walks_to(self, vertex_id: str, cap: int) -> list[Walk]:
        """Every shortest walk from the start to the vertex, at most ``cap``."""
        if vertex_id not in self.nodes:
            return []
        done: list[Walk] = []
        # walks backwards, as (vertices, links)
        partial: list[tuple[tuple[str, ...], tuple[Link, ...]]] = [((vertex_id,), ())]
        while partial and len(done) < cap:
            vertices, links = partial.pop()
            ways = self.parents[vertices[-1]]
            if not ways:
                done.append(Walk(tuple(reversed(vertices)), tuple(reversed(links))))
            for previous, link in ways:
                partial.append(((*vertices, previous), (*links, link)))
        return sorted(done, key=lambda w: w.vertices)

    def walks(self) -> list[Walk]:
        """The first shortest walk to every vertex reached but the start."""
        return [self.walk_to(v) for v in self.nodes if v != self.start.id]


@dataclass(frozen=True)
class Walk:
    """Vertices from the start, and the edges between them (one fewer)."""

    vertices: tuple[str, ...]
    links: tuple[Link, ...]

    @property
    def end(self) -> str:
        return self.vertices[-1]


@dataclass(frozen=True)
class Subgraph:
    """What a response draws: vertices and the edges between them."""

    nodes: tuple[Node, ...]
    links: tuple[Link, ...]

    @classmethod
    def of(cls, start: Node | None, walks: Iterable[Walk], nodes: Mapping[str, Node]) -> Subgraph:
        ids: dict[str, None] = dict.fromkeys([start.id] if start else [])
        links: dict[str, Link] = {}
        for walk in walks:
            ids.update(dict.fromkeys(walk.vertices))
            links.update((link.id, link) for link in walk.links)
        return cls(tuple(nodes[i] for i in ids), tuple(links.values()))


def meeting_walks(forward: Reach, backward: Reach, cap: int) -> list[Walk]:
    """The shortest walks from ``forward``'s start to ``backward``'s, where the two
    breadth-first searches met (none when they did not)."""
    met = forward.nodes.keys() & backward.nodes.keys()
    if not met:
        return []
    fewest = min(forward.hops[m] + backward.hops[m] for m in met)
    found: dict[tuple[str, ...], Walk] = {}
    for middle in sorted(m for m in met if forward.hops[m] + backward.hops[m] == fewest):
        for there in forward.walks_to(middle, cap):
            for back in backward.walks_to(middle, cap):
                walk = Walk(
                    there.vertices + tuple(reversed(back.vertices))[1:],
                    there.links + tuple(reversed(back.links)),
                )
                found.setdefault(walk.vertices, walk)
    return [found[key] for key in sorted(found)][:cap]


@dataclass(frozen=True)
class Exposure:
    """Live risks: how many, the sum and the worst of their current residual."""

    risks: int
    total: int
    worst: int | None

    @classmethod
    def of(cls, risks: Iterable[Node]) -> Exposure:
        residuals = [residual(risk) for risk in {r.id: r for r in risks if live(r)}.values()]
        return cls(len(residuals), sum(residuals), max(residuals, default=None))


def residual(risk: Node) -> int:
    """The current residual score (the inherent one until scoring sends a residual; 0
    for a risk not scored yet)."""
    value = risk.properties.get("residual", risk.properties.get("score", 0))
    return int(value) if isinstance(value, int | float) else 0


def live(node: Node) -> bool:
    return (
        node.label == RISK
        and node.properties.get("retired") is not True
        and node.properties.get("status") != "closed"
    )


def serious(node: Node) -> bool:
    return live(node) and node.properties.get("residual_level") in SERIOUS


def visible_walks(
    walks: Iterable[Walk], nodes: Mapping[str, Node], roots: frozenset[str] | None
) -> list[Walk]:
    """The walks whose every vertex the caller may read."""
    return [w for w in walks if all(v in nodes and readable(nodes[v], roots) for v in w.vertices)]


@dataclass(frozen=True)
class Reached:
    node: Node
    path: tuple[str, ...]  # vertex ids from the start to the node


@dataclass(frozen=True)
class Impact:
    start: Node
    reached: tuple[Reached, ...]  # divisions and risks, nearest first
    exposure: Exposure
    subgraph: Subgraph
    truncated: bool


def impact(reach: Reach) -> Impact:
    """Every division and risk that depends on the start, each by its shortest walk,
    and the exposure of the risks among them."""
    walks = reach.walks()
    reached = sorted(
        (
            Reached(reach.nodes[walk.end], walk.vertices)
            for walk in walks
            if reach.nodes[walk.end].label in (DIVISION, RISK)
        ),
        key=lambda r: (len(r.path), r.node.label, r.node.id),
    )
    return Impact(
        start=reach.start,
        reached=tuple(reached),
        exposure=Exposure.of(r.node for r in reached if r.node.label == RISK),
        subgraph=Subgraph.of(reach.start, walks, reach.nodes),
        truncated=reach.truncated,
    )


@dataclass(frozen=True)
class Exposed:
    """What the graph counted of the live risks that depend on one entity."""

    risks: int
    serious: int  # high or critical
    total: int
    worst: int | None


@dataclass(frozen=True)
class UpstreamReach:
    """What depends on one supplier or site: the divisions that sell a product made with
    it or at it, with their sub-divisions (within the walk's hops), and the figures of
    the live risks that affect the entity, those products or those divisions but belong
    to none of those divisions (the graph counts them, each once)."""

    divisions: frozenset[str]
    elsewhere: Exposed


def exposure_through_divisions(by_division: Mapping[str, Exposed], reach: UpstreamReach) -> Exposed:
    """The figures of every live risk that depends on a supplier or site, each once: the
    risks of the divisions reached (each division's figures, counted once for all
    entities, are disjoint: a risk belongs to one division) and the affecting risks from
    elsewhere. A division absent from ``by_division`` (outside the caller's scope, or
    without live risks) adds nothing."""
    parts = [by_division[d] for d in sorted(reach.divisions) if d in by_division]
    parts.append(reach.elsewhere)
    worsts = [p.worst for p in parts if p.worst is not None]
    return Exposed(
        risks=sum(p.risks for p in parts),
        serious=sum(p.serious for p in parts),
        total=sum(p.total for p in parts),
        worst=max(worsts, default=None),
    )


@dataclass(frozen=True)
class Concentrated:
    node: Node
    serious_risks: int  # high and critical live risks that depend on it
    exposure: Exposure  # of every live risk that depends on it


def concentration(
    exposed: Mapping[str, Exposed], nodes: Mapping[str, Node], roots: frozenset[str] | None
) -> list[Concentrated]:
    """Entities ranked by the serious risks that depend on them (then by exposure): the
    single points of failure. Entities the caller may not read, and those no serious
    risk depends on, are left out."""
    ranked = [
        Concentrated(nodes[i], e.serious, Exposure(e.risks, e.total, e.worst))
        for i, e in exposed.items()
        if e.serious and i in nodes and readable(nodes[i], roots)
    ]
    ranked.sort(key=lambda c: (-c.serious_risks, -c.exposure.total, c.node.id))
    return ranked


@dataclass(frozen=True)
class Dependency:
    node: Node  # a supplier or a site
    products: tuple[str, ...]  # the division's products that depend on it
    exposure: Exposure  # of the live risks that affect it


@dataclass(frozen=True)
class DivisionExposure:
    division: Node
    dependencies: tuple[Dependency, ...]  # most exposed first
    exposure: Exposure  # of every distinct risk over all of them
    subgraph: Subgraph


def division_exposure(
    division_id: str,
    supply: Iterable[Walk],
    affecting: Mapping[str, Iterable[str]],
    nodes: Mapping[str, Node],
    roots: frozenset[str] | None,
) -> DivisionExposure | None:
    """``supply``: walks from the division (or a sub-division) through a product it
    sells to a supplier or site the product depends on; ``affecting``: the risks that
    affect each supplier or site."""
    division = nodes.get(division_id)
    if division is None or division.label != DIVISION or not readable(division, roots):
        return None
    walks = visible_walks(supply, nodes, roots)
    products: dict[str, dict[str, None]] = {}
    for walk in walks:
        products.setdefault(walk.end, {})[walk.vertices[-2]] = None
    dependencies, all_risks = [], []
    for dependency_id, its_products in products.items():
        risks = [
            nodes[r]
            for r in affecting.get(dependency_id, ())
            if r in nodes and readable(nodes[r], roots)
        ]
        all_risks.extend(risks)
        dependencies.append(
            Dependency(nodes[dependency_id], tuple(its_products), Exposure.of(risks))
        )
    dependencies.sort(key=lambda d: (-d.exposure.total, -d.exposure.risks, d.node.id))
    return DivisionExposure(
        division=division,
        dependencies=tuple(dependencies),
        exposure=Exposure.of(all_risks),
        subgraph=Subgraph.of(division, walks, nodes),
    )
