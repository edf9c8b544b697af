"""The platform's database rotation function, run step by step as Secrets Manager runs it,
against the emulator's Secrets Manager and the real MariaDB: a service's secret alternates
between its user and a clone with the same grants, the old credentials keep working until
the next rotation, and the master changes its own password. Every step may run twice."""

from __future__ import annotations

import importlib.util
import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pymysql
import pytest

from tests.conftest import MARIADB_PORT

pytestmark = pytest.mark.integration

SOURCE = Path(__file__).resolve().parents[2] / "platform" / "rotation" / "db_rotation.py"
STEPS = ("createSecret", "setSecret", "testSecret", "finishSecret")


def load_rotation() -> Any:
    spec = importlib.util.spec_from_file_location("db_rotation", SOURCE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


db_rotation = load_rotation()


def root() -> pymysql.connections.Connection:
    return pymysql.connect(host="127.0.0.1", port=MARIADB_PORT, user="root", password="")


def grants_of(user: str) -> list[str]:
    with root() as connection, connection.cursor() as cursor:
        cursor.execute("SHOW GRANTS FOR %s@'%%'", (user,))
        return sorted(
            row[0].replace(f"`{user}`", "`who`")
            for row in cursor.fetchall()
            if " IDENTIFIED BY " not in row[0]
        )


def signs_in(secret: dict[str, Any]) -> bool:
    try:
        with (
            pymysql.connect(
                host=secret["host"],
                port=int(secret["port"]),
                user=secret["username"],
                password=secret["password"],
                database=secret.get("dbname"),
            ) as connection,
            connection.cursor() as cursor,
        ):
            cursor.execute("SELECT COUNT(*) FROM rotated")
            return True
    except pymysql.err.OperationalError:
        return False


@pytest.fixture
def secrets() -> Any:
    return boto3.client("secretsmanager")


@pytest.fixture
def accounts(secrets: Any) -> Iterator[dict[str, str]]:
    """A schema with its user (as the migrations make it) and a master able to make users,
    each with its secret in the emulator."""
    tag = uuid.uuid4().hex[:8]
    schema, user, master = f"rotdb_{tag}", f"rot_{tag}", f"rotm_{tag}"
    with root() as connection, connection.cursor() as cursor:
        cursor.execute(f"CREATE DATABASE {schema}")
        cursor.execute(f"CREATE TABLE {schema}.rotated (id INT)")
        cursor.execute("CREATE USER %s@'%%' IDENTIFIED BY 'first-password-1'", (user,))
        cursor.execute(f"GRANT SELECT, INSERT ON {schema}.* TO %s@'%%'", (user,))
        cursor.execute("CREATE USER %s@'%%' IDENTIFIED BY 'master-password-1'", (master,))
        cursor.execute("GRANT ALL ON *.* TO %s@'%%' WITH GRANT OPTION", (master,))
    where = {"engine": "mysql", "host": "127.0.0.1", "port": MARIADB_PORT}
    master_arn = secrets.create_secret(
        Name=f"test/rotation/{master}",
        SecretString=json.dumps(
            {**where, "username": master, "password": "master-password-1", "dbname": schema}
        ),
    )["ARN"]
    service_arn = secrets.create_secret(
        Name=f"test/rotation/{user}",
        SecretString=json.dumps(
            {
                **where,
                "username": user,
                "password": "first-password-1",
                "dbname": schema,
            }
        ),
    )["ARN"]
    yield {"master": master_arn, "service": service_arn, "user": user}
    for arn in (service_arn, master_arn):
        secrets.delete_secret(SecretId=arn, ForceDeleteWithoutRecovery=True)
    with root() as connection, connection.cursor() as cursor:
        for name in (user, f"{user}_clone", master):
            cursor.execute("DROP USER IF EXISTS %s@'%%'", (name,))
        cursor.execute(f"DROP DATABASE {schema}")


def rotate(secrets: Any, arn: str, master_arn: str) -> None:
    """What Secrets Manager does, each step twice. It names the new version pending before
    it calls createSecret; the emulator has no such call, so the first createSecret runs
    directly (it puts the pending version) and then every step goes through ``run``."""
    token = str(uuid.uuid4())
    rotation = db_rotation.Rotation(secrets, db_rotation.tls_connect(None), master_arn)
    rotation.create(arn, token)
    for step in STEPS:
        rotation.run(arn, token, step)
        rotation.run(arn, token, step)


def current(secrets: Any, arn: str) -> dict[str, Any]:
    return json.loads(secrets.get_secret_value(SecretId=arn)["SecretString"])


def test_a_service_secret_alternates_between_two_users_with_the_same_grants(
    secrets: Any, accounts: dict[str, str]
) -> None:
    before = current(secrets, accounts["service"])

    rotate(secrets, accounts["service"], accounts["master"])

    after = current(secrets, accounts["service"])
    assert after["username"] == f"{accounts['user']}_clone"
    assert after["password"] != before["password"]
    assert signs_in(after)
    assert signs_in(before), "the running version's credentials stay valid until next time"
    assert grants_of(after["username"]) == grants_of(accounts["user"])

    rotate(secrets, accounts["service"], accounts["master"])

    again = current(secrets, accounts["service"])
    assert again["username"] == accounts["user"]
    assert again["password"] not in (before["password"], after["password"])
    assert signs_in(again) and signs_in(after)
    assert not signs_in(before), "the user's old password is gone"


def test_the_master_changes_its_own_password(secrets: Any, accounts: dict[str, str]) -> None:
    before = current(secrets, accounts["master"])

    rotate(secrets, accounts["master"], accounts["master"])

    after = current(secrets, accounts["master"])
    assert after["username"] == before["username"]
    assert after["password"] != before["password"]
    assert signs_in(after)
    assert not signs_in(before)


def test_a_version_that_is_not_being_rotated_is_refused(
    secrets: Any, accounts: dict[str, str]
) -> None:
    rotation = db_rotation.Rotation(secrets, db_rotation.tls_connect(None))
    with pytest.raises(db_rotation.RotationError, match="not being rotated"):
        rotation.run(accounts["service"], str(uuid.uuid4()), "setSecret")
