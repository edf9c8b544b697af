"""Products, suppliers, sites and the relations the graph knows. Pure logic."""

from __future__ import annotations

import pytest

from risk_intake.domain.related import (
    RELATIONS,
    EntityType,
    Product,
    Relation,
    Relationship,
    Supplier,
    relate,
    unrelate,
)
from riskplatform.errors import Conflict, InvalidInput
from tests.unit.risk_intake.factories import ACTOR, NOW, division, published, risk


def test_the_graph_knows_these_relations():
    assert {(f.value, r.value, t.value) for (f, r), ts in RELATIONS.items() for t in ts} == {
        ("division", "sells", "product"),
        ("product", "depends_on", "supplier"),
        ("product", "made_at", "site"),
        ("risk", "affects", "product"),
        ("risk", "affects", "supplier"),
        ("risk", "affects", "site"),
    }


@pytest.mark.parametrize("from_type", list(EntityType))
@pytest.mark.parametrize("relation", list(Relation))
@pytest.mark.parametrize("to_type", list(EntityType))
def test_any_other_relation_is_refused_naming_the_field(from_type, relation, to_type):
    targets = RELATIONS.get((from_type, relation))
    if targets and to_type in targets:
        assert Relationship.between(from_type, "f", relation, to_type, "t").to_type == to_type
        return
    with pytest.raises(InvalidInput) as refused:
        Relationship.between(from_type, "f", relation, to_type, "t")
    assert refused.value.field == ("relation" if targets is None else "toType")


def test_relating_raises_the_from_entitys_version_and_names_its_division():
    where = division()
    subject = risk(where)
    supplier = Supplier.register("Enzymatica", "DE", ACTOR, NOW)
    link = Relationship.between(
        EntityType.RISK, subject.id, Relation.AFFECTS, EntityType.SUPPLIER, supplier.id
    )

    relate(subject, link, [], where.id, ACTOR, NOW)
    unrelate(subject, link, where.id, ACTOR, NOW)

    added, removed = published(*subject.events)
    assert (added.detail_type, added.metadata.aggregate_version) == ("RelationshipAdded", 2)
    assert added.metadata.division_id == where.id
    assert (removed.detail_type, removed.data["from_version"]) == ("RelationshipRemoved", 3)
    with pytest.raises(Conflict):
        relate(subject, link, [link], where.id, ACTOR, NOW)


def test_a_product_belongs_to_no_division():
    product = Product.register("PCR-MM", "Master mix", "", ACTOR, NOW)

    [envelope] = published(*product.events)
    assert envelope.metadata.division_id is None
