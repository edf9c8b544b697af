"""MySQL connection handling: settings from Secrets Manager, one connection per
execution environment, re-opened when the server dropped it. A server that cannot be
reached (or is lost mid-transaction) raises ``StoreUnavailable``, quickly: the connect
timeout is short, so an API answers 503 well before API Gateway's 29 s limit."""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import pymysql
import pymysql.cursors

from riskplatform.errors import StoreUnavailable

CONNECT_TIMEOUT_SECONDS = 2


@dataclass(frozen=True)
class DbSettings:
    host: str
    port: int
    user: str
    password: str
    database: str
    tls_ca: str | None = None  # a CA bundle: connect over TLS and verify the server with it

    @classmethod
    def from_secret(cls, secret: dict[str, Any]) -> DbSettings:
        """Read the shape of an RDS-managed secret (``username``, ``dbname``, ...)."""
        return cls(
            host=secret["host"],
            port=int(secret.get("port", 3306)),
            user=secret["username"],
            password=secret["password"],
            database=secret["dbname"],
        )

    @classmethod
    def from_environment(cls) -> DbSettings:
        """Settings from the secret named by ``DB_SECRET_ARN`` (cached by Powertools); with
        ``DB_TLS=true``, over TLS verified against ``DB_CA_BUNDLE`` (the RDS bundle that the
        build puts in the layer)."""
        from aws_lambda_powertools.utilities.parameters import get_secret

        secret = get_secret(os.environ["DB_SECRET_ARN"], transform="json", max_age=300)
        settings = cls.from_secret(secret)  # type: ignore[arg-type]
        if os.environ.get("DB_TLS", "false").lower() == "true":
            bundle = os.environ.get("DB_CA_BUNDLE", "/opt/python/rds-ca-bundle.pem")
            settings = dataclasses.replace(settings, tls_ca=bundle)
        return settings


TRANSIENT_ERRORS = {1205, 1213}  # lock wait timeout, deadlock: the transaction was rolled back


# The server is not there, rather than the request wrong: cannot connect (2002 socket,
# 2003 TCP, 2005 unknown host), gone away or lost mid-query (2006, 2013, 2055 over TLS),
# too many connections (1040), shutting down (1053), connection killed (1927 MariaDB,
# 4031 MySQL), a writer that became read-only in a failover (1290: reconnect to the new).
UNAVAILABLE_ERRORS = {1040, 1053, 1290, 1927, 2002, 2003, 2005, 2006, 2013, 2055, 4031}


def is_unavailable(error: BaseException | None) -> bool:
    """True when the error says the server cannot be reached, not that a statement failed."""
    return isinstance(error, pymysql.err.OperationalError | pymysql.err.InterfaceError) and bool(
        error.args and error.args[0] in UNAVAILABLE_ERRORS
    )


def is_transient(error: BaseException) -> bool:
    """True for errors where running the whole transaction again is the cure."""
    return isinstance(error, pymysql.err.OperationalError) and bool(
        error.args and error.args[0] in TRANSIENT_ERRORS
    )


class Database:
    """Hands out this execution environment's one connection, reconnecting if needed."""

    def __init__(self, settings: DbSettings) -> None:
        self.settings = settings
        self._connection: pymysql.connections.Connection | None = None

    def connection(self) -> pymysql.connections.Connection:
        """The open connection, or a new one; ``StoreUnavailable`` when the server does
        not answer within ``CONNECT_TIMEOUT_SECONDS``."""
        if self._connection is not None:
            try:
                self._connection.ping(reconnect=False)  # a dead one is replaced just below
                return self._connection
            except pymysql.Error:
                self.close()
        try:
            self._connection = self._connect()
        except pymysql.Error as error:
            if is_unavailable(error):
                raise StoreUnavailable("database") from error
            raise
        return self._connection

    def _connect(self) -> pymysql.connections.Connection:
        s = self.settings
        return pymysql.connect(
            host=s.host,
            port=s.port,
            user=s.user,
            password=s.password,
            database=s.database,
            charset="utf8mb4",
            autocommit=False,
            cursorclass=pymysql.cursors.DictCursor,
            connect_timeout=CONNECT_TIMEOUT_SECONDS,
            init_command="SET SESSION time_zone = '+00:00'",
            ssl={"ca": s.tls_ca} if s.tls_ca else None,
            ssl_verify_cert=bool(s.tls_ca),
            ssl_verify_identity=bool(s.tls_ca),
        )

    def close(self) -> None:
        if self._connection is not None and self._connection.open:
            with contextlib.suppress(pymysql.Error):  # already gone
                self._connection.close()
        self._connection = None


def placeholders(values: Collection[Any]) -> str:
    """``%s, %s, %s`` for an ``IN (...)`` of these values."""
    return ", ".join(["%s"] * len(values))
