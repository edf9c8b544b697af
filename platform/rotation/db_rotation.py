"""Rotates the platform's MySQL secrets: Secrets Manager's four steps (createSecret,
setSecret, testSecret, finishSecret) for the master secret (single user: the master
changes its own password) and for each service's secret (multi-user: the secret
alternates between its user and a ``_clone`` with the same grants, made by the master, so
the version still running keeps working until the next rotation).

The platform's own function rather than a hosted one, so that its role carries the
stages' permissions boundary like every role the deployments create (ADR 43)."""

from __future__ import annotations

import json
import logging
import os
import re
from collections.abc import Callable
from typing import Any

import pymysql

logger = logging.getLogger()
logger.setLevel(logging.INFO)

CURRENT, PENDING = "AWSCURRENT", "AWSPENDING"
CLONE_SUFFIX = "_clone"
PASSWORD_EXCLUDED = "/@\"'\\`%:;"
USERNAME = re.compile(r"^[A-Za-z0-9_]{1,32}$")

Secret = dict[str, Any]
Connect = Callable[[Secret], pymysql.connections.Connection]


class RotationError(Exception):
    """The secret is not in a state this step can work from."""


def tls_connect(ca_bundle: str | None) -> Connect:
    """Connections made from a secret's fields, verified against ``ca_bundle`` if given."""

    def connect(secret: Secret) -> pymysql.connections.Connection:
        return pymysql.connect(
            host=secret["host"],
            port=int(secret.get("port", 3306)),
            user=secret["username"],
            password=secret["password"],
            database=secret.get("dbname") or None,
            connect_timeout=5,
            ssl={"ca": ca_bundle} if ca_bundle else None,
            ssl_verify_cert=bool(ca_bundle),
            ssl_verify_identity=bool(ca_bundle),
        )

    return connect


class Rotation:
    """One rotation of one secret, step by step; every step may run again safely."""

    def __init__(self, secrets: Any, connect: Connect, master_arn: str | None = None) -> None:
        self.secrets = secrets
        self.connect = connect
        self.master_arn = master_arn

    def master_of(self, arn: str, secret: Secret) -> str | None:
        """The master secret that makes this secret's users, or None for the master itself
        (a secret may name it as ``masterarn``; else it is the one the function knows)."""
        if secret.get("masterarn"):
            return str(secret["masterarn"])
        return self.master_arn if self.master_arn and arn != self.master_arn else None

    def run(self, arn: str, token: str, step: str) -> None:
        steps = {
            "createSecret": self.create,
            "setSecret": self.set,
            "testSecret": self.test,
            "finishSecret": self.finish,
        }
        if step not in steps:
            raise RotationError(f"unknown step {step!r}")
        stages = self.secrets.describe_secret(SecretId=arn).get("VersionIdsToStages", {})
        if token not in stages:
            raise RotationError(f"version {token} of the secret is not being rotated")
        if CURRENT in stages[token]:
            logger.info("version %s is already current: nothing to do", token)
            return
        if PENDING not in stages[token]:
            raise RotationError(f"version {token} is neither current nor pending")
        steps[step](arn, token)

    def read(self, arn: str, stage: str, token: str | None = None) -> Secret:
        kwargs: dict[str, str] = {"SecretId": arn, "VersionStage": stage}
        if token:
            kwargs["VersionId"] = token
        secret = json.loads(self.secrets.get_secret_value(**kwargs)["SecretString"])
        for field in ("host", "username", "password"):
            if not secret.get(field):
                raise RotationError(f"the {stage} secret has no {field}")
        if not USERNAME.match(secret["username"]):
            raise RotationError("the secret's username is not a plain MySQL user name")
        return secret

    def create(self, arn: str, token: str) -> None:
        """A pending version: a new password, and for a service the other of its two users."""
        current = self.read(arn, CURRENT)
        try:
            self.read(arn, PENDING, token)
            return  # made by an earlier try of this step
        except self.secrets.exceptions.ResourceNotFoundException:
            pass
        pending = dict(current)
        if self.master_of(arn, current):
            user = current["username"]
            pending["username"] = (
                user.removesuffix(CLONE_SUFFIX)
                if user.endswith(CLONE_SUFFIX)
                else (user + CLONE_SUFFIX)[:32]
            )
        pending["password"] = self.secrets.get_random_password(
            PasswordLength=32, ExcludeCharacters=PASSWORD_EXCLUDED
        )["RandomPassword"]
        self.secrets.put_secret_value(
            SecretId=arn,
            ClientRequestToken=token,
            SecretString=json.dumps(pending),
            VersionStages=[PENDING],
        )
        logger.info("created the pending version %s", token)

    def set(self, arn: str, token: str) -> None:
        """The database learns the pending password (and, for a service, its user)."""
        pending = self.read(arn, PENDING, token)
        if self.works(pending):
            return
        current = self.read(arn, CURRENT)
        if pending["host"] != current["host"]:
            raise RotationError("the pending version names another database host")
        master_arn = self.master_of(arn, current)
        if master_arn:
            master = self.read(master_arn, CURRENT)
            if master["host"] != current["host"]:
                raise RotationError("the master secret names another database host")
            with self.connect(master) as connection, connection.cursor() as cursor:
                grants = self.grants_of(cursor, current["username"])
                cursor.execute(
                    "CREATE USER IF NOT EXISTS %s@'%%' IDENTIFIED BY %s",
                    (pending["username"], pending["password"]),
                )
                cursor.execute(
                    "ALTER USER %s@'%%' IDENTIFIED BY %s",
                    (pending["username"], pending["password"]),
                )
                for grant in grants:
                    cursor.execute(self.regrant(grant, current["username"], pending["username"]))
                connection.commit()
        else:
            with self.connect(current) as connection, connection.cursor() as cursor:
                cursor.execute(
                    "ALTER USER %s@'%%' IDENTIFIED BY %s",
                    (current["username"], pending["password"]),
                )
                connection.commit()
        logger.info("set the pending password of %s", pending["username"])

    def test(self, arn: str, token: str) -> None:
        if not self.works(self.read(arn, PENDING, token)):
            raise RotationError("the pending version cannot sign in to the database")

    def finish(self, arn: str, token: str) -> None:
        stages = self.secrets.describe_secret(SecretId=arn)["VersionIdsToStages"]
        current = next(v for v, s in stages.items() if CURRENT in s)
        self.secrets.update_secret_version_stage(
            SecretId=arn, VersionStage=CURRENT, MoveToVersionId=token, RemoveFromVersionId=current
        )
        logger.info("version %s is now current", token)

    def works(self, secret: Secret) -> bool:
        try:
            with self.connect(secret) as connection, connection.cursor() as cursor:
                cursor.execute("SELECT 1")
                return True
        except pymysql.err.OperationalError:
            return False

    @staticmethod
    def grants_of(cursor: Any, user: str) -> list[str]:
        cursor.execute("SHOW GRANTS FOR %s@'%%'", (user,))
        return [row[0] for row in cursor.fetchall() if " IDENTIFIED BY " not in row[0]]

    @staticmethod
    def regrant(grant: str, user: str, to: str) -> str:
        """The same grant for the other user (the grantee is quoted with ` or ')."""
        swapped, count = re.subn(rf"\bTO [`']{re.escape(user)}[`']@", f"TO `{to}`@", grant, count=1)
        if count != 1:
            raise RotationError(f"cannot read the grantee of: {grant}")
        return swapped


def handler(event: dict[str, Any], context: Any) -> None:
    import boto3

    bundle = os.environ.get("DB_CA_BUNDLE")
    if bundle and not os.path.isabs(bundle):
        bundle = os.path.join(os.path.dirname(__file__), bundle)
    if bundle and not os.path.isfile(bundle):
        raise RotationError(f"the database CA bundle {bundle} is missing")
    rotation = Rotation(
        boto3.client("secretsmanager"), tls_connect(bundle), os.environ.get("MASTER_SECRET_ARN")
    )
    rotation.run(event["SecretId"], event["ClientRequestToken"], event["Step"])
