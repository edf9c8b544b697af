"""The relationship graph: what a change to it is, and what a caller may see of it.
Pure Python.

Vertex ids are the entities' own UUIDs. Every consumed event implies one ``Upsert`` on
one vertex: a few ``Write``s, each gated by its own version key, so that replaying an
event changes nothing and an older event arriving after a newer one changes nothing
either. A write carries properties and the edges that change with them; an edge's far
end that does not exist yet is created as a bare placeholder, filled in when its own
event comes.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

DIVISION = "Division"
RISK = "Risk"
SOLUTION = "Solution"
PRODUCT = "Product"
SUPPLIER = "Supplier"
SITE = "Site"
USER = "User"  # a user and the divisions they work in: for access checks, never shown
OWNER = "Owner"  # the person a risk or solution names as its owner, by email
PARENT_OF = "PARENT_OF"
HAS_RISK = "HAS_RISK"
HAS_SOLUTION = "HAS_SOLUTION"
MITIGATES = "MITIGATES"
SELLS = "SELLS"
DEPENDS_ON = "DEPENDS_ON"
MADE_AT = "MADE_AT"
AFFECTS = "AFFECTS"
OWNS = "OWNS"

# The edges by which an entity belongs to a division: its lineage starts at their source.
MEMBERSHIP = (HAS_RISK, HAS_SOLUTION)
# Entities of the whole company, of no one division: whoever may read sees them (an
# owner's risks and solutions only as far as the reader may read them).
SHARED = frozenset({PRODUCT, SUPPLIER, SITE, OWNER})

MAX_DEPTH = 2
MAX_TREE_DEPTH = 32  # levels of the division tree a lineage climbs (a bound, should a
#                      cycle show for a while when moves arrive out of order)

# Neptune stores no maps or lists: a property value is one of these. None removes it.
Scalar = str | int | float | bool

# Where the version of the last add or remove of an edge between two entities is kept,
# on the entity the edge belongs to: the edge itself is gone after a removal, yet a late
# add must still find that version. (No colon: Neptune's bulk load headers use one.)
EDGE_VERSION_PREFIX = "edge_version_"


def edge_version_key(label: str, other_id: str) -> str:
    return f"{EDGE_VERSION_PREFIX}{label}_{other_id}"


def is_bookkeeping(key: str) -> bool:
    """Properties kept only for the version gates, not shown to readers."""
    return key.startswith(EDGE_VERSION_PREFIX)


@dataclass(frozen=True)
class Vertex:
    """A vertex by id and label, and the properties it gets when a change creates it
    (an owner's email, from which its id is made: nothing else ever writes them)."""

    id: str
    label: str
    created_with: tuple[tuple[str, Scalar], ...] = ()


# Owners have no id of their own in the register: theirs is made from their email.
OWNER_IDS = uuid.UUID("6f1d2c3e-5b7a-4e0f-9c1d-2a3b4c5d6e7f")


def owner(email: str) -> Vertex:
    """The owner with this email (the same vertex whatever its case)."""
    normal = email.strip().lower()
    return Vertex(str(uuid.uuid5(OWNER_IDS, normal)), OWNER, (("email", normal),))


@dataclass(frozen=True)
class Edge:
    label: str
    source: Vertex
    target: Vertex


@dataclass(frozen=True)
class Owner:
    """The one edge of ``label`` that comes into the vertex: from ``source``, or, when
    that is None, none at all (a division moved to the top of the tree)."""

    label: str
    source: Vertex | None


@dataclass(frozen=True)
class Write:
    """Set ``properties`` (None removes one), make ``owner`` the vertex's only owner
    edge of its label, add the ``adds`` edges and remove the ``removes`` edges, then
    record ``version`` under ``version_key``; all of it only when the vertex does not
    already hold that version or a newer one there."""

    version_key: str
    version: int
    properties: Mapping[str, Scalar | None] = field(default_factory=dict)
    owner: Owner | None = None
    adds: tuple[Edge, ...] = ()
    removes: tuple[Edge, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.version, int) or isinstance(self.version, bool):
            raise ValueError(f"{self.version_key} must be an integer version")
        for key, value in self.properties.items():
            if value is not None and not isinstance(value, Scalar):
                raise ValueError(f"{key} must be a scalar, not {type(value).__name__}")

    def far_ends(self, vertex: Vertex) -> tuple[Vertex, ...]:
        """The vertices besides ``vertex`` that applying the write ensures exist."""
        owner = (self.owner.source,) if self.owner and self.owner.source else ()
        return owner + tuple(
            edge.target if edge.source == vertex else edge.source for edge in self.adds
        )

    def supersedes(self, current: Mapping[str, object]) -> bool:
        """The version gate: write only over an older version, or over none."""
        held = current.get(self.version_key)
        return held is None or (isinstance(held, int) and self.version > held)


@dataclass(frozen=True)
class Upsert:
    """Ensure ``vertex`` exists, then apply each of its ``writes`` that its gate lets through."""

    vertex: Vertex
    writes: tuple[Write, ...]

    def __post_init__(self) -> None:
        for write in self.writes:
            for edge in (*write.adds, *write.removes):
                if self.vertex not in (edge.source, edge.target):
                    raise ValueError(f"{edge.label} edge does not touch {self.vertex.id}")

    def records(self) -> int:
        """What the change may write, in Neptune's records (a vertex or an edge, a label
        or a property each): the vertex, and per write its properties and version, each
        edge removed, and each edge added with its far end (the owner edge too), the
        properties vertices are created with included."""
        return (
            1
            + len(self.vertex.created_with)
            + sum(
                len(write.properties)
                + 1
                + len(write.removes)
                + sum(2 + len(end.created_with) for end in write.far_ends(self.vertex))
                for write in self.writes
            )
        )


def coalesced(changes: Iterable[Upsert]) -> list[Upsert]:
    """The changes as one upsert per vertex, keeping of the writes under one version key
    only the newest (the first of equal versions). Applying these leaves the graph as
    applying every change one after another would, in any order: each gate lets only the
    newest of its writes have the last word, and a key's write always says the whole of
    its aspect. So one request may carry a whole batch with no write whose gate must see
    another write of the same request. The far ends of the writes left out still come as
    upserts without writes (a placeholder each, as the writes would have made)."""
    vertices: dict[str, Vertex] = {}
    newest: dict[str, dict[str, Write]] = {}
    ends: dict[str, Vertex] = {}
    for change in changes:
        vertices.setdefault(change.vertex.id, change.vertex)
        kept = newest.setdefault(change.vertex.id, {})
        for write in change.writes:
            ends |= {end.id: end for end in write.far_ends(change.vertex)}
            held = kept.get(write.version_key)
            if held is None or write.version > held.version:
                kept[write.version_key] = write
    merged = [Upsert(vertices[i], tuple(writes.values())) for i, writes in newest.items()]
    return merged + [Upsert(end, ()) for i, end in ends.items() if i not in vertices]


def chunked[X](
    items: Iterable[X], cost: Callable[[X], int], most: int, budget: int
) -> list[list[X]]:
    """The items in order, in chunks of at most ``most`` items costing under ``budget``
    together; an item that costs the whole budget alone goes in a chunk of its own."""
    chunks: list[list[X]] = []
    spent = 0
    for item in items:
        price = cost(item)
        if not chunks or len(chunks[-1]) >= most or spent + price >= budget:
            chunks.append([])
            spent = 0
        chunks[-1].append(item)
        spent += price
    return chunks


@dataclass(frozen=True)
class Owned:
    """An owner, and how many of the risks and solutions a reader may read they own."""

    id: str
    email: str
    owns: int


@dataclass(frozen=True)
class Node:
    """A vertex as read back, with its properties and its lineage: the division it
    belongs to (itself, for a division) and that division's ancestors, nearest first;
    empty while that is not known."""

    id: str
    label: str
    properties: Mapping[str, Scalar]
    lineage: tuple[str, ...] = ()


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


def readable(node: Node, roots: frozenset[str] | None) -> bool:
    """Whether a caller who may read the subtrees of ``roots`` (None: everything) may
    see this node: a shared entity (a product, supplier or site) always; anything else
    when its lineage meets those subtrees. A node whose division is not known yet is for
    the unscoped only. A user is no one's to see here."""
    if node.label == USER:
        return False
    return roots is None or node.label in SHARED or not roots.isdisjoint(node.lineage)


def seen_by(found: Neighborhood, roots: frozenset[str] | None, depth: int) -> Neighborhood | None:
    """The part of a neighbourhood a caller may see: None when the center is hidden;
    otherwise what is reachable from the center within ``depth`` hops through visible
    vertices only, so a hidden vertex neither shows nor connects what lies behind it."""
    if not readable(found.center, roots):
        return None
    visible = {node.id for node in found.nodes if readable(node, roots)}
    hops = {found.center.id: 0}
    for hop in range(depth):
        for link in found.edges:
            for near, far in ((link.source, link.target), (link.target, link.source)):
                if hops.get(near) == hop and far in visible and far not in hops:
                    hops[far] = hop + 1
    return Neighborhood(
        center=found.center,
        nodes=tuple(node for node in found.nodes if node.id in hops),
        edges=tuple(link for link in found.edges if _walked(link, hops, depth)),
    )


def _walked(link: Link, hops: Mapping[str, int], depth: int) -> bool:
    ends: Iterable[int | None] = (hops.get(link.source), hops.get(link.target))
    reached = [hop for hop in ends if hop is not None]
    return len(reached) == 2 and min(reached) < depth


MAX_NODES = 300  # vertices one neighbourhood answer draws at most


def limited(
    found: Neighborhood, types: frozenset[str] | None, cap: int = MAX_NODES
) -> tuple[Neighborhood, bool]:
    """Only the vertices of these types (the center always), at most ``cap`` of them in
    the order found, and only the edges between those kept; and whether any was left
    out for the cap."""
    wanted = [
        node
        for node in found.nodes
        if node.id != found.center.id and (types is None or node.label in types)
    ]
    kept = [found.center, *wanted[: cap - 1]]
    ids = {node.id for node in kept}
    edges = tuple(e for e in found.edges if e.source in ids and e.target in ids)
    return Neighborhood(found.center, tuple(kept), edges), len(wanted) > cap - 1
