"""Fixtures shared by every suite.

Integration tests run against the real local servers that ``make test`` starts
(MariaDB, Gremlin Server, Memcached, the emulator), in ``test_``-prefixed schemas
migrated afresh for each session, never in the schemas the deployed stack uses.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pymysql
import pytest

from riskplatform.db import Database, DbSettings
from riskplatform.publisher import Outgoing
from scripts.migrate import local_password, migrate, schema_name

MARIADB_PORT = int(os.environ.get("MARIADB_PORT", "13306"))
GREMLIN_URL = os.environ.get("GREMLIN_URL", "ws://127.0.0.1:8182/gremlin")
# The tests' own graph on the local Gremlin Server: the stack's graph (`g`) is never touched.
TEST_GRAPH = "gtest"
MEMCACHED = ("127.0.0.1", int(os.environ.get("MEMCACHED_PORT", "11211")))
TEST_PREFIX = "test_"


class RecordingPublisher:
    """Stands in for EventBridge where a test needs to see what was sent."""

    def __init__(self, fail: bool = False) -> None:
        self.sent: list[Outgoing] = []
        self.fail = fail

    def publish(self, events: list[Outgoing]) -> set[str]:
        if self.fail:
            return {e.event_id for e in events}
        self.sent.extend(events)
        return set()


def _fresh_schema(service: str) -> DbSettings:
    schema = schema_name(service, TEST_PREFIX)
    root = pymysql.connect(host="127.0.0.1", port=MARIADB_PORT, user="root", password="")
    with root.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{schema}`")
    root.close()
    migrate(service, host="127.0.0.1", port=MARIADB_PORT, prefix=TEST_PREFIX)
    return DbSettings("127.0.0.1", MARIADB_PORT, schema[:32], local_password(service), schema)


@pytest.fixture(scope="session")
def schemas() -> dict[str, DbSettings]:
    """Fresh test schemas for each service, migrated once per session."""
    return {}


@pytest.fixture
def service_db(schemas: dict[str, DbSettings]):  # type: ignore[no-untyped-def]
    """``service_db("reporting")`` gives a Database on that service's emptied test schema."""
    opened: list[Database] = []

    def open_db(service: str) -> Database:
        if service not in schemas:
            schemas[service] = _fresh_schema(service)
        db = Database(schemas[service])
        _truncate_all(db)
        opened.append(db)
        return db

    yield open_db
    for db in opened:
        db.close()


def _truncate_all(db: Database) -> None:
    connection = db.connection()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name AS t FROM information_schema.tables"
            " WHERE table_schema = DATABASE() AND table_name NOT LIKE '\\_yoyo%%'"
            " AND table_name NOT LIKE 'yoyo%%'"
        )
        tables = [row["t"] for row in cursor.fetchall()]
        cursor.execute("SET FOREIGN_KEY_CHECKS = 0")
        for table in tables:
            cursor.execute(f"TRUNCATE TABLE `{table}`")
        cursor.execute("SET FOREIGN_KEY_CHECKS = 1")
    connection.commit()


@pytest.fixture
def publisher() -> Iterator[RecordingPublisher]:
    yield RecordingPublisher()
