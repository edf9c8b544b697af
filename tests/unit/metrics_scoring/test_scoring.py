"""The scoring function and the scoring model held as data."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from metrics_scoring.domain.scoring import ScoringModel, inherent_score
from riskplatform.errors import InvalidInput
from tests.unit.metrics_scoring.factories import default_definition, default_model

DEFAULT = default_model()
DIMENSIONS = DEFAULT.impact_dimensions


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


@pytest.mark.parametrize(
    ("likelihood", "impact", "score", "level"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 5, 5, "medium"),
        (3, 3, 9, "medium"),
        (2, 5, 10, "high"),
        (4, 4, 16, "high"),
        (4, 5, 20, "critical"),
        (5, 5, 25, "critical"),
    ],
)
def test_score_is_likelihood_times_impact(likelihood, impact, score, level):
    result = inherent_score(DEFAULT, likelihood, {"financial": impact})
    assert (result.score, result.level) == (score, level)


def test_impact_is_the_worst_dimension_so_safety_is_not_averaged_away():
    result = inherent_score(
        DEFAULT, 4, {"safety": 5, "regulatory": 1, "financial": 1, "supply": 1, "reputation": 1}
    )
    # a mean would make the impact 1.8 and the risk low
    assert (result.impact, result.score, result.level) == (5, 20, "critical")


@pytest.mark.parametrize(
    ("likelihood", "impact", "field"),
    [
        (0, {"safety": 3}, "likelihood"),
        (6, {"safety": 3}, "likelihood"),
        (3, {}, "impact"),
        (3, {"weather": 3}, "impact"),
        (3, {"safety": 6}, "impact.safety"),
        (3, {"supply": 0}, "impact.supply"),
    ],
)
def test_ratings_outside_the_model_are_refused_naming_the_field(likelihood, impact, field):
    with pytest.raises(InvalidInput) as refused:
        inherent_score(DEFAULT, likelihood, impact)
    assert refused.value.field == field


def test_the_default_model_is_the_seeded_definition():
    assert DEFAULT.scale == range(1, 6)
    assert DEFAULT.impact_dimensions == (
        "safety",
        "regulatory",
        "financial",
        "supply",
        "reputation",
    )
    assert DEFAULT.impact_aggregation == "max"
    assert [(b.level, b.min, b.max) for b in DEFAULT.bands] == [
        ("low", 1, 4),
        ("medium", 5, 9),
        ("high", 10, 16),
        ("critical", 17, 25),
    ]


@pytest.mark.parametrize(
    "change",
    [
        {"impact_aggregation": "mean"},
        {"bands": [{"level": "low", "min": 1, "max": 9}, {"level": "high", "min": 11, "max": 25}]},
        {"bands": [{"level": "low", "min": 1, "max": 10}, {"level": "high", "min": 10, "max": 25}]},
        {"bands": [{"level": "low", "min": 1, "max": 20}]},
    ],
)
def test_a_definition_with_an_unknown_aggregation_or_bad_bands_is_refused(change):
    with pytest.raises(ValueError):
        ScoringModel.from_definition("broken", 1, default_definition() | change)


ratings = st.integers(min_value=1, max_value=5)
impacts = st.dictionaries(st.sampled_from(DIMENSIONS), ratings, min_size=1)


@given(likelihood=ratings, impact=impacts)
def test_every_score_is_within_1_to_25_and_in_the_band_of_its_level(likelihood, impact):
    result = inherent_score(DEFAULT, likelihood, impact)
    assert 1 <= result.score <= 25
    assert result.score == likelihood * max(impact.values())
    band = next(b for b in DEFAULT.bands if b.level == result.level)
    assert band.min <= result.score <= band.max


@given(likelihood=ratings, impact=impacts, dimension=st.sampled_from(DIMENSIONS), worse=ratings)
def test_a_worse_rating_never_lowers_the_score(likelihood, impact, dimension, worse):
    before = inherent_score(DEFAULT, likelihood, impact)
    after = inherent_score(
        DEFAULT, likelihood, impact | {dimension: max(worse, impact.get(dimension, 1))}
    )
    assert after.score >= before.score
