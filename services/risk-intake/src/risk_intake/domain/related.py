"""Products, suppliers and sites, and the relationships that feed the graph: a division
sells a product, a product depends on a supplier and is made at a site, a risk affects a
product, a supplier or a site. A relationship belongs to its "from" entity: adding or
removing one raises that entity's version. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from risk_intake.domain.base import Aggregate, new_id
from risk_intake.domain.events import (
    ProductRegistered,
    RelationshipAdded,
    RelationshipRemoved,
    SiteRegistered,
    SupplierRegistered,
)
from riskplatform.errors import Conflict, InvalidInput


class EntityType(StrEnum):
    DIVISION = "division"
    RISK = "risk"
    PRODUCT = "product"
    SUPPLIER = "supplier"
    SITE = "site"


class Relation(StrEnum):
    SELLS = "sells"
    DEPENDS_ON = "depends_on"
    MADE_AT = "made_at"
    AFFECTS = "affects"


RELATIONS: Mapping[tuple[EntityType, Relation], frozenset[EntityType]] = {
    (EntityType.DIVISION, Relation.SELLS): frozenset({EntityType.PRODUCT}),
    (EntityType.PRODUCT, Relation.DEPENDS_ON): frozenset({EntityType.SUPPLIER}),
    (EntityType.PRODUCT, Relation.MADE_AT): frozenset({EntityType.SITE}),
    (EntityType.RISK, Relation.AFFECTS): frozenset(
        {EntityType.PRODUCT, EntityType.SUPPLIER, EntityType.SITE}
    ),
}


@dataclass(kw_only=True)
class Product(Aggregate):
    entity_type = "product"

    code: str
    name: str
    description: str

    @classmethod
    def register(cls, code: str, name: str, description: str, actor: str, now: datetime) -> Product:
        product = cls(id=new_id(), version=1, code=code, name=name, description=description)
        product.events.append(
            ProductRegistered(
                product_id=product.id, code=code, name=name, description=description, version=1
            )
        )
        product.record(
            "registered",
            {"code": (None, code), "name": (None, name), "description": (None, description)},
            actor,
            now,
        )
        return product


@dataclass(kw_only=True)
class Supplier(Aggregate):
    entity_type = "supplier"

    name: str
    country: str | None

    @classmethod
    def register(cls, name: str, country: str | None, actor: str, now: datetime) -> Supplier:
        supplier = cls(id=new_id(), version=1, name=name, country=country)
        supplier.events.append(
            SupplierRegistered(supplier_id=supplier.id, name=name, country=country, version=1)
        )
        supplier.record(
            "registered", {"name": (None, name), "country": (None, country)}, actor, now
        )
        return supplier


@dataclass(kw_only=True)
class Site(Aggregate):
    entity_type = "site"

    name: str
    country: str | None

    @classmethod
    def register(cls, name: str, country: str | None, actor: str, now: datetime) -> Site:
        site = cls(id=new_id(), version=1, name=name, country=country)
        site.events.append(SiteRegistered(site_id=site.id, name=name, country=country, version=1))
        site.record("registered", {"name": (None, name), "country": (None, country)}, actor, now)
        return site


@dataclass(frozen=True)
class Relationship:
    id: str
    from_type: EntityType
    from_id: str
    relation: Relation
    to_type: EntityType
    to_id: str

    @classmethod
    def between(
        cls,
        from_type: EntityType,
        from_id: str,
        relation: Relation,
        to_type: EntityType,
        to_id: str,
    ) -> Relationship:
        """Only the relations the graph knows, between the types they join."""
        targets = RELATIONS.get((from_type, relation))
        if targets is None:
            known = ", ".join(f"{f} {r}" for f, r in RELATIONS)
            raise InvalidInput(
                f"a {from_type} does not {relation} anything; the relations are: {known}",
                field="relation",
            )
        if to_type not in targets:
            allowed = ", ".join(sorted(targets))
            raise InvalidInput(
                f"a {from_type} {relation} a {allowed}, not a {to_type}", field="toType"
            )
        return cls(new_id(), from_type, from_id, relation, to_type, to_id)

    def target(self) -> dict[str, str]:
        return {"type": self.to_type.value, "id": self.to_id}


def relate(
    entity: Aggregate,
    relationship: Relationship,
    existing: list[Relationship],
    division_id: str | None,
    actor: str,
    now: datetime,
) -> None:
    """Add ``relationship`` to its from entity (``existing`` are the entity's others)."""
    if any(_same(relationship, other) for other in existing):
        raise Conflict("this relationship exists already", field="toId")
    entity.version += 1
    entity.events.append(RelationshipAdded(**_data(relationship, entity, division_id)))
    entity.record(
        "related", {relationship.relation.value: (None, relationship.target())}, actor, now
    )


def unrelate(
    entity: Aggregate,
    relationship: Relationship,
    division_id: str | None,
    actor: str,
    now: datetime,
) -> None:
    entity.version += 1
    entity.events.append(RelationshipRemoved(**_data(relationship, entity, division_id)))
    entity.record(
        "unrelated", {relationship.relation.value: (relationship.target(), None)}, actor, now
    )


def _same(one: Relationship, other: Relationship) -> bool:
    return (one.relation, one.to_type, one.to_id) == (other.relation, other.to_type, other.to_id)


def _data(relationship: Relationship, entity: Aggregate, division_id: str | None) -> dict:
    return {
        "relationship_id": relationship.id,
        "from_type": relationship.from_type.value,
        "from_id": relationship.from_id,
        "relation": relationship.relation.value,
        "to_type": relationship.to_type.value,
        "to_id": relationship.to_id,
        "from_version": entity.version,
        "division_id": division_id,
    }
