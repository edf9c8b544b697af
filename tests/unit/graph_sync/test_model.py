"""What each event implies for the graph, and the version gate."""

from __future__ import annotations

import pytest

from graph_sync.domain import model
from graph_sync.domain.model import DIVISION, HAS_RISK, PARENT_OF, RISK, Edge, Upsert, Vertex

DIVISION_ID = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"
PARENT_ID = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d"
RISK_ID = "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e"


def division_data(parent_id: str | None = PARENT_ID) -> dict:
    return {
        "division_id": DIVISION_ID,
        "code": "REAG-EU",
        "name": "Reagents Europe",
        "parent_id": parent_id,
        "version": 1,
    }


def test_a_division_hangs_under_its_parent():
    change = model.division_registered(division_data())

    assert change.vertex == Vertex(DIVISION_ID, DIVISION)
    assert change.properties == {"code": "REAG-EU", "name": "Reagents Europe", "version": 1}
    assert change.version_key == "version"
    assert change.edges == (Edge(PARENT_OF, Vertex(PARENT_ID, DIVISION), change.vertex),)


def test_a_root_division_has_no_parent_edge():
    assert model.division_registered(division_data(parent_id=None)).edges == ()


def test_a_captured_risk_belongs_to_its_division():
    change = model.risk_captured(
        {
            "risk_id": RISK_ID,
            "division_id": DIVISION_ID,
            "title": "Single-source Taq supplier",
            "description": "not kept in the graph",
            "category": "supply_chain",
            "owner_email": "j.meyer@example.com",
            "status": "draft",
            "version": 1,
            "captured_at": "2026-11-20T09:20:10.498Z",
        }
    )

    assert change.vertex == Vertex(RISK_ID, RISK)
    assert change.properties == {
        "title": "Single-source Taq supplier",
        "category": "supply_chain",
        "status": "draft",
        "owner_email": "j.meyer@example.com",
        "division_id": DIVISION_ID,
        "version": 1,
    }
    assert change.edges == (Edge(HAS_RISK, Vertex(DIVISION_ID, DIVISION), change.vertex),)


def test_a_score_is_gated_on_its_own_version_and_links_the_division():
    change = model.risk_scored(
        {
            "risk_id": RISK_ID,
            "division_id": DIVISION_ID,
            "score_version": 4,
            "inherent": {"likelihood": 3, "impact": 5, "score": 15, "level": "high"},
            "model": {"model_id": "default-5x5", "version": 2},
            "inputs": {"assessment_id": "x", "risk_version": 2, "likelihood": 3, "impact": {}},
            "cause": {"event_id": "y", "detail_type": "RiskAssessed"},
            "scored_at": "2026-11-20T09:31:45.019Z",
        }
    )

    assert change.version_key == "score_version"
    assert change.version == 4
    assert change.properties == {
        "score": 15,
        "level": "high",
        "likelihood": 3,
        "impact": 5,
        "model_version": 2,
        "score_version": 4,
    }
    assert change.edges == (Edge(HAS_RISK, Vertex(DIVISION_ID, DIVISION), Vertex(RISK_ID, RISK)),)


@pytest.mark.parametrize(
    ("held", "writes"),
    [({}, True), ({"version": 2}, True), ({"version": 3}, False), ({"version": 4}, False)],
)
def test_the_gate_writes_only_over_an_older_version(held, writes):
    change = Upsert(Vertex(RISK_ID, RISK), "version", {"title": "t", "version": 3})
    assert change.supersedes(held) is writes


def test_the_gate_reads_only_its_own_version_key():
    change = Upsert(Vertex(RISK_ID, RISK), "score_version", {"score": 4, "score_version": 1})
    assert change.supersedes({"version": 9})


@pytest.mark.parametrize("value", [["a", "b"], {"a": 1}, None])
def test_property_values_are_scalars_only(value):
    with pytest.raises(ValueError, match="tags must be a scalar"):
        Upsert(Vertex(RISK_ID, RISK), "version", {"tags": value, "version": 1})


@pytest.mark.parametrize("properties", [{"title": "t"}, {"version": "1"}, {"version": True}])
def test_an_upsert_carries_an_integer_version(properties):
    with pytest.raises(ValueError, match="integer version"):
        Upsert(Vertex(RISK_ID, RISK), "version", properties)


def test_an_upsert_only_links_its_own_vertex():
    elsewhere = Edge(HAS_RISK, Vertex(DIVISION_ID, DIVISION), Vertex("other", RISK))
    with pytest.raises(ValueError, match="does not touch"):
        Upsert(Vertex(RISK_ID, RISK), "version", {"version": 1}, (elsewhere,))
