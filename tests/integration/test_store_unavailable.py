"""While a store is down, every API answers 503 with ``Retry-After`` in the one error
shape, logs the cause and tells the caller nothing of it (ADR 49).

Each service's API handler is called in-process, as Lambda calls it, with its store
pointed at a closed port on loopback: the shared MariaDB and Gremlin Server keep
running for everything else.
"""

from __future__ import annotations

import json
import socket
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pymysql
import pytest

from graph_sync import bootstrap as graph_bootstrap
from graph_sync.adapters.connection import GremlinConnection, websocket
from graph_sync.adapters.graph import GremlinGraph
from graph_sync.entrypoints import api as graph_api
from metrics_scoring import bootstrap as scoring_bootstrap
from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from metrics_scoring.entrypoints import api as scoring_api
from reporting import bootstrap as reporting_bootstrap
from reporting.adapters.cache import NoCache
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.entrypoints import api as reporting_api
from risk_intake import bootstrap as intake_bootstrap
from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.entrypoints import api as intake_api
from riskplatform import api as kernel_api
from riskplatform.db import CONNECT_TIMEOUT_SECONDS, Database, DbSettings
from riskplatform.errors import StoreUnavailable
from riskplatform.wiring import wire
from tests.conftest import RecordingPublisher
from tests.support.api_gateway import proxy_event

pytestmark = pytest.mark.integration

ADMIN = {"sub": "admin", "email": "admin@example.com", "cognito:groups": "[admin]"}
EXECUTIVE = {"sub": "exec", "email": "executive@example.com", "cognito:groups": "[executive]"}


@dataclass(frozen=True)
class LambdaContext:
    function_name: str = "store-unavailable-test"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-central-1:000000000000:function:test"
    aws_request_id: str = "00000000-0000-4000-8000-000000000503"


@pytest.fixture
def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


@pytest.fixture
def nowhere(closed_port: int) -> DbSettings:
    return DbSettings("127.0.0.1", closed_port, "nobody", "secret", "no_such_schema")


@pytest.fixture
def logged(monkeypatch) -> list[tuple[str, dict[str, Any]]]:
    """What the kernel's API logger logged as an error."""
    errors: list[tuple[str, dict[str, Any]]] = []
    monkeypatch.setattr(
        kernel_api.logger, "error", lambda message, **extra: errors.append((message, extra))
    )
    return errors


@pytest.fixture
def stores_down(monkeypatch, nowhere: DbSettings, closed_port: int) -> Iterator[None]:
    """Every service's adapters built on stores that do not answer."""
    intake = wire(
        IntakeUnitOfWork, producer="risk-intake", settings=nowhere, publisher=RecordingPublisher()
    )
    scoring = wire(
        ScoringUnitOfWork,
        producer="metrics-scoring",
        settings=nowhere,
        publisher=RecordingPublisher(),
    )
    reporting = wire(ReportingUnitOfWork, producer="reporting", settings=nowhere, publishes=False)
    connection = GremlinConnection(
        websocket(f"ws://127.0.0.1:{closed_port}/gremlin"), attempts=3, base_delay=0.01
    )
    monkeypatch.setattr(intake_bootstrap, "wiring", lambda: intake)
    monkeypatch.setattr(scoring_bootstrap, "wiring", lambda: scoring)
    monkeypatch.setattr(reporting_bootstrap, "wiring", lambda: reporting)
    monkeypatch.setattr(reporting_bootstrap, "report_cache", lambda: NoCache())
    monkeypatch.setattr(graph_bootstrap, "graph", lambda: GremlinGraph(connection))
    yield
    connection.close()
    for wired in (intake, scoring, reporting):
        wired.db.close()


def call(
    handler: Callable[[dict[str, Any], Any], dict[str, Any]],
    method: str,
    path: str,
    claims: dict[str, str],
    body: Any = None,
) -> tuple[int, dict[str, str], dict[str, Any]]:
    """One request as API Gateway's REST proxy integration sends it."""
    event = proxy_event(method, path, claims, body)
    response = handler(event, LambdaContext())
    answered = {k: v[-1] for k, v in (response.get("multiValueHeaders") or {}).items()}
    answered |= response.get("headers") or {}
    return response["statusCode"], answered, json.loads(response["body"])


RISK = {
    "divisionId": str(uuid.uuid4()),
    "title": "Sole supplier of a reagent",
    "description": "Only one qualified supplier.",
    "category": "supply_chain",
    "ownerEmail": "owner@example.com",
}
REQUESTS = {
    "risk-intake: list the register": (intake_api.handler, "GET", "/risks", EXECUTIVE, None),
    "risk-intake: capture a risk": (intake_api.handler, "POST", "/risks", ADMIN, RISK),
    "metrics-scoring: read scores": (scoring_api.handler, "GET", "/scores", EXECUTIVE, None),
    "reporting: heat map": (reporting_api.handler, "GET", "/reports/heatmap", EXECUTIVE, None),
    "graph-sync: neighbourhood": (
        graph_api.handler,
        "GET",
        f"/graph/entities/{uuid.uuid4()}/neighborhood",
        EXECUTIVE,
        None,
    ),
}


@pytest.mark.parametrize("request_", REQUESTS.values(), ids=list(REQUESTS))
def test_an_api_whose_store_is_down_answers_503_with_retry_after(
    stores_down, logged, closed_port, request_
):
    status, headers, body = call(*request_)

    assert status == 503
    assert headers["Retry-After"] == str(StoreUnavailable.retry_after_seconds)
    assert headers["Content-Type"] == "application/json"
    assert body == {"message": kernel_api.STORE_UNAVAILABLE, "errors": []}
    # The cause is logged, with the driver's own words; none of them reach the caller.
    [(message, extra)] = logged
    assert "503" in message
    assert extra["store"] in {"database", "graph"}
    cause = extra["exc_info"].__cause__
    assert cause is not None
    for detail in ("MySQL", "127.0.0.1", str(closed_port), "Connect", type(cause).__name__):
        assert detail not in json.dumps(body)


def test_a_database_that_cannot_be_reached_is_an_unavailable_store(nowhere):
    db = Database(nowhere)

    with pytest.raises(StoreUnavailable) as unavailable:
        db.connection()

    assert unavailable.value.store == "database"
    assert isinstance(unavailable.value.__cause__, pymysql.err.OperationalError)
    assert "Can't connect" in str(unavailable.value.__cause__)
    assert CONNECT_TIMEOUT_SECONDS <= 2


def test_a_database_lost_in_the_middle_of_a_transaction_is_an_unavailable_store(service_db):
    """The server drops the connection mid-work (killed here from another session): the
    unit of work turns the lost connection into StoreUnavailable and forgets it, so the
    next request connects afresh."""
    db = service_db("reporting")
    wiring = wire(ReportingUnitOfWork, producer="reporting", settings=db.settings, publishes=False)
    with pytest.raises(StoreUnavailable), wiring.uow() as uow:
        own_id = uow.connection.thread_id()
        killer = Database(db.settings).connection()
        with killer.cursor() as cursor:
            cursor.execute("KILL CONNECTION %s", (own_id,))
        killer.close()
        uow.cursor.execute("SELECT 1")
    with wiring.uow() as uow:  # a new connection, without anyone's help
        uow.cursor.execute("SELECT 1 AS one")
        assert uow.cursor.fetchone() == {"one": 1}
    wiring.db.close()
