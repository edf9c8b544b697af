"""graph-sync's use cases on an in-memory graph: idempotent, version-gated, order-free."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from graph_sync import bootstrap
from graph_sync.entrypoints import consumer
from graph_sync.service_layer import handlers
from riskplatform.errors import NotFound
from riskplatform.events import Envelope

DIVISION_ID = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"
PARENT_ID = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d"
RISK_ID = "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e"
SCHEMAS = Path(__file__).parents[3] / "events-schema"


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


def test_division_risk_and_score_build_the_graph(graph):
    assert handlers.division_registered(division(), graph)
    assert handlers.risk_captured(risk(), graph)
    assert handlers.risk_scored(score(1), graph)

    assert graph.vertices[PARENT_ID] == ("Division", {})
    assert graph.vertices[DIVISION_ID] == (
        "Division",
        {"code": "REAG-EU", "name": "Reagents Europe", "version": 1},
    )
    label, properties = graph.vertices[RISK_ID]
    assert label == "Risk"
    assert properties["title"] == "Single-source Taq supplier"
    assert properties["version"] == 1
    assert (properties["score"], properties["score_version"]) == (15, 1)
    assert graph.edges == {
        ("PARENT_OF", PARENT_ID, DIVISION_ID),
        ("HAS_RISK", DIVISION_ID, RISK_ID),
    }


def test_replaying_an_event_changes_nothing(graph):
    handlers.risk_captured(risk(), graph)
    before = copy.deepcopy((graph.vertices, graph.edges))

    assert handlers.risk_captured(risk(), graph) is False
    assert (graph.vertices, graph.edges) == before


@pytest.mark.parametrize("versions", [(3, 2), (2, 3)])
def test_an_older_score_never_overwrites_a_newer_one(graph, versions):
    for version in versions:
        handlers.risk_scored(score(version, likelihood=version), graph)

    properties = graph.vertices[RISK_ID][1]
    assert (properties["score_version"], properties["likelihood"]) == (3, 3)


def test_a_score_before_its_risk_ends_as_in_order(graph):
    handlers.risk_captured(risk(), graph)
    handlers.risk_scored(score(1), graph)
    in_order = copy.deepcopy((graph.vertices, graph.edges))

    graph.vertices.clear()
    graph.edges.clear()
    handlers.risk_scored(score(1), graph)
    handlers.risk_captured(risk(), graph)

    assert (graph.vertices, graph.edges) == in_order


def test_a_placeholder_parent_fills_in_when_its_own_event_arrives(graph):
    handlers.division_registered(division(), graph)
    handlers.division_registered(division(PARENT_ID, parent_id=None), graph)

    assert graph.vertices[PARENT_ID][1]["code"] == "REAG-EU"
    assert graph.edges == {("PARENT_OF", PARENT_ID, DIVISION_ID)}


def test_the_neighborhood_of_an_entity(graph):
    handlers.division_registered(division(), graph)
    handlers.risk_captured(risk(), graph)

    found = handlers.neighborhood(RISK_ID, 1, graph)

    assert found.center.id == RISK_ID
    assert [n.id for n in found.nodes] == [RISK_ID, DIVISION_ID]
    assert [(e.source, e.target) for e in found.edges] == [(DIVISION_ID, RISK_ID)]
    assert PARENT_ID in [n.id for n in handlers.neighborhood(RISK_ID, 2, graph).nodes]


def test_an_unknown_entity_is_not_found(graph):
    with pytest.raises(NotFound):
        handlers.neighborhood(RISK_ID, 1, graph)


def test_the_consumer_refuses_a_type_it_does_not_consume(graph, monkeypatch):
    monkeypatch.setattr(bootstrap, "graph", lambda: graph)
    example = json.loads((SCHEMAS / "risk-intake/examples/RiskAssessed.v1.json").read_text())

    with pytest.raises(LookupError, match="does not consume RiskAssessed"):
        consumer.handle(Envelope.from_eventbridge(example))
    assert graph.vertices == {}
