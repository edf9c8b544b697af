"""Creates each service's schema and database user, and applies its migrations (yoyo).

    python scripts/migrate.py [--prefix test_] [--port 13306]

Every service owns one schema and one user granted only that schema. The shared
kernel's migrations (outbox, inbox) come first, then the service's own.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pymysql
from yoyo import get_backend, read_migrations

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("risk-intake", "metrics-scoring", "reporting")  # graph-sync keeps no SQL state


def schema_name(service: str, prefix: str = "") -> str:
    return prefix + service.replace("-", "_")


def local_password(service: str) -> str:
    return f"local-{service}"


def provision(root: pymysql.connections.Connection, schema: str, user: str, password: str) -> None:
    with root.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE IF NOT EXISTS `{schema}` CHARACTER SET utf8mb4")
        for host in ("127.0.0.1", "localhost"):
            cursor.execute(
                f"CREATE USER IF NOT EXISTS '{user}'@'{host}' IDENTIFIED BY %s", (password,)
            )
            cursor.execute(f"GRANT ALL PRIVILEGES ON `{schema}`.* TO '{user}'@'{host}'")
    root.commit()


def migrate(service: str, *, host: str, port: int, prefix: str = "") -> str:
    schema = schema_name(service, prefix)
    user = schema[:32]
    password = local_password(service)
    root = pymysql.connect(host=host, port=port, user="root", password="")
    try:
        provision(root, schema, user, password)
    finally:
        root.close()
    backend = get_backend(f"mysql://{user}:{password}@{host}:{port}/{schema}")
    migrations = read_migrations(
        str(ROOT / "shared" / "migrations"), str(ROOT / "services" / service / "migrations")
    )
    with backend.lock():
        backend.apply_migrations(backend.to_apply(migrations))
    return schema


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=13306)
    parser.add_argument("--prefix", default="")
    args = parser.parse_args()
    for service in SERVICES:
        print(f"migrated {migrate(service, host=args.host, port=args.port, prefix=args.prefix)}")


if __name__ == "__main__":
    main()
