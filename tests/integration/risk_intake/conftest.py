"""risk-intake wired to the real MariaDB, as its handlers get it from bootstrap, and
signed-in clients of its API."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from risk_intake import bootstrap
from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from riskplatform.db import Database
from riskplatform.wiring import Wiring, wire
from tests.integration.risk_intake.support import Client, Tree
from tests.support.access import claims, grant


@pytest.fixture
def intake_db(service_db) -> Database:
    return service_db("risk-intake")


@pytest.fixture
def intake(intake_db, publisher, monkeypatch) -> Wiring[IntakeUnitOfWork]:
    """The service's wiring on the test schema, as the handlers get it from bootstrap."""
    wiring = wire(
        IntakeUnitOfWork, producer="risk-intake", settings=intake_db.settings, publisher=publisher
    )
    monkeypatch.setattr(bootstrap, "wiring", lambda: wiring)
    return wiring


@pytest.fixture
def as_role(intake, intake_db) -> Callable[..., Client]:
    """``as_role("analyst", division_id, ...)``: a client signed in with that role, working
    in those divisions."""

    def client(role: str, *divisions: str, email: str | None = None) -> Client:
        who = claims(role, email=email)
        if divisions:
            grant(intake_db, who, *divisions)
        return Client(who)

    return client


@pytest.fixture
def admin(as_role) -> Client:
    return as_role("admin")


@pytest.fixture
def tree(admin) -> Tree:
    ids: dict[str, str] = {}
    for code, parent in (("LIFE", None), ("REAG", "LIFE"), ("IMMU", "REAG"), ("INST", None)):
        body = {"name": f"Division {code}", "code": code}
        if parent:
            body["parentId"] = ids[parent]
        reply = admin.post("/divisions", body)
        assert reply.status == 201, reply.body
        ids[code] = reply.body["id"]
    return Tree(ids)
