"""Products, suppliers, sites and their relationships through the intake API: what feeds
the graph, each relationship raising its "from" entity's version."""

from __future__ import annotations

import pytest

from tests.integration.risk_intake.support import outbox, risk_body

pytestmark = pytest.mark.integration


@pytest.fixture
def analyst(as_role, tree):
    return as_role("analyst", tree["REAG"], email="ana@example.com")


@pytest.fixture
def entities(analyst) -> dict[str, dict]:
    made = {
        "product": analyst.post("/products", {"code": "PCR-MM-2X", "name": "PCR master mix 2x"}),
        "supplier": analyst.post("/suppliers", {"name": "Enzymatica GmbH", "country": "DE"}),
        "site": analyst.post("/sites", {"name": "Cork fill-finish plant", "country": "IE"}),
    }
    for reply in made.values():
        assert reply.status == 201, reply.body
    return {kind: reply.body for kind, reply in made.items()}


def relate(client, from_type, from_id, relation, to_type, to_id, version):
    return client.post(
        "/relationships",
        {"fromType": from_type, "fromId": from_id, "relation": relation, "toType": to_type,
         "toId": to_id},
        headers={"If-Match": f'"{version}"'},
    )  # fmt: skip


def test_products_suppliers_and_sites_are_registered_with_their_events(entities, intake_db):
    assert entities["product"]["type"] == "product"
    assert (entities["supplier"]["country"], entities["site"]["name"]) == (
        "DE",
        "Cork fill-finish plant",
    )
    events = {e["detail_type"]: e for e in outbox(intake_db)}
    assert events["ProductRegistered"]["data"]["code"] == "PCR-MM-2X"
    assert events["SupplierRegistered"]["metadata"]["division_id"] is None
    assert events["SiteRegistered"]["data"]["country"] == "IE"


def test_a_product_code_is_unique(analyst, entities):
    reply = analyst.post("/products", {"code": "PCR-MM-2X", "name": "Twin"})

    assert (reply.status, reply.fields) == (409, {"code"})


def test_executives_read_reference_data_but_do_not_register_it(as_role, entities):
    executive = as_role("executive")

    assert executive.post("/suppliers", {"name": "Other"}).status == 403
    assert [s["name"] for s in executive.get("/suppliers").body["items"]] == ["Enzymatica GmbH"]
    assert executive.get("/products", q="master").body["total"] == 1


def test_the_graph_relations_raise_their_from_entities_version(analyst, tree, entities, intake_db):
    product, supplier, site = entities["product"], entities["supplier"], entities["site"]
    risk = analyst.post("/risks", risk_body(tree["REAG"])).body

    sells = relate(analyst, "division", tree["REAG"], "sells", "product", product["id"], 1)
    depends = relate(analyst, "product", product["id"], "depends_on", "supplier", supplier["id"], 1)
    made_at = relate(analyst, "product", product["id"], "made_at", "site", site["id"], 2)
    affects = relate(analyst, "risk", risk["id"], "affects", "supplier", supplier["id"], 1)

    assert [r.status for r in (sells, depends, made_at, affects)] == [201] * 4
    assert (sells.body["fromVersion"], sells.headers["ETag"]) == (2, '"2"')
    assert made_at.body["fromVersion"] == 3
    assert analyst.get(f"/risks/{risk['id']}").body["version"] == 2
    added = [e for e in outbox(intake_db) if e["detail_type"] == "RelationshipAdded"]
    assert [
        (e["data"]["from_type"], e["data"]["relation"], e["data"]["to_type"]) for e in added
    ] == [
        ("division", "sells", "product"),
        ("product", "depends_on", "supplier"),
        ("product", "made_at", "site"),
        ("risk", "affects", "supplier"),
    ]
    assert (added[3]["metadata"]["aggregate_id"], added[3]["metadata"]["aggregate_version"]) == (
        risk["id"],
        2,
    )
    assert added[3]["metadata"]["division_id"] == tree["REAG"]
    around = analyst.get(f"/products/{product['id']}").body["relationships"]
    assert {(r["fromType"], r["relation"], r["toType"]) for r in around} == {
        ("division", "sells", "product"),
        ("product", "depends_on", "supplier"),
        ("product", "made_at", "site"),
    }
    audit = analyst.get(f"/risks/{risk['id']}/audit").body["items"]
    assert audit[-1]["new"] == {"type": "supplier", "id": supplier["id"]}


@pytest.mark.parametrize(
    ("from_type", "relation", "to_type", "field"),
    [
        ("division", "depends_on", "supplier", "relation"),
        ("product", "sells", "product", "relation"),
        ("risk", "affects", "division", "toType"),
        ("product", "made_at", "supplier", "toType"),
    ],
)
def test_only_the_known_relations_between_their_types(
    analyst, tree, entities, from_type, relation, to_type, field
):
    from_id = tree["REAG"] if from_type == "division" else entities["product"]["id"]
    to_id = tree["REAG"] if to_type == "division" else entities[to_type]["id"]

    reply = relate(analyst, from_type, from_id, relation, to_type, to_id, 1)

    assert (reply.status, reply.fields) == (422, {field})


def test_a_relationship_to_nothing_from_the_unreadable_or_twice_is_refused(
    analyst, as_role, tree, entities
):
    ghost = "00000000-0000-4000-8000-000000000000"
    other_risk = as_role("analyst", tree["INST"]).post("/risks", risk_body(tree["INST"])).body
    product = entities["product"]["id"]

    to_nothing = relate(analyst, "division", tree["REAG"], "sells", "product", ghost, 1)
    from_elsewhere = relate(analyst, "risk", other_risk["id"], "affects", "product", product, 1)
    assert (to_nothing.status, to_nothing.fields) == (422, {"toId"})
    assert (from_elsewhere.status, from_elsewhere.fields) == (422, {"fromId"})
    assert relate(analyst, "division", tree["REAG"], "sells", "product", product, 1).status == 201
    twice = relate(analyst, "division", tree["REAG"], "sells", "product", product, 2)
    assert (twice.status, twice.fields) == (409, {"toId"})
    stale = relate(analyst, "division", tree["REAG"], "sells", "product", product, 1)
    assert stale.status == 412


def test_removing_a_relationship_raises_the_version_and_its_event(analyst, entities, intake_db):
    product, supplier = entities["product"]["id"], entities["supplier"]["id"]
    added = relate(analyst, "product", product, "depends_on", "supplier", supplier, 1).body

    removed = analyst.delete(f"/relationships/{added['id']}", 2)

    assert (removed.status, removed.body["fromVersion"]) == (200, 3)
    event = outbox(intake_db)[-1]
    assert (event["detail_type"], event["data"]["relationship_id"]) == (
        "RelationshipRemoved",
        added["id"],
    )
    assert analyst.get("/relationships", entityId=supplier).body["items"] == []
    assert analyst.delete(f"/relationships/{added['id']}", 3).status == 404


def test_relationships_of_divisions_and_risks_outside_ones_divisions_are_hidden(
    analyst, as_role, tree, entities
):
    product = entities["product"]["id"]
    assert relate(analyst, "division", tree["REAG"], "sells", "product", product, 1).status == 201
    outsider = as_role("analyst", tree["INST"])

    assert outsider.get("/relationships", entityId=product).body["items"] == []
    assert len(analyst.get("/relationships", entityId=product).body["items"]) == 1
    assert len(as_role("executive").get("/relationships", entityId=product).body["items"]) == 1
