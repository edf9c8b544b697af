"""Products, suppliers and sites and their relationships on the real Gremlin Server:
division SELLS product, product DEPENDS_ON supplier and is MADE_AT a site, risk AFFECTS
any of them. Shared by the whole company, they are seen by every reader."""

from __future__ import annotations

import itertools

import pytest

from tests.integration.graph_sync.helpers import (
    center,
    claims,
    deliver,
    division_registered,
    edges,
    get,
    nodes,
    owner_of,
    owns,
    product_registered,
    relationship,
    risk_captured,
    site_registered,
    supplier_registered,
    vertex,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration

NO_FAILURES: dict[str, list[dict[str, str]]] = {"batchItemFailures": []}


def test_the_company_around_a_product_in_any_order(g, graph):
    division, product, supplier, site, risk = (new_id() for _ in range(5))
    events = [
        division_registered(division, code="REAG"),
        product_registered(product, code="PCR-MM-2X", name="PCR master mix 2x"),
        supplier_registered(supplier, name="Enzymatica GmbH", country="DE"),
        site_registered(site, name="Cork fill-finish plant", country=None),
        risk_captured(risk, division),
        relationship(True, ("division", division), "sells", ("product", product), 2),
        relationship(True, ("product", product), "depends_on", ("supplier", supplier), 2),
        relationship(True, ("product", product), "made_at", ("site", site), 3),
        relationship(True, ("risk", risk), "affects", ("supplier", supplier), 2),
    ]

    assert deliver(*reversed(events), *events) == NO_FAILURES

    assert sorted(edges(g)) == sorted(
        [
            (division, "HAS_RISK", risk),
            (division, "SELLS", product),
            (product, "DEPENDS_ON", supplier),
            (product, "MADE_AT", site),
            (risk, "AFFECTS", supplier),
            owns(risk),
        ]
    )
    assert vertex(g, product) | {"id": None} == {
        "id": None,
        "label": "Product",
        "code": "PCR-MM-2X",
        "name": "PCR master mix 2x",
        "version": 1,
        "edge_version_DEPENDS_ON_" + supplier: 2,
        "edge_version_MADE_AT_" + site: 3,
    }
    assert (vertex(g, supplier)["label"], vertex(g, supplier)["country"]) == ("Supplier", "DE")
    assert "country" not in vertex(g, site) and vertex(g, site)["label"] == "Site"

    status, body = get(f"/graph/entities/{product}/neighborhood")
    assert status == 200
    assert center(body)["properties"] == {
        "code": "PCR-MM-2X",
        "name": "PCR master mix 2x",
        "version": 1,
    }
    assert {n["type"] for n in nodes(body)} == {"Product", "Division", "Supplier", "Site"}


@pytest.mark.parametrize("order", list(itertools.permutations(range(2))), ids=["in", "reversed"])
def test_a_relationship_added_then_removed_ends_removed_in_either_order(g, graph, order):
    product, site = new_id(), new_id()
    pair = [
        relationship(True, ("product", product), "made_at", ("site", site), 2),
        relationship(False, ("product", product), "made_at", ("site", site), 3),
    ]

    for index in order:
        assert deliver(pair[index], pair[index]) == NO_FAILURES

    assert edges(g) == []
    assert vertex(g, product)["edge_version_MADE_AT_" + site] == 3


def test_a_relationship_added_again_after_its_removal_is_there(g, graph):
    product, supplier = new_id(), new_id()
    edge = (("product", product), "depends_on", ("supplier", supplier))
    added, removed, added_again = (
        relationship(True, *edge, 2),
        relationship(False, *edge, 3),
        relationship(True, *edge, 4),
    )

    deliver(added_again, removed, added)

    assert edges(g) == [(product, "DEPENDS_ON", supplier)]


def test_every_reader_sees_the_product_but_only_their_own_divisions_around_it(g, graph):
    mine, theirs, product, my_risk, their_risk = (new_id() for _ in range(5))
    deliver(
        division_registered(mine, code="MINE"),
        division_registered(theirs, code="THEIRS"),
        product_registered(product),
        risk_captured(my_risk, mine),
        risk_captured(their_risk, theirs),
        relationship(True, ("division", mine), "sells", ("product", product), 2),
        relationship(True, ("division", theirs), "sells", ("product", product), 2),
        relationship(True, ("risk", my_risk), "affects", ("product", product), 2),
        relationship(True, ("risk", their_risk), "affects", ("product", product), 2),
    )

    status, body = get(f"/graph/entities/{product}/neighborhood", who=claims("analyst", mine))
    _, from_my_risk = get(
        f"/graph/entities/{my_risk}/neighborhood", {"depth": "2"}, who=claims("analyst", mine)
    )

    assert status == 200
    assert {n["id"] for n in nodes(body)} == {product, mine, my_risk}
    assert {n["id"] for n in nodes(from_my_risk)} == {my_risk, mine, product, owner_of(my_risk)}
