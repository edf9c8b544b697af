"""Bodies of the products, suppliers, sites and relationships API."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from pydantic import ConfigDict, Field

from risk_intake.domain.related import (
    RELATIONS,
    EntityType,
    Product,
    Relation,
    Relationship,
    Site,
    Supplier,
)
from risk_intake.entrypoints.schemas.common import Code, Country, Description, Text
from riskplatform.api import ApiModel, PageOut


class ProductIn(ApiModel):
    code: Code
    name: Text
    description: Description = ""


class SupplierIn(ApiModel):
    name: Text
    country: Country | None = None


class SiteIn(SupplierIn):
    pass


def known_relations() -> dict[str, Any]:
    """The document's statement of the relations the graph knows (``RELATIONS``)."""
    return {
        "oneOf": [
            {
                "properties": {
                    "fromType": {"const": from_type.value},
                    "relation": {"const": relation.value},
                    "toType": {"enum": sorted(t.value for t in targets)},
                }
            }
            for (from_type, relation), targets in RELATIONS.items()
        ]
    }


class RelationshipIn(ApiModel):
    """A division sells a product; a product depends_on a supplier or is made_at a site;
    a risk affects a product, supplier or site."""

    model_config = ConfigDict(json_schema_extra=lambda schema: schema.update(known_relations()))

    from_type: EntityType
    from_id: UUID
    relation: Relation
    to_type: EntityType
    to_id: UUID


class RelationshipOut(ApiModel):
    id: str
    from_type: EntityType
    from_id: str
    relation: Relation
    to_type: EntityType
    to_id: str


class RelationshipChangeOut(RelationshipOut):
    """``fromVersion`` is the from entity's version after the change."""

    from_version: int

    @classmethod
    def of_change(cls, relationship: Relationship, from_version: int) -> RelationshipChangeOut:
        shown = RelationshipOut.model_validate(relationship)
        return cls.model_validate(shown.model_dump() | {"from_version": from_version})


class RelationshipListOut(ApiModel):
    items: list[RelationshipOut]


class EntityOut(ApiModel):
    """A product (with code and description), supplier or site (with country)."""

    id: str
    entity_type: EntityType = Field(alias="type")
    name: str
    code: str | None = None
    description: str | None = None
    country: str | None = None
    version: int


class EntityDetailsOut(EntityOut):
    relationships: list[RelationshipOut]

    @classmethod
    def of(
        cls, entity: Product | Supplier | Site, relationships: Sequence[Relationship] = ()
    ) -> EntityDetailsOut:
        shown = EntityOut.model_validate(entity)
        return cls.model_validate(shown.model_dump() | {"relationships": relationships})


class EntityPageOut(PageOut):
    items: list[EntityOut]
