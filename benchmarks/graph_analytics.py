"""The graph analytics at scale: a synthetic company of 50,400 vertices and about 250,000
edges (a seeded generator), loaded into the Gremlin Server's test graph (`gtest`, never
the stack's), then p50 and p95 of each analytics query through graph-sync's service
layer and its Gremlin adapter, as the API runs them (less the emulator's cost of an API
call, about 55 ms). The floor: the cheapest read there is, one vertex by id.

    python -m benchmarks.graph_analytics [--risks 40000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from gremlin_python.process.traversal import Direction, T

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "services/graph-sync/src")]

from benchmarks.stats import percentile  # noqa: E402
from graph_sync.adapters.connection import GremlinConnection, websocket  # noqa: E402
from graph_sync.adapters.graph import AnalysisTooLarge, GremlinGraph  # noqa: E402
from graph_sync.domain.analytics import REACH_CAP  # noqa: E402
from graph_sync.service_layer import handlers  # noqa: E402
from riskplatform.access import Caller, Role  # noqa: E402

GREMLIN = os.environ.get("GREMLIN_URL", "ws://127.0.0.1:8182/gremlin")
GRAPH = "gtest"  # the tests' graph: the stack's graph is left alone
RUNS = 20
BATCH = 2_000
# An executive reads every division, as the analytics queries are measured.
EVERYTHING = Caller("bench", "bench@example.com", frozenset({Role.EXECUTIVE}), frozenset())
LEVELS = [(4, "low"), (8, "medium"), (12, "high"), (16, "high"), (20, "critical")]


def ids(n: int) -> list[str]:
    return [str(uuid.uuid4()) for _ in range(n)]


def company(risks: int, seed: int = 7) -> tuple[list[dict[Any, Any]], list[dict[Any, Any]]]:
    """Vertices and edges: 200 divisions (20 at the top), products, suppliers, sites,
    risks, solutions and their owners in the proportions of the demo company: at 40,000
    risks, 50,400 vertices and about 250,000 edges (a risk affects 1 to 4 entities, a
    solution mitigates 1 to 12 risks, an owner owns some 100 risks and solutions)."""
    rnd = random.Random(seed)
    scale = risks / 40_000
    tops, subs = ids(20), ids(180)
    divisions = tops + subs
    products, suppliers, sites = (
        ids(int(2_000 * scale)),
        ids(int(600 * scale)),
        ids(int(300 * scale)),
    )
    risk_ids, solutions, owners = ids(risks), ids(int(6_900 * scale)), ids(int(400 * scale))
    vertices: list[dict[Any, Any]] = []
    edges: list[dict[Any, Any]] = []

    def vertex(label: str, vertex_id: str, **properties: Any) -> None:
        vertices.append({T.id: vertex_id, T.label: label, **properties})

    def edge(label: str, source: str, target: str) -> None:
        edges.append({T.label: label, Direction.OUT: source, Direction.IN: target})

    for i, d in enumerate(divisions):
        vertex("Division", d, code=f"D{i}", name=f"Division {i}")
    for i, sub in enumerate(subs):
        edge("PARENT_OF", tops[i % len(tops)], sub)
    for i, p in enumerate(products):
        vertex("Product", p, code=f"P{i}", name=f"Product {i}")
        for d in rnd.sample(divisions, rnd.randint(1, 3)):
            edge("SELLS", d, p)
        for s in rnd.sample(suppliers, rnd.randint(2, 4)):
            edge("DEPENDS_ON", p, s)
        edge("MADE_AT", p, rnd.choice(sites))
    for i, s in enumerate(suppliers):
        vertex("Supplier", s, name=f"Supplier {i}")
    for i, s in enumerate(sites):
        vertex("Site", s, name=f"Site {i}")
    for i, o in enumerate(owners):
        vertex("Owner", o, email=f"owner{i}@example.com")
    affected = products + suppliers + sites
    for i, r in enumerate(risk_ids):
        residual, level = rnd.choice(LEVELS)
        vertex(
            "Risk",
            r,
            title=f"Risk {i}",
            status="open",
            retired=False,
            residual=residual,
            residual_level=level,
        )
        edge("HAS_RISK", rnd.choice(divisions), r)
        edge("OWNS", rnd.choice(owners), r)
        for target in rnd.sample(affected, rnd.randint(1, 4)):
            edge("AFFECTS", r, target)
    for i, s in enumerate(solutions):
        vertex("Solution", s, title=f"Solution {i}")
        edge("HAS_SOLUTION", rnd.choice(divisions), s)
        edge("OWNS", rnd.choice(owners), s)
        for r in rnd.sample(risk_ids, rnd.randint(1, 12)):
            edge("MITIGATES", s, r)
    return vertices, edges


def batches[X](items: list[X]) -> Iterator[list[X]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def load(graph: GremlinGraph, vertices: list[dict[Any, Any]], edges: list[dict[Any, Any]]) -> float:
    started = time.perf_counter()
    graph.connection.run(lambda g: g.V().drop())
    for part in batches(vertices):
        graph.connection.run(lambda g, part=part: g.inject(part).unfold().merge_v().count())
    for part in batches(edges):
        graph.connection.run(lambda g, part=part: g.inject(part).unfold().merge_e().count())
    return time.perf_counter() - started


def timed(query: Callable[[str], object], starts: list[str]) -> list[float]:
    query(starts[0])  # warm
    spent = []
    for start in starts[:RUNS]:
        began = time.perf_counter()
        query(start)
        spent.append(time.perf_counter() - began)
    return spent


def line(name: str, spent: list[float], floor_p50: float, note: str = "") -> None:
    p50, p95 = percentile(spent, 50) * 1000, percentile(spent, 95) * 1000
    print(
        f"  {name:<34} p50 {p50:8.1f} ms  p95 {p95:8.1f} ms"
        f"  ({p50 / floor_p50:5.0f}x the floor){note}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--risks", type=int, default=40_000)
    risks = parser.parse_args().risks
    graph = GremlinGraph(GremlinConnection(websocket(GREMLIN, traversal_source=GRAPH)))
    try:
        vertices, edges = company(risks)
        seconds = load(graph, vertices, edges)
        print(
            f"graph analytics on {len(vertices):,} vertices and {len(edges):,} edges"
            f" (loaded in {seconds:.0f} s), {RUNS} runs each:"
        )
        pick = random.Random(11)

        def some(label: str) -> list[str]:
            found = [v[T.id] for v in vertices if v[T.label] == label]
            return pick.sample(found, min(RUNS + 1, len(found)))

        suppliers, risks_, divisions = some("Supplier"), some("Risk"), some("Division")
        floor = timed(lambda v: graph.nodes([v]), risks_)
        floor_p50 = percentile(floor, 50) * 1000
        line("floor: one vertex by id", floor, floor_p50)
        line(
            "neighbourhood of a risk, depth 2",
            timed(lambda v: handlers.neighborhood(v, 2, EVERYTHING, graph), risks_),
            floor_p50,
        )
        truncated = []

        def impact(v: str) -> None:
            truncated.append(handlers.impact(v, EVERYTHING, graph).truncated)

        line(
            "impact of a supplier",
            timed(impact, suppliers),
            floor_p50,
            f"; truncated at {REACH_CAP:,} vertices in {sum(truncated)} of {len(truncated)}",
        )
        line(
            "division exposure",
            timed(lambda v: handlers.division_exposure(v, EVERYTHING, graph), divisions),
            floor_p50,
        )
        line(
            "paths supplier -> risk (6 hops)",
            timed(lambda v: handlers.paths(v, risks_[0], EVERYTHING, graph), suppliers),
            floor_p50,
        )
        for kind in ("Solution", "Site", "Supplier", "Owner"):
            try:
                spent = timed(
                    lambda _, k=kind: handlers.concentration(k, EVERYTHING, 20, graph), ["x"] * 4
                )
            except AnalysisTooLarge as refused:
                print(f"  {'concentration of ' + kind.lower() + 's':<34} {refused.message}")
            else:
                line(f"concentration of {kind.lower()}s", spent, floor_p50)
    finally:
        graph.connection.run(lambda g: g.V().drop())
        graph.connection.close()


if __name__ == "__main__":
    main()
