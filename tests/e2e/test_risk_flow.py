"""The walking skeleton end to end: an analyst's risk goes through risk-intake, the bus
and the queues, and comes back scored from the scoring, reporting and graph APIs."""

from __future__ import annotations

import uuid

import pytest
import requests

from tests.e2e.conftest import Api, eventually

pytestmark = pytest.mark.e2e


def unique_code() -> str:
    return "E2E-" + uuid.uuid4().hex[:8].upper()


@pytest.fixture
def division(intake: Api) -> dict:
    response = intake.post("/divisions", {"name": "Clinical Diagnostics", "code": unique_code()})
    assert response.status_code == 201, response.text
    return response.json()


def capture(analyst: Api, division_id: str, title: str = "Reagent lot release delayed") -> dict:
    response = analyst.post(
        "/risks",
        {
            "divisionId": division_id,
            "title": title,
            "description": "QC release testing of immunoassay lots backs up at quarter end.",
            "category": "operational",
            "ownerEmail": "qc.manager@example.com",
        },
    )
    assert response.status_code == 201, response.text
    return response.json()


def test_a_risk_assessed_in_intake_is_scored_reported_and_in_the_graph(
    intake, sign_up, scoring, reporting, graph, division
):
    child = intake.post(
        "/divisions", {"name": "Immunoassays", "code": unique_code(), "parentId": division["id"]}
    ).json()
    analyst = sign_up("analyst", division["id"])
    risk = capture(analyst, child["id"])
    assessed = analyst.post(
        f"/risks/{risk['id']}/assessments",
        {"likelihood": 4, "impact": {"safety": 2, "regulatory": 5, "financial": 3}},
    )
    assert assessed.status_code == 201, assessed.text
    assert assessed.json()["riskVersion"] == 2

    stored = analyst.get(f"/risks/{risk['id']}").json()
    assert stored["latestAssessment"]["likelihood"] == 4

    score = eventually(lambda: (r := scoring.get(f"/scores/{risk['id']}")).ok and r.json())
    assert score["inherent"] == {
        "likelihood": 4,
        "impact": 5,
        "score": 20,
        "level": "critical",
        "acceptability": "unacceptable",
    }

    def heat_cell() -> dict | None:
        cells = reporting.get("/reports/heatmap", divisionId=division["id"]).json()["cells"]
        return next((c for c in cells if (c["likelihood"], c["impact"]) == (4, 5)), None)

    assert eventually(heat_cell)["count"] == 1

    def register_row() -> dict | None:
        items = reporting.get("/reports/risks", divisionId=division["id"]).json()["items"]
        return next((i for i in items if i["riskId"] == risk["id"] and i["score"]), None)

    row = eventually(register_row)
    assert (row["title"], row["score"], row["level"]) == (risk["title"], 20, "critical")

    def neighbourhood() -> dict | None:
        response = graph.get(f"/graph/entities/{risk['id']}/neighborhood")
        if not response.ok:
            return None
        drawn = {node["data"]["id"]: node["data"] for node in response.json()["elements"]["nodes"]}
        scored = drawn[risk["id"]]["properties"].get("score") == 20
        return response.json() if scored else None

    around = eventually(neighbourhood)
    assert child["id"] in {node["data"]["id"] for node in around["elements"]["nodes"]}
    assert any(
        edge["data"]["source"] == child["id"] and edge["data"]["target"] == risk["id"]
        for edge in around["elements"]["edges"]
    )


@pytest.mark.parametrize(
    ("api", "path"),
    [
        ("IntakeApiUrl", "/risks/{id}"),
        ("ScoringApiUrl", "/scores/{id}"),
        ("ReportingApiUrl", "/reports/heatmap"),
        ("GraphApiUrl", "/graph/entities/{id}/neighborhood"),
    ],
)
@pytest.mark.parametrize("token", [None, "not-a-token"])
def test_a_call_without_a_valid_token_is_refused(outputs, api, path, token):
    headers = {"Authorization": token} if token else {}
    url = outputs[api] + path.format(id=uuid.uuid4())
    assert requests.get(url, headers=headers, timeout=30).status_code == 401


def test_a_malformed_request_names_the_field_and_writes_nothing(sign_up, reporting, division):
    analyst = sign_up("analyst", division["id"])
    response = analyst.post(
        "/risks",
        {
            "divisionId": division["id"],
            "title": "Unknown category",
            "description": "",
            "category": "weather",
            "ownerEmail": "not-an-email",
            "colour": "red",
        },
    )
    assert response.status_code == 422
    fields = {error["field"] for error in response.json()["errors"]}
    assert fields == {"category", "ownerEmail", "colour"}
    capture(analyst, division["id"], title="The only risk of this division")

    def register() -> list | None:
        items = reporting.get("/reports/risks", divisionId=division["id"]).json()["items"]
        return items or None

    assert [item["title"] for item in eventually(register)] == ["The only risk of this division"]
