"""Batched sync: a batch's changes coalesced one per vertex, chunked within Neptune's
guidance, applied a chunk a request; a chunk that fails leaves its events to go alone."""

from __future__ import annotations

import copy
import json
import random
import uuid
from dataclasses import dataclass

import pytest

from graph_sync import bootstrap
from graph_sync.adapters.graph import BATCH_RECORDS, GremlinGraph
from graph_sync.domain import events
from graph_sync.domain.model import Edge, Owner, Upsert, Vertex, Write, chunked, coalesced
from graph_sync.entrypoints import consumer
from graph_sync.service_layer import handlers
from riskplatform import consumer as riskplatform_consumer
from riskplatform.consumer import Parking
from riskplatform.errors import StoreUnavailable
from riskplatform.events import Envelope, EventMetadata
from tests.unit.graph_sync.test_handlers import (
    DIVISION_HISTORY,
    DIVISION_ID,
    OTHER_ID,
    RISK_ID,
    SCHEMAS,
    link,
    risk,
    risk_changed,
    score,
)

INTAKE = "riskplatform.risk-intake"
SCORING = "riskplatform.metrics-scoring"


def envelope(detail_type: str, data: dict) -> Envelope:
    metadata = EventMetadata(
        event_id=str(uuid.uuid4()),
        event_version=1,
        occurred_at="2026-11-20T09:20:10.498Z",
        producer="metrics-scoring" if detail_type == "RiskScored" else "risk-intake",
        correlation_id="c",
        causation_id=None,
        aggregate_id="a",
        aggregate_version=1,
        division_id=None,
    )
    source = SCORING if detail_type == "RiskScored" else INTAKE
    return Envelope(source=source, detail_type=detail_type, metadata=metadata, data=data)


def state(graph) -> tuple:
    return copy.deepcopy((graph.vertices, graph.edges))


# A risk's life and its division's, in the order intake published them.
HISTORY = [
    *DIVISION_HISTORY,
    ("RiskCaptured", risk(1)),
    ("RiskScored", score(1)),
    ("SolutionLinked", link(2)),
    ("RiskChanged", risk_changed(2, OTHER_ID)),
    ("RiskScored", score(2, likelihood=4)),
    ("SolutionUnlinked", link(3)),
    ("RiskChanged", risk_changed(3, OTHER_ID, status="closed") | {"retired": True}),
]


def write(key: str, version: int, **properties: object) -> Write:
    return Write(key, version, properties)


def test_coalesced_keeps_one_upsert_per_vertex_and_the_newest_write_of_each_key():
    a, b = Vertex("a", "Risk"), Vertex("b", "Risk")
    changes = [
        Upsert(a, (write("version", 2, title="two"),)),
        Upsert(b, (write("version", 1, title="b"),)),
        Upsert(a, (write("version", 3, title="three"), write("score_version", 1, score=4))),
        Upsert(a, (write("version", 1, title="one"),)),
        Upsert(a, (write("version", 3, title="same version, later"),)),
    ]

    assert coalesced(changes) == [
        Upsert(a, (write("version", 3, title="three"), write("score_version", 1, score=4))),
        Upsert(b, (write("version", 1, title="b"),)),
    ]


def test_coalesced_keeps_the_placeholders_the_writes_left_out_would_make():
    risk_ = Vertex("r", "Risk")
    old, new = Vertex("d1", "Division"), Vertex("d2", "Division")
    solution = Vertex("s", "Solution")
    changes = [
        Upsert(risk_, (Write("version", 1, owner=Owner("HAS_RISK", old)),)),
        Upsert(risk_, (Write("version", 2, owner=Owner("HAS_RISK", new)),)),
        Upsert(risk_, (Write("edge_s", 1, adds=(Edge("MITIGATES", solution, risk_),)),)),
        Upsert(risk_, (Write("edge_s", 2, removes=(Edge("MITIGATES", solution, risk_),)),)),
        Upsert(new, (Write("version", 1, {"code": "D2"}),)),
    ]

    assert coalesced(changes) == [
        Upsert(
            risk_,
            (
                Write("version", 2, owner=Owner("HAS_RISK", new)),
                Write("edge_s", 2, removes=(Edge("MITIGATES", solution, risk_),)),
            ),
        ),
        Upsert(new, (Write("version", 1, {"code": "D2"}),)),
        Upsert(old, ()),
        Upsert(solution, ()),
    ]


def test_chunked_keeps_the_order_within_the_count_and_under_the_budget():
    assert chunked([1, 1, 1, 1, 1], lambda n: n, most=2, budget=100) == [[1, 1], [1, 1], [1]]
    assert chunked([4, 4, 4, 1], lambda n: n, most=10, budget=10) == [[4, 4], [4, 1]]
    assert chunked([3, 12, 3], lambda n: n, most=10, budget=10) == [[3], [12], [3]]
    assert chunked([], lambda n: n, most=10, budget=10) == []


def test_a_large_batch_is_chunked_within_neptunes_guidance():
    divisions = [str(uuid.uuid4()) for _ in range(50)]
    changes = [
        events.division_registered(
            {"division_id": d, "parent_id": None, "code": "D", "name": "D", "version": 1}
        )
        for d in divisions
    ] + [
        events.product_registered(
            {"product_id": str(uuid.uuid4()), "code": "P", "name": "P", "version": 1}
        )
        for _ in range(450)
    ]

    chunks = GremlinGraph(connection=None).chunks(changes)  # type: ignore[arg-type]

    assert [c for chunk in chunks for c in chunk] == changes
    assert all(sum(change.records() for change in chunk) <= BATCH_RECORDS for chunk in chunks)
    # a division: its vertex, code, name and three versions (its own, its name's, its
    # parent's); a product: its vertex, code, name and version
    assert [change.records() for change in changes[49:51]] == [6, 4]
    assert len(chunks[0]) == 33  # 200 // 6
    assert max(len(chunk) for chunk in chunks) == 50  # 200 // 4


@pytest.mark.parametrize("seed", range(8))
def test_a_shuffled_batch_with_duplicates_ends_as_the_events_one_at_a_time(graph, seed):
    for detail_type, data in HISTORY:
        handlers.mirror(envelope(detail_type, data).source, detail_type, data, graph)
    one_at_a_time = state(graph)
    graph.vertices.clear()
    graph.edges.clear()
    batch = [envelope(*event) for event in HISTORY]
    batch += random.Random(seed).sample(batch, 5)  # delivered twice
    random.Random(seed).shuffle(batch)

    mirrored = handlers.mirror_batch(batch, graph)

    assert state(graph) == one_at_a_time
    assert graph.requests == 1
    assert mirrored.done == {e.event_id for e in batch}
    assert not mirrored.down
    assert graph.vertices[RISK_ID][1]["retired"] is True
    assert ("MITIGATES", link(3)["solution_id"], RISK_ID) not in graph.edges
    assert ("HAS_RISK", OTHER_ID, RISK_ID) in graph.edges


def test_changed_counts_the_events_that_changed_the_graph(graph):
    first = [envelope("RiskCaptured", risk(2)), envelope("RiskScored", score(1))]
    older = envelope("RiskCaptured", risk(1))

    assert handlers.mirror_batch(first, graph).changed == {e.event_id for e in first}
    again = handlers.mirror_batch([*first, older], graph)

    assert again.changed == set()
    assert again.done == {e.event_id for e in [*first, older]}


class Poisoned:
    """A graph that refuses any request carrying a change to one vertex."""

    def __init__(self, graph, poison: str) -> None:
        self.graph, self.poison = graph, poison

    def chunks(self, changes):
        return self.graph.chunks(changes)

    def upsert_all(self, changes):
        if any(change.vertex.id == self.poison for change in changes):
            raise ValueError("the graph refuses this change")
        return self.graph.upsert_all(changes)

    def upsert(self, change):
        if change.vertex.id == self.poison:
            raise ValueError("the graph refuses this change")
        return self.graph.upsert(change)


def product(product_id: str) -> Envelope:
    data = {"product_id": product_id, "code": "P", "name": "P", "version": 1}
    return envelope("ProductRegistered", data)


def test_a_failed_chunk_leaves_only_its_events_to_go_one_at_a_time(graph):
    graph.chunk_size = 2
    ids = ["p1", "poison", "p3", "p4", "p5"]
    batch = [product(i) for i in ids]
    poisoned = Poisoned(graph, "poison")

    mirrored = handlers.mirror_batch(batch, poisoned)

    assert mirrored.done == {batch[i].event_id for i in (2, 3, 4)}
    assert [str(e) for e in mirrored.failed] == ["the graph refuses this change"]
    assert sorted(graph.vertices) == ["p3", "p4", "p5"]
    # the consumer then sends the others one at a time: only the poison fails
    assert handlers.mirror(batch[0].source, batch[0].detail_type, batch[0].data, poisoned)
    with pytest.raises(ValueError, match="refuses"):
        handlers.mirror(batch[1].source, batch[1].detail_type, batch[1].data, poisoned)
    assert sorted(graph.vertices) == ["p1", "p3", "p4", "p5"]


def test_a_graph_down_stops_the_batch_at_the_chunk_it_met(graph, monkeypatch):
    graph.chunk_size = 2
    batch = [product(f"p{i}") for i in range(5)]
    requests = []

    def down_after_one(changes):
        requests.append(changes)
        if len(requests) > 1:
            raise StoreUnavailable("graph")
        return {change.vertex.id for change in changes if graph.upsert(change)}

    monkeypatch.setattr(graph, "upsert_all", down_after_one)

    mirrored = handlers.mirror_batch(batch, graph)

    assert mirrored.down
    assert len(requests) == 2
    assert mirrored.done == {batch[0].event_id, batch[1].event_id}


def test_an_event_graph_sync_cannot_read_is_left_to_fail_alone(graph):
    not_ours = envelope("RiskAssessed", {"risk_id": RISK_ID})
    broken = envelope("RiskCaptured", risk(1) | {"version": "one"})
    fine = envelope("RiskCaptured", risk(1))

    mirrored = handlers.mirror_batch([not_ours, broken, fine], graph)

    assert mirrored.done == {fine.event_id}
    assert graph.vertices[RISK_ID][1]["version"] == 1
    assert DIVISION_ID in graph.vertices


# ---- the consumer: SQS records in, the batch first, then what is left one at a time ----


class RecordingSqs:
    def __init__(self) -> None:
        self.sent: list[dict] = []

    def get_queue_url(self, QueueName: str, QueueOwnerAWSAccountId: str) -> dict[str, str]:
        return {"QueueUrl": f"http://queues/{QueueName}"}

    def send_message(self, **message: object) -> None:
        self.sent.append(message)


def product_record(product_id: str) -> dict:
    event = json.loads((SCHEMAS / "risk-intake/examples/ProductRegistered.v1.json").read_text())
    event["detail"]["metadata"].update(event_id=str(uuid.uuid4()), aggregate_id=product_id)
    event["detail"]["data"].update(product_id=product_id)
    return {
        "messageId": str(uuid.uuid4()),
        "receiptHandle": "handle",
        "body": json.dumps(event),
        "attributes": {"ApproximateReceiveCount": "1"},
        "messageAttributes": {},
        "md5OfBody": "",
        "eventSource": "aws:sqs",
        "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:graph-sync",
        "awsRegion": "us-east-1",
    }


@dataclass(frozen=True)
class Context:
    function_name: str = "graph-sync-test"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:graph-sync"
    memory_limit_in_mb: int = 256
    aws_request_id: str = "test-request"
    log_group_name: str = "/aws/lambda/graph-sync-test"
    log_stream_name: str = "test"


def consume(records: list[dict]) -> list[str]:
    """The consumer's handler on an SQS batch: the message ids it reports failed."""
    report = consumer.handler({"Records": records}, Context())
    return [failure["itemIdentifier"] for failure in report["batchItemFailures"]]


def test_the_consumer_applies_a_batch_in_one_request(graph, monkeypatch):
    monkeypatch.setattr(bootstrap, "graph", lambda: graph)
    ids = [str(uuid.uuid4()) for _ in range(10)]

    assert consume([product_record(i) for i in ids]) == []

    assert graph.requests == 1
    assert sorted(graph.vertices) == sorted(ids)


def test_the_consumer_fails_only_the_poison_and_applies_the_rest(graph, monkeypatch):
    ids = [str(uuid.uuid4()) for _ in range(4)]
    monkeypatch.setattr(bootstrap, "graph", lambda: Poisoned(graph, ids[1]))
    records = [product_record(i) for i in ids]

    assert consume(records) == [records[1]["messageId"]]

    assert sorted(graph.vertices) == sorted([ids[0], ids[2], ids[3]])


def test_the_consumer_parks_the_batch_at_once_while_the_graph_is_down(graph, monkeypatch):
    sqs, attempts = RecordingSqs(), []

    def down(changes):
        attempts.append(changes)
        raise StoreUnavailable("graph")

    monkeypatch.setattr(graph, "upsert_all", down)
    monkeypatch.setattr(graph, "upsert", down)
    monkeypatch.setattr(bootstrap, "graph", lambda: graph)
    monkeypatch.setattr(riskplatform_consumer, "parking", Parking(sqs))
    records = [product_record(str(uuid.uuid4())) for _ in range(3)]

    assert consume(records) == []

    assert len(attempts) == 1  # not asked again for each event
    assert [m["MessageBody"] for m in sqs.sent] == [r["body"] for r in records]
