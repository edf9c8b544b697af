"""Scoring models held as data: what a definition may say, and what it means."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from metrics_scoring.domain.appetite import Appetite
from metrics_scoring.domain.calculation import Assessment, RiskFacts, ScoringContext, compute
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.scoring import ScoringModel
from riskplatform.errors import InvalidInput
from tests.unit.metrics_scoring.factories import default_definition, default_model

DEFAULT = default_model()


def model(**changes: Any) -> ScoringModel:
    return ScoringModel.from_definition("test", 1, default_definition() | changes)


@pytest.mark.parametrize(
    ("score", "level"),
    [
        (1, "low"),
        (4, "low"),
        (5, "medium"),
        (9, "medium"),
        (10, "high"),
        (16, "high"),
        (17, "critical"),
        (25, "critical"),
    ],
)
def test_bands_meet_at_their_boundaries(score, level):
    assert DEFAULT.level(score) == level


def test_the_seeded_default_model_reads_with_the_defaults_of_later_fields():
    assert DEFAULT.size == 5
    assert DEFAULT.from_assessment == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5}
    assert DEFAULT.impact_aggregation == "max"
    assert DEFAULT.review_cadence_days == {"low": 365, "medium": 180, "high": 90, "critical": 30}
    assert DEFAULT.catch_all


def test_a_definition_reads_back_from_what_it_stores():
    weighted = model(
        impact_aggregation="weighted",
        impact_weights={"financial": 2, "supply": 1},
        categories=["supply_chain"],
    )
    assert ScoringModel.from_definition("test", 1, weighted.definition()) == weighted


SIX = {
    "scale": {"min": 1, "max": 6},
    "bands": [
        {"level": "low", "min": 1, "max": 6},
        {"level": "medium", "min": 7, "max": 14},
        {"level": "high", "min": 15, "max": 24},
        {"level": "critical", "min": 25, "max": 36},
    ],
}
THREE = {
    "scale": {"min": 1, "max": 3},
    "from_assessment": {"1": 1, "2": 1, "3": 2, "4": 3, "5": 3},
    "bands": [
        {"level": "low", "min": 1, "max": 2},
        {"level": "medium", "min": 3, "max": 4},
        {"level": "high", "min": 5, "max": 9},
    ],
    "review_cadence_days": {"low": 365, "medium": 180, "high": 60},
}


def test_a_6x6_model_keeps_intake_ratings_as_they_are():
    six = model(**SIX)
    assert (six.size, [six.point(r) for r in range(1, 6)]) == (6, [1, 2, 3, 4, 5])
    assert six.level(36) == "critical"


def test_a_3x3_model_folds_intake_ratings_as_its_map_says():
    three = model(**THREE)
    assert [three.point(r) for r in range(1, 6)] == [1, 1, 2, 3, 3]
    assert [b.level for b in three.bands] == ["low", "medium", "high"]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"scale": {"min": 1, "max": 7}}, "definition.scale"),
        ({"scale": {"min": 0, "max": 5}}, "definition.scale"),
        ({**THREE, "from_assessment": None}, "definition.fromAssessment"),
        (
            {**THREE, "from_assessment": {"1": 1, "2": 3, "3": 2, "4": 3, "5": 3}},
            "definition.fromAssessment",
        ),
        (
            {**THREE, "from_assessment": {"1": 1, "2": 1, "3": 2, "4": 3}},
            "definition.fromAssessment",
        ),
        (
            {**THREE, "from_assessment": {"1": 1, "2": 1, "3": 2, "4": 3, "5": 4}},
            "definition.fromAssessment",
        ),
        ({"impact_dimensions": ["safety", "financial"]}, "definition.impactDimensions"),
        ({"impact_aggregation": "mean"}, "definition.impactAggregation"),
        ({"impact_aggregation": "weighted"}, "definition.impactWeights"),
        (
            {"impact_aggregation": "weighted", "impact_weights": {"weather": 1}},
            "definition.impactWeights",
        ),
        ({"impact_weights": {"financial": 1}}, "definition.impactWeights"),
        (
            {
                "bands": [
                    {"level": "low", "min": 1, "max": 9},
                    {"level": "high", "min": 11, "max": 25},
                ]
            },
            "definition.bands",
        ),
        (
            {
                "bands": [
                    {"level": "low", "min": 1, "max": 10},
                    {"level": "high", "min": 10, "max": 25},
                ]
            },
            "definition.bands",
        ),
        ({"bands": [{"level": "low", "min": 1, "max": 25}]}, "definition.bands"),
        (
            {
                "bands": [
                    {"level": "high", "min": 1, "max": 9},
                    {"level": "low", "min": 10, "max": 25},
                ]
            },
            "definition.bands",
        ),
        (
            {
                "bands": [
                    {"level": "low", "min": 1, "max": 9},
                    {"level": "severe", "min": 10, "max": 25},
                ]
            },
            "definition.bands",
        ),
        ({"review_cadence_days": {"low": 365}}, "definition.reviewCadenceDays"),
        (
            {"review_cadence_days": {"low": 0, "medium": 1, "high": 1, "critical": 1}},
            "definition.reviewCadenceDays",
        ),
        ({"categories": ["weather"]}, "definition.categories"),
    ],
)
def test_a_definition_that_makes_no_sense_is_refused_naming_the_field(changes, field):
    with pytest.raises(InvalidInput) as refused:
        model(**changes)
    assert refused.value.field == field


def test_the_worst_dimension_is_the_impact_by_default():
    assert DEFAULT.aggregate_impact({"regulatory": 1, "financial": 4, "supply": 2}, False)[0] == 4


WEIGHTED = model(
    impact_aggregation="weighted",
    impact_weights={"financial": 3, "supply": 2, "reputation": 1, "regulatory": 2},
)


def test_a_weighted_model_takes_the_weighted_mean_rounded_half_up_for_other_risks():
    impact, how = WEIGHTED.aggregate_impact({"financial": 2, "supply": 4, "reputation": 1}, False)
    assert impact == 3  # (3x2 + 2x4 + 1x1) / 6 = 2.5
    assert "weighted mean (2.50" in how


def test_a_weighted_model_never_averages_safety_away():
    ratings = {"financial": 2, "supply": 4, "reputation": 1}
    assert WEIGHTED.aggregate_impact(ratings, safety_risk=True)[0] == 4
    assert WEIGHTED.aggregate_impact(ratings | {"safety": 5}, safety_risk=False)[0] == 5


def test_dimensions_without_weight_fall_back_to_the_worst():
    assert WEIGHTED.aggregate_impact({"safety": 1}, False)[0] == 1
    unweighted = model(impact_aggregation="weighted", impact_weights={"financial": 1})
    assert unweighted.aggregate_impact({"supply": 4, "reputation": 2}, False)[0] == 4


def test_a_risk_whose_category_is_not_known_yet_takes_the_worst_dimension():
    ratings = {"financial": 2, "supply": 4, "reputation": 1}
    facts = RiskFacts(
        "r", "d", None, Assessment("a", 2, 3, ratings, None, datetime(2026, 11, 20, tzinfo=UTC))
    )
    context = ScoringContext((WEIGHTED,), DivisionTree({}), {})
    assert compute(facts, context, date(2026, 11, 25)).inherent.impact == 4
    known = RiskFacts("r", "d", "financial", facts.assessment)
    assert compute(known, context, date(2026, 11, 25)).inherent.impact == 3


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"safety_reduction_max_steps": -1}, "definition.safetyReductionMaxSteps"),
        ({"safety_reduction_max_steps": 5}, "definition.safetyReductionMaxSteps"),  # N = 5
        ({"high_priority_min_level": "severe"}, "definition.highPriorityMinLevel"),
    ],
)
def test_the_safety_guard_parameters_are_checked(changes, field):
    with pytest.raises(InvalidInput) as refused:
        model(**changes)
    assert refused.value.field == field


def test_the_safety_guard_has_defaults_and_reads_back():
    assert (DEFAULT.safety_reduction_max_steps, DEFAULT.high_priority_min_level) == (2, "high")
    strict = model(safety_reduction_max_steps=1, high_priority_min_level="critical")
    assert ScoringModel.from_definition("test", 1, strict.definition()) == strict


def test_action_priority_high_lifts_to_the_nearest_level_the_model_has():
    assert DEFAULT.at_least("low", "high") == "high"
    assert DEFAULT.at_least("critical", "high") == "critical"
    two = model(
        bands=[{"level": "low", "min": 1, "max": 9}, {"level": "medium", "min": 10, "max": 25}],
        review_cadence_days={"low": 365, "medium": 90},
    )
    assert two.at_least("low", "high") == "medium"  # its top level


def test_a_zero_weight_never_zeroes_a_rated_dimension():
    zero = model(impact_aggregation="weighted", impact_weights={"financial": 3, "regulatory": 0})
    assert zero.aggregate_impact({"financial": 1, "regulatory": 5}, False)[0] == 2  # not 1


A, R, U = "acceptable", "reduce_as_far_as_practicable", "unacceptable"


@pytest.mark.parametrize(
    "acceptability",
    [
        [[A] * 5] * 4,  # four rows for a 5 x 5 matrix
        [[A] * 5] * 4 + [[A, A, A, A, "tolerable"]],
        [[A] * 5] * 4 + [[A, A, A, U, R]],  # less acceptable at a lower impact
        [[A] * 5] * 3 + [[R] * 5, [A] * 5],  # less acceptable at a lower likelihood
    ],
)
def test_a_bad_acceptability_is_refused_naming_it(acceptability):
    with pytest.raises(InvalidInput) as refused:
        model(acceptability=acceptability)
    assert refused.value.field == "definition.acceptability"


def test_the_default_acceptability_comes_from_the_bands_and_reads_back():
    assert DEFAULT.acceptability_of(1, 4) == A  # 4: low
    assert DEFAULT.acceptability_of(3, 3) == R  # 9: medium
    assert DEFAULT.acceptability_of(4, 4) == R  # 16: high
    assert DEFAULT.acceptability_of(4, 5) == U  # 20: critical
    assert ScoringModel.from_definition("default-5x5", 1, DEFAULT.definition()) == DEFAULT
    given = [[A] * 5] * 4 + [[R] * 5]
    assert model(acceptability=given).acceptability_of(5, 1) == R


def test_an_appetite_set_by_level_fits_every_models_scale():
    """'Within up to medium, watch up to high' is the top of the medium and the high band
    of whichever model scores the risk: 9 and 16 on the 5 x 5, 4 and 9 on a 3 x 3 (which
    has no critical band), 14 and 24 on a 6 x 6."""
    by_level = Appetite("d", "operational", None, None, 1, "medium", "high")
    five, three, six = default_model(), model(**THREE), model(**SIX)

    assert by_level.thresholds(five.top_of) == (9, 16)
    assert by_level.thresholds(three.top_of) == (4, 9)
    assert by_level.thresholds(six.top_of) == (14, 24)
    assert [by_level.status(s, three.top_of) for s in (4, 5, 9)] == ["within", "watch", "watch"]
    assert [by_level.status(s, six.top_of) for s in (14, 24, 25)] == ["within", "watch", "breach"]
    # a model without a band as low as the appetite: nothing is within it
    assert model(**THREE).top_of("low") == 2
    highs_only = model(
        scale={"min": 1, "max": 3},
        from_assessment={"1": 1, "2": 1, "3": 2, "4": 3, "5": 3},
        bands=[{"level": "medium", "min": 1, "max": 4}, {"level": "high", "min": 5, "max": 9}],
        review_cadence_days={"medium": 180, "high": 60},
    )
    assert highs_only.top_of("low") == 0


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        (
            {"appetite": 4, "tolerance": 9, "appetite_level": "low", "tolerance_level": "high"},
            "appetite",
        ),
        ({"appetite_level": "modest", "tolerance_level": "high"}, "appetiteLevel"),
        ({"appetite_level": "low"}, "toleranceLevel"),
        ({"appetite_level": "high", "tolerance_level": "medium"}, "toleranceLevel"),
    ],
)
def test_an_appetite_by_level_is_checked_and_the_field_named(settings, field):
    values = {"appetite": None, "tolerance": None} | settings
    with pytest.raises(InvalidInput) as refused:
        Appetite("d", "operational", **values)
    assert refused.value.field == field


def test_a_childs_appetite_by_level_stays_within_its_parents_set_the_same_way():
    parent = Appetite("root", "operational", None, None, 1, "medium", "high")

    Appetite("child", "operational", None, None, 1, "low", "high").check_within(parent)
    with pytest.raises(InvalidInput) as looser:
        Appetite("child", "operational", None, None, 1, "medium", "critical").check_within(parent)
    assert looser.value.field == "toleranceLevel"
    with pytest.raises(InvalidInput) as mixed:
        Appetite("child", "operational", 4, 9).check_within(parent)
    assert mixed.value.field == "appetiteLevel"
