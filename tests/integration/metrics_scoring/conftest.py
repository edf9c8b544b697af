"""metrics-scoring wired to the real MariaDB, as its handlers get it from bootstrap."""

from __future__ import annotations

import pytest

from metrics_scoring import bootstrap
from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from riskplatform.db import Database
from riskplatform.wiring import Wiring, wire
from tests.integration.metrics_scoring.support import LambdaContext, seed_default_model


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
