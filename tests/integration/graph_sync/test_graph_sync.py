"""graph-sync end to end on the real Gremlin Server: SQS batches in, graph and API out."""

from __future__ import annotations

import json

import pytest

from graph_sync.domain.model import owner
from tests.integration.graph_sync.helpers import (
    center,
    deliver,
    division_registered,
    edges,
    edges_drawn,
    eventbridge,
    get,
    nodes,
    owner_of,
    owns,
    risk_captured,
    risk_scored,
    snapshot,
    value_counts,
    vertex,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration

NO_FAILURES: dict[str, list[dict[str, str]]] = {"batchItemFailures": []}


def test_division_risk_and_score_make_the_graph_and_the_api_shows_it(g, graph):
    parent, division, risk = new_id(), new_id(), new_id()

    report = deliver(
        division_registered(parent, code="REAG", name="Reagents"),
        division_registered(division, parent_id=parent, code="REAG-EU", name="Reagents Europe"),
        risk_captured(
            risk, division, title="Single-source Taq supplier", owner_email="J.Meyer@example.com"
        ),
        risk_scored(risk, division, score_version=1, likelihood=3, impact=5),
    )

    assert report == NO_FAILURES
    assert vertex(g, division) == {
        "id": division,
        "label": "Division",
        "code": "REAG-EU",
        "name": "Reagents Europe",
        "version": 1,
        "name_version": 1,
        "parent_version": 1,
    }
    assert vertex(g, risk) == {
        "id": risk,
        "label": "Risk",
        "title": "Single-source Taq supplier",
        "category": "supply_chain",
        "status": "draft",
        "owner_email": "J.Meyer@example.com",
        "division_id": division,
        "treatment": "mitigate",
        "review_due": "2027-03-31",
        "retired": False,
        "version": 1,
        "score": 15,
        "level": "high",
        "likelihood": 3,
        "impact": 5,
        "residual": 10,
        "residual_level": "high",
        "appetite_status": "watch",
        "model_version": 1,
        "score_version": 1,
        "owner_version": 1,
    }
    # its owner, by email whatever its case, owns it
    owned_by = owner("j.meyer@example.com").id
    assert vertex(g, owned_by) == {"id": owned_by, "label": "Owner", "email": "j.meyer@example.com"}
    drawn = sorted([(parent, "PARENT_OF", division), (division, "HAS_RISK", risk)])
    assert edges(g) == sorted([*drawn, (owned_by, "OWNS", risk)])

    status, body = get(f"/graph/entities/{division}/neighborhood")
    assert status == 200
    assert center(body) == {
        "id": division,
        "type": "Division",
        "label": "Reagents Europe",
        "level": None,
        "properties": {
            "code": "REAG-EU",
            "name": "Reagents Europe",
            "version": 1,
            "nameVersion": 1,
            "parentVersion": 1,
        },
    }
    assert sorted(n["id"] for n in nodes(body)) == sorted([division, parent, risk])
    scored = next(n for n in nodes(body) if n["id"] == risk)
    assert (scored["type"], scored["label"], scored["level"]) == (
        "Risk",
        "Single-source Taq supplier",
        "high",
    )
    assert scored["properties"]["ownerEmail"] == "J.Meyer@example.com"
    assert scored["properties"]["scoreVersion"] == 1
    assert sorted((e["source"], e["type"], e["target"]) for e in edges_drawn(body)) == drawn
    assert all(e["id"] for e in edges_drawn(body))

    status, around = get(f"/graph/entities/{owned_by}/neighborhood")
    assert status == 200
    assert (center(around)["type"], center(around)["label"]) == ("Owner", "j.meyer@example.com")
    assert sorted(n["id"] for n in nodes(around)) == sorted([owned_by, risk])


def test_depth_two_reaches_the_neighbors_neighbors(g, graph):
    parent, division, risk, sibling = new_id(), new_id(), new_id(), new_id()
    deliver(
        division_registered(division, parent_id=parent),
        risk_captured(risk, division),
        risk_captured(sibling, division),
    )

    _, near = get(f"/graph/entities/{risk}/neighborhood", {"depth": "1"})
    _, far = get(f"/graph/entities/{risk}/neighborhood", {"depth": "2"})

    assert sorted(n["id"] for n in nodes(near)) == sorted([risk, division, owner_of(risk)])
    assert sorted(n["id"] for n in nodes(far)) == sorted(
        [risk, division, owner_of(risk), parent, sibling]
    )
    assert len(edges_drawn(far)) == 4
    placeholder = next(n for n in nodes(far) if n["id"] == parent)
    assert placeholder == {
        "id": parent,
        "type": "Division",
        "label": parent,  # nothing known of it yet but its id
        "level": None,
        "properties": {},
    }


def test_the_same_events_twice_leave_one_vertex_one_edge_and_single_values(g, graph):
    division, risk = new_id(), new_id()
    events = [
        division_registered(division),
        risk_captured(risk, division),
        risk_scored(risk, division, score_version=1),
    ]
    deliver(*events)
    once = snapshot(g)

    assert deliver(*events, *events) == NO_FAILURES

    assert snapshot(g) == once
    assert g.V().count().next() == 3  # the division, the risk and its owner
    assert edges(g) == sorted([(division, "HAS_RISK", risk), owns(risk)])
    assert set(value_counts(g, risk).values()) == {1}
    assert len(value_counts(g, risk)) == 19


@pytest.mark.parametrize("versions", [(3, 2), (2, 3)], ids=["3-then-2", "2-then-3"])
def test_an_older_score_never_overwrites_a_newer_one(g, graph, versions):
    division, risk = new_id(), new_id()

    for version in versions:
        assert deliver(risk_scored(risk, division, version, likelihood=version)) == NO_FAILURES

    scored = vertex(g, risk)
    assert (scored["score_version"], scored["likelihood"], scored["score"]) == (3, 3, 15)
    assert set(value_counts(g, risk).values()) == {1}


def test_a_score_before_its_risk_ends_in_the_same_state_as_in_order(g, graph):
    division, risk = new_id(), new_id()
    captured = risk_captured(risk, division)
    scored = risk_scored(risk, division, score_version=1)

    deliver(captured)
    deliver(scored)
    in_order = snapshot(g)
    g.V().drop().iterate()
    deliver(scored)
    assert vertex(g, risk)["score"] == 15
    assert edges(g) == []  # the division comes from the risk's own events
    deliver(captured)

    assert snapshot(g) == in_order


def test_a_placeholder_parent_fills_in_when_its_own_event_arrives(g, graph):
    parent, child = new_id(), new_id()

    deliver(division_registered(child, parent_id=parent))
    assert vertex(g, parent) == {"id": parent, "label": "Division"}
    deliver(division_registered(parent, code="ROOT", name="Group"))

    assert vertex(g, parent) | {"id": None} == {
        "id": None,
        "label": "Division",
        "code": "ROOT",
        "name": "Group",
        "version": 1,
        "name_version": 1,
        "parent_version": 1,
    }
    assert edges(g) == [(parent, "PARENT_OF", child)]


def test_a_poison_record_fails_alone(g, graph):
    division, risk = new_id(), new_id()
    broken_contract = risk_scored(risk, division, score_version=1)
    broken_contract["detail"]["data"]["inherent"]["score"] = 99
    not_ours = eventbridge("risk-intake/examples/RiskAssessed.v1.json", risk, 2, risk_id=risk)
    batch = [
        json.dumps(division_registered(division)),
        json.dumps(broken_contract),
        "{not json",
        json.dumps(not_ours),
        json.dumps(risk_captured(risk, division)),
    ]

    report = deliver(*batch)

    failed = {f["itemIdentifier"] for f in report["batchItemFailures"]}
    assert len(failed) == 3
    assert g.V().count().next() == 3  # the division, the risk and its owner
    assert "score" not in vertex(g, risk)
    assert edges(g) == sorted([(division, "HAS_RISK", risk), owns(risk)])


def test_an_unknown_entity_is_404(graph):
    status, body = get(f"/graph/entities/{new_id()}/neighborhood")

    assert status == 404
    assert body == {
        "message": "no entity has this id",
        "errors": [{"field": "entity_id", "in": "path", "reason": "no entity has this id"}],
    }


@pytest.mark.parametrize(
    ("entity_id", "query", "field"),
    [
        ("not-a-uuid", None, "entity_id"),
        ("3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c", {"depth": "3"}, "depth"),
        ("3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c", {"depth": "0"}, "depth"),
        ("3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c", {"depth": "far"}, "depth"),
    ],
)
def test_a_bad_id_or_depth_is_422_naming_the_field(graph, entity_id, query, field):
    status, body = get(f"/graph/entities/{entity_id}/neighborhood", query)

    assert status == 422
    assert [e["field"] for e in body["errors"]] == [field]
