"""Use cases of graph-sync: mirror events into the graph, and explore it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph_sync.domain import analytics, events, model
from graph_sync.domain.analytics import (
    DEPENDENTS,
    EITHER_WAY,
    IMPACT_HOPS,
    PATH_HOPS,
    PATHS_CAP,
    REACH_CAP,
    Concentrated,
    DivisionExposure,
    Impact,
    Reach,
    Subgraph,
    Walk,
)
from graph_sync.domain.model import Neighborhood, Owned
from graph_sync.service_layer.ports import GraphRepository
from riskplatform.access import Caller
from riskplatform.errors import NotFound, StoreUnavailable
from riskplatform.events import Envelope
from riskplatform.paging import Page


def mirror(source: str, detail_type: str, data: Mapping[str, Any], graph: GraphRepository) -> bool:
    """Apply an event to the graph; False when the graph already held what it says (or
    graph-sync ignores it)."""
    change = events.change_for(source, detail_type, data)
    return change is not None and graph.upsert(change)


@dataclass
class Mirrored:
    """What one request per chunk did with a batch: the events the graph now holds
    (``done``), those of them that changed it, the errors of the requests that failed
    and whether the graph was down; an event not done is left to go on its own."""

    done: set[str] = field(default_factory=set)
    changed: set[str] = field(default_factory=set)
    failed: list[Exception] = field(default_factory=list)
    down: bool = False


def mirror_batch(batch: Sequence[Envelope], graph: GraphRepository) -> Mirrored:
    """Apply a batch of events in as few requests as the graph allows: their changes
    coalesced (one per vertex, model.coalesced), in chunks of one request each. A chunk
    that fails leaves its events to go one at a time, so that only an event at fault
    fails; a graph that is down stops the batch there. An event graph-sync cannot read
    into a change is left to fail on its own, naming its fault."""
    changes = {}
    for envelope in batch:
        try:
            change = events.change_for(envelope.source, envelope.detail_type, envelope.data)
        except Exception:  # the event fails on its own path, with its error
            continue
        if change is not None:  # one ignored on purpose: the path of one does nothing
            changes[envelope.event_id] = change
    mirrored = Mirrored()
    for chunk in graph.chunks(model.coalesced(changes.values())):
        merged = {change.vertex.id: change for change in chunk}
        mine = {e: c for e, c in changes.items() if c.vertex.id in merged}
        try:
            changed = graph.upsert_all(chunk)
        except StoreUnavailable:
            mirrored.down = True
            break
        except Exception as error:  # a poison event, say: its chunk's go one at a time
            mirrored.failed.append(error)
            continue
        mirrored.done |= mine.keys()
        mirrored.changed |= {
            event_id
            for event_id, change in mine.items()
            if change.vertex.id in changed
            and any(write in merged[change.vertex.id].writes for write in change.writes)
        }
    return mirrored


def neighborhood(
    entity_id: str,
    depth: int,
    reader: Caller,
    graph: GraphRepository,
    types: frozenset[str] | None = None,
) -> tuple[Neighborhood, bool]:
    """What the reader sees around an entity, of the given types, capped (and whether
    the cap cut it). An entity they may not read is not found, as if it did not exist."""
    roots = reader.readable_roots()
    found = graph.neighborhood(entity_id, depth)
    visible = model.seen_by(found, roots, depth) if found else None
    if visible is None:
        raise NotFound("no entity has this id", field="entity_id", location="path")
    return model.limited(visible, types)


def dependents(start_id: str, roots: frozenset[str] | None, graph: GraphRepository) -> Reach:
    """Breadth first from an entity to what depends on it, one request per hop for the
    frontier's edges and one for the vertices they lead to, through what the caller may
    read only; until IMPACT_HOPS, or REACH_CAP vertices (then truncated)."""
    start = graph.nodes([start_id]).get(start_id)
    if start is None or not model.readable(start, roots):
        raise NotFound("no entity has this id", field="entity_id", location="path")
    walk = Reach.begin(start)
    frontier = [start_id]
    for _ in range(IMPACT_HOPS):
        if not frontier:
            break
        found = walk.step(frontier, graph.links_of(frontier, DEPENDENTS), DEPENDENTS)
        frontier = walk.keep(graph.nodes(found), roots)
        if len(walk.nodes) > REACH_CAP:
            walk.truncated = True
            break
    return walk


def impact(entity_id: str, reader: Caller, graph: GraphRepository) -> Impact:
    """Every division and risk that depends on the entity, as far as the reader may read."""
    return analytics.impact(dependents(entity_id, reader.readable_roots(), graph))


def concentration(
    label: str, reader: Caller, top: int, graph: GraphRepository
) -> tuple[list[Concentrated], bool]:
    """The ``top`` entities most serious risks depend on, counting the risks the reader
    may read only, and whether there were more."""
    roots = reader.readable_roots()
    divisions = None if roots is None else graph.subtree(roots)
    exposed = graph.exposure_by_entity(label, IMPACT_HOPS, divisions)
    nodes = graph.nodes(i for i, e in exposed.items() if e.serious)
    ranked = analytics.concentration(exposed, nodes, roots)
    return ranked[:top], len(ranked) > top


def owners(
    text: str | None, reader: Caller, limit: int, offset: int, graph: GraphRepository
) -> Page[Owned]:
    """The owners of the risks and solutions the reader may read, by email, whose email
    holds ``text``; each with how many of those they own."""
    roots = reader.readable_roots()
    divisions = None if roots is None else graph.subtree(roots)
    found = sorted(graph.owners(text, divisions), key=lambda o: (o.email, o.id))
    return Page(found[offset : offset + limit], len(found), limit, offset)


def paths(
    from_id: str, to_id: str, reader: Caller, graph: GraphRepository
) -> tuple[Subgraph, list[Walk], bool]:
    """The shortest walks between two entities through what the reader may read (none
    when they do not connect within PATH_HOPS); 404 when they may not read either end.
    Two breadth-first searches, one from each end, each hop widening the smaller."""
    roots = reader.readable_roots()
    ends = graph.nodes([from_id, to_id])
    for name, entity_id in (("from", from_id), ("to", to_id)):
        if entity_id not in ends or not model.readable(ends[entity_id], roots):
            raise NotFound("no entity has this id", field=name, location="query")
    searches = [(Reach.begin(ends[from_id]), [from_id]), (Reach.begin(ends[to_id]), [to_id])]
    truncated = False
    for _ in range(PATH_HOPS):
        (forward, _), (backward, _) = searches
        if forward.nodes.keys() & backward.nodes.keys():
            break
        side = min((0, 1), key=lambda i: len(searches[i][1]))
        walk, frontier = searches[side]
        if not frontier:
            break
        found = walk.step(frontier, graph.links_of(frontier, EITHER_WAY), EITHER_WAY)
        searches[side] = (walk, walk.keep(graph.nodes(found), roots))
        if len(walk.nodes) > REACH_CAP:
            truncated = True
            break
    (forward, _), (backward, _) = searches
    shortest = analytics.meeting_walks(forward, backward, PATHS_CAP)
    nodes = forward.nodes | backward.nodes
    return Subgraph.of(forward.start, shortest, nodes), shortest, truncated


def division_exposure(division_id: str, reader: Caller, graph: GraphRepository) -> DivisionExposure:
    """A division's exposure through the suppliers and sites it depends on, as far as
    the reader may read; 404 for a division they may not read."""
    roots = reader.readable_roots()
    supply = graph.supply(division_id)
    dependencies = {w.end for w in supply}
    affecting = graph.affecting(dependencies)
    nodes = graph.nodes(
        [
            division_id,
            *(v for w in supply for v in w.vertices),
            *(r for risks in affecting.values() for r in risks),
        ]
    )
    found = analytics.division_exposure(division_id, supply, affecting, nodes, roots)
    if found is None:
        raise NotFound("no division has this id", field="division_id", location="path")
    return found
