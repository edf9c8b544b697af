"""Formal acceptance through the intake API (issue 12, ADR 27): a risk manager accepts a
risk with a rationale and an expiry, stored with who and when, shown with the risk and
carried by RiskChanged; a bad acceptance writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.integration.risk_intake.support import outbox, risk_body
from tests.support.db import sql

pytestmark = pytest.mark.integration
IN_A_YEAR = (datetime.now(UTC) + timedelta(days=365)).date().isoformat()
TERMS = {
    "rationale": "Within the benefit-risk file; reviewed by the safety board.",
    "expiresOn": IN_A_YEAR,
}


@pytest.fixture
def manager(as_role, tree):
    return as_role("risk-manager", tree["REAG"], email="rim@example.com")


@pytest.fixture
def analyst(as_role, tree):
    return as_role("analyst", tree["REAG"], email="ana@example.com")


@pytest.fixture
def opened(manager, tree) -> dict:
    risk = manager.post("/risks", risk_body(tree["IMMU"])).body
    reply = manager.patch(f"/risks/{risk['id']}", {"status": "open"}, 1)
    assert reply.status == 200, reply.body
    return reply.body


def test_a_risk_manager_accepts_with_a_rationale_and_an_expiry(manager, opened, intake_db):
    path = f"/risks/{opened['id']}"

    reply = manager.patch(path, {"status": "accepted", "acceptance": TERMS}, 2)

    assert reply.status == 200, reply.body
    acceptance = reply.body["acceptance"]
    assert (acceptance["acceptedBy"], acceptance["rationale"], acceptance["expiresOn"]) == (
        "rim@example.com",
        TERMS["rationale"],
        IN_A_YEAR,
    )
    assert acceptance["expired"] is False
    assert manager.get(path).body["acceptance"] == acceptance  # stored
    changed = [e for e in outbox(intake_db) if e["detail_type"] == "RiskChanged"][-1]
    assert changed["data"]["acceptance"]["expires_on"] == IN_A_YEAR
    assert changed["data"]["changed"] == ["status", "acceptance"]

    reopened = manager.patch(path, {"status": "mitigating"}, 3)
    assert (reopened.status, reopened.body["acceptance"]) == (200, None)
    [row] = sql(intake_db, "SELECT accepted_at FROM risks WHERE id = %s", opened["id"])
    assert row["accepted_at"] is None


def test_accepting_without_terms_records_who_and_when_for_a_year(manager, opened):
    reply = manager.patch(f"/risks/{opened['id']}", {"status": "accepted"}, 2)
    assert reply.status == 200, reply.body
    assert (reply.body["acceptance"]["rationale"], reply.body["acceptance"]["expiresOn"]) == (
        None,
        IN_A_YEAR,
    )


def test_only_a_risk_manager_renews_an_acceptance(manager, analyst, opened):
    path = f"/risks/{opened['id']}"
    manager.patch(path, {"status": "accepted", "acceptance": TERMS}, 2)
    later = {"rationale": "Reviewed again.", "expiresOn": IN_A_YEAR}
    assert analyst.patch(path, {"acceptance": later}, 3).status == 403
    renewed = manager.patch(path, {"acceptance": later}, 3)
    assert (renewed.status, renewed.body["acceptance"]["rationale"]) == (200, "Reviewed again.")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"status": "closed", "acceptance": TERMS}, "acceptance"),
        ({"status": "accepted", "acceptance": TERMS | {"rationale": ""}}, "acceptance.rationale"),
        (
            {"status": "accepted", "acceptance": TERMS | {"expiresOn": "2020-01-01"}},
            "acceptance.expiresOn",
        ),
        ({"status": "accepted", "acceptance": {"rationale": "x"}}, "acceptance.expiresOn"),
    ],
)
def test_a_bad_acceptance_is_422_naming_the_field_and_writes_nothing(
    manager, opened, intake_db, body, field
):
    before = sql(intake_db, "SELECT version, status FROM risks WHERE id = %s", opened["id"])
    reply = manager.patch(f"/risks/{opened['id']}", body, 2)
    assert reply.status == 422, reply.body
    assert field in reply.fields
    assert sql(intake_db, "SELECT version, status FROM risks WHERE id = %s", opened["id"]) == before
