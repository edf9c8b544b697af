"""Use cases of products, suppliers and sites, and of the relationships that feed the
graph. Products, suppliers and sites are shared reference data: anyone who captures
risks registers them, anyone who reads may read them. A relationship is changed like its
"from" entity: a division's by whoever writes risks there (or manages divisions), a
risk's by whoever writes that risk, a product's by anyone who captures risks."""

from __future__ import annotations

from datetime import UTC, datetime

from risk_intake.domain import commands
from risk_intake.domain.divisions import Division
from risk_intake.domain.related import (
    EntityType,
    Product,
    Relationship,
    Site,
    Supplier,
    relate,
    unrelate,
)
from risk_intake.domain.risks import Risk
from risk_intake.service_layer.access import actor, not_found, readable
from risk_intake.service_layer.unit_of_work import Reference, UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import Conflict, InvalidInput
from riskplatform.paging import Page


def register_product(cmd: commands.RegisterProduct, caller: Caller, uow: UnitOfWork) -> Product:
    caller.require(Action.WRITE_RISKS)
    with uow:
        if uow.related.code_taken(cmd.code):
            raise Conflict(f"product code {cmd.code!r} is already in use", field="code")
        product = Product.register(
            cmd.code, cmd.name, cmd.description, actor(caller), datetime.now(UTC)
        )
        uow.related.add(product)
        uow.commit()
    return product


def register_supplier(cmd: commands.RegisterSupplier, caller: Caller, uow: UnitOfWork) -> Supplier:
    caller.require(Action.WRITE_RISKS)
    with uow:
        supplier = Supplier.register(cmd.name, cmd.country, actor(caller), datetime.now(UTC))
        uow.related.add(supplier)
        uow.commit()
    return supplier


def register_site(cmd: commands.RegisterSite, caller: Caller, uow: UnitOfWork) -> Site:
    caller.require(Action.WRITE_RISKS)
    with uow:
        site = Site.register(cmd.name, cmd.country, actor(caller), datetime.now(UTC))
        uow.related.add(site)
        uow.commit()
    return site


def get_reference(
    kind: EntityType, entity_id: str, caller: Caller, uow: UnitOfWork
) -> tuple[Reference, list[Relationship]]:
    """A product, supplier or site with the relationships the caller may see."""
    caller.require(Action.READ)
    with uow:
        entity = uow.related.get(kind, entity_id)
        if entity is None:
            raise not_found(f"{kind}_id")
        return entity, _visible(uow.related.relationships_of(entity_id), caller, uow)


def list_references(
    kind: EntityType, text: str | None, limit: int, offset: int, caller: Caller, uow: UnitOfWork
) -> Page[Reference]:
    caller.require(Action.READ)
    with uow:
        return uow.related.search(kind, text, limit, offset)


def relationships_of(entity_id: str, caller: Caller, uow: UnitOfWork) -> list[Relationship]:
    with uow:
        return _visible(uow.related.relationships_of(entity_id), caller, uow)


def add_relationship(
    cmd: commands.AddRelationship, caller: Caller, uow: UnitOfWork
) -> tuple[Relationship, int]:
    """The new relationship and its from entity's new version."""
    relationship = Relationship.between(
        cmd.from_type, cmd.from_id, cmd.relation, cmd.to_type, cmd.to_id
    )
    with uow:
        entity, division_id = _from_entity(relationship, caller, uow, field="fromId")
        entity.expect_version(cmd.expected_version)
        if uow.related.get(relationship.to_type, relationship.to_id) is None:
            raise InvalidInput(f"no {relationship.to_type} has this id", field="toId")
        existing = uow.related.relationships_from(relationship.from_id)
        relate(entity, relationship, existing, division_id, actor(caller), datetime.now(UTC))
        uow.related.add_relationship(relationship, actor(caller))
        _save(entity, uow)
        uow.commit()
    return relationship, entity.version


def remove_relationship(
    cmd: commands.RemoveRelationship, caller: Caller, uow: UnitOfWork
) -> tuple[Relationship, int]:
    with uow:
        relationship = uow.related.relationship(cmd.relationship_id)
        if relationship is None:
            raise not_found("relationship_id")
        try:
            entity, division_id = _from_entity(relationship, caller, uow, field="fromId")
        except InvalidInput as hidden:
            raise not_found("relationship_id") from hidden
        entity.expect_version(cmd.expected_version)
        unrelate(entity, relationship, division_id, actor(caller), datetime.now(UTC))
        uow.related.remove_relationship(relationship)
        _save(entity, uow)
        uow.commit()
    return relationship, entity.version


def _from_entity(
    relationship: Relationship, caller: Caller, uow: UnitOfWork, *, field: str
) -> tuple[Division | Risk | Reference, str | None]:
    """The from entity, locked, where the caller may change its relationships; with its
    division (None for a product)."""
    missing = InvalidInput(f"no {relationship.from_type} has this id", field=field)
    match relationship.from_type:
        case EntityType.DIVISION:
            division = uow.divisions.get(relationship.from_id, lock="update")
            lineage = uow.divisions.lineage(division.id) if division else []
            if division is None or not caller.can_in(Action.READ, lineage):
                raise missing
            if not caller.can_in(Action.MANAGE_DIVISIONS, lineage):
                caller.require(Action.WRITE_RISKS, lineage)
            division.ensure_active(field=field)
            return division, division.id
        case EntityType.RISK:
            risk = uow.risks.get(relationship.from_id, lock="update")
            lineage = uow.divisions.lineage(risk.division_id) if risk else []
            if risk is None or not caller.can_in(Action.READ, lineage):
                raise missing
            caller.require(Action.WRITE_RISKS, lineage)
            risk.ensure_live()
            return risk, risk.division_id
        case _:
            caller.require(Action.WRITE_RISKS)
            entity = uow.related.get(relationship.from_type, relationship.from_id, lock="update")
            if entity is None:
                raise missing
            return entity, None


def _save(entity: Division | Risk | Reference, uow: UnitOfWork) -> None:
    if isinstance(entity, Division):
        uow.divisions.update(entity)
    elif isinstance(entity, Risk):
        uow.risks.update(entity)
    else:
        uow.related.update(entity)


def _visible(
    relationships: list[Relationship], caller: Caller, uow: UnitOfWork
) -> list[Relationship]:
    """Leave out relationships from divisions or risks the caller may not read."""
    scoped = readable(caller, uow)
    if scoped is None:
        return relationships
    shown = []
    for relationship in relationships:
        if relationship.from_type == EntityType.DIVISION:
            division_id: str | None = relationship.from_id
        elif relationship.from_type == EntityType.RISK:
            risk = uow.risks.get(relationship.from_id)
            division_id = risk.division_id if risk else None
        else:
            shown.append(relationship)
            continue
        if division_id in scoped:
            shown.append(relationship)
    return shown
