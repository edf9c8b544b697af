"""Create-risk throughput and latency through the intake API's handler, beside the floor.

The handler is called in-process, as Lambda calls it, with an analyst's API Gateway proxy
event, against the real MariaDB (a ``bench_`` schema, migrated afresh) and a publisher
that sends nowhere: each request validates, checks access over the division tree, writes
the risk, its audit entries and its event (contract-checked) in one transaction, then
the relay marks the event sent. The floor, measured in the same run, is plain pymysql
inserting the same rows (risk, audit entries, outbox row) and committing, one risk per
transaction. Both run one request at a time.
"""

from __future__ import annotations

import json
import os
import sys
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymysql

from benchmarks.stats import percentile
from scripts.migrate import local_password, migrate, schema_name

ROOT = Path(__file__).resolve().parent.parent
PORT = int(os.environ.get("MARIADB_PORT", "13306"))
RISKS = 1_000
WARM_UP = 50
SERVICE = "risk-intake"


class Nowhere:
    """A publisher that accepts every event and sends it nowhere."""

    def publish(self, events: list[Any]) -> set[str]:
        return set()


class Context:
    function_name = "bench-intake"
    memory_limit_in_mb = 512
    invoked_function_arn = "arn:aws:lambda:eu-central-1:000000000000:function:bench-intake"
    aws_request_id = "bench"


def fresh_schema() -> Any:
    from riskplatform.db import DbSettings

    schema = schema_name(SERVICE, "bench_")
    root = pymysql.connect(host="127.0.0.1", port=PORT, user="root", password="")
    with root.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{schema}`")
    root.close()
    migrate(SERVICE, host="127.0.0.1", port=PORT, prefix="bench_")
    return DbSettings("127.0.0.1", PORT, schema[:32], local_password(SERVICE), schema)


def request(method: str, path: str, body: dict[str, Any], claims: dict[str, str]) -> dict:
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": {"Content-Type": "application/json"},
        "multiValueHeaders": {"Content-Type": ["application/json"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "requestContext": {"requestId": str(uuid.uuid4()), "authorizer": {"claims": claims}},
        "body": json.dumps(body),
        "isBase64Encoded": False,
    }


def risk_body(division_id: str, n: int) -> dict[str, Any]:
    return {
        "divisionId": division_id,
        "title": f"Benchmark risk {n}",
        "description": "Synthetic risk for the create-risk benchmark.",
        "category": "operational",
        "ownerEmail": "bench@example.com",
    }


def timed(call: Callable[[int], None], count: int) -> list[float]:
    for n in range(WARM_UP):
        call(-n - 1)
    latencies = []
    for n in range(count):
        started = time.perf_counter()
        call(n)
        latencies.append(time.perf_counter() - started)
    return latencies


def through_the_handler(handler: Callable[..., dict], division_id: str, count: int) -> list[float]:
    analyst = {"sub": "bench", "email": "bench@example.com", "cognito:groups": "[analyst]"}

    def create(n: int) -> None:
        response = handler(request("POST", "/risks", risk_body(division_id, n), analyst), Context())
        if response["statusCode"] != 201:
            raise RuntimeError(response["body"])

    return timed(create, count)


def grant(wiring: Any, user_id: str, email: str, division_id: str) -> None:
    """The analyst works in the division: a membership in the schema's copy, as the
    admin's grant leaves it (ADR 50)."""
    from riskplatform.access_store import SqlUserAccess
    from riskplatform.memberships import Membership, UserAccess

    member = Membership(division_id, "admin@example.com", datetime.now(UTC))
    with wiring.uow() as uow:
        SqlUserAccess(uow.cursor).save(UserAccess(user_id, email, 1, {division_id: member}))
        uow.commit()


def floor(settings: Any, division_id: str, count: int) -> list[float]:
    """The same rows a create writes (the risk, one audit row per field, the outbox row),
    inserted with plain pymysql and committed, one risk per transaction."""
    connection = pymysql.connect(
        host=settings.host,
        port=settings.port,
        user=settings.user,
        password=settings.password,
        database=settings.database,
        charset="utf8mb4",
        autocommit=False,
    )
    audit_fields = ("division_id", "title", "description", "category", "owner_email",
                    "status", "treatment", "review_due", "tags")  # fmt: skip

    def insert(n: int) -> None:
        risk_id, now = str(uuid.uuid4()), datetime.now(UTC)
        body = risk_body(division_id, n)
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO risks (id, division_id, title, description, category, owner_email,"
                " status, treatment, review_due, version, created_at, updated_at)"
                " VALUES (%s, %s, %s, %s, %s, %s, 'draft', NULL, NULL, 1, %s, %s)",
                (risk_id, division_id, body["title"], body["description"], body["category"],
                 body["ownerEmail"], now, now),
            )  # fmt: skip
            cursor.executemany(
                "INSERT INTO audit_log (entity_type, entity_id, entity_version, action, field,"
                " old_value, new_value, actor, changed_at)"
                " VALUES ('risk', %s, 1, 'captured', %s, 'null', %s, %s, %s)",
                [(risk_id, f, json.dumps(str(n)), "bench@example.com", now) for f in audit_fields],
            )
            cursor.execute(
                "INSERT INTO outbox (event_id, source, detail_type, detail, created_at)"
                " VALUES (%s, 'riskplatform.risk-intake', 'RiskCaptured', %s, UTC_TIMESTAMP(6))",
                (str(uuid.uuid4()), json.dumps({"metadata": {}, "data": body})),
            )
        connection.commit()

    try:
        return timed(insert, count)
    finally:
        connection.close()


def line(name: str, latencies: list[float]) -> str:
    ms = [v * 1000 for v in latencies]
    throughput = len(latencies) / sum(latencies)
    return (
        f"  {name:<34} {throughput:8.0f} risks/s   p50 {percentile(ms, 50):6.2f} ms"
        f"   p99 {percentile(ms, 99):6.2f} ms"
    )


def main(risks: int = RISKS) -> None:
    sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "services" / "risk-intake" / "src")]
    from risk_intake import bootstrap
    from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
    from risk_intake.entrypoints import api
    from riskplatform.wiring import wire

    settings = fresh_schema()
    wiring = wire(IntakeUnitOfWork, producer=SERVICE, settings=settings, publisher=Nowhere())
    bootstrap.wiring = lambda: wiring  # type: ignore[method-assign]
    admin = {"sub": "admin", "email": "admin@example.com", "cognito:groups": "[admin]"}
    created = api.handler(
        request("POST", "/divisions", {"name": "Benchmark", "code": "BENCH"}, admin), Context()
    )
    division_id = json.loads(created["body"])["id"]
    grant(wiring, "bench", "bench@example.com", division_id)

    handler = through_the_handler(api.handler, division_id, risks)
    plain = floor(settings, division_id, risks)

    print(f"\nCreate-risk over {risks} risks, one at a time (after {WARM_UP} to warm up)")
    print(line("POST /risks through the handler", handler))
    print(line("floor: plain pymysql, same rows", plain))
    ratio_p50 = percentile(handler, 50) / percentile(plain, 50)
    ratio_throughput = (len(plain) / sum(plain)) / (len(handler) / sum(handler))
    print(f"  handler / floor: p50 x{ratio_p50:.1f}, throughput x{1 / ratio_throughput:.2f}")


if __name__ == "__main__":
    main()
