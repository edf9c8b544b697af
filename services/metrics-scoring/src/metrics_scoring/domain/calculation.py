"""A risk's scores as a pure function of what is known about it: its latest assessment,
its linked solutions, its key risk indicators, the scoring model that covers its
category and the appetite that applies to its division. The same facts always give the
same result, whatever order the events that told us them arrived in. docs/scoring.md
explains every step with worked examples."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from fractions import Fraction

from metrics_scoring.domain.appetite import DEFAULT_HYSTERESIS, Appetite, applicable, restores
from metrics_scoring.domain.controls import MITIGATING, PREVENTIVE, Solution, reduce, remaining
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.fmea import Fmea
from metrics_scoring.domain.kri import AMBER, GREEN, RED, KriStatus
from metrics_scoring.domain.scoring import (
    ACCEPTABLE,
    REDUCE,
    SAFETY_DIMENSION,
    ModelRef,
    ScoringModel,
)
from riskplatform.vocabulary import SAFETY_CATEGORIES


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
class Acceptance:
    """A risk's formal acceptance, as risk-intake recorded it (ADR 27); ``expired`` is
    set when scored: the day it held until has passed."""

    accepted_by: str
    accepted_at: datetime
    rationale: str | None
    expires_on: date
    expired: bool = False


@dataclass(frozen=True)
class RiskFacts:
    """Everything known about a risk that its scores depend on."""

    risk_id: str
    division_id: str
    category: str | None
    assessment: Assessment | None
    solutions: tuple[Solution, ...] = ()
    kris: tuple[KriStatus, ...] = ()
    status: str | None = None  # the workflow status, None until RiskCaptured/RiskChanged
    retired: bool = False
    acceptance: Acceptance | None = None  # while accepted, if formally


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
    # the model's acceptability of the cell (ISO 14971 style); None in results stored
    # before models had it
    acceptability: str | None = None


@dataclass(frozen=True)
class AppetiteResult:
    status: str
    appetite: int
    tolerance: int
    division_id: str  # where the thresholds were set: the risk's division or an ancestor
    hysteresis: int = DEFAULT_HYSTERESIS  # a breach ends at appetite - hysteresis (>= 1)
    accepted: bool = False  # the risk is accepted (and its acceptance has not expired)
    # when the appetite is set by level: the levels that the points above stand for
    appetite_level: str | None = None
    tolerance_level: str | None = None

    def restores(self, residual_score: int) -> bool:
        return restores(residual_score, self.appetite, self.hysteresis)


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
class ScoreOutcome:
    """What a score says of a risk; the RiskScored event carries these fields too."""

    division_id: str
    category: str | None
    model: ModelRef
    inherent: Scores
    current_residual: Scores
    target_residual: Scores
    fmea: Fmea | None
    appetite: AppetiteResult | None
    next_review_due: date


@dataclass(frozen=True)
class ScoreResult(ScoreOutcome):
    expires_on: date | None  # the first day the passing of time alone changes this result
    inputs: ScoreInputs
    explanation: tuple[str, ...]
    status: str | None = None  # the risk's workflow status, as scoring last heard it
    retired: bool = False
    tracked: bool = True  # False: accepted, closed or retired; in no breach or overdue list
    flags: tuple[str, ...] = ()  # what the safety guard did (SAFETY_FLAGS)
    acceptance: Acceptance | None = None  # while the risk is formally accepted


def compute(facts: RiskFacts, context: ScoringContext, today: date) -> ScoreResult:
    """Score an assessed risk (``facts.assessment`` is set)."""
    assessment = facts.assessment
    assert assessment is not None, "only assessed risks have scores"
    model = context.model_for(facts.category)
    why: list[str] = [_model_line(model)]

    assessed = model.point(assessment.likelihood)
    kris = tuple(sorted((k.as_of(today) for k in facts.kris), key=lambda k: (k.name, k.kri_id)))
    uplift = max((k.steps for k in kris), default=0)
    likelihood = min(model.size, assessed + uplift)
    why.append(
        f"Likelihood {_rated(assessed, assessment.likelihood)} as assessed on"
        f" {assessment.assessed_at.date().isoformat()}."
    )
    if uplift:
        why.append(
            f"Raised to {likelihood} (at most {model.size}) because these key risk"
            f" indicators are {_raising(kris)}."
        )
    stale = [k for k in kris if k.stale and k.status != GREEN]
    if stale:
        why.append(
            "No longer counted, their latest reading older than their staleness period: "
            + ", ".join(f"{k.name} ({k.status}, read {k.observed_on})" for k in stale)
            + "."
        )
    points = {d: model.point(r) for d, r in sorted(assessment.impact.items())}
    safety_risk = facts.category is None or facts.category in SAFETY_CATEGORIES
    impact, how = model.aggregate_impact(points, safety_risk)
    rated = ", ".join(f"{d} {_rated(p, assessment.impact[d])}" for d, p in points.items())
    why.append(f"Impact {impact}: {how} of {rated}.")
    inherent = _scores(model, likelihood, impact)
    why.append(f"Inherent {_product(inherent)}.")
    flags: list[str] = []
    safety_point = points.get(SAFETY_DIMENSION)
    # The safety guard: solutions lower a rated safety impact a bounded number of steps.
    impact_floor = max(1, safety_point - model.safety_reduction_max_steps) if safety_point else 1

    solutions = sorted(
        facts.solutions, key=lambda s: (s.kind != PREVENTIVE, s.title, s.solution_id)
    )
    inputs = [_solution_input(s, today) for s in solutions]
    why.extend(_solution_line(s, i) for s, i in zip(solutions, inputs, strict=True))
    left_now = _left(solutions, lambda s: s.effectiveness(today))
    left_at_target = _left(solutions, lambda s: s.target_effectiveness(today))
    current = _residual(model, inherent, left_now, impact_floor)
    target = _residual(model, inherent, left_at_target, impact_floor)
    why.append(_residual_line("Current residual", inherent, current, left_now))
    why.append(_residual_line("Target residual", inherent, target, left_at_target))
    if any(
        residual.impact > reduce(inherent.impact, left[MITIGATING])
        for residual, left in ((current, left_now), (target, left_at_target))
    ):
        flags.append(SAFETY_REDUCTION_CAPPED)
        why.append(
            f"Safety guard: solutions lower the safety impact {safety_point} by at most"
            f" {model.safety_reduction_max_steps} steps, so the residual impact is at least"
            f" {impact_floor}."
        )

    fmea = None
    if assessment.fmea is not None:
        ratings = assessment.fmea
        fmea = Fmea.rate(ratings.severity, ratings.occurrence, ratings.detection)
        why.append(
            f"FMEA: RPN {fmea.severity} x {fmea.occurrence} x {fmea.detection} = {fmea.rpn};"
            f" AIAG & VDA action priority {fmea.action_priority}."
        )
        if fmea.action_priority == "high":
            floor = model.high_priority_min_level
            lifted = [_needs_action(s, model) for s in (inherent, current, target)]
            if lifted != [inherent, current, target]:
                inherent, current, target = lifted
                flags.append(HIGH_ACTION_PRIORITY)
                why.append(
                    f"Safety guard: action priority high lifts every level to at least"
                    f" {model.at_least('low', floor)}: inherent {inherent.level}, current"
                    f" residual {current.level}, target residual {target.level}."
                )

    acceptance = None
    if facts.status == ACCEPTED_STATUS and facts.acceptance is not None:
        acceptance = replace(facts.acceptance, expired=today > facts.acceptance.expires_on)
    accepted = facts.status == ACCEPTED_STATUS and not (acceptance and acceptance.expired)
    appetite = applicable(
        context.appetites, context.tree.lineage(facts.division_id), facts.category
    )
    appetite_result = None
    if appetite is None:
        why.append(f"No appetite is set for {facts.category or 'its category'} here or above.")
    else:
        within, watch = appetite.thresholds(model.top_of)
        appetite_result = AppetiteResult(
            appetite.status(current.score, model.top_of),
            within,
            watch,
            appetite.division_id,
            appetite.hysteresis,
            accepted,
            appetite.appetite_level,
            appetite.tolerance_level,
        )
        levels = (
            f" (levels {appetite.appetite_level} and {appetite.tolerance_level} on this model)"
            if appetite.by_level
            else ""
        )
        why.append(
            f"Appetite for {appetite.category} (set on division {appetite.division_id}):"
            f" within up to {within}, watch up to {watch}{levels}; current"
            f" residual {current.score} is {appetite_result.status}."
        )

    cadence = model.review_cadence_days[current.level]
    next_review_due = assessment.assessed_at.date() + timedelta(days=cadence)
    if facts.category in SAFETY_CATEGORIES and SAFETY_DIMENSION not in assessment.impact:
        flags.append(SAFETY_NOT_RATED)
        next_review_due = assessment.assessed_at.date()
        why.append(
            f"Next review by {next_review_due.isoformat()}: the assessment of this"
            f" {facts.category} risk rates no safety impact, so the safety guard makes it due"
            " at once; reassess it with a safety rating."
        )
    elif acceptance is not None and acceptance.expires_on < next_review_due:
        next_review_due = acceptance.expires_on
        why.append(
            f"Next review by {next_review_due.isoformat()}: when the acceptance ends, before"
            f" the {cadence} days for a {current.level} current residual."
        )
    else:
        why.append(
            f"Next review by {next_review_due.isoformat()}: every {cadence} days for a"
            f" {current.level} current residual, counted from the assessment."
        )
    tracked = is_tracked(facts.status, facts.retired, acceptance)
    if facts.retired:
        why.append("The risk is retired: it is left out of the breach and review-overdue lists.")
    elif acceptance is not None:
        why.append(_acceptance_line(acceptance))
    elif not tracked:
        why.append(
            f"The risk is {facts.status}: it is left out of the breach and review-overdue lists."
        )
    last_days = [day for s in solutions if (day := s.counts_until(today)) is not None]
    if acceptance is not None and not acceptance.expired:
        last_days.append(acceptance.expires_on)
    last_days += [day for k in kris if not k.stale and (day := k.last_counting_day()) is not None]
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
            kris=kris,
            solutions=tuple(inputs),
        ),
        explanation=tuple(why),
        status=facts.status,
        retired=facts.retired,
        tracked=tracked,
        flags=tuple(flags),
        acceptance=acceptance,
    )


# Workflow statuses after which a risk is no longer watched: it was accepted as it is, or
# closed. Retired risks are not watched either.
ACCEPTED_STATUS = "accepted"
SETTLED_STATUSES = frozenset({ACCEPTED_STATUS, "closed"})


def is_tracked(status: str | None, retired: bool, acceptance: Acceptance | None = None) -> bool:
    """Whether the breach and review-overdue lists include the risk. A risk whose status
    is not known yet is tracked; an accepted one is again once its acceptance expired."""
    if retired:
        return False
    if status == ACCEPTED_STATUS and acceptance is not None and acceptance.expired:
        return True
    return status not in SETTLED_STATUSES


def _acceptance_line(acceptance: Acceptance) -> str:
    given = (
        f"The risk was accepted by {acceptance.accepted_by} on"
        f" {acceptance.accepted_at.date().isoformat()}"
        + (f" ({acceptance.rationale})" if acceptance.rationale else "")
    )
    if acceptance.expired:
        return (
            f"{given}, until {acceptance.expires_on.isoformat()}: that acceptance has expired,"
            " so the risk is back in review and in the breach and review-overdue lists."
        )
    return (
        f"{given}, until {acceptance.expires_on.isoformat()}: till then it is left out of the"
        " breach and review-overdue lists."
    )


def _raising(kris: tuple[KriStatus, ...]) -> str:
    """Which indicators raise the likelihood: the red ones, and the amber ones that count."""
    red = [k.name for k in kris if k.status == RED and k.steps]
    amber = [k.name for k in kris if k.status == AMBER and k.steps]
    parts = [f"red: {', '.join(red)}"] if red else []
    if amber:
        parts.append(f"amber, which counts for them: {', '.join(amber)}")
    return "; and ".join(parts)


def _scores(model: ScoringModel, likelihood: int, impact: int) -> Scores:
    score = likelihood * impact
    return Scores(
        likelihood, impact, score, model.level(score), model.acceptability_of(likelihood, impact)
    )


def _needs_action(scores: Scores, model: ScoringModel) -> Scores:
    """Action priority high: the level at least the model's floor, and never acceptable."""
    acceptability = REDUCE if scores.acceptability == ACCEPTABLE else scores.acceptability
    return replace(
        scores,
        level=model.at_least(scores.level, model.high_priority_min_level),
        acceptability=acceptability,
    )


def _left(
    solutions: list[Solution], effectiveness: Callable[[Solution], Fraction]
) -> dict[str, Fraction]:
    """What the preventive and the mitigating layers leave of likelihood and impact."""
    return {
        kind: remaining(effectiveness(s) for s in solutions if s.kind == kind)
        for kind in (PREVENTIVE, MITIGATING)
    }


def _residual(
    model: ScoringModel, inherent: Scores, left: dict[str, Fraction], impact_floor: int
) -> Scores:
    return _scores(
        model,
        reduce(inherent.likelihood, left[PREVENTIVE]),
        max(reduce(inherent.impact, left[MITIGATING]), min(impact_floor, inherent.impact)),
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
    reduced = reduce(inherent.impact, left[MITIGATING])
    guarded = "" if reduced == residual.impact else f", at least {residual.impact} (safety guard)"
    return (
        f"{name}: likelihood {inherent.likelihood} x {_percent(left[PREVENTIVE])} left"
        f" -> {residual.likelihood}, impact {inherent.impact} x"
        f" {_percent(left[MITIGATING])} left -> {reduced} (rounded up){guarded};"
        f" {_product(residual)}."
    )


# What the safety guard did to a score (ADR 29).
SAFETY_NOT_RATED = "safety_not_rated"  # a product_safety or ehs risk assessed without safety
HIGH_ACTION_PRIORITY = "high_action_priority"  # FMEA action priority high lifted the levels
SAFETY_REDUCTION_CAPPED = "safety_reduction_capped"  # solutions lowered safety all they may
SAFETY_FLAGS = (SAFETY_NOT_RATED, HIGH_ACTION_PRIORITY, SAFETY_REDUCTION_CAPPED)
