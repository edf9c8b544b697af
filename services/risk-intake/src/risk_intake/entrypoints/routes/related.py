"""Routes of the products, suppliers and sites API."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Body, Query

from risk_intake.domain import commands
from risk_intake.domain.related import EntityType
from risk_intake.entrypoints.routes.common import uow, who
from risk_intake.entrypoints.schemas.related import (
    EntityDetailsOut,
    EntityPageOut,
    ProductIn,
    SiteIn,
    SupplierIn,
)
from risk_intake.service_layer import related
from riskplatform.api import Limit, Offset, documented, tagged
from riskplatform.paging import DEFAULT_LIMIT

router = Router()

NameSearch = Annotated[
    str | None, Query(min_length=1, max_length=100, description="Part of a name (or code)")
]


@router.post("/products", responses=documented(201, EntityDetailsOut))
def register_product(body: Annotated[ProductIn, Body()]) -> Response[EntityDetailsOut]:
    cmd = commands.RegisterProduct(body.code, body.name, body.description)
    product = related.register_product(cmd, who(router), uow(router))
    return tagged(EntityDetailsOut.of(product), product.version, 201)


@router.post("/suppliers", responses=documented(201, EntityDetailsOut))
def register_supplier(body: Annotated[SupplierIn, Body()]) -> Response[EntityDetailsOut]:
    cmd = commands.RegisterSupplier(body.name, body.country)
    supplier = related.register_supplier(cmd, who(router), uow(router))
    return tagged(EntityDetailsOut.of(supplier), supplier.version, 201)


@router.post("/sites", responses=documented(201, EntityDetailsOut))
def register_site(body: Annotated[SiteIn, Body()]) -> Response[EntityDetailsOut]:
    cmd = commands.RegisterSite(body.name, body.country)
    site = related.register_site(cmd, who(router), uow(router))
    return tagged(EntityDetailsOut.of(site), site.version, 201)


@router.get("/products")
def list_products(
    q: NameSearch = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> EntityPageOut:
    return references(EntityType.PRODUCT, q, limit, offset)


@router.get("/suppliers")
def list_suppliers(
    q: NameSearch = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> EntityPageOut:
    return references(EntityType.SUPPLIER, q, limit, offset)


@router.get("/sites")
def list_sites(
    q: NameSearch = None, limit: Limit = DEFAULT_LIMIT, offset: Offset = 0
) -> EntityPageOut:
    return references(EntityType.SITE, q, limit, offset)


@router.get("/products/<product_id>", responses=documented(200, EntityDetailsOut))
def get_product(product_id: UUID) -> Response[EntityDetailsOut]:
    return reference(EntityType.PRODUCT, product_id)


@router.get("/suppliers/<supplier_id>", responses=documented(200, EntityDetailsOut))
def get_supplier(supplier_id: UUID) -> Response[EntityDetailsOut]:
    return reference(EntityType.SUPPLIER, supplier_id)


@router.get("/sites/<site_id>", responses=documented(200, EntityDetailsOut))
def get_site(site_id: UUID) -> Response[EntityDetailsOut]:
    return reference(EntityType.SITE, site_id)


def references(kind: EntityType, q: str | None, limit: int, offset: int) -> EntityPageOut:
    page = related.list_references(kind, q, limit, offset, who(router), uow(router))
    return EntityPageOut.of_page(page)


def reference(kind: EntityType, entity_id: UUID) -> Response[EntityDetailsOut]:
    entity, relationships = related.get_reference(kind, str(entity_id), who(router), uow(router))
    return tagged(EntityDetailsOut.of(entity, relationships), entity.version)
