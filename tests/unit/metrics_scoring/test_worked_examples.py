"""Golden tests: the worked examples of docs/scoring.md, computed. Each example's numbers
are asserted here, and the explanation the code gives is the one the document prints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from metrics_scoring.domain.appetite import Appetite
from metrics_scoring.domain.calculation import (
    Assessment,
    FmeaRatings,
    RiskFacts,
    ScoreResult,
    Scores,
    ScoringContext,
    compute,
)
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.events import AppetiteBreached, AppetiteRestored, Cause
from metrics_scoring.domain.kri import Kri, KriStatus
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.domain.scoring import ScoringModel
from tests.unit.metrics_scoring.factories import ROOT, default_definition, default_model

DOC = (ROOT / "docs/scoring.md").read_text()
TODAY = date(2026, 11, 25)
ASSESSED = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
DIAGNOSTICS, IMMUNOASSAYS = "diagnostics", "immunoassays"
TREE = DivisionTree({DIAGNOSTICS: None, IMMUNOASSAYS: DIAGNOSTICS})
DEFAULT = default_model()


def context(*models: ScoringModel, appetites: tuple[Appetite, ...] = ()) -> ScoringContext:
    return ScoringContext(
        models or (DEFAULT,), TREE, {(a.division_id, a.category): a for a in appetites}
    )


def assessment(likelihood: int, impact: dict[str, int], fmea: FmeaRatings | None = None):
    return Assessment("assessment-1", 2, likelihood, impact, fmea, ASSESSED)


def in_doc(result: ScoreResult) -> None:
    for line in result.explanation:
        assert line in DOC, f"docs/scoring.md lacks: {line}"


LOT_RELEASE = RiskFacts(
    "lot-release",
    IMMUNOASSAYS,
    "operational",
    assessment(4, {"regulatory": 4, "financial": 3, "safety": 1}),
)


def test_example_1_why_is_this_risk_16():
    result = compute(LOT_RELEASE, context(), TODAY)
    assert result.inherent == Scores(4, 4, 16, "high")
    assert result.current_residual == result.target_residual == result.inherent
    assert result.next_review_due == date(2027, 2, 18)
    assert result.appetite is None and result.fmea is None
    in_doc(result)


QC_LINE = Solution(
    "qc-line", "Second QC release line", "preventive", "active", 60, "passed", date(2027, 3, 31)
)
CONTROLS = (
    QC_LINE,
    Solution(
        "crew", "Overtime release crew", "preventive", "degraded", 50, "passed", date(2027, 1, 31)
    ),
    Solution(
        "conditional",
        "Conditional release procedure",
        "mitigating",
        "active",
        40,
        "passed",
        date(2026, 10, 31),
    ),
    Solution("allocation", "Customer allocation plan", "mitigating", "planned", 30, None, None),
)
CONTROLLED = replace(LOT_RELEASE, solutions=CONTROLS)


def test_example_2_controls_are_independent_layers():
    result = compute(CONTROLLED, context(), TODAY)
    assert [s.effectiveness for s in result.inputs.solutions] == [0.25, 0.6, 0.2, 0.0]
    assert [s.target_effectiveness for s in result.inputs.solutions] == [0.25, 0.6, 0.2, 0.3]
    assert result.current_residual == Scores(2, 4, 8, "medium")  # 4 x 0.3 = 1.2; 4 x 0.8 = 3.2
    assert result.target_residual == Scores(2, 3, 6, "medium")  # 4 x 0.8 x 0.7 = 2.24
    assert result.next_review_due == date(2027, 5, 19)
    assert result.expires_on == date(2027, 2, 1)  # the crew's test falls due after 31 January
    in_doc(result)


OPERATIONAL_APPETITE = Appetite(DIAGNOSTICS, "operational", 6, 12)


def test_example_3_appetite_is_inherited_and_crossing_it_is_announced():
    scored = context(appetites=(OPERATIONAL_APPETITE,))
    score = RiskScore.unscored("lot-release")
    cause = Cause("event-1", "RiskAssessed")

    score.update(compute(CONTROLLED, scored, TODAY), cause, ASSESSED)
    assert score.result is not None and score.result.appetite is not None
    assert (score.result.appetite.status, score.result.appetite.division_id) == (
        "watch",
        DIAGNOSTICS,
    )
    in_doc(score.result)

    failed = (replace(QC_LINE, test_result="failed"), *CONTROLS[1:])
    score.update(compute(replace(CONTROLLED, solutions=failed), scored, TODAY), cause, ASSESSED)
    assert score.result.current_residual == Scores(3, 4, 12, "high")
    assert score.appetite_status == "watch"  # 12 is the tolerance: still watch

    crew_gone = (failed[0], replace(CONTROLS[1], status="retired"), *CONTROLS[2:])
    score.update(compute(replace(CONTROLLED, solutions=crew_gone), scored, TODAY), cause, ASSESSED)
    assert score.result.current_residual == Scores(4, 4, 16, "high")
    assert isinstance(score.events[-1], AppetiteBreached)
    in_doc(score.result)

    score.update(
        compute(replace(CONTROLLED, solutions=(QC_LINE, *crew_gone[1:])), scored, TODAY),
        cause,
        ASSESSED,
    )
    assert score.result.current_residual == Scores(2, 4, 8, "medium")
    assert isinstance(score.events[-1], AppetiteRestored)
    assert [type(e).__name__ for e in score.events] == [
        "RiskScored",
        "RiskScored",
        "RiskScored",
        "AppetiteBreached",
        "RiskScored",
        "AppetiteRestored",
    ]


WEIGHTED = ScoringModel.from_definition(
    "weighted-financial",
    1,
    default_definition()
    | {
        "impact_aggregation": "weighted",
        "impact_weights": {"financial": 3, "supply": 2, "regulatory": 2, "reputation": 1},
        "categories": ["financial"],
    },
)
FX = RiskFacts(
    "fx", DIAGNOSTICS, "financial", assessment(3, {"financial": 2, "supply": 4, "reputation": 1})
)


def test_example_4_a_weighted_model_never_averages_safety_away():
    weighted = compute(FX, context(DEFAULT, WEIGHTED), TODAY)
    assert (weighted.model.model_id, weighted.inherent) == (
        "weighted-financial",
        Scores(3, 3, 9, "medium"),
    )
    in_doc(weighted)
    unsafe = replace(FX, assessment=assessment(3, {"financial": 2, "supply": 4, "safety": 5}))
    assert compute(unsafe, context(DEFAULT, WEIGHTED), TODAY).inherent == Scores(3, 5, 15, "high")
    elsewhere = replace(FX, category="operational")  # the default model scores it: worst of all
    assert compute(elsewhere, context(DEFAULT, WEIGHTED), TODAY).inherent.impact == 4


SUPPLY_3X3 = ScoringModel.from_definition(
    "supply-3x3",
    1,
    default_definition()
    | {
        "scale": {"min": 1, "max": 3},
        "from_assessment": {"1": 1, "2": 1, "3": 2, "4": 3, "5": 3},
        "bands": [
            {"level": "low", "min": 1, "max": 2},
            {"level": "medium", "min": 3, "max": 4},
            {"level": "high", "min": 5, "max": 9},
        ],
        "review_cadence_days": {"low": 365, "medium": 180, "high": 60},
        "categories": ["supply_chain"],
    },
)
ON_TIME = Kri("otd", "taq", "Supplier on-time delivery", "%", "lower_is_worse", 95, 90)
TAQ = RiskFacts(
    "taq",
    IMMUNOASSAYS,
    "supply_chain",
    assessment(3, {"supply": 5, "financial": 3}),
    (Solution("second", "Second qualified supplier", "preventive", "active", 60, "passed", None),),
    (KriStatus("otd", ON_TIME.name, ON_TIME.status(87.5)),),
)


def test_example_5_a_3x3_model_and_a_red_key_risk_indicator():
    red = compute(TAQ, context(DEFAULT, SUPPLY_3X3), TODAY)
    assert red.inputs.kri_uplift == 1
    assert red.inherent == Scores(3, 3, 9, "high")
    assert red.current_residual == Scores(2, 3, 6, "high")
    assert red.next_review_due == date(2027, 1, 19)
    in_doc(red)
    green = replace(TAQ, kris=(KriStatus("otd", ON_TIME.name, ON_TIME.status(97)),))
    back = compute(green, context(DEFAULT, SUPPLY_3X3), TODAY)
    assert (back.inputs.kri_uplift, back.inherent) == (0, Scores(2, 3, 6, "high"))
    assert back.current_residual == Scores(1, 3, 3, "medium")
    in_doc(back)


@pytest.mark.parametrize(
    ("ratings", "rpn", "priority"),
    [((9, 3, 5), 135, "medium"), ((9, 4, 2), 72, "high"), ((10, 1, 10), 100, "low")],
)
def test_example_6_fmea_priority_is_not_the_rpn(ratings, rpn, priority):
    drift = RiskFacts(
        "drift", IMMUNOASSAYS, "product_safety", assessment(2, {"safety": 4}, FmeaRatings(*ratings))
    )
    result = compute(drift, context(), TODAY)
    assert result.fmea is not None
    assert (result.fmea.rpn, result.fmea.action_priority) == (rpn, priority)
    in_doc(result)
