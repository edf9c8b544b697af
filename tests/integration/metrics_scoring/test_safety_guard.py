"""The safety guard in scoring (issue 12, ADR 29): through the API and the consumer,
against the real database."""

from __future__ import annotations

import pytest

from tests.integration.metrics_scoring.test_models import definition, outbox
from tests.support.ids import new_id
from tests.unit.metrics_scoring.factories import assessed, captured, changed, division

pytestmark = pytest.mark.integration


def test_a_safety_risk_assessed_without_safety_is_flagged_and_due_at_once(scoring, deliver, call):
    root, risk_id = new_id(), new_id()
    deliver(division(root, None))
    deliver(
        captured(risk_id, "regulatory_quality", root),
        assessed(risk_id, 2, 3, {"regulatory": 4}, division_id=root),
    )
    assert call("GET", f"/scores/{risk_id}")[1]["flags"] == []

    deliver(changed(risk_id, 3, "product_safety", root))  # moved after its assessment

    body = call("GET", f"/scores/{risk_id}")[1]
    assert (body["flags"], body["nextReviewDue"], body["reviewOverdue"]) == (
        ["safety_not_rated"],
        "2026-11-20",
        True,
    )
    status, page = call("GET", "/scores", query={"reviewOverdue": "true", "divisionId": root})
    assert (status, [item["riskId"] for item in page["items"]]) == (200, [risk_id])
    [*_, scored] = outbox(scoring.db, "RiskScored")
    assert scored["flags"] == ["safety_not_rated"]


def test_action_priority_high_lifts_the_level_and_shortens_the_review(scoring, deliver, call):
    risk_id = new_id()
    fmea = {"severity": 10, "occurrence": 10, "detection": 10}
    deliver(assessed(risk_id, 2, 2, {"safety": 1}, fmea=fmea))
    body = call("GET", f"/scores/{risk_id}")[1]
    assert body["currentResidual"] == {
        "likelihood": 2,
        "impact": 1,
        "score": 2,
        "level": "high",
        "acceptability": "reduce_as_far_as_practicable",  # an acceptable cell, but act
    }
    assert (body["flags"], body["nextReviewDue"]) == (["high_action_priority"], "2027-02-18")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        (
            {"impactAggregation": "weighted", "impactWeights": {"financial": 3, "regulatory": 0}},
            "definition.impactWeights.regulatory",
        ),
        ({"safetyReductionMaxSteps": 6}, "definition.safetyReductionMaxSteps"),
        ({"safetyReductionMaxSteps": 5}, "definition.safetyReductionMaxSteps"),  # N is 5
        ({"highPriorityMinLevel": "severe"}, "definition.highPriorityMinLevel"),
    ],
)
def test_safety_guard_parameters_are_checked_naming_the_field(scoring, call, changes, field):
    status, refused = call(
        "POST", "/models", body={"modelId": "guarded", "definition": definition(**changes)}
    )
    assert status == 422, refused
    assert field in {e["field"] for e in refused["errors"]}


def test_a_model_keeps_its_safety_guard_parameters(scoring, call):
    body = {
        "modelId": "strict-safety",
        "definition": definition(safetyReductionMaxSteps=1, highPriorityMinLevel="critical"),
    }
    status, created = call("POST", "/models", body=body)
    assert status == 201, created
    assert (
        created["definition"]["safetyReductionMaxSteps"],
        created["definition"]["highPriorityMinLevel"],
    ) == (1, "critical")
    status, default = call("GET", "/models/default-5x5")
    assert (status, default["versions"][0]["definition"]["safetyReductionMaxSteps"]) == (200, 2)


def test_every_score_shows_the_acceptability_of_its_cells(scoring, deliver, call):
    risk_id = new_id()
    deliver(assessed(risk_id, 2, 5, {"supply": 5}))
    body = call("GET", f"/scores/{risk_id}")[1]
    assert body["inherent"]["acceptability"] == "unacceptable"  # 25: critical
    assert body["history"][0]["currentResidual"]["acceptability"] == "unacceptable"
    [scored] = outbox(scoring.db, "RiskScored")
    assert scored["target_residual"]["acceptability"] == "unacceptable"


def test_a_model_with_a_bad_acceptability_is_422(scoring, call):
    ladder = [["acceptable"] * 5] * 4 + [["unacceptable"] * 4 + ["acceptable"]]
    status, refused = call(
        "POST",
        "/models",
        body={"modelId": "bad-cells", "definition": definition(acceptability=ladder)},
    )
    assert (status, [e["field"] for e in refused["errors"]]) == (422, ["definition.acceptability"])
