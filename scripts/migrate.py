"""Creates each service's schema and database user, and applies its migrations (yoyo).

    python scripts/migrate.py [--prefix test_] [--port 13306]        # the local MariaDB
    python scripts/migrate.py --stage dev --service risk-intake      # Aurora, in the VPC

Every service owns one schema and one user granted only that schema. The shared
kernel's migrations (outbox, inbox) come first, then the service's own. In AWS the
pipeline's migrations build runs this inside the VPC: the administrator's credentials
come from the secret named by ``MASTER_SECRET_ARN``, the service's from the secret
published at ``/riskplatform/<stage>/db/<service>/secret-arn``, both over TLS verified
with ``DB_CA_BUNDLE``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
from pathlib import Path
from urllib.parse import quote

import pymysql
from yoyo import get_backend, read_migrations

from riskplatform.db import DbSettings

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("risk-intake", "metrics-scoring", "reporting")  # graph-sync keeps no SQL state


def schema_name(service: str, prefix: str = "") -> str:
    return prefix + service.replace("-", "_")


def local_password(service: str) -> str:
    return f"local-{service}"


def local_settings(service: str, port: int, prefix: str = "") -> tuple[DbSettings, DbSettings]:
    """(administrator, service owner) on the local MariaDB."""
    schema = schema_name(service, prefix)
    admin = DbSettings("127.0.0.1", port, "root", "", "mysql")
    owner = DbSettings("127.0.0.1", port, schema[:32], local_password(service), schema)
    return admin, owner


def aws_settings(stage: str, service: str) -> tuple[DbSettings, DbSettings]:
    """(administrator, service owner) from Secrets Manager, over TLS."""
    import boto3

    secrets, ssm = boto3.client("secretsmanager"), boto3.client("ssm")
    owner_arn = ssm.get_parameter(Name=f"/riskplatform/{stage}/db/{service}/secret-arn")
    ca = os.environ["DB_CA_BUNDLE"]

    def read(arn: str) -> DbSettings:
        secret = json.loads(secrets.get_secret_value(SecretId=arn)["SecretString"])
        secret.setdefault("dbname", "mysql")  # the master secret names no schema
        return dataclasses.replace(DbSettings.from_secret(secret), tls_ca=ca)

    return read(os.environ["MASTER_SECRET_ARN"]), read(owner_arn["Parameter"]["Value"])


def provision(admin: DbSettings, owner: DbSettings) -> None:
    """The owner's schema and user (from any host), granted that schema only."""
    connection = pymysql.connect(
        host=admin.host,
        port=admin.port,
        user=admin.user,
        password=admin.password,
        ssl={"ca": admin.tls_ca} if admin.tls_ca else None,
    )
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                f"CREATE DATABASE IF NOT EXISTS `{owner.database}` CHARACTER SET utf8mb4"
            )
            hosts = ("127.0.0.1", "localhost") if owner.host == "127.0.0.1" else ("%",)
            for host in hosts:
                cursor.execute(
                    f"CREATE USER IF NOT EXISTS '{owner.user}'@'{host}' IDENTIFIED BY %s",
                    (owner.password,),
                )
                cursor.execute(
                    f"GRANT ALL PRIVILEGES ON `{owner.database}`.* TO '{owner.user}'@'{host}'"
                )
        connection.commit()
    finally:
        connection.close()


def apply(service: str, owner: DbSettings) -> None:
    uri = (
        f"mysql://{quote(owner.user)}:{quote(owner.password, safe='')}"
        f"@{owner.host}:{owner.port}/{owner.database}"
    )
    if owner.tls_ca:
        uri += f"?ssl=true&sslca={quote(owner.tls_ca)}"
    backend = get_backend(uri)
    migrations = read_migrations(
        str(ROOT / "shared" / "migrations"), str(ROOT / "services" / service / "migrations")
    )
    with backend.lock():
        backend.apply_migrations(backend.to_apply(migrations))


def migrate(service: str, *, host: str = "127.0.0.1", port: int, prefix: str = "") -> str:
    """Migrate a service's schema on the local MariaDB; returns the schema's name."""
    admin, owner = local_settings(service, port, prefix)
    provision(admin, owner)
    apply(service, owner)
    return owner.database


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=13306)
    parser.add_argument("--prefix", default="")
    parser.add_argument("--stage", help="an AWS stage: migrate its Aurora schemas")
    parser.add_argument("--service", choices=SERVICES, action="append")
    args = parser.parse_args()
    for service in args.service or SERVICES:
        if args.stage:
            admin, owner = aws_settings(args.stage, service)
            provision(admin, owner)
            apply(service, owner)
            print(f"migrated {owner.database} ({args.stage})")
        else:
            print(f"migrated {migrate(service, port=args.port, prefix=args.prefix)}")


if __name__ == "__main__":
    main()
