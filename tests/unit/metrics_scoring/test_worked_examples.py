"""Golden tests: the worked examples of docs/scoring.md, computed. Each example's numbers
are asserted here, and the explanation the code gives is the one the document prints."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from metrics_scoring.domain.appetite import Appetite
from metrics_scoring.domain.calculation import (
    Acceptance,
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
from metrics_scoring.domain.events import AppetiteBreached, AppetiteRestored, Cause, RiskScored
from metrics_scoring.domain.kri import Kri, KriStatus
from metrics_scoring.domain.model import TREND_PERIOD, RiskScore, movement
from metrics_scoring.domain.scoring import REDUCE, UNACCEPTABLE, ScoringModel
from riskplatform.errors import InvalidInput
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


def block_in_doc(result: ScoreResult) -> None:
    """The whole explanation is one block of the document, line for line, in order."""
    block = "```text\n" + "\n".join(result.explanation) + "\n```"
    assert block in DOC, f"docs/scoring.md lacks the block:\n{block}"


LOT_RELEASE = RiskFacts(
    "lot-release",
    IMMUNOASSAYS,
    "operational",
    assessment(4, {"regulatory": 4, "financial": 3, "safety": 1}),
)


def test_example_1_why_is_this_risk_16():
    result = compute(LOT_RELEASE, context(), TODAY)
    assert result.inherent == Scores(4, 4, 16, "high", REDUCE)
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
    assert result.current_residual == Scores(
        2, 4, 8, "medium", REDUCE
    )  # 4 x 0.3 = 1.2; 4 x 0.8 = 3.2
    assert result.target_residual == Scores(2, 3, 6, "medium", REDUCE)  # 4 x 0.8 x 0.7 = 2.24
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
    assert score.result.current_residual == Scores(3, 4, 12, "high", REDUCE)
    assert score.appetite_status == "watch"  # 12 is the tolerance: still watch

    crew_gone = (failed[0], replace(CONTROLS[1], status="retired"), *CONTROLS[2:])
    score.update(compute(replace(CONTROLLED, solutions=crew_gone), scored, TODAY), cause, ASSESSED)
    assert score.result.current_residual == Scores(4, 4, 16, "high", REDUCE)
    assert isinstance(score.events[-1], AppetiteBreached)
    in_doc(score.result)

    assert [type(e).__name__ for e in score.events] == [
        "RiskScored",
        "RiskScored",
        "RiskScored",
        "AppetiteBreached",
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
        Scores(3, 3, 9, "medium", REDUCE),
    )
    in_doc(weighted)
    unsafe = replace(FX, assessment=assessment(3, {"financial": 2, "supply": 4, "safety": 5}))
    assert compute(unsafe, context(DEFAULT, WEIGHTED), TODAY).inherent == Scores(
        3, 5, 15, "high", REDUCE
    )
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
    assert red.inherent == Scores(3, 3, 9, "high", UNACCEPTABLE)
    assert red.current_residual == Scores(2, 3, 6, "high", UNACCEPTABLE)
    assert red.next_review_due == date(2027, 1, 19)
    in_doc(red)
    green = replace(TAQ, kris=(KriStatus("otd", ON_TIME.name, ON_TIME.status(97)),))
    back = compute(green, context(DEFAULT, SUPPLY_3X3), TODAY)
    assert (back.inputs.kri_uplift, back.inherent) == (0, Scores(2, 3, 6, "high", UNACCEPTABLE))
    assert back.current_residual == Scores(1, 3, 3, "medium", REDUCE)
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
    lifted = priority == "high"  # the safety guard (example 10)
    assert result.inherent == Scores(2, 4, 8, "high" if lifted else "medium", REDUCE)
    assert result.next_review_due == (date(2027, 2, 18) if lifted else date(2027, 5, 19))
    if lifted:
        block_in_doc(result)


def test_example_7_accepted_closed_and_retired_risks_leave_the_lists():
    scored = context(appetites=(OPERATIONAL_APPETITE,))
    open_ = compute(replace(LOT_RELEASE, status="open"), scored, TODAY)
    accepted = compute(replace(LOT_RELEASE, status="accepted"), scored, TODAY)
    assert open_.tracked and not accepted.tracked
    assert accepted.appetite is not None and accepted.appetite.status == "breach"
    assert accepted.explanation[:-1] == open_.explanation
    block_in_doc(accepted)
    retired = compute(replace(LOT_RELEASE, status="open", retired=True), scored, TODAY)
    assert not retired.tracked
    in_doc(retired)
    score = RiskScore.unscored("lot-release")
    score.update(accepted, Cause("event-1", "RiskChanged"), ASSESSED)
    assert not score.review_overdue(date(2028, 1, 1))
    assert score.appetite_status == "breach"  # where the residual stands; but in no list


def test_example_8_a_breach_ends_only_back_within_appetite_by_the_band():
    scored = context(appetites=(OPERATIONAL_APPETITE,))
    assert OPERATIONAL_APPETITE.hysteresis == 1  # the default
    score = RiskScore.unscored("lot-release")
    cause = Cause("event-1", "SolutionChanged")
    crew_gone = (
        replace(QC_LINE, test_result="failed"),
        replace(CONTROLS[1], status="retired"),
        *CONTROLS[2:],
    )
    score.update(compute(replace(CONTROLLED, solutions=crew_gone), scored, TODAY), cause, ASSESSED)
    assert score.in_breach and isinstance(score.events[-1], AppetiteBreached)

    plan_live = replace(CONTROLS[3], status="active", test_result="passed")
    retested = replace(CONTROLS[2], next_test_due=date(2027, 10, 31))
    steps = [
        ("QC line passes again", (QC_LINE, crew_gone[1], CONTROLS[2], CONTROLS[3]), 8, "watch"),
        ("allocation plan live", (QC_LINE, crew_gone[1], CONTROLS[2], plan_live), 6, "within"),
        ("procedure retested", (QC_LINE, crew_gone[1], retested, plan_live), 4, "within"),
    ]
    announced = []
    for _, solutions, residual, status in steps:
        score.update(
            compute(replace(CONTROLLED, solutions=solutions), scored, TODAY), cause, ASSESSED
        )
        assert score.result is not None
        assert (score.result.current_residual.score, score.appetite_status) == (residual, status)
        announced.append(type(score.events[-1]).__name__)
    assert announced == ["RiskScored", "RiskScored", "AppetiteRestored"]
    restored = score.events[-1]
    assert isinstance(restored, AppetiteRestored)
    assert (restored.previous_status, restored.status, restored.residual_score) == (
        "within",
        "within",
        4,
    )
    block_in_doc(score.result)

    # Moved to a category without appetite while in breach: nothing is announced.
    score.update(compute(replace(CONTROLLED, solutions=crew_gone), scored, TODAY), cause, ASSESSED)
    assert isinstance(score.events[-1], AppetiteBreached)
    moved = replace(CONTROLLED, solutions=crew_gone, category="cyber")
    score.update(compute(moved, scored, TODAY), Cause("event-2", "RiskChanged"), ASSESSED)
    assert score.result is not None and score.result.appetite is None
    assert isinstance(score.events[-1], RiskScored) and score.in_breach


def test_example_8_a_child_appetite_stays_within_its_parents():
    looser = Appetite(IMMUNOASSAYS, "operational", 8, 12)
    with pytest.raises(InvalidInput) as refused:
        looser.check_within(OPERATIONAL_APPETITE)
    assert refused.value.field == "appetite"
    assert refused.value.message in DOC
    Appetite(IMMUNOASSAYS, "operational", 4, 9).check_within(OPERATIONAL_APPETITE)


CAPA = Kri("capa", "taq", "Open supplier CAPAs", "count", "higher_is_worse", 2, 5, 90, 1)


def test_example_9_a_stale_reading_and_amber_that_counts():
    stale = replace(
        TAQ, kris=(KriStatus("otd", ON_TIME.name, ON_TIME.status(87.5), date(2026, 8, 20)),)
    )
    result = compute(stale, context(DEFAULT, SUPPLY_3X3), TODAY)
    assert (result.inputs.kri_uplift, result.inherent) == (0, Scores(2, 3, 6, "high", UNACCEPTABLE))
    assert [k.stale for k in result.inputs.kris] == [True]
    block_in_doc(result)
    on_the_last_day = compute(stale, context(DEFAULT, SUPPLY_3X3), date(2026, 11, 18))
    assert on_the_last_day.inputs.kri_uplift == 1
    assert on_the_last_day.expires_on == date(2026, 11, 19)

    read = date(2026, 11, 19)
    amber = replace(
        TAQ,
        kris=(
            KriStatus("otd", ON_TIME.name, ON_TIME.status(97), read),
            KriStatus("capa", CAPA.name, CAPA.status(3), read, 90, CAPA.amber_steps),
        ),
    )
    counted = compute(amber, context(DEFAULT, SUPPLY_3X3), TODAY)
    assert (counted.inputs.kri_uplift, counted.inherent) == (
        1,
        Scores(3, 3, 9, "high", UNACCEPTABLE),
    )
    assert counted.expires_on == date(2027, 2, 18)
    block_in_doc(counted)
    warning_only = replace(amber, kris=(replace(amber.kris[1], amber_steps=0),))
    assert compute(warning_only, context(DEFAULT, SUPPLY_3X3), TODAY).inputs.kri_uplift == 0


INTERLOCK = Solution(
    "lock", "Reagent probe interlock", "mitigating", "active", 100, "passed", date(2027, 6, 30)
)


def test_example_10_the_safety_guard():
    burn = RiskFacts(
        "burn",
        IMMUNOASSAYS,
        "ehs",
        assessment(3, {"safety": 5, "financial": 2}),
        (INTERLOCK,),
    )
    capped = compute(burn, context(), TODAY)
    assert capped.current_residual == capped.target_residual == Scores(3, 3, 9, "medium", REDUCE)
    assert capped.flags == ("safety_reduction_capped",)
    block_in_doc(capped)

    mix = RiskFacts(
        "mix",
        IMMUNOASSAYS,
        "product_safety",
        assessment(2, {"safety": 1}, FmeaRatings(10, 10, 10)),
    )
    lifted = compute(mix, context(), TODAY)
    assert (lifted.current_residual, lifted.next_review_due) == (
        Scores(2, 1, 2, "high", REDUCE),  # was low, reviewed after 365 days
        date(2027, 2, 18),
    )
    assert lifted.flags == ("high_action_priority",)
    block_in_doc(lifted)

    moved = RiskFacts("moved", IMMUNOASSAYS, "product_safety", assessment(3, {"regulatory": 4}))
    unrated = compute(moved, context(), TODAY)
    assert (unrated.flags, unrated.next_review_due) == (("safety_not_rated",), ASSESSED.date())
    block_in_doc(unrated)
    score = RiskScore.unscored("moved")
    score.update(unrated, Cause("event-1", "RiskChanged"), ASSESSED)
    assert score.review_overdue(TODAY)

    zero = ScoringModel.from_definition(
        "weighted-financial",
        2,
        default_definition()
        | {
            "impact_aggregation": "weighted",
            "impact_weights": {"financial": 3, "regulatory": 0},
            "categories": ["financial"],
        },
    )
    fx = RiskFacts("fx", DIAGNOSTICS, "financial", assessment(3, {"financial": 1, "regulatory": 5}))
    assert compute(fx, context(DEFAULT, zero), TODAY).inherent.impact == 2


SHORT = {"acceptable": "A", "reduce_as_far_as_practicable": "R", "unacceptable": "U"}


def table(model: ScoringModel) -> str:
    """The model's acceptability as docs/scoring.md prints it, highest likelihood first."""
    points = range(1, model.size + 1)
    lines = [
        "| likelihood \\ impact | " + " | ".join(map(str, points)) + " |",
        "|---|" + "---|" * model.size,
    ]
    for likelihood in reversed(points):
        cells = [SHORT[model.acceptability_of(likelihood, impact)] for impact in points]
        lines.append(f"| {likelihood} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


STRICT_SAFETY = ScoringModel.from_definition(
    "strict-safety",
    1,
    default_definition()
    | {
        "categories": ["product_safety", "ehs"],
        "acceptability": [
            [{"A": "acceptable", "R": "reduce_as_far_as_practicable", "U": "unacceptable"}[c]
             for c in row.split()]
            for row in ("A A A A R", "A A R R R", "A R R R U", "A R U U U", "R R U U U")
        ],
    },
)  # fmt: skip


def test_example_11_acceptability_from_the_bands_and_cell_by_cell():
    assert table(DEFAULT) in DOC
    assert table(STRICT_SAFETY) in DOC
    lot = compute(LOT_RELEASE, context(), TODAY)
    assert {lot.inherent.acceptability, lot.current_residual.acceptability} == {REDUCE}
    mix = RiskFacts(
        "mix", IMMUNOASSAYS, "product_safety", assessment(2, {"safety": 1}, FmeaRatings(10, 10, 10))
    )
    assert DEFAULT.acceptability_of(2, 1) == "acceptable"
    assert compute(mix, context(), TODAY).current_residual.acceptability == REDUCE
    burn = RiskFacts(
        "burn", IMMUNOASSAYS, "ehs", assessment(3, {"safety": 5, "financial": 2}), (INTERLOCK,)
    )
    strict = compute(burn, context(DEFAULT, STRICT_SAFETY), TODAY)
    assert (strict.inherent.acceptability, strict.current_residual.acceptability) == (
        UNACCEPTABLE,
        REDUCE,
    )


def baseline(history: list[tuple[date, int]], since: date) -> int:
    """What the score list's query takes as the baseline: the newest score scored by the
    start of the period, else the first."""
    before = [score for day, score in history if day <= since]
    return before[-1] if before else history[0][1]


@pytest.mark.parametrize(
    ("history", "expected", "trend"),
    [
        (
            [(date(2026, 10, 10), 6), (date(2026, 10, 20), 12), (date(2026, 11, 18), 16)],
            12,
            "worsening",
        ),
        ([(date(2026, 10, 1), 6), (date(2026, 11, 21), 3)], 6, "improving"),
        ([(date(2026, 11, 22), 8)], 8, "stable"),
    ],
)  # fmt: skip
def test_example_12_the_trend_over_the_last_30_days(history, expected, trend):
    since = TODAY - TREND_PERIOD
    assert since == date(2026, 10, 26) and "The period starts on 2026-10-26" in DOC
    assert baseline(history, since) == expected
    assert movement(history[-1][1], expected) == trend
    cells = " | ".join([str(expected), str(history[-1][1]), trend])
    assert f"| {cells} |" in DOC


ACCEPTED = Acceptance(
    "risk.manager@example.com",
    datetime(2026, 11, 23, 14, 5, tzinfo=UTC),
    "second QC line due in January; release holds cover the gap",
    date(2027, 1, 31),
)


def test_example_13_a_formal_acceptance_and_its_expiry():
    scored = context(appetites=(OPERATIONAL_APPETITE,))
    facts = replace(LOT_RELEASE, status="accepted", acceptance=ACCEPTED)
    within = compute(facts, scored, TODAY)
    assert within.appetite is not None
    assert (within.tracked, within.appetite.status, within.appetite.accepted) == (
        False,
        "breach",
        True,
    )
    assert (within.next_review_due, within.expires_on) == (date(2027, 1, 31), date(2027, 2, 1))
    block_in_doc(within)
    score = RiskScore.unscored("lot-release")
    score.update(within, Cause("event-1", "RiskChanged"), ASSESSED)
    assert [type(e).__name__ for e in score.events] == ["RiskScored"]  # accepted: no breach

    expired = compute(facts, scored, date(2027, 2, 1))
    assert expired.acceptance is not None and expired.acceptance.expired
    assert expired.appetite is not None and not expired.appetite.accepted
    assert expired.tracked and expired.expires_on is None
    in_doc(expired)
    score.update(expired, Cause("job-1", "ControlTestsFellDue"), ASSESSED)
    assert score.review_overdue(date(2027, 2, 1))
    assert [type(e).__name__ for e in score.events][-2:] == ["RiskScored", "AppetiteBreached"]


def appetite_line_in_doc(result: ScoreResult) -> None:
    [line] = [line for line in result.explanation if line.startswith("Appetite for")]
    assert f"```text\n{line}\n```" in DOC, f"docs/scoring.md lacks the block: {line}"


def test_example_14_one_appetite_by_level_two_models():
    by_level = Appetite(DIAGNOSTICS, "supply_chain", None, None, 1, "low", "medium")
    on_five = compute(TAQ, context(DEFAULT, appetites=(by_level,)), TODAY)
    assert on_five.appetite is not None
    assert (on_five.appetite.appetite, on_five.appetite.tolerance) == (4, 9)
    assert on_five.appetite.status == "breach"  # 10
    appetite_line_in_doc(on_five)
    on_three = compute(TAQ, context(DEFAULT, SUPPLY_3X3, appetites=(by_level,)), TODAY)
    assert on_three.appetite is not None
    assert (on_three.appetite.appetite, on_three.appetite.tolerance) == (2, 4)
    assert on_three.appetite.status == "breach"  # 6
    appetite_line_in_doc(on_three)
    green = replace(TAQ, kris=(KriStatus("otd", ON_TIME.name, ON_TIME.status(97)),))
    back = compute(green, context(DEFAULT, SUPPLY_3X3, appetites=(by_level,)), TODAY)
    assert back.appetite is not None and back.appetite.status == "watch"  # 3
    appetite_line_in_doc(back)
    looser = Appetite(IMMUNOASSAYS, "supply_chain", None, None, 1, "medium", "medium")
    with pytest.raises(InvalidInput) as refused:
        looser.check_within(by_level)
    assert refused.value.field == "appetiteLevel"
