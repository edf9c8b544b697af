"""The graph repository on Gremlin: Neptune in AWS, Gremlin Server locally.

Bytecode only. Changes go as data: one traversal of a fixed shape takes a list of rows
(one per changed vertex, each with its writes) and applies them, so Neptune applies a
request in one transaction and the server compiles the same few dozen steps whatever
the number of changes. Per vertex: mergeV; then per write its version gate (no
property under the row's version key holding that version or a newer one), the edge
changes (in sideEffects, so the traverser stays on the vertex) and the property writes,
each with ``Cardinality.single`` (Neptune's default cardinality is ``set``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import partial
from typing import Any

from gremlin_python.driver.protocol import GremlinServerError
from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource, __
from gremlin_python.process.traversal import (
    Cardinality,
    Column,
    Direction,
    Merge,
    P,
    Scope,
    T,
    TextP,
)

from graph_sync.adapters.connection import READ_TIMEOUT_SECONDS, GremlinConnection
from graph_sync.domain.analytics import (
    DEPENDENTS_IN,
    DEPENDENTS_OUT,
    EITHER_WAY,
    SERIOUS,
    Exposed,
    UpstreamReach,
    Walk,
    exposure_through_divisions,
)
from graph_sync.domain.model import (
    AFFECTS,
    DEPENDS_ON,
    DIVISION,
    HAS_RISK,
    MADE_AT,
    MAX_TREE_DEPTH,
    MEMBERSHIP,
    OWNER,
    OWNS,
    PARENT_OF,
    RISK,
    SELLS,
    SITE,
    SUPPLIER,
    USER,
    Edge,
    Link,
    Neighborhood,
    Node,
    Owned,
    Upsert,
    Vertex,
    Write,
    chunked,
    is_bookkeeping,
)
from riskplatform.errors import DomainError

ANALYSIS_SECONDS = READ_TIMEOUT_SECONDS - 1
SERVER_TIMEOUT = 598  # Gremlin Server's status for an evaluation that ran out of time
# Neptune's guidance for one request: about 200 records (a vertex or an edge, a label or
# a property each), under 1,500 steps. The traversal has some 60 steps whatever it carries.
BATCH_RECORDS = 200


class AnalysisTooLarge(DomainError):
    """The graph took too long to answer: it is the graph's limit, not the caller's
    request that is at fault, and sending it again gives the same answer."""

    status = 504


class GremlinGraph:
    def __init__(self, connection: GremlinConnection) -> None:
        self.connection = connection

    def upsert(self, change: Upsert) -> bool:
        return bool(self.upsert_all([change]))

    def chunks(self, changes: Sequence[Upsert]) -> list[list[Upsert]]:
        """The changes in chunks one request each may carry: Neptune's guidance is about
        200 records a request."""
        return chunked(changes, Upsert.records, BATCH_RECORDS, BATCH_RECORDS + 1)

    def upsert_all(self, changes: Sequence[Upsert]) -> set[str]:
        """Apply the changes in one traversal, one transaction on Neptune (locally the
        server runs one traversal at a time); the ids of the vertices it changed. Each
        write keeps its gate; the changes must be one per vertex (model.coalesced)."""
        if not changes:
            return set()
        return set(self.connection.run(partial(upsert_traversal, changes=changes)))

    def divisions_of(self, user_id: str) -> frozenset[str]:
        """The divisions a user works in, as the membership events last said."""
        found = self.connection.run(lambda g: g.V(user_id).has_label(USER).values("divisions"))
        return frozenset(d for text in found for d in str(text).split(",") if d)

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

    # ---- analytics: walks and the vertices on them (graph_sync.domain.analytics) ----

    def _analysis(self, build: Callable[[GraphTraversalSource], GraphTraversal]) -> list[Any]:
        """An analytics request, stopped by the server after ANALYSIS_SECONDS (before the
        client's read timeout) rather than left to run on, holding its workers."""
        try:
            return self.connection.run(
                lambda g: build(g.with_("evaluationTimeout", ANALYSIS_SECONDS * 1000))
            )
        except GremlinServerError as error:
            if error.status_code == SERVER_TIMEOUT:
                raise AnalysisTooLarge(
                    f"the graph did not answer this within {ANALYSIS_SECONDS} s"
                ) from error
            raise

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """The vertices with these ids, each with its lineage."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        found = self._analysis(lambda g: g.V(*wanted).map(_with_lineage()))
        return {node.id: node for node in map(_node, found)}

    def links_of(self, ids: list[str], direction: str) -> list[Link]:
        def edges(g: GraphTraversalSource) -> GraphTraversal:
            around = g.V(*ids)
            if direction == EITHER_WAY:
                return around.both_e().dedup().element_map()
            return (
                around.union(__.in_e(*DEPENDENTS_IN), __.out_e(*DEPENDENTS_OUT))
                .dedup()
                .element_map()
            )

        return [_link(e) for e in self._analysis(edges)] if ids else []

    def subtree(self, roots: Iterable[str]) -> frozenset[str]:
        """The divisions given and every division below them."""
        wanted = list(roots)
        if not wanted:
            return frozenset()
        found = self._analysis(
            lambda g: (
                g.V(*wanted)
                .has_label(DIVISION)
                .emit()
                .repeat(__.out(PARENT_OF))
                .times(MAX_TREE_DEPTH)
                .dedup()
                .id_()
            )
        )
        return frozenset(found)

    def exposure_by_entity(
        self, label: str, hops: int, divisions: frozenset[str] | None
    ) -> dict[str, Exposed]:
        """For every entity with this label, the live risks that depend on it (only those
        of ``divisions``, when given): how many, how many high or critical, and the sum
        and the worst of their current residual; counted by the server, each risk once."""
        if label in (SUPPLIER, SITE):
            return self._exposure_upstream(label, hops, divisions)
        found = self._analysis(
            lambda g: (
                g.V()
                .has_label(label)
                .project("id", "figures")
                .by(__.id_())
                .by(_live_dependents(hops, divisions).fold().map(_figures()))
            )
        )
        return {
            row["id"]: Exposed(
                risks=int(f["risks"]),
                serious=int(f["serious"]),
                total=int(f["total"]),
                worst=None if f["worst"] is None else int(f["worst"]),
            )
            for row in found
            for f in [row["figures"]]
        }

    def _exposure_upstream(
        self, label: str, hops: int, divisions: frozenset[str] | None
    ) -> dict[str, Exposed]:
        """Suppliers and sites, whose dependents have the same shape (the products made
        with or at them, the divisions selling those and their sub-divisions, the risks
        of those divisions and the risks affecting any of them): each division's risks
        are counted once for all entities, then each entity adds up the divisions it
        reaches and the affecting risks from elsewhere, which the server counts
        (graph_sync.domain.analytics.exposure_through_divisions). Two requests whose cost
        is the graph's size, and only figures cross the wire."""
        levels = max(0, hops - 3)  # entity, product, division: then sub-divisions, a risk
        by_division = {
            row["id"]: _exposed(row["figures"])
            for row in self._analysis(
                lambda g: (
                    _in_scope(g.V().has_label(DIVISION), divisions)
                    .project("id", "figures")
                    .by(__.id_())
                    .by(__.out(HAS_RISK).has_label(RISK).where(_live()).fold().map(_figures()))
                )
            )
        }
        elsewhere = (
            __.select("entity")
            .union(__.identity(), __.in_(DEPENDS_ON, MADE_AT), __.select("reached").unfold())
            .in_(AFFECTS)
            .has_label(RISK)
            .where(_live())
            .dedup()
            .not_(__.in_(HAS_RISK).where(P.within("reached")))
        )
        if divisions is not None:
            elsewhere = elsewhere.where(__.in_(HAS_RISK).has_id(P.within(*divisions)))
        found = self._analysis(
            lambda g: (
                g.V()
                .has_label(label)
                .project("id", "reach")
                .by(__.id_())
                .by(
                    __.as_("entity")
                    .map(_selling_divisions(levels).fold())
                    .as_("reached")
                    .project("divisions", "elsewhere")
                    .by(__.unfold().id_().fold())
                    .by(elsewhere.fold().map(_figures()))
                )
            )
        )
        return {
            row["id"]: exposure_through_divisions(
                by_division,
                UpstreamReach(
                    divisions=frozenset(row["reach"]["divisions"]),
                    elsewhere=_exposed(row["reach"]["elsewhere"]),
                ),
            )
            for row in found
        }

    def owners(self, text: str | None, divisions: frozenset[str] | None) -> list[Owned]:
        """The owners whose email holds ``text`` (any, when None), each with how many
        risks and solutions they own (of ``divisions`` only, when given); those who own
        none of them left out. Emails are kept in lower case, so the text is looked for
        so."""
        owned = __.out(OWNS)
        if divisions is not None:
            owned = owned.where(__.in_(*MEMBERSHIP).has_id(P.within(*divisions)))

        def build(g: GraphTraversalSource) -> GraphTraversal:
            found = g.V().has_label(OWNER)
            if text:
                found = found.has("email", TextP.containing(text.strip().lower()))
            return (
                found.project("id", "email", "owns")
                .by(__.id_())
                .by(__.values("email"))
                .by(owned.count())
            )

        return [Owned(r["id"], r["email"], r["owns"]) for r in self._analysis(build) if r["owns"]]

    def supply(self, division_id: str) -> list[Walk]:
        """Walks from the division or a sub-division, through a product it sells, to each
        supplier and site that product depends on."""
        found = self._analysis(
            lambda g: _walks(
                g.V(division_id)
                .has_label(DIVISION)
                .emit()
                .repeat(__.out_e(PARENT_OF).in_v().simple_path())
                .times(MAX_TREE_DEPTH)
                .out_e(SELLS)
                .in_v()
                .out_e(DEPENDS_ON, MADE_AT)
                .in_v(),
                None,
            )
        )
        return [_walk(p) for p in found]

    def affecting(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For each entity, the risks that affect it."""
        wanted = list(dict.fromkeys(ids))
        if not wanted:
            return {}
        found = self.connection.run(
            lambda g: (
                g.V(*wanted)
                .project("id", "risks")
                .by(__.id_())
                .by(__.in_(AFFECTS).has_label(RISK).id_().fold())
            )
        )
        return {row["id"]: list(row["risks"]) for row in found}


def _live_dependents(hops: int, divisions: frozenset[str] | None) -> GraphTraversal:
    """From an entity, the live risks that depend on it, each once (of ``divisions``)."""
    risks = (
        __.repeat(_dependents().dedup())  # each vertex once: bounded by the graph
        .emit()
        .times(hops)
        .has_label(RISK)
        .where(_live())
    )
    if divisions is not None:
        risks = risks.where(__.in_(HAS_RISK).has_id(P.within(*divisions)))
    return risks


def _live() -> GraphTraversal:
    """A risk that is neither retired nor closed."""
    return __.not_(__.has("retired", True)).not_(__.has("status", "closed"))


def _in_scope(start: GraphTraversal, divisions: frozenset[str] | None) -> GraphTraversal:
    return start if divisions is None else start.has_id(P.within(*divisions))


def _selling_divisions(levels: int) -> GraphTraversal:
    """From a supplier or site: the divisions selling a product made with it or at it,
    and their sub-divisions down ``levels`` levels, each once."""
    return (
        __.in_(DEPENDS_ON, MADE_AT)
        .in_(SELLS)
        .emit()
        .repeat(__.out(PARENT_OF))
        .times(levels)
        .dedup()
    )


def _exposed(figures: Mapping[str, Any]) -> Exposed:
    return Exposed(
        risks=int(figures["risks"]),
        serious=int(figures["serious"]),
        total=int(figures["total"]),
        worst=None if figures["worst"] is None else int(figures["worst"]),
    )


def _figures() -> GraphTraversal:
    """From a list of risks: how many, how many serious, the sum and worst residual."""
    return (
        __.project("risks", "serious", "total", "worst")
        .by(__.count(Scope.local))
        .by(__.unfold().has("residual_level", P.within(*SERIOUS)).count())
        .by(__.coalesce(__.unfold().values("residual").sum_(), __.constant(0)))
        .by(__.coalesce(__.unfold().values("residual").max_(), __.constant(None)))
    )


def _dependents() -> GraphTraversal:
    """One step to what depends on a vertex (graph_sync.domain.analytics)."""
    return __.union(__.in_e(*DEPENDENTS_IN).out_v(), __.out_e(*DEPENDENTS_OUT).in_v())


def _walks(walked: GraphTraversal, cap: int | None) -> GraphTraversal:
    """Each traverser's path: vertex ids and edge element maps, alternately."""
    paths = walked.path().by(__.id_()).by(__.element_map())
    return paths.limit(cap) if cap is not None else paths


def _walk(path: Any) -> Walk:
    objects = list(path.objects if hasattr(path, "objects") else path)
    return Walk(tuple(objects[0::2]), tuple(_link(e) for e in objects[1::2]))


def upsert_traversal(g: GraphTraversalSource, changes: Sequence[Upsert]) -> GraphTraversal:
    """Yields a vertex's id once for each write its gate let through; a change without
    writes only ensures the vertex (a placeholder) and yields nothing. Its shape does
    not depend on the changes: they are its data (``rows``)."""
    row, vertex, write = "change", "vertex", "write"
    return (
        g.inject(rows(changes))
        .unfold()
        .as_(row)
        .merge_v(__.select("match"))
        .option(Merge.on_create, __.select("create"))
        .as_(vertex)
        .select(row)
        .select("writes")
        .unfold()
        .as_(write)
        .select(vertex)
        .not_(_held(write))
        .side_effect(_other_owners(write).drop())
        .side_effect(_removed(write, vertex, "removes_out", __.out_e(), __.in_v()).drop())
        .side_effect(_removed(write, vertex, "removes_in", __.in_e(), __.out_v()).drop())
        .side_effect(_added(write))
        .side_effect(
            __.select(write)
            .select("set")
            .unfold()
            .as_("entry")
            .select(vertex)
            .property(
                Cardinality.single,
                __.select("entry").select(Column.keys),
                __.select("entry").select(Column.values),
            )
        )
        .side_effect(
            __.select(write)
            .select("unset")
            .unfold()
            .as_("unset_key")
            .select(vertex)
            .properties()
            .where(P.eq("unset_key"))
            .by(T.key)
            .by()
            .drop()
        )
        .property(
            Cardinality.single,
            __.select(write).select("version_key"),
            __.select(write).select("version"),
        )
        .id_()
    )


def _held(write: str) -> GraphTraversal:
    """The write's version key holds its version or a newer one."""
    return (
        __.properties()
        .where(P.eq(write))
        .by(T.key)
        .by("version_key")
        .where(P.gte(write))
        .by(T.value)
        .by("version")
    )


def _other_owners(write: str) -> GraphTraversal:
    """The vertex's incoming edges of the write's owner label from another source (of
    the label "" when the write makes no owner: none)."""
    return (
        __.in_e()
        .where(P.eq(write))
        .by(T.label)
        .by("owner")
        .not_(__.out_v().where(P.eq(write)).by(T.id).by("owner_source"))
    )


def _removed(
    write: str, vertex: str, key: str, edges: GraphTraversal, far: GraphTraversal
) -> GraphTraversal:
    """The vertex's edges the write removes: of each row's label, to or from its far end."""
    return (
        __.select(write)
        .select(key)
        .unfold()
        .as_("gone")
        .select(vertex)
        .flat_map(edges)
        .where(P.eq("gone"))
        .by(T.label)
        .by("label")
        .where(far.where(P.eq("gone")).by(T.id).by("other"))
    )


def _added(write: str) -> GraphTraversal:
    """Each edge the write adds (its owner edge included): its far end ensured (a
    placeholder if need be), then the edge by label and ends. A new edge gets an id made
    of its label and ends, so two deliveries of one event that race cannot both add it:
    the second fails with "already exists" and is retried, and then finds the first's
    (graph-sync's connection retries that, as Neptune's ConcurrentModificationException)."""
    return (
        __.select(write)
        .select("adds")
        .unfold()
        .as_("added")
        .merge_v(__.select("far"))
        .option(Merge.on_create, __.select("far_create"))
        .select("added")
        .merge_e(__.select("ends"))
        .option(Merge.on_create, __.select("create"))
    )


def rows(changes: Sequence[Upsert]) -> list[dict[str, Any]]:
    """The changes as the data upsert_traversal takes."""
    return [
        {
            "match": {T.id: change.vertex.id},
            "create": _created(change.vertex),
            "writes": [_write_row(write, change.vertex) for write in change.writes],
        }
        for change in changes
    ]


def _write_row(write: Write, vertex: Vertex) -> dict[str, Any]:
    owner = write.owner
    source = owner.source if owner else None
    adds = (*write.adds, *([Edge(owner.label, source, vertex)] if owner and source else []))
    return {
        "version_key": write.version_key,
        "version": write.version,
        "set": {key: value for key, value in write.properties.items() if value is not None},
        "unset": [key for key, value in write.properties.items() if value is None],
        "owner": owner.label if owner else "",
        "owner_source": source.id if source else "",
        "adds": [_edge_row(edge, vertex) for edge in adds],
        "removes_out": [
            {"label": e.label, "other": e.target.id} for e in write.removes if e.source == vertex
        ],
        "removes_in": [
            {"label": e.label, "other": e.source.id} for e in write.removes if e.source != vertex
        ],
    }


def _created(vertex: Vertex) -> dict[Any, Any]:
    """What mergeV creates a missing vertex with."""
    return {T.id: vertex.id, T.label: vertex.label, **dict(vertex.created_with)}


def _edge_row(edge: Edge, vertex: Vertex) -> dict[str, Any]:
    far = edge.target if edge.source == vertex else edge.source
    ends = {T.label: edge.label, Direction.from_: edge.source.id, Direction.to: edge.target.id}
    return {
        "far": {T.id: far.id},
        "far_create": _created(far),
        "ends": ends,
        "create": {T.id: edge_id(edge), **ends},
    }


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


def edge_id(edge: Edge) -> str:
    return f"{edge.label}|{edge.source.id}|{edge.target.id}"


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
