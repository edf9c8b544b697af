"""risk-intake's use cases against the real MariaDB: state, events and audit entries
commit together, and events left unsent go out with the sweep."""

from __future__ import annotations

import json

import pytest

from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.domain import commands
from risk_intake.domain.risks import Category
from risk_intake.service_layer import divisions, risks
from riskplatform.access import Caller, Role
from riskplatform.errors import InvalidInput
from riskplatform.wiring import Wiring, wire
from tests.conftest import RecordingPublisher
from tests.support.db import sql

pytestmark = pytest.mark.integration

ADMIN = Caller.from_claims({"sub": "a", "email": "admin@x.com", "cognito:groups": "[admin]"})


def analyst_of(division_id: str) -> Caller:
    """An analyst working in the division, as the API resolves them from memberships."""
    return Caller("b", "a@x.com", frozenset({Role.ANALYST}), frozenset({division_id}))


@pytest.fixture
def store(intake_db, publisher) -> Wiring[IntakeUnitOfWork]:
    return wire(
        IntakeUnitOfWork, producer="risk-intake", settings=intake_db.settings, publisher=publisher
    )


def outbox_rows(store: Wiring[IntakeUnitOfWork]) -> list[dict]:
    return sql(store.db, "SELECT detail_type, detail, published_at FROM outbox ORDER BY id")


def capture(division_id: str) -> commands.CaptureRisk:
    return commands.CaptureRisk(
        division_id,
        {
            "title": "Taq supply",
            "description": "one supplier",
            "category": Category.SUPPLY_CHAIN,
            "owner_email": "a@x.com",
        },
    )


def test_capture_and_assess_write_state_events_and_audit_together(store, publisher):
    division = divisions.register_division(
        commands.RegisterDivision("REAG", "Reagents"), ADMIN, store.uow()
    )
    analyst = analyst_of(division.id)
    risk = risks.capture_risk(capture(division.id), analyst, store.uow()).risk
    risks.assess_risk(
        commands.AssessRisk(risk.id, 4, {"supply": 5, "financial": 3}), analyst, store.uow()
    )

    stored = risks.get_risk(risk.id, analyst, store.uow()).risk
    assert stored.version == 2
    assert stored.latest_assessment is not None
    assert stored.latest_assessment.impact == {"supply": 5, "financial": 3}
    rows = outbox_rows(store)
    assert [r["detail_type"] for r in rows] == [
        "DivisionRegistered",
        "RiskCaptured",
        "RiskAssessed",
    ]
    assert all(r["published_at"] is not None for r in rows)
    assert json.loads(rows[2]["detail"])["metadata"]["aggregate_version"] == 2
    assert [e.detail_type for e in publisher.sent] == [r["detail_type"] for r in rows]
    audit = sql(store.db, "SELECT entity_type, action, entity_version FROM audit_log")
    assert {(a["entity_type"], a["action"], a["entity_version"]) for a in audit} == {
        ("division", "registered", 1),
        ("risk", "captured", 1),
        ("risk", "assessed", 2),
    }


def test_a_refused_request_writes_nothing(store):
    with pytest.raises(InvalidInput) as refused:
        risks.capture_risk(capture("no-such-division"), ADMIN, store.uow())
    assert refused.value.field == "divisionId"
    assert outbox_rows(store) == []
    assert sql(store.db, "SELECT COUNT(*) AS n FROM audit_log")[0]["n"] == 0


def test_events_left_unsent_after_a_publish_failure_go_out_with_the_sweep(intake_db):
    broken, working = RecordingPublisher(fail=True), RecordingPublisher()
    failing = wire(
        IntakeUnitOfWork, producer="risk-intake", settings=intake_db.settings, publisher=broken
    )
    division = divisions.register_division(
        commands.RegisterDivision("INST", "Instruments"), ADMIN, failing.uow()
    )

    assert [r["published_at"] for r in outbox_rows(failing)] == [None]
    healthy = wire(
        IntakeUnitOfWork, producer="risk-intake", settings=intake_db.settings, publisher=working
    )
    assert healthy.relay is not None
    assert healthy.relay.sweep(older_than_seconds=0) == 1
    assert [json.loads(e.detail)["data"]["division_id"] for e in working.sent] == [division.id]
    assert healthy.relay.sweep(older_than_seconds=0) == 0
