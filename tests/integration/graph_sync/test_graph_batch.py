"""Batched sync on the real Gremlin Server: an SQS batch becomes one traversal, with its
events out of order, delivered twice, retiring what they retire, and a poison among them
failing alone while the others land."""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

import pytest
from gremlin_python.driver.protocol import GremlinServerError
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.structure.graph import Graph

from graph_sync import bootstrap
from graph_sync.adapters.connection import Build, GremlinConnection, websocket
from graph_sync.adapters.graph import GremlinGraph
from tests.conftest import GREMLIN_URL, TEST_GRAPH
from tests.integration.graph_sync.helpers import (
    deliver,
    division_registered,
    division_retired,
    edges,
    owner_of,
    owns,
    risk_captured,
    risk_changed,
    risk_scored,
    snapshot,
    solution_changed,
    solution_linked,
    solution_registered,
    solution_unlinked,
    vertex,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration

NO_FAILURES: dict[str, list[dict[str, str]]] = {"batchItemFailures": []}


class CountingConnection(GremlinConnection):
    """The service's connection to the tests' graph, counting its requests, and refusing
    (as Neptune refuses a change it cannot make) any request that carries ``poison``."""

    def __init__(self) -> None:
        super().__init__(websocket(GREMLIN_URL, traversal_source=TEST_GRAPH))
        self.requests = 0
        self.poison: str | None = None

    def run(self, build: Build) -> list[Any]:
        self.requests += 1
        if self.poison and self.poison in str(build(traversal().with_graph(Graph())).bytecode):
            message = '{"code":"ConstraintViolationException","detailedMessage":"refused"}'
            raise GremlinServerError({"code": 500, "message": message, "attributes": {}})
        return super().run(build)


@pytest.fixture
def counted(graph, monkeypatch) -> Iterator[CountingConnection]:
    connection = CountingConnection()
    monkeypatch.setattr(bootstrap, "graph", lambda: GremlinGraph(connection))
    yield connection
    connection.close()


def history() -> tuple[dict[str, str], list[dict[str, Any]]]:
    """A division and its risk and control, as intake and scoring published them: the
    risk moved, scored twice, retired; the control linked, then unlinked and retired;
    the old division retired."""
    ids = {name: new_id() for name in ("old", "new", "risk", "solution")}
    old, new, risk, solution = ids["old"], ids["new"], ids["risk"], ids["solution"]
    events = [
        division_registered(old),
        division_registered(new, name="Diagnostics"),
        risk_captured(risk, old),
        solution_registered(solution, old),
        risk_scored(risk, old, score_version=1, likelihood=2),
        solution_linked(risk, solution, old, risk_version=2),
        risk_changed(risk, new, 3, status="open"),
        risk_scored(risk, new, score_version=2, likelihood=4),
        solution_unlinked(risk, solution, new, risk_version=4),
        solution_changed(solution, old, 2, status="retired"),
        risk_changed(risk, new, 5, status="closed", retired=True),
        division_retired(old, 2),
    ]
    return ids, events


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_batch_out_of_order_and_twice_ends_as_its_events_one_at_a_time_in_order(g, counted, seed):
    ids, events = history()
    for event in events:
        assert deliver(event) == NO_FAILURES
    in_order = snapshot(g)
    g.V().drop().iterate()
    shuffled = events + random.Random(seed).sample(events, 4)
    random.Random(seed).shuffle(shuffled)
    counted.requests = 0

    report = deliver(*shuffled)

    assert report == NO_FAILURES
    assert counted.requests == 1
    assert snapshot(g) == in_order
    risk = vertex(g, ids["risk"])
    assert (risk["retired"], risk["status"], risk["score_version"]) == (True, "closed", 2)
    assert vertex(g, ids["old"])["retired"] is True
    assert vertex(g, ids["solution"])["status"] == "retired"
    assert (ids["solution"], "MITIGATES", ids["risk"]) not in edges(g)
    assert (ids["new"], "HAS_RISK", ids["risk"]) in edges(g)
    assert (ids["old"], "HAS_RISK", ids["risk"]) not in edges(g)


def test_a_batch_older_than_the_graph_changes_nothing(g, counted):
    _, events = history()
    assert deliver(*events) == NO_FAILURES
    before = snapshot(g)

    assert deliver(*reversed(events[:-1])) == NO_FAILURES

    assert snapshot(g) == before


def test_a_poison_record_fails_alone_and_the_others_are_applied(g, counted):
    division, risk, poisoned = new_id(), new_id(), new_id()
    batch = [
        division_registered(division),
        risk_captured(risk, division),
        risk_scored(risk, division, score_version=1),
        division_registered(poisoned, name="Refused"),
        "{not json",
    ]
    counted.poison = poisoned

    report = deliver(*batch)

    failed = [f["itemIdentifier"] for f in report["batchItemFailures"]]
    assert len(failed) == 2  # the poison and the unreadable record, no other
    assert sorted(g.V().id_().to_list()) == sorted([division, risk, owner_of(risk)])
    assert vertex(g, risk)["score_version"] == 1
    assert edges(g) == sorted([(division, "HAS_RISK", risk), owns(risk)])
    # the batch's one request, then one for each readable event on its own
    assert counted.requests == 1 + 4


def test_a_batch_with_a_poison_replayed_changes_nothing(g, counted):
    division, risk, poisoned = new_id(), new_id(), new_id()
    batch = [
        division_registered(division),
        risk_captured(risk, division),
        division_registered(poisoned),
    ]
    counted.poison = poisoned
    deliver(*batch)
    first = snapshot(g)

    report = deliver(*batch)  # a replay of the batch: the poison still fails alone

    assert len(report["batchItemFailures"]) == 1
    assert snapshot(g) == first  # one value a property, one edge a relation
