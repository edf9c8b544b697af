"""A risk's scores as a pure function of what is known about it: its latest assessment,
its linked solutions, its key risk indicators, the scoring model that covers its
category and the appetite that applies to its division. The same facts always give the
same result, whatever order the events that told us them arrived in. docs/scoring.md
explains every step with worked examples."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fractions import Fraction

from metrics_scoring.domain.appetite import Appetite, applicable
from metrics_scoring.domain.controls import MITIGATING, PREVENTIVE, Solution, reduce, remaining
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.fmea import Fmea
from metrics_scoring.domain.kri import RED, RED_LIKELIHOOD_STEPS, KriStatus
from metrics_scoring.domain.scoring import SAFETY_CATEGORIES, ModelRef, ScoringModel


@dataclass(frozen=True)
class FmeaRatings:
    severity: int
    occurrence: int
    detection: int


@dataclass(frozen=True)
class Assessment:
    assessment_id: str
    risk_version: int
    likelihood: int
    impact: Mapping[str, int]
    fmea: FmeaRatings | None
    assessed_at: datetime


@dataclass(frozen=True)
class RiskFacts:
    """Everything known about a risk that its scores depend on."""

    risk_id: str
    division_id: str
    category: str | None
    assessment: Assessment | None
    solutions: tuple[Solution, ...] = ()
    kris: tuple[KriStatus, ...] = ()


@dataclass(frozen=True)
class ScoringContext:
    """What holds for every risk: the published models, the division tree, appetites."""

    models: tuple[ScoringModel, ...]
    tree: DivisionTree
    appetites: Mapping[tuple[str, str], Appetite]

    def model_for(self, category: str | None) -> ScoringModel:
        """The published model that claims the category, else the catch-all one."""
        claiming = [m for m in self.models if category in m.categories]
        catch_all = [m for m in self.models if m.catch_all]
        chosen = claiming or catch_all
        if not chosen:
            raise LookupError(f"no published scoring model covers category {category!r}")
        return chosen[0]


@dataclass(frozen=True)
class Scores:
    likelihood: int
    impact: int
    score: int
    level: str


@dataclass(frozen=True)
class AppetiteResult:
    status: str
    appetite: int
    tolerance: int
    division_id: str  # where the thresholds were set: the risk's division or an ancestor


@dataclass(frozen=True)
class SolutionInput:
    solution_id: str
    title: str
    kind: str
    status: str
    design_effectiveness: int
    test: str
    effectiveness: float  # 0 to 1, now
    target_effectiveness: float  # 0 to 1, once planned work is done


@dataclass(frozen=True)
class ScoreInputs:
    assessment_id: str
    risk_version: int
    likelihood: int  # as assessed, on intake's 1-5 scale
    impact: Mapping[str, int]  # as assessed
    assessed_at: datetime
    kri_uplift: int
    kris: tuple[KriStatus, ...]
    solutions: tuple[SolutionInput, ...]


@dataclass(frozen=True)
class ScoreResult:
    division_id: str
    category: str | None
    model: ModelRef
    inherent: Scores
    current_residual: Scores
    target_residual: Scores
    fmea: Fmea | None
    appetite: AppetiteResult | None
    next_review_due: date
    expires_on: date | None  # the first day the passing of time alone changes this result
    inputs: ScoreInputs
    explanation: tuple[str, ...]


def compute(facts: RiskFacts, context: ScoringContext, today: date) -> ScoreResult:
    """Score an assessed risk (``facts.assessment`` is set)."""
    assessment = facts.assessment
    assert assessment is not None, "only assessed risks have scores"
    model = context.model_for(facts.category)
    why: list[str] = [_model_line(model)]

    assessed = model.point(assessment.likelihood)
    red = sorted(k.name for k in facts.kris if k.status == RED)
    uplift = RED_LIKELIHOOD_STEPS if red else 0
    likelihood = min(model.size, assessed + uplift)
    why.append(
        f"Likelihood {_rated(assessed, assessment.likelihood)} as assessed on"
        f" {assessment.assessed_at.date().isoformat()}."
    )
    if uplift:
        why.append(
            f"Raised to {likelihood} (at most {model.size}) because these key risk"
            f" indicators are red: {', '.join(red)}."
        )
    points = {d: model.point(r) for d, r in sorted(assessment.impact.items())}
    safety_risk = facts.category is None or facts.category in SAFETY_CATEGORIES
    impact, how = model.aggregate_impact(points, safety_risk)
    rated = ", ".join(f"{d} {_rated(p, assessment.impact[d])}" for d, p in points.items())
    why.append(f"Impact {impact}: {how} of {rated}.")
    inherent = _scores(model, likelihood, impact)
    why.append(f"Inherent {_product(inherent)}.")

    solutions = sorted(
        facts.solutions, key=lambda s: (s.kind != PREVENTIVE, s.title, s.solution_id)
    )
    inputs = [_solution_input(s, today) for s in solutions]
    why.extend(_solution_line(s, i) for s, i in zip(solutions, inputs, strict=True))
    left_now = _left(solutions, lambda s: s.effectiveness(today))
    left_at_target = _left(solutions, lambda s: s.target_effectiveness(today))
    current = _residual(model, inherent, left_now)
    target = _residual(model, inherent, left_at_target)
    why.append(_residual_line("Current residual", inherent, current, left_now))
    why.append(_residual_line("Target residual", inherent, target, left_at_target))

    fmea = None
    if assessment.fmea is not None:
        ratings = assessment.fmea
        fmea = Fmea.rate(ratings.severity, ratings.occurrence, ratings.detection)
        why.append(
            f"FMEA: RPN {fmea.severity} x {fmea.occurrence} x {fmea.detection} = {fmea.rpn};"
            f" AIAG & VDA action priority {fmea.action_priority}."
        )

    appetite = applicable(
        context.appetites, context.tree.lineage(facts.division_id), facts.category
    )
    appetite_result = None
    if appetite is None:
        why.append(f"No appetite is set for {facts.category or 'its category'} here or above.")
    else:
        appetite_result = AppetiteResult(
            appetite.status(current.score),
            appetite.appetite,
            appetite.tolerance,
            appetite.division_id,
        )
        why.append(
            f"Appetite for {appetite.category} (set on division {appetite.division_id}):"
            f" within up to {appetite.appetite}, watch up to {appetite.tolerance}; current"
            f" residual {current.score} is {appetite_result.status}."
        )

    cadence = model.review_cadence_days[current.level]
    next_review_due = assessment.assessed_at.date() + timedelta(days=cadence)
    why.append(
        f"Next review by {next_review_due.isoformat()}: every {cadence} days for a"
        f" {current.level} current residual, counted from the assessment."
    )
    last_days = [day for s in solutions if (day := s.counts_until(today)) is not None]
    return ScoreResult(
        division_id=facts.division_id,
        category=facts.category,
        model=model.ref,
        inherent=inherent,
        current_residual=current,
        target_residual=target,
        fmea=fmea,
        appetite=appetite_result,
        next_review_due=next_review_due,
        expires_on=min(last_days) + timedelta(days=1) if last_days else None,
        inputs=ScoreInputs(
            assessment_id=assessment.assessment_id,
            risk_version=assessment.risk_version,
            likelihood=assessment.likelihood,
            impact=dict(assessment.impact),
            assessed_at=assessment.assessed_at,
            kri_uplift=uplift,
            kris=tuple(sorted(facts.kris, key=lambda k: (k.name, k.kri_id))),
            solutions=tuple(inputs),
        ),
        explanation=tuple(why),
    )


def _scores(model: ScoringModel, likelihood: int, impact: int) -> Scores:
    score = likelihood * impact
    return Scores(likelihood, impact, score, model.level(score))


def _left(
    solutions: list[Solution], effectiveness: Callable[[Solution], Fraction]
) -> dict[str, Fraction]:
    """What the preventive and the mitigating layers leave of likelihood and impact."""
    return {
        kind: remaining(effectiveness(s) for s in solutions if s.kind == kind)
        for kind in (PREVENTIVE, MITIGATING)
    }


def _residual(model: ScoringModel, inherent: Scores, left: dict[str, Fraction]) -> Scores:
    return _scores(
        model,
        reduce(inherent.likelihood, left[PREVENTIVE]),
        reduce(inherent.impact, left[MITIGATING]),
    )


def _solution_input(solution: Solution, today: date) -> SolutionInput:
    return SolutionInput(
        solution_id=solution.solution_id,
        title=solution.title,
        kind=solution.kind,
        status=solution.status,
        design_effectiveness=solution.design_effectiveness,
        test=solution.test_state(today),
        effectiveness=_ratio(solution.effectiveness(today)),
        target_effectiveness=_ratio(solution.target_effectiveness(today)),
    )


def _ratio(value: Fraction) -> float:
    return round(float(value), 4)


def _percent(value: float | Fraction) -> str:
    return f"{float(value) * 100:.4g} %"


def _rated(point: int, rating: int) -> str:
    return str(point) if point == rating else f"{point} (rated {rating} of 5)"


def _product(scores: Scores) -> str:
    return f"{scores.likelihood} x {scores.impact} = {scores.score} ({scores.level})"


def _model_line(model: ScoringModel) -> str:
    return (
        f"Model {model.model_id} v{model.version}: a {model.size} x {model.size} matrix,"
        f" levels {', '.join(f'{b.level} {b.min}-{b.max}' for b in model.bands)}."
    )


TEST_WORDS = {
    "passed_in_date": "test passed and in date",
    "overdue": "test passed but overdue",
    "failed": "test failed",
    "untested": "never tested",
}


def _solution_line(solution: Solution, given: SolutionInput) -> str:
    acts_on = "likelihood" if solution.kind == PREVENTIVE else "impact"
    return (
        f"{solution.title} ({solution.kind}, acts on {acts_on}): designed"
        f" {solution.design_effectiveness} %, {solution.status.replace('_', ' ')},"
        f" {TEST_WORDS[given.test]}: {_percent(given.effectiveness)} now,"
        f" {_percent(given.target_effectiveness)} at target."
    )


def _residual_line(name: str, inherent: Scores, residual: Scores, left: dict[str, Fraction]) -> str:
    return (
        f"{name}: likelihood {inherent.likelihood} x {_percent(left[PREVENTIVE])} left"
        f" -> {residual.likelihood}, impact {inherent.impact} x"
        f" {_percent(left[MITIGATING])} left -> {residual.impact} (rounded up);"
        f" {_product(residual)}."
    )
