"""The safety guard in the assessment API (issue 12, ADR 29): a product-safety or EHS
risk is rated for safety, and an FMEA severity of 9-10 with a safety impact below 4 says
why. A refused assessment writes nothing."""

from __future__ import annotations

import pytest

from tests.integration.risk_intake.support import risk_body
from tests.support.db import sql

pytestmark = pytest.mark.integration


@pytest.fixture
def manager(as_role, tree):
    return as_role("risk-manager", tree["REAG"])


def assessments(intake_db) -> int:
    return len(sql(intake_db, "SELECT 1 FROM assessments"))


@pytest.mark.parametrize("category", ["product_safety", "ehs"])
def test_a_safety_risk_without_a_safety_rating_is_422_naming_impact_safety(
    manager, tree, intake_db, category
):
    risk = manager.post("/risks", risk_body(tree["IMMU"], category=category)).body
    before = assessments(intake_db)

    reply = manager.post(
        f"/risks/{risk['id']}/assessments", {"likelihood": 3, "impact": {"regulatory": 4}}
    )

    assert reply.status == 422, reply.body
    assert reply.fields == {"impact.safety"}
    assert assessments(intake_db) == before
    rated = {"likelihood": 3, "impact": {"regulatory": 4, "safety": 2}}
    assert manager.post(f"/risks/{risk['id']}/assessments", rated).status == 201


@pytest.mark.parametrize("impact", [{"safety": 3}, {"regulatory": 5}])
def test_fmea_severity_9_with_a_low_safety_impact_needs_a_justification(
    manager, tree, intake_db, impact
):
    risk = manager.post("/risks", risk_body(tree["IMMU"], category="regulatory_quality")).body
    fmea = {"severity": 9, "occurrence": 4, "detection": 3}
    before = assessments(intake_db)

    reply = manager.post(
        f"/risks/{risk['id']}/assessments", {"likelihood": 2, "impact": impact, "fmea": fmea}
    )

    assert reply.status == 422, reply.body
    assert reply.fields == {"justification"}
    assert assessments(intake_db) == before
    justified = {
        "likelihood": 2,
        "impact": impact,
        "fmea": fmea,
        "justification": "The effect is a delayed result, never a wrong one: no harm to patients.",
    }
    assert manager.post(f"/risks/{risk['id']}/assessments", justified).status == 201
    severe = {"likelihood": 2, "impact": {"safety": 4}, "fmea": fmea}
    assert manager.post(f"/risks/{risk['id']}/assessments", severe).status == 201
