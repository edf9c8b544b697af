"""Scoring through the deployed local stack: a risk captured and assessed (with FMEA) in
risk-intake, a control linked to it, an appetite and a key risk indicator set in
metrics-scoring, and a reading sent by a downstream system on the bus, each reflected in
the risk's score, its explanation and its history."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta

import boto3
import pytest

from scripts import local_setup
from tests.e2e.conftest import Api, eventually

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def risk_manager(outputs) -> dict[str, Api]:
    token = local_setup.token("risk-manager@riskplatform.local")
    return {
        "intake": Api(outputs["IntakeApiUrl"], token),
        "scoring": Api(outputs["ScoringApiUrl"], token),
    }


@pytest.fixture(scope="module")
def division(intake) -> str:
    """A division under LOCAL, where the seeded risk manager works."""
    local = local_setup.ensure_division(**local_setup.LOCAL_DIVISION)
    code = "E2E-SC-" + uuid.uuid4().hex[:8].upper()  # retired after the suite (conftest)
    response = intake.post("/divisions", {"name": "Scoring e2e", "code": code, "parentId": local})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def score_where(api: Api, risk_id: str, check) -> dict:
    def found() -> dict | None:
        response = api.get(f"/scores/{risk_id}")
        return response.json() if response.ok and check(response.json()) else None

    return eventually(found, timeout=60)


def test_a_risk_s_score_follows_its_assessment_controls_appetite_and_indicators(
    risk_manager, scoring, outputs, division
):
    intake_as_manager, scoring_as_manager = risk_manager["intake"], risk_manager["scoring"]
    risk = intake_as_manager.post(
        "/risks",
        {
            "divisionId": division,
            "title": "Calibrator lot-to-lot drift",
            "description": "Drift between calibrator lots shifts patient results near cut-off.",
            "category": "product_safety",
            "ownerEmail": "qa.lead@example.com",
        },
    )
    assert risk.status_code == 201, risk.text
    risk_id = risk.json()["id"]
    assessed = intake_as_manager.post(
        f"/risks/{risk_id}/assessments",
        {
            "likelihood": 4,
            "impact": {"safety": 4, "financial": 2},
            "fmea": {"severity": 9, "occurrence": 4, "detection": 2},
        },
    )
    assert assessed.status_code == 201, assessed.text

    score = score_where(scoring_as_manager, risk_id, lambda s: s["fmea"] is not None)
    assert score["inherent"] == {
        "likelihood": 4,
        "impact": 4,
        "score": 16,
        "level": "high",
        "acceptability": "reduce_as_far_as_practicable",
    }
    assert score["fmea"] == {
        "severity": 9,
        "occurrence": 4,
        "detection": 2,
        "rpn": 72,
        "actionPriority": "high",
    }

    control = intake_as_manager.post(
        "/solutions",
        {
            "divisionId": division,
            "title": "Cross-lot bridging study before release",
            "kind": "preventive",
            "status": "active",
            "designEffectiveness": 50,
            "testResult": "passed",
            "testedOn": date.today().isoformat(),
            "nextTestDue": (date.today() + timedelta(days=365)).isoformat(),
            "ownerEmail": "qa.lead@example.com",
        },
    )
    assert control.status_code == 201, control.text
    etag = intake_as_manager.get(f"/risks/{risk_id}").headers["ETag"]
    link = intake_as_manager.session.post(
        f"{intake_as_manager.base}/risks/{risk_id}/solutions",
        json={"solutionId": control.json()["id"]},
        headers={"If-Match": etag},
        timeout=30,
    )
    assert link.status_code == 200, link.text
    score = score_where(scoring_as_manager, risk_id, lambda s: s["currentResidual"]["score"] == 8)
    assert score["cause"]["detailType"] == "SolutionLinked"

    appetite = scoring.post(
        "/appetites",
        {"divisionId": division, "category": "product_safety", "appetite": 4, "tolerance": 6},
    )
    assert appetite.status_code == 200, appetite.text
    score = score_where(scoring_as_manager, risk_id, lambda s: s["appetite"] is not None)
    assert score["appetite"] == {
        "status": "breach",
        "appetite": 4,
        "tolerance": 6,
        "divisionId": division,
        "hysteresis": 1,
        "accepted": False,
        "appetiteLevel": None,  # set in score points, not by level
        "toleranceLevel": None,
    }
    breaches = scoring_as_manager.get("/scores", appetiteStatus="breach", divisionId=division)
    assert [item["riskId"] for item in breaches.json()["items"]] == [risk_id]

    kri = scoring.post(
        f"/risks/{risk_id}/kris",
        {
            "name": "Calibrator bias vs. reference",
            "unit": "%",
            "direction": "higher_is_worse",
            "amber": 3,
            "red": 5,
        },
    )
    assert kri.status_code == 201, kri.text
    reading = scoring_as_manager.post(
        f"/kris/{kri.json()['kriId']}/readings",
        {"value": 6.2, "observedAt": "2026-11-20T08:00:00Z"},
    )
    assert reading.status_code == 201, reading.text
    score = score_where(scoring_as_manager, risk_id, lambda s: s["inputs"]["kriUplift"] == 1)
    assert score["inherent"]["likelihood"] == 5

    send_reading_from_a_downstream_system(outputs, kri.json()["kriId"], 1.5)
    score = score_where(scoring_as_manager, risk_id, lambda s: s["inputs"]["kriUplift"] == 0)
    assert score["inherent"]["likelihood"] == 4
    assert [h["cause"]["detailType"] for h in score["history"]][:2] == [
        "KriReadingRecorded",
        "KriReadingRecorded",
    ]
    assert any(line.startswith("FMEA: RPN 9 x 4 x 2 = 72") for line in score["explanation"])


def send_reading_from_a_downstream_system(outputs, kri_id: str, value: float) -> None:
    """What a LIMS does: put a KriReadingRecorded on the platform bus."""
    reading_id, now = str(uuid.uuid4()), datetime.now(UTC)
    detail = {
        "metadata": {
            "event_id": str(uuid.uuid4()),
            "event_version": 1,
            "occurred_at": now.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "producer": "external",
            "correlation_id": str(uuid.uuid4()),
            "causation_id": None,
            "aggregate_id": reading_id,
            "aggregate_version": 1,
            "division_id": None,
        },
        "data": {
            "reading_id": reading_id,
            "kri_id": kri_id,
            "value": value,
            "observed_at": now.isoformat().replace("+00:00", "Z"),
            "source": "lims",
        },
    }
    result = boto3.client("events").put_events(
        Entries=[
            {
                "EventBusName": outputs["EventBusName"],
                "Source": "riskplatform.metrics-scoring",
                "DetailType": "KriReadingRecorded",
                "Detail": json.dumps(detail),
            }
        ]
    )
    assert result["FailedEntryCount"] == 0


@pytest.fixture
def outsider(intake) -> Api:
    """An analyst who works in another division only."""
    code = "OUT-" + uuid.uuid4().hex[:8].upper()
    elsewhere = intake.post("/divisions", {"name": "Elsewhere", "code": code}).json()["id"]
    email = f"outsider-{code.lower()}@riskplatform.local"
    local_setup.create_user(email, "analyst", [elsewhere])
    yield Api("", local_setup.token(email))
    local_setup.delete_user(email)


def test_a_score_is_shown_only_where_the_caller_may_read(risk_manager, scoring, division, outsider):
    risk = (
        risk_manager["intake"]
        .post(
            "/risks",
            {
                "divisionId": division,
                "title": "Sharps container supply",
                "description": "",
                "category": "ehs",
                "ownerEmail": "ehs@example.com",
            },
        )
        .json()
    )
    risk_manager["intake"].post(
        f"/risks/{risk['id']}/assessments", {"likelihood": 2, "impact": {"safety": 3}}
    )
    score_where(risk_manager["scoring"], risk["id"], lambda s: True)

    analyst = Api(scoring.base, local_setup.token("analyst@riskplatform.local"))
    executive = Api(scoring.base, local_setup.token("executive@riskplatform.local"))
    outsider.base = scoring.base
    assert analyst.get(f"/scores/{risk['id']}").status_code == 200  # works under LOCAL
    assert executive.get(f"/scores/{risk['id']}").status_code == 200
    refused = outsider.get(f"/scores/{risk['id']}")
    assert refused.status_code == 404, refused.text  # as if it did not exist (ADR 11)
    listed = outsider.get("/scores", divisionId=division, limit=500).json()["items"]
    assert listed == []
