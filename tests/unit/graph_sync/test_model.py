"""What each event implies for the graph, the version gates, and what a caller may see."""

from __future__ import annotations

import pytest

from graph_sync.domain import events
from graph_sync.domain.model import (
    AFFECTS,
    DEPENDS_ON,
    DIVISION,
    HAS_RISK,
    HAS_SOLUTION,
    MITIGATES,
    OWNER,
    OWNS,
    PARENT_OF,
    PRODUCT,
    RISK,
    SITE,
    SOLUTION,
    SUPPLIER,
    Edge,
    Link,
    Neighborhood,
    Node,
    Owner,
    Upsert,
    Vertex,
    Write,
    owner,
    seen_by,
)

DIVISION_ID = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"
PARENT_ID = "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d"
RISK_ID = "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e"
SOLUTION_ID = "d2f4a6c8-0e1b-4d3f-8a5c-7e9b1d3f5a7c"
INTAKE = "riskplatform.risk-intake"


def division_data(parent_id: str | None = PARENT_ID) -> dict:
    return {
        "division_id": DIVISION_ID,
        "code": "REAG-EU",
        "name": "Reagents Europe",
        "parent_id": parent_id,
        "version": 1,
    }


def risk_change(**data) -> dict:
    return {
        "risk_id": RISK_ID,
        "division_id": DIVISION_ID,
        "title": "Single-source Taq supplier",
        "description": "not kept in the graph",
        "category": "supply_chain",
        "owner_email": "j.meyer@example.com",
        "status": "mitigating",
        "treatment": "mitigate",
        "review_due": "2027-02-28",
        "tags": ["pcr"],
        "retired": False,
        "version": 5,
        "changed": ["status"],
        "previous_division_id": None,
    } | data


def solution_data(**data) -> dict:
    return {
        "solution_id": SOLUTION_ID,
        "division_id": DIVISION_ID,
        "title": "Second Taq supplier",
        "description": "not kept in the graph",
        "kind": "preventive",
        "status": "in_progress",
        "design_effectiveness": 60,
        "test_result": None,
        "tested_on": None,
        "next_test_due": None,
        "owner_email": "procurement.lead@example.com",
        "cost": 85000,
        "due_date": "2027-03-31",
        "version": 1,
    } | data


def test_a_registered_division_gates_its_code_name_and_parent_apart():
    change = events.division_registered(division_data())

    assert change.vertex == Vertex(DIVISION_ID, DIVISION)
    assert change.writes == (
        Write("version", 1, {"code": "REAG-EU"}),
        Write("name_version", 1, {"name": "Reagents Europe"}),
        Write("parent_version", 1, owner=Owner(PARENT_OF, Vertex(PARENT_ID, DIVISION))),
    )


def test_a_root_division_has_no_parent_edge():
    (*_, parent) = events.division_registered(division_data(parent_id=None)).writes
    assert parent.owner == Owner(PARENT_OF, None)


def test_rename_move_and_retirement_each_touch_only_their_aspect():
    renamed = events.division_renamed({"division_id": DIVISION_ID, "name": "EMEA", "version": 2})
    moved = events.division_moved(
        {
            "division_id": DIVISION_ID,
            "parent_id": None,
            "previous_parent_id": PARENT_ID,
            "version": 3,
        }
    )
    retired = events.division_retired({"division_id": DIVISION_ID, "version": 4})

    assert renamed.writes == (Write("name_version", 2, {"name": "EMEA"}),)
    assert moved.writes == (Write("parent_version", 3, owner=Owner(PARENT_OF, None)),)
    assert retired.writes == (Write("retired_version", 4, {"retired": True}),)


def test_a_captured_risk_belongs_to_its_division_and_is_not_retired():
    change = events.risk_state(
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
    write, owned = change.writes
    assert write.properties == {
        "title": "Single-source Taq supplier",
        "category": "supply_chain",
        "status": "draft",
        "owner_email": "j.meyer@example.com",
        "division_id": DIVISION_ID,
        "treatment": None,
        "review_due": None,
        "retired": False,
    }
    assert (write.version_key, write.version) == ("version", 1)
    assert write.owner == Owner(HAS_RISK, Vertex(DIVISION_ID, DIVISION))
    # its owner owns it: one OWNS edge, from the owner's vertex, gated on its own key
    assert (owned.version_key, owned.version) == ("owner_version", 1)
    assert owned.owner == Owner(OWNS, owner("j.meyer@example.com"))
    assert owner("j.meyer@example.com").created_with == (("email", "j.meyer@example.com"),)


def test_an_owner_is_one_vertex_whatever_the_case_of_the_email():
    assert owner(" J.Meyer@Example.com") == owner("j.meyer@example.com")
    assert owner("j.meyer@example.com").id != owner("a.meyer@example.com").id
    assert owner("j.meyer@example.com").label == OWNER


def test_a_solution_without_an_owner_has_no_owns_edge():
    _, owned = events.solution_state(solution_data(owner_email=None)).writes
    assert owned.owner == Owner(OWNS, None)  # any OWNS edge into it goes


def test_a_captured_risk_keeps_the_treatment_and_review_date_it_may_carry():
    captured = {
        key: value
        for key, value in risk_change(version=1, treatment="avoid").items()
        if key not in ("retired", "changed", "previous_division_id")
    }

    write, _ = events.risk_state(captured).writes

    assert (write.properties["treatment"], write.properties["review_due"]) == (
        "avoid",
        "2027-02-28",
    )
    assert write.properties["retired"] is False


def test_a_risk_change_carries_the_whole_state_and_its_division():
    write, _ = events.risk_state(risk_change(division_id=PARENT_ID, treatment=None)).writes

    assert (write.version_key, write.version) == ("version", 5)
    assert write.owner == Owner(HAS_RISK, Vertex(PARENT_ID, DIVISION))
    assert write.properties["treatment"] is None  # removed from the vertex
    assert (write.properties["review_due"], write.properties["retired"]) == ("2027-02-28", False)
    assert "tags" not in write.properties and "description" not in write.properties


def test_a_score_is_gated_on_its_own_version_and_leaves_the_division_alone():
    change = events.risk_scored(
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

    inherent = {"score": 15, "level": "high", "likelihood": 3, "impact": 5}
    residual_as_inherent = {"residual": 15, "residual_level": "high", "appetite_status": None}
    assert change.writes == (
        Write("score_version", 4, inherent | residual_as_inherent | {"model_version": 2}),
    )


def test_a_score_carries_the_current_residual_and_appetite_status_that_exposure_uses():
    change = events.risk_scored(
        {
            "risk_id": RISK_ID,
            "division_id": DIVISION_ID,
            "score_version": 5,
            "inherent": {"likelihood": 4, "impact": 5, "score": 20, "level": "critical"},
            "current_residual": {"likelihood": 2, "impact": 5, "score": 10, "level": "medium"},
            "appetite": {"status": "watch", "appetite": 6, "tolerance": 12, "division_id": "d"},
            "model": {"model_id": "default-5x5", "version": 2},
            "inputs": {"assessment_id": "x", "risk_version": 2, "likelihood": 4, "impact": {}},
            "cause": {"event_id": "y", "detail_type": "RiskAssessed"},
            "scored_at": "2026-11-20T09:31:45.019Z",
        }
    )
    (write,) = change.writes
    assert (write.properties["score"], write.properties["residual"]) == (20, 10)
    assert write.properties["residual_level"] == "medium"
    assert write.properties["appetite_status"] == "watch"


def test_a_solution_belongs_to_its_division_and_keeps_only_scalars():
    write, _ = events.solution_state(solution_data(status="active", version=2)).writes

    assert write.owner == Owner(HAS_SOLUTION, Vertex(DIVISION_ID, DIVISION))
    assert (write.version_key, write.version, write.properties["status"]) == (
        "version",
        2,
        "active",
    )
    assert write.properties["test_result"] is None
    assert "description" not in write.properties


def test_a_link_and_an_unlink_share_one_gate_per_solution_on_the_risk():
    link = {"risk_id": RISK_ID, "solution_id": SOLUTION_ID, "division_id": DIVISION_ID}
    linked = events.solution_linked(link | {"risk_version": 3})
    unlinked = events.solution_unlinked(link | {"risk_version": 4})
    mitigates = Edge(MITIGATES, Vertex(SOLUTION_ID, SOLUTION), Vertex(RISK_ID, RISK))

    assert linked == Upsert(
        Vertex(RISK_ID, RISK),
        (Write(f"edge_version_MITIGATES_{SOLUTION_ID}", 3, adds=(mitigates,)),),
    )
    assert unlinked == Upsert(
        Vertex(RISK_ID, RISK),
        (Write(f"edge_version_MITIGATES_{SOLUTION_ID}", 4, removes=(mitigates,)),),
    )


PRODUCT_ID = "6f1a2b3c-4d5e-4f6a-8b7c-9d0e1f2a3b4c"
SUPPLIER_ID = "7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"


def test_products_suppliers_and_sites_are_registered_once_under_version():
    product = events.product_registered(
        {
            "product_id": PRODUCT_ID,
            "code": "PCR",
            "name": "PCR mix",
            "description": "x",
            "version": 1,
        }
    )
    supplier = events.supplier_registered(
        {"supplier_id": SUPPLIER_ID, "name": "Enzymatica", "country": "DE", "version": 1}
    )
    site = events.site_registered({"site_id": "s", "name": "Cork", "country": None, "version": 1})

    assert product == Upsert(
        Vertex(PRODUCT_ID, PRODUCT), (Write("version", 1, {"code": "PCR", "name": "PCR mix"}),)
    )
    assert supplier.vertex == Vertex(SUPPLIER_ID, SUPPLIER)
    assert supplier.writes[0].properties == {"name": "Enzymatica", "country": "DE"}
    assert site.vertex == Vertex("s", SITE)
    assert site.writes[0].properties == {"name": "Cork", "country": None}


def relationship(from_type: str, from_id: str, relation: str, to_type: str, to_id: str) -> dict:
    return {
        "relationship_id": "r-1",
        "from_type": from_type,
        "from_id": from_id,
        "relation": relation,
        "to_type": to_type,
        "to_id": to_id,
        "from_version": 4,
        "division_id": None,
    }


def test_a_relationship_is_an_edge_gated_on_its_from_entity():
    affects = relationship("risk", RISK_ID, "affects", "product", PRODUCT_ID)
    depends = relationship("product", PRODUCT_ID, "depends_on", "supplier", SUPPLIER_ID)

    added = events.relationship_added(affects)
    removed = events.relationship_removed(depends)

    edge = Edge(AFFECTS, Vertex(RISK_ID, RISK), Vertex(PRODUCT_ID, PRODUCT))
    assert added == Upsert(
        Vertex(RISK_ID, RISK), (Write(f"edge_version_AFFECTS_{PRODUCT_ID}", 4, adds=(edge,)),)
    )
    (write,) = removed.writes
    assert removed.vertex == Vertex(PRODUCT_ID, PRODUCT)
    assert write.version_key == f"edge_version_DEPENDS_ON_{SUPPLIER_ID}"
    assert write.removes == (
        Edge(DEPENDS_ON, Vertex(PRODUCT_ID, PRODUCT), Vertex(SUPPLIER_ID, SUPPLIER)),
    )


def test_an_event_graph_sync_does_not_consume_is_refused():
    with pytest.raises(LookupError, match="does not consume RiskAssessed"):
        events.change_for(INTAKE, "RiskAssessed", {})
    with pytest.raises(LookupError, match=r"from riskplatform\.external"):
        events.change_for("riskplatform.external", "RiskCaptured", {})


@pytest.mark.parametrize(
    ("held", "writes"),
    [({}, True), ({"version": 2}, True), ({"version": 3}, False), ({"version": 4}, False)],
)
def test_the_gate_writes_only_over_an_older_version(held, writes):
    assert Write("version", 3, {"title": "t"}).supersedes(held) is writes


def test_the_gate_reads_only_its_own_version_key():
    assert Write("score_version", 1, {"score": 4}).supersedes({"version": 9})


@pytest.mark.parametrize("value", [["a", "b"], {"a": 1}])
def test_property_values_are_scalars_only(value):
    with pytest.raises(ValueError, match="tags must be a scalar"):
        Write("version", 1, {"tags": value})


@pytest.mark.parametrize("version", ["1", True, 1.0])
def test_a_write_carries_an_integer_version(version):
    with pytest.raises(ValueError, match="integer version"):
        Write("version", version)


def test_an_upsert_only_links_its_own_vertex():
    elsewhere = Edge(HAS_RISK, Vertex(DIVISION_ID, DIVISION), Vertex("other", RISK))
    with pytest.raises(ValueError, match="does not touch"):
        Upsert(Vertex(RISK_ID, RISK), (Write("version", 1, adds=(elsewhere,)),))


# What a caller sees: group G has divisions A (the caller's) and B (someone else's).
G, A, B = "G", "A", "B"
NODES = {
    "G": Node(G, DIVISION, {}, (G,)),
    "A": Node(A, DIVISION, {}, (A, G)),
    "B": Node(B, DIVISION, {}, (B, G)),
    "risk-a": Node("risk-a", RISK, {}, (A, G)),
    "risk-a2": Node("risk-a2", RISK, {}, (A, G)),
    "risk-b": Node("risk-b", RISK, {}, (B, G)),
    "solution-b": Node("solution-b", SOLUTION, {}, (B, G)),
    "unplaced": Node("unplaced", RISK, {}, ()),
    "product": Node("product", PRODUCT, {}, ()),
    "supplier": Node("supplier", SUPPLIER, {}, ()),
}


def around(center: str, *edges: tuple[str, str]) -> Neighborhood:
    links = tuple(Link(f"{s}-{t}", "E", NODES[s].id, NODES[t].id) for s, t in edges)
    ends = dict.fromkeys([center, *(end for edge in edges for end in edge)])
    return Neighborhood(NODES[center], tuple(NODES[n] for n in ends), links)


def ids(found: Neighborhood | None) -> tuple[list[str], list[str]]:
    assert found is not None
    return [n.id for n in found.nodes], [e.id for e in found.edges]


def test_an_entity_outside_the_callers_subtrees_is_hidden_whole():
    assert seen_by(around("risk-b", ("B", "risk-b")), frozenset({A}), 1) is None
    assert seen_by(around("unplaced"), frozenset({A}), 1) is None


def test_neighbours_outside_the_callers_subtrees_are_left_out():
    found = around("risk-a", ("A", "risk-a"), ("solution-b", "risk-a"))

    assert ids(seen_by(found, frozenset({A}), 1)) == (["risk-a", "A"], ["A-risk-a"])


def test_a_hidden_vertex_does_not_connect_what_lies_behind_it():
    found = around("risk-a", ("solution-b", "risk-a"), ("solution-b", "risk-a2"))

    assert ids(seen_by(found, frozenset({A}), 2)) == (["risk-a"], [])
    assert ids(seen_by(found, frozenset({G}), 2)) == (
        ["risk-a", "solution-b", "risk-a2"],
        ["solution-b-risk-a", "solution-b-risk-a2"],
    )


def test_a_caller_rooted_higher_up_sees_the_subtrees_below():
    found = around("G", ("G", "A"), ("G", "B"), ("A", "risk-a"))

    assert ids(seen_by(found, frozenset({G}), 2)) == (
        ["G", "A", "B", "risk-a"],
        ["G-A", "G-B", "A-risk-a"],
    )
    assert seen_by(found, frozenset({A}), 2) is None


def test_products_suppliers_and_sites_are_seen_by_every_reader():
    found = around("product", ("A", "product"), ("B", "product"), ("risk-b", "product"))

    assert ids(seen_by(found, frozenset({A}), 1)) == (["product", "A"], ["A-product"])
    assert seen_by(around("supplier"), frozenset({B}), 1) is not None


def test_a_shared_entity_leads_on_to_the_callers_own_risks_only():
    found = around("risk-a", ("risk-a", "product"), ("risk-a2", "product"), ("risk-b", "product"))

    assert ids(seen_by(found, frozenset({A}), 2)) == (
        ["risk-a", "product", "risk-a2"],
        ["risk-a-product", "risk-a2-product"],
    )


def test_the_unscoped_see_everything_even_what_has_no_division_yet():
    found = around("unplaced", ("solution-b", "unplaced"))

    assert seen_by(found, None, 1) == found
