"""reporting's integration fixtures: the consumer and the API wired to the test schema,
and events built from the contracts' examples with fresh ids."""

from __future__ import annotations

import copy
import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import pytest

from reporting import bootstrap
from reporting.adapters.cache import MemcachedCache
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.entrypoints import api, consumer
from riskplatform.wiring import Wiring, wire
from tests.conftest import MEMCACHED
from tests.support.access import claims as signed_in
from tests.support.access import membership_event
from tests.support.sqs import sqs_batch

EXAMPLES = Path(__file__).resolve().parents[3] / "events-schema"


@dataclass
class LambdaContext:
    function_name: str = "reporting-test"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = "arn:aws:lambda:eu-central-1:000000000000:function:reporting-test"
    aws_request_id: str = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def reporting(service_db, monkeypatch) -> Wiring[ReportingUnitOfWork]:
    db = service_db("reporting")
    wiring = wire(ReportingUnitOfWork, producer="reporting", settings=db.settings, publishes=False)
    monkeypatch.setattr(bootstrap, "wiring", lambda: wiring)
    host, port = MEMCACHED
    cache = MemcachedCache(f"{host}:{port}")
    monkeypatch.setattr(bootstrap, "report_cache", lambda: cache)
    return wiring


def example(name: str) -> dict[str, Any]:
    return json.loads(next(EXAMPLES.glob(f"*/examples/{name}.v1.json")).read_text())


def event(name: str, version: int, data: dict[str, Any]) -> dict[str, Any]:
    """The example event with a fresh EventBridge id and event_id, carrying this data."""
    built = copy.deepcopy(example(name))
    built["id"] = str(uuid.uuid4())
    built["detail"]["data"].update(data)
    aggregate_id = data.get("risk_id") or data.get("solution_id") or data["division_id"]
    built["detail"]["metadata"].update(
        event_id=str(uuid.uuid4()),
        aggregate_id=aggregate_id,
        aggregate_version=version,
        division_id=data["division_id"],
    )
    return built


def division_registered(division_id: str, parent_id: str | None, code: str) -> dict[str, Any]:
    data = {"division_id": division_id, "parent_id": parent_id, "code": code, "version": 1}
    return event("DivisionRegistered", 1, data | {"name": f"Division {code}"})


def risk_captured(
    risk_id: str, division_id: str, title: str, version: int = 1, status: str = "draft"
) -> dict[str, Any]:
    """RiskCaptured without a treatment or review date yet (both optional in its contract)."""
    data = {"risk_id": risk_id, "division_id": division_id, "title": title, "status": status}
    return event(
        "RiskCaptured",
        version,
        data | {"treatment": None, "review_due": None} | {"version": version},
    )


def grade(likelihood: int, impact: int) -> dict[str, Any]:
    """A cell of the default 5 x 5 model with its level."""
    score = likelihood * impact
    level = (
        "critical" if score >= 20 else "high" if score >= 12 else "medium" if score >= 5 else "low"
    )
    return {"likelihood": likelihood, "impact": impact, "score": score, "level": level}


def risk_scored(
    risk_id: str,
    division_id: str,
    likelihood: int,
    impact: int,
    version: int = 1,
    **data: Any,
) -> dict[str, Any]:
    """RiskScored with this inherent cell; the rest is the example's unless given."""
    return event(
        "RiskScored",
        version,
        {
            "risk_id": risk_id,
            "division_id": division_id,
            "score_version": version,
            "inherent": grade(likelihood, impact),
            "scored_at": f"2026-11-20T09:31:{version:02d}.019Z",
        }
        | data,
    )


def division_renamed(division_id: str, name: str, version: int) -> dict[str, Any]:
    return event(
        "DivisionRenamed", version, {"division_id": division_id, "name": name, "version": version}
    )


def division_moved(division_id: str, parent_id: str | None, version: int) -> dict[str, Any]:
    data = {"division_id": division_id, "parent_id": parent_id, "version": version}
    return event("DivisionMoved", version, data | {"previous_parent_id": None})


def division_retired(division_id: str, version: int) -> dict[str, Any]:
    return event("DivisionRetired", version, {"division_id": division_id, "version": version})


def risk_changed(risk_id: str, division_id: str, version: int, **data: Any) -> dict[str, Any]:
    """RiskChanged with the example's state, except what is given."""
    state = {"risk_id": risk_id, "division_id": division_id, "version": version}
    return event("RiskChanged", version, state | data)


def solution_registered(
    solution_id: str, division_id: str, status: str = "in_progress", **data: Any
) -> dict[str, Any]:
    state = {"solution_id": solution_id, "division_id": division_id, "status": status}
    return event("SolutionRegistered", 1, state | {"version": 1} | data)


def solution_changed(
    solution_id: str, division_id: str, version: int, status: str, **data: Any
) -> dict[str, Any]:
    state = {"solution_id": solution_id, "division_id": division_id, "status": status}
    return event("SolutionChanged", version, state | {"version": version} | data)


def solution_linked(
    risk_id: str, solution_id: str, division_id: str, risk_version: int
) -> dict[str, Any]:
    data = {"risk_id": risk_id, "solution_id": solution_id, "division_id": division_id}
    return event("SolutionLinked", risk_version, data | {"risk_version": risk_version})


def solution_unlinked(
    risk_id: str, solution_id: str, division_id: str, risk_version: int
) -> dict[str, Any]:
    data = {"risk_id": risk_id, "solution_id": solution_id, "division_id": division_id}
    return event("SolutionUnlinked", risk_version, data | {"risk_version": risk_version})


def kri_defined(
    kri_id: str,
    risk_id: str,
    division_id: str,
    name: str,
    at: str,
    version: int = 1,
    kind: str = "KriDefined",
    **data: Any,
) -> dict[str, Any]:
    """KriDefined (or KriChanged, KriRetired) with this whole definition, raised at
    ``at``; the thresholds and the rest are the example's unless given."""
    built = copy.deepcopy(example(kind))
    built["id"] = str(uuid.uuid4())
    built["detail"]["data"].update(
        {
            "kri_id": kri_id,
            "risk_id": risk_id,
            "division_id": division_id,
            "name": name,
            "version": version,
            "changed_at": at,
            "retired": kind == "KriRetired",
        }
        | data
    )
    built["detail"]["metadata"].update(
        event_id=str(uuid.uuid4()),
        occurred_at=at,
        aggregate_id=kri_id,
        aggregate_version=version,
        division_id=division_id,
    )
    return built


def kri_reading(kri_id: str, value: float, observed_at: str) -> dict[str, Any]:
    """A KriReadingRecorded of a fresh reading id, as a downstream system sends it."""
    reading_id = str(uuid.uuid4())
    built = copy.deepcopy(example("KriReadingRecorded"))
    built["id"] = str(uuid.uuid4())
    built["detail"]["data"].update(
        reading_id=reading_id, kri_id=kri_id, value=value, observed_at=observed_at
    )
    built["detail"]["metadata"].update(event_id=str(uuid.uuid4()), aggregate_id=reading_id)
    return built


def consume(batch: dict[str, Any]) -> dict[str, Any]:
    """One SQS batch through the consumer handler; its partial-failure response."""
    return consumer.handler(batch, LambdaContext())


def deliver(*events: dict[str, Any]) -> None:
    response = consume(sqs_batch(*(json.dumps(e) for e in events)))
    assert response["batchItemFailures"] == []


def claims(role: str | None, *divisions: str) -> dict[str, str]:
    """A signed-in user's claims; the divisions they work in reach reporting as the
    membership event risk-intake publishes."""
    who = signed_in(role)
    if divisions:
        deliver(membership_event(who, *divisions))
    return who


EXECUTIVE = claims("executive")


def get(
    path: str, who: dict[str, str] = EXECUTIVE, **params: str | int | bool
) -> tuple[int, dict[str, Any]]:
    """One GET through the API handler, as API Gateway's REST proxy integration sends it
    for a caller signed in as ``who``: its status and JSON body."""
    response = request(path, who, **params)
    return response["statusCode"], json.loads(response["body"])


def request(
    path: str, who: dict[str, str] = EXECUTIVE, **params: str | int | bool
) -> dict[str, Any]:
    """One GET through the API handler; the whole proxy response (status, headers, body)."""
    query = {k: str(v).lower() if isinstance(v, bool) else str(v) for k, v in params.items()}
    event = {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": {"Accept": "application/json", "X-Correlation-Id": "test-correlation"},
        "multiValueHeaders": {
            "Accept": ["application/json"],
            "X-Correlation-Id": ["test-correlation"],
        },
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} or None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": "GET",
            "path": f"/local{path}?{urlencode(query)}",
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "identity": {"sourceIp": "127.0.0.1"},
            "authorizer": {"claims": who},
        },
        "body": None,
        "isBase64Encoded": False,
    }
    return api.handler(event, LambdaContext())
