"""Routes of the relationships between divisions, risks, products, suppliers and sites."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from risk_intake.domain import commands
from risk_intake.entrypoints.routes.common import uow, who
from risk_intake.entrypoints.schemas.related import (
    RelationshipChangeOut,
    RelationshipIn,
    RelationshipListOut,
)
from risk_intake.service_layer import related
from riskplatform.api import IfMatch, documented, expected, tagged

router = Router()


@router.get("/relationships")
def list_relationships(
    entity_id: Annotated[
        UUID, Query(alias="entityId", description="Relationships from or to this entity")
    ],
) -> RelationshipListOut:
    relationships = related.relationships_of(str(entity_id), who(router), uow(router))
    return RelationshipListOut.model_validate({"items": relationships})


@router.post("/relationships", responses=documented(201, RelationshipChangeOut))
def add_relationship(
    body: Annotated[RelationshipIn, Body()], if_match: IfMatch
) -> Response[RelationshipChangeOut]:
    """If-Match is the version of the "from" entity, which the relationship raises."""
    cmd = commands.AddRelationship(
        from_type=body.from_type,
        from_id=str(body.from_id),
        relation=body.relation,
        to_type=body.to_type,
        to_id=str(body.to_id),
        expected_version=expected(if_match),
    )
    relationship, version = related.add_relationship(cmd, who(router), uow(router))
    return tagged(RelationshipChangeOut.of_change(relationship, version), version, 201)


@router.delete("/relationships/<relationship_id>", responses=documented(200, RelationshipChangeOut))
def remove_relationship(
    relationship_id: UUID, if_match: IfMatch
) -> Response[RelationshipChangeOut]:
    cmd = commands.RemoveRelationship(str(relationship_id), expected(if_match))
    relationship, version = related.remove_relationship(cmd, who(router), uow(router))
    return tagged(RelationshipChangeOut.of_change(relationship, version), version)
