"""metrics-scoring wired to the real MariaDB, as its handlers get it from bootstrap."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from metrics_scoring import bootstrap
from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from metrics_scoring.entrypoints import api, consumer
from riskplatform.db import Database
from riskplatform.events import Envelope
from riskplatform.wiring import Wiring, wire
from tests.integration.metrics_scoring.support import (
    LambdaContext,
    api_request,
    eventbridge_json,
    seed_default_model,
)
from tests.support.access import claims, membership_envelope
from tests.support.sqs import sqs_batch


@pytest.fixture
def scoring_db(service_db) -> Database:
    db = service_db("metrics-scoring")
    seed_default_model(db)
    return db


@pytest.fixture
def scoring(scoring_db, publisher, monkeypatch) -> Wiring[ScoringUnitOfWork]:
    """The service's wiring on the test schema, as its handlers get it from bootstrap."""
    wiring = wire(
        ScoringUnitOfWork,
        producer="metrics-scoring",
        settings=scoring_db.settings,
        publisher=publisher,
    )
    monkeypatch.setattr(bootstrap, "wiring", lambda: wiring)
    return wiring


@pytest.fixture
def context() -> LambdaContext:
    return LambdaContext()


@pytest.fixture
def deliver(scoring, context) -> Callable[..., dict[str, Any]]:
    """Hand events to the consumer as SQS would, one batch."""

    def deliver(*envelopes: Envelope) -> dict[str, Any]:
        return consumer.handler(sqs_batch(*(eventbridge_json(e) for e in envelopes)), context)

    return deliver


@pytest.fixture
def analyst(deliver) -> Callable[..., dict[str, str]]:
    """``analyst(division_id, ...)``: the claims of an analyst working in those divisions,
    which reach metrics-scoring as the membership event risk-intake publishes."""

    def signed_in(*divisions: str) -> dict[str, str]:
        who = claims("analyst", email="j.meyer@example.com")
        if divisions:
            assert deliver(membership_envelope(who, *divisions))["batchItemFailures"] == []
        return who

    return signed_in


@pytest.fixture
def call(scoring, context) -> Callable[..., tuple[int, Any]]:
    """Call the API as API Gateway does; returns the status and the decoded body."""

    def call(method: str, path: str, **request: Any) -> tuple[int, Any]:
        response = api.handler(api_request(method, path, **request), context)
        return response["statusCode"], json.loads(response["body"])

    return call
