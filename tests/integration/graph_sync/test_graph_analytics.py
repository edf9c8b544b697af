"""The graph's analytics through the API handler, on a small graph built by hand (events
through the consumer, into the Gremlin Server configured like Neptune), each answer
computed by hand:

    LIFE (top) > REAG;  INST (top)
    REAG sells P1, INST sells P2;  P1 and P2 depend on supplier S1, P2 on S2;  P1 is made
    at site T1
    risks (current residual, level):  r1 in REAG 12 high, r2 in REAG 4 low, r3 in INST
    20 critical, r4 in LIFE 16 high and it affects S1, r5 in INST 20 critical but retired
    solution x1 (in LIFE) mitigates r1 and r3
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from graph_sync.domain.model import owner
from tests.integration.graph_sync.helpers import (
    claims,
    deliver,
    division_registered,
    edges_drawn,
    get,
    nodes,
    own_owner,
    owner_of,
    product_registered,
    relationship,
    risk_captured,
    risk_changed,
    risk_scored,
    site_registered,
    solution_changed,
    solution_linked,
    solution_registered,
    supplier_registered,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Company:
    LIFE: str
    REAG: str
    INST: str
    P1: str
    P2: str
    S1: str
    S2: str
    T1: str
    r1: str
    r2: str
    r3: str
    r4: str
    r5: str
    x1: str

    def names(self, ids) -> list[str]:
        by_id = {value: name for name, value in vars(self).items()}
        return [by_id[i] for i in ids]


@pytest.fixture
def company(graph) -> Company:
    c = Company(*(new_id() for _ in range(14)))
    events = [
        division_registered(c.LIFE, code="LIFE"),
        division_registered(c.REAG, parent_id=c.LIFE, code="REAG"),
        division_registered(c.INST, code="INST"),
        product_registered(c.P1, code="P1", name="PCR master mix"),
        product_registered(c.P2, code="P2", name="Sequencer"),
        supplier_registered(c.S1, name="Enzymes GmbH"),
        supplier_registered(c.S2, name="Optics Ltd"),
        site_registered(c.T1, name="Basel plant"),
        relationship(True, ("division", c.REAG), "sells", ("product", c.P1), 2),
        relationship(True, ("division", c.INST), "sells", ("product", c.P2), 2),
        relationship(True, ("product", c.P1), "depends_on", ("supplier", c.S1), 2),
        relationship(True, ("product", c.P2), "depends_on", ("supplier", c.S1), 2),
        relationship(True, ("product", c.P2), "depends_on", ("supplier", c.S2), 3),
        relationship(True, ("product", c.P1), "made_at", ("site", c.T1), 3),
    ]
    # (risk, division, likelihood, impact): the residual is (likelihood - 1) x impact
    for risk, division, likelihood, impact in (
        (c.r1, c.REAG, 4, 4),
        (c.r2, c.REAG, 2, 4),
        (c.r3, c.INST, 5, 5),
        (c.r4, c.LIFE, 5, 4),
        (c.r5, c.INST, 5, 5),
    ):
        events += [
            risk_captured(risk, division, title=f"risk {risk[:4]}"),
            risk_scored(risk, division, 1, likelihood, impact),
        ]
    events += [
        risk_changed(c.r5, c.INST, 2, retired=True),
        relationship(True, ("risk", c.r4), "affects", ("supplier", c.S1), 3),
        solution_registered(c.x1, c.LIFE),
        solution_linked(c.r1, c.x1, c.REAG, 2),
        solution_linked(c.r3, c.x1, c.INST, 2),
    ]
    for start in range(0, len(events), 10):
        assert deliver(*events[start : start + 10])["batchItemFailures"] == []
    return c


def test_impact_reaches_the_divisions_and_risks_that_depend_on_a_supplier(company):
    c = company
    status, body = get(f"/graph/entities/{c.S1}/impact")
    assert status == 200, body
    reached = {c.names([r["id"]])[0]: c.names(r["path"]) for r in body["reached"]}
    assert reached == {
        "r4": ["S1", "r4"],
        "REAG": ["S1", "P1", "REAG"],
        "INST": ["S1", "P2", "INST"],
        "r1": ["S1", "P1", "REAG", "r1"],
        "r2": ["S1", "P1", "REAG", "r2"],
        "r3": ["S1", "P2", "INST", "r3"],
        "r5": ["S1", "P2", "INST", "r5"],
    }
    lengths = [len(r["path"]) for r in body["reached"]]
    assert lengths == sorted(lengths)  # nearest first
    assert [r["residual"] for r in body["reached"] if r["id"] == c.r1] == [12]
    # live risks r1 12, r2 4, r3 20, r4 16 (r5 is retired)
    assert body["exposure"] == {"risks": 4, "total": 52, "worst": 20}
    assert body["truncated"] is False
    drawn = set(c.names(n["id"] for n in nodes(body)))
    assert drawn == {"S1", "P1", "P2", "REAG", "INST", "r1", "r2", "r3", "r4", "r5"}
    assert {(e["source"], e["type"], e["target"]) for e in edges_drawn(body)} >= {
        (c.P1, "DEPENDS_ON", c.S1),
        (c.REAG, "SELLS", c.P1),
        (c.REAG, "HAS_RISK", c.r1),
        (c.r4, "AFFECTS", c.S1),
    }


def test_impact_shows_a_caller_only_what_they_may_read(company):
    c = company
    status, body = get(f"/graph/entities/{c.S1}/impact", who=claims("analyst", c.REAG))
    assert status == 200
    assert set(c.names(r["id"] for r in body["reached"])) == {"REAG", "r1", "r2"}
    assert body["exposure"] == {"risks": 2, "total": 16, "worst": 12}
    assert get(f"/graph/entities/{c.r3}/impact", who=claims("analyst", c.REAG))[0] == 404


def test_impact_of_a_solution_is_the_risks_it_mitigates(company):
    c = company
    _, body = get(f"/graph/entities/{c.x1}/impact")
    assert sorted(c.names(r["id"] for r in body["reached"])) == ["r1", "r3"]
    assert body["exposure"] == {"risks": 2, "total": 32, "worst": 20}


@pytest.mark.parametrize(
    ("kind", "ranked"),
    [
        ("Supplier", [("S1", 3, 52), ("S2", 1, 20)]),  # S1: r1, r3, r4; S2: r3
        ("Site", [("T1", 1, 16)]),  # r1 (and r2, low)
        ("Solution", [("x1", 2, 32)]),
        ("Product", [("P2", 1, 20), ("P1", 1, 16)]),
    ],
)
def test_concentration_ranks_the_single_points_of_failure(company, kind, ranked):
    c = company
    status, body = get("/graph/concentration", {"type": kind})
    assert status == 200, body
    found = [
        (c.names([i["id"]])[0], i["seriousRisks"], i["exposure"]["total"]) for i in body["items"]
    ]
    assert found == ranked
    assert [n["id"] for n in nodes(body)] == [i["id"] for i in body["items"]]


def test_concentration_counts_only_the_risks_a_caller_may_read(company):
    c = company
    _, body = get("/graph/concentration", {"type": "Supplier"}, who=claims("analyst", c.REAG))
    assert [(c.names([i["id"]])[0], i["seriousRisks"]) for i in body["items"]] == [("S1", 1)]
    _, capped = get("/graph/concentration", {"type": "Supplier", "top": "1"})
    assert (len(capped["items"]), capped["truncated"]) == (1, True)


def test_an_owner_is_ranked_by_the_risks_that_depend_on_them_and_their_solutions(company):
    """k.lee takes over r1 and r4 and the solution x1 (which mitigates r1 and r3): three
    serious live risks depend on them, r1 once; the former owners of r1 and r4 own
    nothing serious any more, r3's owner has r3, r2's is low and r5 is retired."""
    c = company
    lee = owner("k.lee@example.com").id
    assert deliver(
        risk_changed(c.r1, c.REAG, 3, owner_email="k.lee@example.com"),
        risk_changed(c.r4, c.LIFE, 4, owner_email="K.Lee@example.com"),
        solution_changed(c.x1, c.LIFE, 2, owner_email="k.lee@example.com"),
    ) == {"batchItemFailures": []}

    status, body = get("/graph/concentration", {"type": "Owner"})
    assert status == 200, body
    names = {lee: "k.lee", owner_of(c.r3): "owner of r3"}
    found = [(names[i["id"]], i["seriousRisks"], i["exposure"]["total"]) for i in body["items"]]
    assert found == [("k.lee", 3, 48), ("owner of r3", 1, 20)]  # r1 12 + r4 16 + r3 20
    assert next(n for n in nodes(body) if n["id"] == lee)["label"] == "k.lee@example.com"

    _, impact = get(f"/graph/entities/{lee}/impact")
    # the divisions and risks reached: r1 and r4 owned, r3 through x1
    assert sorted(c.names(r["id"] for r in impact["reached"])) == ["r1", "r3", "r4"]
    assert impact["exposure"] == {"risks": 3, "total": 48, "worst": 20}
    # an analyst of REAG counts only r1 (r3 is INST's, r4 LIFE's above REAG)
    _, scoped = get("/graph/concentration", {"type": "Owner"}, who=claims("analyst", c.REAG))
    assert [(i["id"], i["seriousRisks"]) for i in scoped["items"]] == [(lee, 1)]


def test_owners_are_found_by_email_and_count_only_what_the_caller_may_read(company):
    """k.lee takes over r1 (in REAG) and x1 (in LIFE); the owners r1 and x1 had own
    nothing any more and are not listed; r2, r3, r4 and r5 keep theirs."""
    c = company
    lee = owner("k.lee@example.com").id
    assert deliver(
        risk_changed(c.r1, c.REAG, 3, owner_email="k.lee@example.com"),
        solution_changed(c.x1, c.LIFE, 2, owner_email="K.Lee@example.com"),
    ) == {"batchItemFailures": []}

    status, found = get("/graph/owners", {"q": "LEE@"})
    assert status == 200, found
    assert found == {
        "items": [{"id": lee, "email": "k.lee@example.com", "owns": 2}],
        "total": 1,
        "limit": 50,
        "offset": 0,
    }
    _, first = get("/graph/owners", {"limit": "2"})
    assert (first["total"], [o["email"] for o in first["items"]]) == (
        5,
        [
            "k.lee@example.com",
            *sorted(own_owner(r)["owner_email"] for r in (c.r2, c.r3, c.r4, c.r5)),
        ][:2],
    )
    # an analyst of REAG: r1 (k.lee's) and r2; x1 is LIFE's, above REAG
    _, scoped = get("/graph/owners", who=claims("analyst", c.REAG))
    assert [(o["email"], o["owns"]) for o in scoped["items"]] == [
        ("k.lee@example.com", 1),
        (own_owner(c.r2)["owner_email"], 1),
    ]
    assert get("/graph/owners", {"q": ""})[0] == 422


def test_paths_are_the_shortest_ways_between_two_entities(company):
    c = company
    status, body = get("/graph/paths", {"from": c.T1, "to": c.S2})
    assert status == 200, body
    assert [c.names(p) for p in body["paths"]] == [["T1", "P1", "S1", "P2", "S2"]]
    assert len(edges_drawn(body)) == 4

    analyst = claims("analyst", c.REAG)
    _, mine = get("/graph/paths", {"from": c.T1, "to": c.r1}, who=analyst)
    assert [c.names(p) for p in mine["paths"]] == [["T1", "P1", "REAG", "r1"]]
    for hidden in (c.r3, c.x1):  # in INST, in LIFE: not the analyst's to read
        status, refused = get("/graph/paths", {"from": c.T1, "to": hidden}, who=analyst)
        assert (status, [e["field"] for e in refused["errors"]]) == (404, ["to"])
    _, apart = get("/graph/paths", {"from": c.T1, "to": c.r5})
    assert [c.names(p) for p in apart["paths"]] == [["T1", "P1", "S1", "P2", "INST", "r5"]]


def test_a_divisions_exposure_through_its_suppliers_and_sites(company):
    c = company
    status, body = get(f"/graph/divisions/{c.LIFE}/exposure")
    assert status == 200, body
    found = [
        (c.names([d["id"]])[0], c.names(d["products"]), d["exposure"]) for d in body["dependencies"]
    ]
    assert found == [
        ("S1", ["P1"], {"risks": 1, "total": 16, "worst": 16}),  # r4 affects S1
        ("T1", ["P1"], {"risks": 0, "total": 0, "worst": None}),
    ]
    assert body["exposure"] == {"risks": 1, "total": 16, "worst": 16}
    assert get(f"/graph/divisions/{c.P1}/exposure")[0] == 404  # not a division
    assert get(f"/graph/divisions/{c.INST}/exposure", who=claims("analyst", c.REAG))[0] == 404


def test_a_neighbourhood_keeps_the_types_asked_for_in_cytoscapes_shape(company):
    c = company
    _, body = get(f"/graph/entities/{c.P2}/neighborhood", {"types": "Supplier"})
    assert body["center"] == c.P2
    assert sorted(c.names(n["id"] for n in nodes(body))) == ["P2", "S1", "S2"]
    assert {e["type"] for e in edges_drawn(body)} == {"DEPENDS_ON"}
    assert body["truncated"] is False
    risk = next(n for n in nodes(get(f"/graph/entities/{c.r3}/neighborhood")[1]) if n["id"] == c.r3)
    assert (risk["type"], risk["level"], risk["properties"]["residual"]) == ("Risk", "critical", 20)
