"""risk-intake's use cases against the real MariaDB: state and events commit together."""

from __future__ import annotations

import json

import pytest

from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.domain import commands
from risk_intake.domain.model import Category
from risk_intake.service_layer import handlers
from riskplatform.errors import InvalidInput
from riskplatform.wiring import Wiring, wire

pytestmark = pytest.mark.integration


@pytest.fixture
def intake(service_db, publisher) -> Wiring[IntakeUnitOfWork]:
    db = service_db("risk-intake")
    return wire(IntakeUnitOfWork, producer="risk-intake", settings=db.settings, publisher=publisher)


def outbox_rows(intake: Wiring[IntakeUnitOfWork]) -> list[dict]:
    connection = intake.db.connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT detail_type, detail, published_at FROM outbox ORDER BY id")
        rows = list(cursor.fetchall())
    connection.commit()
    return rows


def test_capture_and_assess_write_state_and_events_together(intake, publisher):
    division = handlers.register_division(
        commands.RegisterDivision("REAG", "Reagents"), intake.uow()
    )
    risk = handlers.capture_risk(
        commands.CaptureRisk(
            division.id, "Taq supply", "one supplier", Category.SUPPLY_CHAIN, "a@x.com"
        ),
        intake.uow(),
    )
    handlers.assess_risk(
        commands.AssessRisk(risk.id, 4, {"supply": 5, "financial": 3}, "a@x.com"), intake.uow()
    )

    stored = handlers.get_risk(risk.id, intake.uow())
    assert stored.version == 2
    assert stored.latest_assessment is not None
    assert stored.latest_assessment.impact == {"supply": 5, "financial": 3}
    rows = outbox_rows(intake)
    assert [r["detail_type"] for r in rows] == [
        "DivisionRegistered",
        "RiskCaptured",
        "RiskAssessed",
    ]
    assert all(r["published_at"] is not None for r in rows)
    assessed = json.loads(rows[2]["detail"])
    assert assessed["metadata"]["aggregate_version"] == 2
    assert [e.detail_type for e in publisher.sent] == [r["detail_type"] for r in rows]


def test_a_refused_request_writes_nothing(intake):
    with pytest.raises(InvalidInput) as refused:
        handlers.capture_risk(
            commands.CaptureRisk("no-such-division", "t", "d", Category.CYBER, "a@x.com"),
            intake.uow(),
        )
    assert refused.value.field == "divisionId"
    assert outbox_rows(intake) == []


def test_events_left_unsent_after_a_publish_failure_go_out_with_the_sweep(service_db):
    from tests.conftest import RecordingPublisher

    db = service_db("risk-intake")
    broken, working = RecordingPublisher(fail=True), RecordingPublisher()
    failing = wire(IntakeUnitOfWork, producer="risk-intake", settings=db.settings, publisher=broken)
    division = handlers.register_division(
        commands.RegisterDivision("INST", "Instruments"), failing.uow()
    )

    assert [r["published_at"] for r in outbox_rows(failing)] == [None]
    healthy = wire(
        IntakeUnitOfWork, producer="risk-intake", settings=db.settings, publisher=working
    )
    assert healthy.relay.sweep(older_than_seconds=0) == 1
    assert [json.loads(e.detail)["data"]["division_id"] for e in working.sent] == [division.id]
    assert healthy.relay.sweep(older_than_seconds=0) == 0
