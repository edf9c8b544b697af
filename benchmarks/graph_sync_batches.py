"""graph-sync's consumer, batched against one request per event: events per second of
the same stream of register events (divisions, risks captured, scored and changed,
controls registered and linked) mirrored through graph-sync's service layer and its
Gremlin adapter, one upsert request per event, then one request per chunk of an SQS
batch (ADR 65), on the same server. The aim is at least 10x.

It runs on the tests' graph (`gtest`, never the stack's) but touches only the vertices
it makes (ids of its own), removing them after, so whatever else that graph holds stays.

    python -m benchmarks.graph_sync_batches [--events 2000]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "services/graph-sync/src")]

from graph_sync.adapters.connection import GremlinConnection, websocket  # noqa: E402
from graph_sync.adapters.graph import GremlinGraph  # noqa: E402
from graph_sync.domain.model import owner  # noqa: E402
from graph_sync.service_layer import handlers  # noqa: E402
from riskplatform.events import Envelope, EventMetadata  # noqa: E402

GREMLIN = os.environ.get("GREMLIN_URL", "ws://127.0.0.1:8182/gremlin")
GRAPH = "gtest"
AIM = 10.0
SQS_BATCH = 10  # the consumer's BatchSize (services/graph-sync/template.yaml)
DIVISIONS = 20
OWNERS = 40  # people owning the risks and controls, some 10 to 20 each


def new_id() -> str:
    return str(uuid.uuid4())


def envelope(detail_type: str, data: dict[str, Any]) -> Envelope:
    producer = "metrics-scoring" if detail_type == "RiskScored" else "risk-intake"
    metadata = EventMetadata(
        event_id=new_id(),
        event_version=1,
        occurred_at="2026-11-27T09:00:00.000Z",
        producer=producer,
        correlation_id=new_id(),
        causation_id=None,
        aggregate_id=new_id(),
        aggregate_version=1,
        division_id=None,
    )
    return Envelope(
        source=f"riskplatform.{producer}", detail_type=detail_type, metadata=metadata, data=data
    )


def register(events: int) -> tuple[list[Envelope], set[str]]:
    """About ``events`` events of a register being filled in, and the ids they touch:
    per risk RiskCaptured, RiskScored and RiskChanged (moved to another division); every
    other risk a control, registered and linked to it; 40 owners among them."""
    divisions = [new_id() for _ in range(DIVISIONS)]
    run = new_id()[:8]  # owners of this stream's own, removed with it
    stream = [
        envelope(
            "DivisionRegistered",
            {"division_id": d, "parent_id": None, "code": f"B{i}", "name": f"Bench {i}"}
            | {"version": 1},
        )
        for i, d in enumerate(divisions)
    ]
    n = 0
    while len(stream) < events:
        risk_id, solution_id = new_id(), new_id()
        home, moved = divisions[n % DIVISIONS], divisions[(n + 1) % DIVISIONS]
        risk = {
            "risk_id": risk_id,
            "title": f"Risk {n}",
            "category": "supply_chain",
            "status": "open",
            "owner_email": f"owner{n % OWNERS}.{run}@example.com",
        }
        stream += [
            envelope("RiskCaptured", risk | {"division_id": home, "version": 1}),
            envelope("RiskScored", scored(risk_id, home)),
            envelope("RiskChanged", risk | {"division_id": moved, "version": 2}),
        ]
        if n % 2 == 0:
            solution = {
                "solution_id": solution_id,
                "title": f"Control {n}",
                "kind": "preventive",
                "status": "active",
                "design_effectiveness": "effective",
                "test_result": None,
                "tested_on": None,
                "next_test_due": None,
                "owner_email": f"owner{n % OWNERS}.{run}@example.com",
                "cost": None,
                "due_date": None,
                "division_id": moved,
                "version": 1,
            }
            link = {"risk_id": risk_id, "solution_id": solution_id, "risk_version": 3}
            stream += [
                envelope("SolutionRegistered", solution),
                envelope("SolutionLinked", link),
            ]
        n += 1
    touched = {v for e in stream for k, v in e.data.items() if k.endswith("_id") and v}
    touched |= {owner(e.data["owner_email"]).id for e in stream if "owner_email" in e.data}
    return stream[:events], touched


def scored(risk_id: str, division_id: str) -> dict[str, Any]:
    rated = {"likelihood": 3, "impact": 4, "score": 12, "level": "high"}
    return {
        "risk_id": risk_id,
        "division_id": division_id,
        "score_version": 1,
        "inherent": rated,
        "current_residual": rated,
        "appetite": {"status": "within"},
        "model": {"model_id": "default-5x5", "version": 1},
    }


def one_per_event(stream: list[Envelope], graph: GremlinGraph) -> None:
    for e in stream:
        handlers.mirror(e.source, e.detail_type, e.data, graph)


def batched(size: int) -> Callable[[list[Envelope], GremlinGraph], None]:
    def run(stream: list[Envelope], graph: GremlinGraph) -> None:
        for start in range(0, len(stream), size):
            mirrored = handlers.mirror_batch(stream[start : start + size], graph)
            assert not mirrored.failed and not mirrored.down, mirrored

    return run


def rate(
    graph: GremlinGraph, events: int, sync: Callable[[list[Envelope], GremlinGraph], None]
) -> tuple[float, int]:
    """Events a second of one fresh stream, and the vertices it left."""
    stream, touched = register(events)
    try:
        began = time.perf_counter()
        sync(stream, graph)
        spent = time.perf_counter() - began
        return len(stream) / spent, len(graph.connection.run(lambda g: g.V(*touched).id_()))
    finally:
        ids = list(touched)
        for start in range(0, len(ids), 500):
            graph.connection.run(partial(drop, ids=ids[start : start + 500]))


def drop(g: GraphTraversalSource, ids: list[str]) -> GraphTraversal:
    return g.V(*ids).drop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=2_000)
    events = parser.parse_args().events
    graph = GremlinGraph(GremlinConnection(websocket(GREMLIN, traversal_source=GRAPH)))
    try:
        rate(graph, 200, batched(SQS_BATCH))  # warm the connection and the server
        single, vertices = rate(graph, events, one_per_event)
        print(
            f"graph sync of {events:,} events ({vertices:,} vertices),"
            f" against one request per event ({single:,.0f} events/s); aim {AIM:.0f}x:"
        )
        for size in (SQS_BATCH, 100, 1_000):
            per_second, _ = rate(graph, events, batched(size))
            print(
                f"  batches of {size:>5,} events: {per_second:8,.0f} events/s"
                f"  ({per_second / single:5.1f}x)"
            )
    finally:
        graph.connection.close()


if __name__ == "__main__":
    main()
