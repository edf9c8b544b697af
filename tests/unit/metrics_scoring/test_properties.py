"""Properties of scoring, over generated risks (hypothesis): a residual is never above the
inherent score, the target never above the current residual, more effective solutions
never raise a score, and AppetiteRestored comes only back within appetite. (That the
same events in any order, with duplicates, give the same final scores is shown against
the real database in tests/integration/metrics_scoring/test_delivery_order.py.)"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from metrics_scoring.domain.appetite import Appetite
from metrics_scoring.domain.calculation import (
    Assessment,
    FmeaRatings,
    RiskFacts,
    ScoreResult,
    ScoringContext,
    compute,
)
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.events import AppetiteBreached, AppetiteRestored, Cause
from metrics_scoring.domain.kri import KriStatus
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.domain.scoring import CATEGORIES, INTAKE_DIMENSIONS, LEVELS, ScoringModel
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
fmea_ratings = st.integers(1, 10)


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
            "a",
            2,
            draw(ratings),
            impact,
            draw(st.none() | st.builds(FmeaRatings, fmea_ratings, fmea_ratings, fmea_ratings)),
            datetime(2026, 11, 20, tzinfo=UTC),
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


@settings(deadline=None)  # a slow moment of a shared machine is no failure
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


# A solution's life towards "live": each step may leave every residual where it was or
# lower it, never raise it (issue: an untested control going active raised the target).
LIFECYCLE = [
    ("planned", None),
    ("in_progress", None),
    ("active", None),
    ("active", "passed"),
]


@settings(max_examples=300)
@given(facts=risks(), model=st.sampled_from(MODELS), added=solutions(9), start=st.integers(0, 3))
def test_no_step_of_a_solution_towards_live_raises_a_residual(facts, model, added, start):
    steps = [
        replace(added, status=status, test_result=test, next_test_due=None)
        for status, test in LIFECYCLE[start:]
    ]
    scores = [score(replace(facts, solutions=(*facts.solutions, s)), model) for s in steps]
    for before, after in pairwise(scores):
        not_higher(after, before)
    for result in scores:
        assert result.target_residual.score <= result.current_residual.score
        assert result.current_residual.score <= result.inherent.score


CAUSE = Cause("event", "RiskChanged")
NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)


@st.composite
def appetites(draw: st.DrawFn) -> Appetite:
    """In score points or, as often, in levels of the model (read on the risk's model)."""
    if draw(st.booleans()):
        low = draw(st.integers(0, len(LEVELS) - 1))
        high = draw(st.integers(low, len(LEVELS) - 1))
        return Appetite(
            "division",
            "operational",
            None,
            None,
            draw(st.integers(0, 6)),
            LEVELS[low],
            LEVELS[high],
        )
    appetite = draw(st.integers(1, 25))
    return Appetite(
        "division",
        "operational",
        appetite,
        draw(st.integers(appetite, 25)),
        draw(st.integers(0, 6)),
    )


def announced(score: RiskScore, since: int) -> list[type]:
    return [type(e) for e in score.events[since:] if isinstance(e, AppetiteBreached)]


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(
        st.tuples(
            risks(),
            st.none() | appetites(),
            st.sampled_from([None, "open", "mitigating", "accepted", "closed"]),
            st.booleans(),
        ),
        min_size=1,
        max_size=12,
    )
)
def test_restored_only_when_within_appetite_and_crossings_alternate(steps):
    score, model = RiskScore.unscored("risk"), MODELS[0]
    for facts, appetite, status, retired in steps:
        facts = replace(facts, category="operational", status=status, retired=retired)
        given_appetite = {("division", "operational"): appetite} if appetite else {}
        context = ScoringContext((model,), DivisionTree({}), given_appetite)
        since = len(score.events)
        score.update(compute(facts, context, TODAY), CAUSE, NOW)
        result = score.result
        assert result is not None
        for crossed in announced(score, since):
            assert result.tracked and result.appetite is not None
            residual = result.current_residual.score
            if crossed is AppetiteRestored:
                assert result.appetite.status == "within"
                assert residual <= max(1, result.appetite.appetite - result.appetite.hysteresis)
            else:
                assert result.appetite.status == "breach"
    crossings = announced(score, 0)
    assert crossings == [(AppetiteBreached, AppetiteRestored)[i % 2] for i in range(len(crossings))]
    assert score.in_breach == (len(crossings) % 2 == 1)


@settings(deadline=None)
@given(facts=risks(), readings=st.integers(2, 12), hysteresis=st.integers(1, 6))
def test_a_residual_going_to_and_fro_across_a_threshold_does_not_flap(facts, readings, hysteresis):
    """A KRI alternating around red, with the appetite at the calm residual."""
    model = MODELS[0]
    calm = replace(facts, kris=(), category="operational", status="open", retired=False)
    calm_residual = score(calm, model).current_residual.score
    assume(calm_residual > 1)  # an appetite of 1 has no room below it for a band
    appetite = Appetite("division", "operational", calm_residual, calm_residual, hysteresis)
    context = ScoringContext((model,), DivisionTree({}), {("division", "operational"): appetite})
    risk = RiskScore.unscored("risk")
    for n in range(readings):
        status = "red" if n % 2 == 0 else "green"
        alarmed = replace(calm, kris=(KriStatus("k", "Complaints", status),))
        risk.update(compute(alarmed, context, TODAY), CAUSE, NOW)
    crossings = announced(risk, 0)
    assert AppetiteRestored not in crossings
    assert len(crossings) <= 1


@settings(max_examples=300, deadline=None)
@given(facts=risks(), model=st.sampled_from(MODELS))
def test_the_safety_guard_holds_for_every_risk(facts, model):
    """Solutions lower a rated safety impact at most the model's steps; action priority
    high leaves no level below high (or the model's top level); a product-safety or EHS
    risk without a safety rating is due for review at once."""
    result = score(facts, model)
    assessment = facts.assessment
    assert assessment is not None
    safety = assessment.impact.get("safety")
    if safety is not None:
        floor = max(1, model.point(safety) - model.safety_reduction_max_steps)
        for residual in (result.current_residual, result.target_residual):
            assert residual.impact >= min(floor, result.inherent.impact)
    if result.fmea is not None and result.fmea.action_priority == "high":
        levels = [band.level for band in model.bands]
        least = next((lv for lv in levels if LEVELS.index(lv) >= LEVELS.index("high")), levels[-1])
        for scores in (result.inherent, result.current_residual, result.target_residual):
            assert LEVELS.index(scores.level) >= LEVELS.index(least)
    unrated = facts.category in ("product_safety", "ehs") and safety is None
    assert ("safety_not_rated" in result.flags) == unrated
    if unrated:
        assert result.next_review_due == assessment.assessed_at.date()
