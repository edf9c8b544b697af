"""graph-sync's use cases on an in-memory graph: idempotent, version-gated, order-free."""

from __future__ import annotations

import copy
import itertools
import json
from pathlib import Path

import pytest

from graph_sync import bootstrap
from graph_sync.domain import events
from graph_sync.domain.model import owner
from graph_sync.entrypoints import consumer
from graph_sync.service_layer import handlers
from riskplatform.access import Caller, Forbidden, Role
from riskplatform.dispatch import EventTable
from riskplatform.errors import NotFound
from riskplatform.events import Envelope

DIVISION_ID = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"
PARENT_ID = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d"
OTHER_ID = "9e3d5c7b-2f4a-4b6c-8d0e-1f2a3b4c5d6e"
RISK_ID = "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e"
SOLUTION_ID = "d2f4a6c8-0e1b-4d3f-8a5c-7e9b1d3f5a7c"
SCHEMAS = Path(__file__).parents[3] / "events-schema"
INTAKE = "riskplatform.risk-intake"
SCORING = "riskplatform.metrics-scoring"

EXECUTIVE = Caller("u1", "exec@example.com", frozenset({Role.EXECUTIVE}), frozenset())


def analyst_in(division_id: str) -> Caller:
    return Caller("u2", "analyst@example.com", frozenset({Role.ANALYST}), frozenset({division_id}))


def mirror(graph, detail_type: str, data: dict) -> bool:
    source = SCORING if detail_type == "RiskScored" else INTAKE
    return handlers.mirror(source, detail_type, data, graph)


def division(division_id: str = DIVISION_ID, parent_id: str | None = PARENT_ID) -> dict:
    return {
        "division_id": division_id,
        "code": "REAG-EU",
        "name": "Reagents Europe",
        "parent_id": parent_id,
        "version": 1,
    }


def risk(version: int = 1) -> dict:
    return {
        "risk_id": RISK_ID,
        "division_id": DIVISION_ID,
        "title": "Single-source Taq supplier",
        "description": "one plant",
        "category": "supply_chain",
        "owner_email": "j.meyer@example.com",
        "status": "draft",
        "version": version,
        "captured_at": "2026-11-20T09:20:10.498Z",
    }


OWNED = ("OWNS", owner("j.meyer@example.com").id, RISK_ID)  # the risk's owner owns it


def risk_changed(version: int, division_id: str, status: str = "open") -> dict:
    data = risk(version) | {"division_id": division_id, "status": status}
    del data["captured_at"]
    return data | {
        "treatment": None,
        "review_due": None,
        "tags": [],
        "retired": False,
        "changed": ["status"],
        "previous_division_id": None,
    }


def score(score_version: int, likelihood: int = 3, impact: int = 5) -> dict:
    return {
        "risk_id": RISK_ID,
        "division_id": DIVISION_ID,
        "score_version": score_version,
        "inherent": {
            "likelihood": likelihood,
            "impact": impact,
            "score": likelihood * impact,
            "level": "high",
        },
        "model": {"model_id": "default-5x5", "version": 1},
        "inputs": {"assessment_id": "a", "risk_version": 2, "likelihood": 3, "impact": {"x": 5}},
        "cause": {"event_id": "e", "detail_type": "RiskAssessed"},
        "scored_at": "2026-11-20T09:31:45.019Z",
    }


def link(risk_version: int) -> dict:
    return {
        "risk_id": RISK_ID,
        "solution_id": SOLUTION_ID,
        "division_id": DIVISION_ID,
        "risk_version": risk_version,
    }


def state(graph) -> tuple:
    return copy.deepcopy((graph.vertices, graph.edges))


def test_division_risk_and_score_build_the_graph(graph):
    assert mirror(graph, "DivisionRegistered", division())
    assert mirror(graph, "RiskCaptured", risk())
    assert mirror(graph, "RiskScored", score(1))

    assert graph.vertices[PARENT_ID] == ("Division", {})
    assert graph.vertices[DIVISION_ID] == (
        "Division",
        {
            "code": "REAG-EU",
            "version": 1,
            "name": "Reagents Europe",
            "name_version": 1,
            "parent_version": 1,
        },
    )
    label, properties = graph.vertices[RISK_ID]
    assert label == "Risk"
    assert (properties["title"], properties["version"]) == ("Single-source Taq supplier", 1)
    assert (properties["score"], properties["score_version"]) == (15, 1)
    assert graph.edges == {
        ("PARENT_OF", PARENT_ID, DIVISION_ID),
        ("HAS_RISK", DIVISION_ID, RISK_ID),
        OWNED,
    }
    assert graph.vertices[OWNED[1]] == ("Owner", {"email": "j.meyer@example.com"})


def test_replaying_an_event_changes_nothing(graph):
    mirror(graph, "RiskCaptured", risk())
    before = state(graph)

    assert mirror(graph, "RiskCaptured", risk()) is False
    assert state(graph) == before


@pytest.mark.parametrize("versions", [(3, 2), (2, 3)])
def test_an_older_score_never_overwrites_a_newer_one(graph, versions):
    for version in versions:
        mirror(graph, "RiskScored", score(version, likelihood=version))

    properties = graph.vertices[RISK_ID][1]
    assert (properties["score_version"], properties["likelihood"]) == (3, 3)


def test_a_score_before_its_risk_ends_as_in_order(graph):
    mirror(graph, "RiskCaptured", risk())
    mirror(graph, "RiskScored", score(1))
    in_order = state(graph)

    graph.vertices.clear()
    graph.edges.clear()
    mirror(graph, "RiskScored", score(1))
    assert graph.edges == set()  # the division comes from the risk's own events
    mirror(graph, "RiskCaptured", risk())

    assert state(graph) == in_order


def test_a_placeholder_parent_fills_in_when_its_own_event_arrives(graph):
    mirror(graph, "DivisionRegistered", division())
    mirror(graph, "DivisionRegistered", division(PARENT_ID, parent_id=None))

    assert graph.vertices[PARENT_ID][1]["code"] == "REAG-EU"
    assert graph.edges == {("PARENT_OF", PARENT_ID, DIVISION_ID)}


DIVISION_HISTORY = [
    ("DivisionRegistered", division()),
    ("DivisionRenamed", {"division_id": DIVISION_ID, "name": "Reagents EMEA", "version": 2}),
    (
        "DivisionMoved",
        {
            "division_id": DIVISION_ID,
            "parent_id": OTHER_ID,
            "previous_parent_id": PARENT_ID,
            "version": 3,
        },
    ),
    ("DivisionRetired", {"division_id": DIVISION_ID, "version": 4}),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(4))))
def test_a_divisions_events_in_any_order_end_the_same(graph, order):
    for index in order:
        mirror(graph, *DIVISION_HISTORY[index])

    properties = graph.vertices[DIVISION_ID][1]
    assert (properties["code"], properties["name"], properties["retired"]) == (
        "REAG-EU",
        "Reagents EMEA",
        True,
    )
    assert graph.edges == {("PARENT_OF", OTHER_ID, DIVISION_ID)}


def test_a_move_to_the_top_of_the_tree_drops_the_parent_edge(graph):
    mirror(graph, "DivisionRegistered", division())
    moved = {"division_id": DIVISION_ID, "parent_id": None, "previous_parent_id": PARENT_ID}

    assert mirror(graph, "DivisionMoved", moved | {"version": 2})
    assert graph.edges == set()


@pytest.mark.parametrize("late", ["RiskCaptured", "RiskChanged"])
def test_a_moved_risk_stays_moved_when_an_older_event_arrives_late(graph, late):
    mirror(graph, "RiskChanged", risk_changed(6, OTHER_ID, status="mitigating"))

    older = risk(1) if late == "RiskCaptured" else risk_changed(5, DIVISION_ID)
    assert mirror(graph, late, older) is False

    assert graph.edges == {("HAS_RISK", OTHER_ID, RISK_ID), OWNED}
    assert graph.vertices[RISK_ID][1]["status"] == "mitigating"


def test_a_new_owner_takes_the_risk_over_and_a_late_older_event_does_not_give_it_back(graph):
    mirror(graph, "RiskCaptured", risk())
    handed_over = risk_changed(2, DIVISION_ID) | {"owner_email": "A.Kovacs@example.com"}
    mirror(graph, "RiskChanged", handed_over)
    assert mirror(graph, "RiskCaptured", risk()) is False

    new_owner = owner("a.kovacs@example.com").id
    assert {e for e in graph.edges if e[0] == "OWNS"} == {("OWNS", new_owner, RISK_ID)}
    assert graph.vertices[new_owner] == ("Owner", {"email": "a.kovacs@example.com"})
    assert OWNED[1] in graph.vertices  # the former owner stays, owning nothing here


def test_a_risk_change_moves_its_edge_and_keeps_one(graph):
    mirror(graph, "RiskCaptured", risk())
    mirror(graph, "RiskChanged", risk_changed(2, OTHER_ID))
    mirror(graph, "RiskChanged", risk_changed(3, OTHER_ID, status="mitigating"))

    assert graph.edges == {("HAS_RISK", OTHER_ID, RISK_ID), OWNED}


@pytest.mark.parametrize("order", [("link", "unlink"), ("unlink", "link")])
def test_link_then_unlink_ends_unlinked_in_either_order(graph, order):
    events = {"link": ("SolutionLinked", link(3)), "unlink": ("SolutionUnlinked", link(4))}
    for name in order:
        mirror(graph, *events[name])

    assert graph.edges == set()
    assert graph.vertices[RISK_ID][1][f"edge_version_MITIGATES_{SOLUTION_ID}"] == 4


def test_a_relink_after_an_unlink_links_again(graph):
    for detail_type, version in (("SolutionLinked", 3), ("SolutionUnlinked", 4)):
        mirror(graph, detail_type, link(version))
    mirror(graph, "SolutionLinked", link(6))

    assert graph.edges == {("MITIGATES", SOLUTION_ID, RISK_ID)}


PRODUCT_ID = "6f1a2b3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c"


def affects(from_version: int) -> dict:
    return {
        "relationship_id": f"rel-{from_version}",
        "from_type": "risk",
        "from_id": RISK_ID,
        "relation": "affects",
        "to_type": "product",
        "to_id": PRODUCT_ID,
        "from_version": from_version,
        "division_id": DIVISION_ID,
    }


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_a_relationship_added_removed_and_added_again_ends_added_in_any_order(graph, order):
    history = [
        ("RelationshipAdded", affects(2)),
        ("RelationshipRemoved", affects(3)),
        ("RelationshipAdded", affects(4)),
    ]
    for index in order:
        mirror(graph, *history[index])

    assert graph.edges == {("AFFECTS", RISK_ID, PRODUCT_ID)}
    assert graph.vertices[PRODUCT_ID] == ("Product", {})


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_a_relationship_added_then_removed_ends_removed_in_either_order(graph, order):
    history = [("RelationshipAdded", affects(2)), ("RelationshipRemoved", affects(3))]
    for index in order:
        mirror(graph, *history[index])

    assert graph.edges == set()


def test_a_neighbourhood_outside_the_callers_divisions_is_not_found(graph):
    mirror(graph, "DivisionRegistered", division())
    mirror(graph, "RiskCaptured", risk())

    found, truncated = handlers.neighborhood(RISK_ID, 1, analyst_in(PARENT_ID), graph)
    assert (found.center.id, truncated) == (RISK_ID, False)
    with pytest.raises(NotFound):
        handlers.neighborhood(RISK_ID, 1, analyst_in(OTHER_ID), graph)


def test_a_caller_whose_roles_read_nothing_is_refused_before_the_graph_is_asked(graph):
    mirror(graph, "DivisionRegistered", division())
    mirror(graph, "RiskCaptured", risk())
    nobody = Caller("u9", "u9@example.com", frozenset(), frozenset({PARENT_ID}))

    with pytest.raises(Forbidden):
        handlers.neighborhood(RISK_ID, 1, nobody, graph)


def test_an_unknown_entity_is_not_found(graph):
    with pytest.raises(NotFound):
        handlers.neighborhood(RISK_ID, 1, EXECUTIVE, graph)


def test_an_event_listed_as_ignored_is_acknowledged_and_writes_nothing(graph, monkeypatch):
    monkeypatch.setattr(
        events,
        "CHANGES",
        EventTable("graph-sync", events.CHANGES.routes, ignored=[(INTAKE, "RiskAssessed")]),
    )
    monkeypatch.setattr(bootstrap, "graph", lambda: graph)
    example = json.loads((SCHEMAS / "risk-intake/examples/RiskAssessed.v1.json").read_text())
    assessed = Envelope.from_eventbridge(example)

    assert handlers.mirror_batch([assessed], graph).done == set()
    consumer.handle(assessed)
    assert graph.vertices == {}


def test_the_consumer_refuses_a_type_it_does_not_consume(graph, monkeypatch):
    monkeypatch.setattr(bootstrap, "graph", lambda: graph)
    example = json.loads((SCHEMAS / "risk-intake/examples/RiskAssessed.v1.json").read_text())

    with pytest.raises(LookupError, match="does not consume RiskAssessed"):
        consumer.handle(Envelope.from_eventbridge(example))
    assert graph.vertices == {}
