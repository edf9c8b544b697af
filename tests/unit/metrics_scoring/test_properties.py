"""Properties of scoring, over generated risks (hypothesis): a residual is never above the
inherent score, the target never above the current residual, and more effective
solutions never raise a score. (That the same events in any order, with duplicates, give
the same final scores is shown against the real database in
tests/integration/metrics_scoring/test_delivery_order.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from metrics_scoring.domain.calculation import (
    Assessment,
    RiskFacts,
    ScoreResult,
    ScoringContext,
    compute,
)
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.kri import KriStatus
from metrics_scoring.domain.scoring import CATEGORIES, INTAKE_DIMENSIONS, ScoringModel
from tests.unit.metrics_scoring.factories import default_definition, default_model

TODAY = date(2026, 11, 25)
MODELS = [
    default_model(),
    ScoringModel.from_definition(
        "six",
        1,
        default_definition()
        | {
            "scale": {"min": 1, "max": 6},
            "impact_aggregation": "weighted",
            "impact_weights": {"financial": 3, "supply": 1, "reputation": 2},
            "bands": [
                {"level": "low", "min": 1, "max": 8},
                {"level": "medium", "min": 9, "max": 17},
                {"level": "high", "min": 18, "max": 36},
            ],
            "review_cadence_days": {"low": 365, "medium": 120, "high": 30},
        },
    ),
    ScoringModel.from_definition(
        "three",
        1,
        default_definition()
        | {
            "scale": {"min": 1, "max": 3},
            "from_assessment": {"1": 1, "2": 1, "3": 2, "4": 3, "5": 3},
            "bands": [{"level": "low", "min": 1, "max": 3}, {"level": "high", "min": 4, "max": 9}],
            "review_cadence_days": {"low": 365, "high": 60},
        },
    ),
]
STATUSES = ["planned", "in_progress", "active", "degraded", "retired"]
ratings = st.integers(1, 5)


@st.composite
def solutions(draw: st.DrawFn, n: int = 0) -> Solution:
    test_result = draw(st.sampled_from([None, "passed", "failed"]))
    return Solution(
        solution_id=f"s{n}-{draw(st.integers(0, 10**6))}",
        title=draw(st.sampled_from(["Audit", "Second source", "Interlock", "Training"])),
        kind=draw(st.sampled_from(["preventive", "mitigating"])),
        status=draw(st.sampled_from(STATUSES)),
        design_effectiveness=draw(st.integers(0, 100)),
        test_result=test_result,
        next_test_due=draw(
            st.none() | st.dates(TODAY - timedelta(days=60), TODAY + timedelta(days=60))
        ),
    )


@st.composite
def risks(draw: st.DrawFn) -> RiskFacts:
    impact = draw(st.dictionaries(st.sampled_from(INTAKE_DIMENSIONS), ratings, min_size=1))
    return RiskFacts(
        risk_id="risk",
        division_id="division",
        category=draw(st.sampled_from([None, *CATEGORIES])),
        assessment=Assessment(
            "a", 2, draw(ratings), impact, None, datetime(2026, 11, 20, tzinfo=UTC)
        ),
        solutions=tuple(draw(solutions(n)) for n in range(draw(st.integers(0, 5)))),
        kris=tuple(
            KriStatus(f"k{i}", f"KRI {i}", s)
            for i, s in enumerate(
                draw(st.lists(st.sampled_from(["green", "amber", "red"]), max_size=3))
            )
        ),
    )


def score(facts: RiskFacts, model: ScoringModel) -> ScoreResult:
    return compute(facts, ScoringContext((model,), DivisionTree({}), {}), TODAY)


def not_higher(after: ScoreResult, before: ScoreResult) -> None:
    for name in ("current_residual", "target_residual"):
        a, b = getattr(after, name), getattr(before, name)
        assert a.likelihood <= b.likelihood and a.impact <= b.impact, (name, a, b)
        assert a.score <= b.score, (name, a, b)


@given(facts=risks(), model=st.sampled_from(MODELS))
def test_a_residual_is_never_above_the_inherent_score(facts, model):
    result = score(facts, model)
    inherent, current, target = result.inherent, result.current_residual, result.target_residual
    for residual in (current, target):
        assert residual.likelihood <= inherent.likelihood
        assert residual.impact <= inherent.impact
        assert 1 <= residual.score <= inherent.score <= model.size**2
    assert target.score <= current.score


BETTER_TEST = {None: "passed", "failed": "passed", "passed": "passed"}


def improvements(solution: Solution, extra: int, later_due: date) -> list[Solution]:
    """The same solution made more effective, one way at a time."""
    better = [
        replace(solution, design_effectiveness=min(100, solution.design_effectiveness + extra))
    ]
    if solution.status == "degraded":
        better.append(replace(solution, status="active"))
    better.append(
        replace(
            solution,
            test_result=BETTER_TEST[solution.test_result],
            next_test_due=solution.next_test_due if solution.test_result == "passed" else later_due,
        )
    )
    if solution.next_test_due is not None:
        better.append(replace(solution, next_test_due=max(solution.next_test_due, later_due)))
    return better


@settings(max_examples=500)
@given(
    facts=risks(),
    model=st.sampled_from(MODELS),
    pick=st.integers(0, 4),
    extra=st.integers(1, 100),
    later=st.integers(0, 120),
    added=solutions(9),
)
def test_more_effective_solutions_never_raise_a_score(facts, model, pick, extra, later, added):
    before = score(facts, model)
    with_one_more = replace(facts, solutions=(*facts.solutions, added))
    not_higher(score(with_one_more, model), before)
    if facts.solutions:
        index = pick % len(facts.solutions)
        for better in improvements(facts.solutions[index], extra, TODAY + timedelta(days=later)):
            improved = list(facts.solutions)
            improved[index] = better
            not_higher(score(replace(facts, solutions=tuple(improved)), model), before)


@given(facts=risks(), model=st.sampled_from(MODELS), seed=st.randoms())
def test_the_order_solutions_and_indicators_are_listed_in_does_not_matter(facts, model, seed):
    shuffled_solutions, shuffled_kris = list(facts.solutions), list(facts.kris)
    seed.shuffle(shuffled_solutions)
    seed.shuffle(shuffled_kris)
    shuffled = replace(facts, solutions=tuple(shuffled_solutions), kris=tuple(shuffled_kris))
    assert score(shuffled, model) == score(facts, model)


@given(facts=risks(), model=st.sampled_from(MODELS))
def test_a_red_indicator_raises_the_likelihood_one_step_and_its_return_lowers_it(facts, model):
    calm = replace(facts, kris=tuple(replace(k, status="green") for k in facts.kris))
    alarmed = replace(facts, kris=(*calm.kris, KriStatus("red", "Complaints", "red")))
    quiet, raised = score(calm, model).inherent, score(alarmed, model).inherent
    assert raised.likelihood == min(model.size, quiet.likelihood + 1)
    assert raised.impact == quiet.impact
