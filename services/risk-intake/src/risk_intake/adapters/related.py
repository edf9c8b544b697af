"""Products, suppliers, sites and relationships in MySQL."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import pymysql

from risk_intake.adapters.sql import LOCKS, Filter, like_pattern, page
from risk_intake.domain.related import (
    EntityType,
    Product,
    Relation,
    Relationship,
    Site,
    Supplier,
)
from risk_intake.service_layer.unit_of_work import Lock, Reference
from riskplatform.errors import Conflict
from riskplatform.paging import Page
from riskplatform.unit_of_work import Track

DUPLICATE_KEY = 1062
TABLES: Mapping[EntityType, str] = {
    EntityType.PRODUCT: "products",
    EntityType.SUPPLIER: "suppliers",
    EntityType.SITE: "sites",
}
COLUMNS: Mapping[EntityType, str] = {
    EntityType.PRODUCT: "id, code, name, description, version",
    EntityType.SUPPLIER: "id, name, country, version",
    EntityType.SITE: "id, name, country, version",
}
BUILD: Mapping[EntityType, Callable[..., Reference]] = {
    EntityType.PRODUCT: Product,
    EntityType.SUPPLIER: Supplier,
    EntityType.SITE: Site,
}
RELATIONSHIP_COLUMNS = "id, from_type, from_id, relation, to_type, to_id"


def relationship_of(row: dict[str, Any]) -> Relationship:
    return Relationship(
        id=row["id"],
        from_type=EntityType(row["from_type"]),
        from_id=row["from_id"],
        relation=Relation(row["relation"]),
        to_type=EntityType(row["to_type"]),
        to_id=row["to_id"],
    )


class SqlRelatedRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, entity: Reference) -> None:
        kind = EntityType(entity.entity_type)
        values = {name: getattr(entity, name) for name in COLUMNS[kind].split(", ")}
        try:
            self.cursor.execute(
                f"INSERT INTO {TABLES[kind]} ({', '.join(values)}, created_at, updated_at)"
                f" VALUES ({', '.join(['%s'] * len(values))}, UTC_TIMESTAMP(6),"
                " UTC_TIMESTAMP(6))",
                list(values.values()),
            )
        except pymysql.err.IntegrityError as error:
            if error.args[0] == DUPLICATE_KEY:  # a concurrent request took the code first
                raise Conflict("this code is already in use", field="code") from error
            raise
        self.track(entity)

    def get(self, kind: EntityType, entity_id: str, *, lock: Lock = None) -> Reference | None:
        self.cursor.execute(
            f"SELECT {COLUMNS[kind]} FROM {TABLES[kind]} WHERE id = %s{LOCKS[lock]}",
            (entity_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        entity = BUILD[kind](**row)
        self.track(entity)
        return entity

    def update(self, entity: Reference) -> None:
        self.cursor.execute(
            f"UPDATE {TABLES[EntityType(entity.entity_type)]} SET version = %s,"
            " updated_at = UTC_TIMESTAMP(6) WHERE id = %s",
            (entity.version, entity.id),
        )

    def code_taken(self, code: str) -> bool:
        self.cursor.execute("SELECT 1 FROM products WHERE code = %s", (code,))
        return self.cursor.fetchone() is not None

    def search(
        self, kind: EntityType, text: str | None, limit: int, offset: int
    ) -> Page[Reference]:
        where = Filter()
        if text:
            pattern = like_pattern(text)
            if kind == EntityType.PRODUCT:
                where.add("(name LIKE %s OR code LIKE %s)", pattern, pattern)
            else:
                where.add("name LIKE %s", pattern)
        return page(
            self.cursor,
            select=COLUMNS[kind],
            table=TABLES[kind],
            filter=where,
            order="name, id",
            limit=limit,
            offset=offset,
            build=lambda rows: [BUILD[kind](**row) for row in rows],
        )

    def add_relationship(self, relationship: Relationship, actor: str) -> None:
        self.cursor.execute(
            f"INSERT INTO relationships ({RELATIONSHIP_COLUMNS}, created_by, created_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(6))",
            (
                relationship.id,
                relationship.from_type.value,
                relationship.from_id,
                relationship.relation.value,
                relationship.to_type.value,
                relationship.to_id,
                actor,
            ),
        )

    def remove_relationship(self, relationship: Relationship) -> None:
        self.cursor.execute("DELETE FROM relationships WHERE id = %s", (relationship.id,))

    def relationship(self, relationship_id: str) -> Relationship | None:
        self.cursor.execute(
            f"SELECT {RELATIONSHIP_COLUMNS} FROM relationships WHERE id = %s", (relationship_id,)
        )
        row = self.cursor.fetchone()
        return relationship_of(row) if row else None

    def relationships_from(self, entity_id: str) -> list[Relationship]:
        self.cursor.execute(
            f"SELECT {RELATIONSHIP_COLUMNS} FROM relationships WHERE from_id = %s"
            " ORDER BY created_at, id",
            (entity_id,),
        )
        return [relationship_of(row) for row in self.cursor.fetchall()]

    def relationships_of(self, entity_id: str) -> list[Relationship]:
        self.cursor.execute(
            f"SELECT {RELATIONSHIP_COLUMNS} FROM relationships WHERE from_id = %s OR to_id = %s"
            " ORDER BY created_at, id",
            (entity_id, entity_id),
        )
        return [relationship_of(row) for row in self.cursor.fetchall()]
