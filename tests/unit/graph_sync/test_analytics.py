"""The graph analytics' pure parts: which walks a caller may see, the shortest walk to
each vertex, exposure over live risks only, the ranking of single points of failure, and
the cap on a neighbourhood."""

from __future__ import annotations

from itertools import pairwise

from graph_sync.domain import analytics
from graph_sync.domain.analytics import DEPENDENTS, EITHER_WAY, Exposed, Exposure, Reach, Walk
from graph_sync.domain.model import Link, Neighborhood, Node, limited

MINE, OTHER = "div-mine", "div-other"


def node(node_id: str, label: str, lineage: tuple[str, ...] = (), **properties) -> Node:
    return Node(node_id, label, properties, lineage)


def walk(*ids: str) -> Walk:
    links = tuple(Link(f"{a}-{b}", "E", a, b) for a, b in pairwise(ids))
    return Walk(ids, links)


NODES = {
    "s": node("s", "Supplier"),
    "p": node("p", "Product"),
    MINE: node(MINE, "Division", (MINE,)),
    OTHER: node(OTHER, "Division", (OTHER,)),
    "r1": node("r1", "Risk", (MINE,), residual=12, residual_level="high"),
    "r2": node("r2", "Risk", (OTHER,), residual=20, residual_level="critical"),
    "r3": node("r3", "Risk", (MINE,), residual=25, residual_level="critical", retired=True),
    "r4": node("r4", "Risk", (MINE,), residual=9, residual_level="medium", status="closed"),
}


def test_a_walk_through_anything_hidden_is_dropped_whole():
    walks = [walk("s", "p", MINE, "r1"), walk("s", "p", OTHER, "r2")]
    seen = analytics.visible_walks(walks, NODES, frozenset({MINE}))
    assert [w.end for w in seen] == ["r1"]
    assert [w.end for w in analytics.visible_walks(walks, NODES, None)] == ["r1", "r2"]


def test_breadth_first_keeps_the_shortest_walks_and_never_passes_what_is_hidden():
    """s <- p (DEPENDS_ON), p <- MINE and OTHER (SELLS), MINE -> r1, OTHER -> r2
    (HAS_RISK), r1 -> s (AFFECTS): r1 is reached from s directly, in one hop."""
    graph = [
        Link("e1", "DEPENDS_ON", "p", "s"),
        Link("e2", "SELLS", MINE, "p"),
        Link("e3", "SELLS", OTHER, "p"),
        Link("e4", "HAS_RISK", MINE, "r1"),
        Link("e5", "HAS_RISK", OTHER, "r2"),
        Link("e6", "AFFECTS", "r1", "s"),
    ]
    walk = Reach.begin(NODES["s"])
    frontier = ["s"]
    while frontier:
        found = walk.step(frontier, graph, DEPENDENTS)
        frontier = walk.keep({v: NODES[v] for v in found}, frozenset({MINE}))
    assert {v: walk.hops[v] for v in walk.nodes} == {"s": 0, "p": 1, "r1": 1, MINE: 2}
    assert walk.walk_to("r1").vertices == ("s", "r1")
    assert [link.id for link in walk.walk_to(MINE).links] == ["e1", "e2"]
    assert OTHER not in walk.nodes and "r2" not in walk.nodes  # hidden, and behind it


def test_every_shortest_walk_between_two_entities_is_listed():
    """a - b - d and a - c - d: two walks of two hops."""
    graph = [
        Link("1", "X", "a", "b"),
        Link("2", "X", "a", "c"),
        Link("3", "X", "b", "d"),
        Link("4", "X", "d", "c"),
    ]
    nodes = {v: node(v, "Product") for v in "abcd"}
    walk = Reach.begin(nodes["a"])
    frontier = ["a"]
    while frontier:
        frontier = walk.keep(nodes, None) if walk.step(frontier, graph, EITHER_WAY) else []
    assert [w.vertices for w in walk.walks_to("d", 10)] == [("a", "b", "d"), ("a", "c", "d")]
    assert len(walk.walks_to("d", 1)) == 1


def test_exposure_counts_live_risks_once_and_ignores_retired_and_closed_ones():
    risks = [NODES[r] for r in ("r1", "r2", "r3", "r4", "r1")]
    assert Exposure.of(risks) == Exposure(risks=2, total=32, worst=20)
    assert Exposure.of([]) == Exposure(risks=0, total=0, worst=None)


def test_impact_lists_divisions_and_risks_nearest_first_with_their_exposure():
    walk = Reach.begin(NODES["s"])
    walk.step(["s"], [Link("e1", "DEPENDS_ON", "p", "s")], DEPENDENTS)
    walk.keep(NODES, None)
    walk.step(["p"], [Link("e2", "SELLS", MINE, "p")], DEPENDENTS)
    walk.keep(NODES, None)
    walk.step([MINE], [Link("e4", "HAS_RISK", MINE, "r1")], DEPENDENTS)
    walk.keep(NODES, None)
    found = analytics.impact(walk)
    assert [r.node.id for r in found.reached] == [MINE, "r1"]  # products are on the way
    assert found.reached[1].path == ("s", "p", MINE, "r1")
    assert found.exposure == Exposure(1, 12, 12)
    assert {n.id for n in found.subgraph.nodes} == {"s", "p", MINE, "r1"}


def test_concentration_ranks_by_serious_risks_then_exposure_and_skips_the_harmless():
    exposed = {
        "s": Exposed(risks=3, serious=2, total=40, worst=20),
        "p": Exposed(risks=2, serious=2, total=45, worst=25),
        "t": Exposed(risks=1, serious=0, total=4, worst=4),
        "x": Exposed(risks=5, serious=3, total=60, worst=20),  # not a vertex we know
    }
    nodes = {"s": NODES["s"], "p": NODES["p"], "t": node("t", "Site")}
    ranked = analytics.concentration(exposed, nodes, None)
    assert [(c.node.id, c.serious_risks, c.exposure.total) for c in ranked] == [
        ("p", 2, 45),
        ("s", 2, 40),
    ]
    solution = node("sol", "Solution", (OTHER,))
    hidden = analytics.concentration(
        {"sol": Exposed(1, 1, 12, 12)}, {"sol": solution}, frozenset({MINE})
    )
    assert hidden == []


def test_a_neighbourhood_keeps_the_center_the_types_asked_for_and_its_cap():
    center = NODES["p"]
    around = Neighborhood(
        center,
        (center, NODES["s"], NODES[MINE], NODES[OTHER]),
        (Link("1", "DEPENDS_ON", "p", "s"), Link("2", "SELLS", MINE, "p")),
    )
    kept, cut = limited(around, frozenset({"Supplier"}))
    assert ([n.id for n in kept.nodes], [e.id for e in kept.edges], cut) == (
        ["p", "s"],
        ["1"],
        False,
    )
    capped, cut = limited(around, None, cap=2)
    assert (len(capped.nodes), cut) == (2, True)


def test_a_supplier_adds_up_the_divisions_it_reaches_and_the_risks_from_elsewhere():
    by_division = {
        MINE: Exposed(risks=2, serious=1, total=20, worst=12),
        OTHER: Exposed(risks=1, serious=1, total=20, worst=20),
        "div-unreached": Exposed(risks=5, serious=5, total=100, worst=25),
    }
    reach = analytics.UpstreamReach(
        divisions=frozenset({MINE, OTHER, "div-without-live-risks"}),
        elsewhere=Exposed(risks=2, serious=1, total=16, worst=16),
    )

    exposed = analytics.exposure_through_divisions(by_division, reach)

    assert exposed == Exposed(risks=5, serious=3, total=56, worst=20)


def test_a_supplier_nothing_depends_on_has_no_worst():
    nothing = analytics.UpstreamReach(frozenset(), Exposed(0, 0, 0, None))
    assert analytics.exposure_through_divisions({}, nothing) == Exposed(0, 0, 0, None)
