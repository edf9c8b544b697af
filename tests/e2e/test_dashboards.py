"""The dashboards through the deployed local stack: two risks captured and assessed in
risk-intake, scored by metrics-scoring, reach reporting's executive summary, its heat
maps and its register, and export as a CSV file whose formula-like title is neutralised.
What the test makes is retired after the suite (tests/e2e/conftest.py, ADR 53)."""

from __future__ import annotations

import csv
import io
import uuid

import pytest

from tests.e2e.conftest import Api, eventually

pytestmark = pytest.mark.e2e

FORMULA_TITLE = "=SUM(1+1) looks like a formula"


def unique_code() -> str:
    return "E2E-" + uuid.uuid4().hex[:8].upper()


def capture_and_assess(
    analyst: Api, division_id: str, title: str, likelihood: int, impact: int
) -> dict:
    response = analyst.post(
        "/risks",
        {
            "divisionId": division_id,
            "title": title,
            "description": "Made by the dashboards' end-to-end test.",
            "category": "operational",
            "ownerEmail": "ops.lead@example.com",
        },
    )
    assert response.status_code == 201, response.text
    risk = response.json()
    assessed = analyst.post(
        f"/risks/{risk['id']}/assessments",
        {"likelihood": likelihood, "impact": {"financial": impact}},
    )
    assert assessed.status_code == 201, assessed.text
    return risk


def test_assessed_risks_reach_the_summary_heatmaps_register_and_export(intake, sign_up, reporting):
    top = intake.post("/divisions", {"name": "Dashboards e2e", "code": unique_code()}).json()
    child = intake.post(
        "/divisions", {"name": "Dashboards child", "code": unique_code(), "parentId": top["id"]}
    ).json()
    analyst = sign_up("analyst", top["id"])
    severe = capture_and_assess(analyst, child["id"], "Instrument recall", 4, 5)  # 20 critical
    mild = capture_and_assess(analyst, child["id"], FORMULA_TITLE, 2, 2)  # 4 low

    def summary() -> dict | None:
        """Both risks whole: scored, and captured (under load a score may come first and
        the risk's row wait a moment for its title)."""
        found = reporting.get("/reports/summary", divisionId=top["id"], top=5).json()
        totals = found["totals"]
        whole = totals["risks"] == 2 and totals["byLevel"]["unscored"] == 0
        return found if whole and all(r["title"] for r in found["top"]) else None

    found = eventually(summary, timeout=60)
    assert found["totals"]["byLevel"] == {
        "low": 1,
        "medium": 0,
        "high": 0,
        "critical": 1,
        "unscored": 0,
    }
    assert (found["totals"]["breaches"], found["totals"]["overdueReviews"]) == (0, 0)
    assert [r["riskId"] for r in found["top"]] == [severe["id"], mild["id"]]
    assert [
        (d["divisionId"], d["own"]["risks"], d["subtree"]["risks"]) for d in found["divisions"]
    ] == [
        (top["id"], 0, 2),
        (child["id"], 2, 2),
    ]

    maps = reporting.get("/reports/heatmaps", divisionId=top["id"]).json()["models"]
    (model,) = maps
    assert (model["size"], model["scale"]) == (5, [1, 2, 3, 4, 5])
    for basis in ("inherent", "current", "target"):  # no controls: all three alike
        assert model[basis] == [
            {"likelihood": 2, "impact": 2, "count": 1},
            {"likelihood": 4, "impact": 5, "count": 1},
        ]

    clicked = reporting.get(
        "/reports/risks", divisionId=top["id"], basis="current", likelihood=4, impact=5
    ).json()
    assert [i["riskId"] for i in clicked["items"]] == [severe["id"]]

    exported = reporting.get(
        "/reports/risks", divisionId=top["id"], sort="-currentResidual", format="csv"
    )
    assert exported.status_code == 200
    assert exported.headers["Content-Type"].startswith("text/csv")
    assert exported.headers["Content-Disposition"] == 'attachment; filename="risks.csv"'
    rows = list(csv.DictReader(io.StringIO(exported.text)))
    assert [(r["title"], r["currentScore"]) for r in rows] == [
        ("Instrument recall", "20"),
        ("'" + FORMULA_TITLE, "4"),
    ]


def test_a_kri_reading_reaches_the_kri_dashboard_within_seconds(
    intake, scoring, sign_up, reporting, outputs
):
    made = intake.post("/divisions", {"name": "KRI dashboards e2e", "code": unique_code()})
    assert made.status_code == 201, made.text
    top = made.json()
    analyst = sign_up("analyst", top["id"])
    risk = capture_and_assess(analyst, top["id"], "Reagent stability drift", 3, 4)
    definition = {
        "name": "Out-of-spec stability pulls",
        "unit": "count",
        "direction": "higher_is_worse",
        "amber": 2,
        "red": 4,
    }

    def defined() -> dict | None:  # once scoring has the risk (its events arrive shortly)
        kri = scoring.post(f"/risks/{risk['id']}/kris", definition)
        assert kri.status_code in (201, 404), kri.text
        return kri.json() if kri.status_code == 201 else None

    kri_id = eventually(defined, timeout=30, every=0.5)["kriId"]
    # the analyst who works in the division records it (once scoring knows they do)
    as_analyst = Api(outputs["ScoringApiUrl"], analyst.session.headers["Authorization"])

    def recorded() -> bool:
        reading = as_analyst.post(
            f"/kris/{kri_id}/readings", {"value": 5, "observedAt": "2026-11-20T08:00:00Z"}
        )
        assert reading.status_code in (201, 403), reading.text
        return reading.status_code == 201

    eventually(recorded, timeout=30, every=0.5)

    def red() -> dict | None:
        found = reporting.get("/reports/kris", divisionId=top["id"], status="red").json()
        return found if found["total"] == 1 else None

    found = eventually(red, timeout=10)
    (item,) = found["items"]
    assert (item["kriId"], item["riskId"], item["divisionId"]) == (kri_id, risk["id"], top["id"])
    assert (item["latestValue"], item["latestObservedAt"]) == (5.0, "2026-11-20T08:00:00Z")
    assert (item["amber"], item["red"], item["riskTitle"]) == (2.0, 4.0, "Reagent stability drift")
    summary = reporting.get("/reports/summary", divisionId=top["id"]).json()
    assert (summary["kris"]["red"], summary["kris"]["amber"]) == (1, 0)
