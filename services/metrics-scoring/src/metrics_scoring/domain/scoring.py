"""Scoring models are data, not code: the matrix size, how risk-intake's 1-5 ratings map
onto it, the impact dimensions and how they aggregate, the level bands and the review
cadence per level all come from a stored, versioned definition. Pure Python.

A definition, as stored (snake_case JSON)::

    {"scale": {"min": 1, "max": 5},                 # an N x N matrix, N from 3 to 6
     "from_assessment": {"1": 1, ..., "5": 5},      # intake rating -> matrix point
     "impact_dimensions": ["safety", ...],          # every dimension intake rates
     "impact_aggregation": "max",                   # or "weighted" (never for safety)
     "impact_weights": {"financial": 2, ...},       # only with "weighted"
     "bands": [{"level": "low", "min": 1, "max": 4}, ...],
     "review_cadence_days": {"low": 365, ...},     # per level of the bands
     "categories": [],                              # [] = every category no other claims
     "safety_reduction_max_steps": 2,               # the safety guard (ADR 29)
     "high_priority_min_level": "high",
     "acceptability": [["acceptable", ...], ...]}   # per cell: row = likelihood 1..N,
                                                    # column = impact 1..N (ADR 29)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from riskplatform.errors import InvalidInput
from riskplatform.vocabulary import CATEGORIES

DEFAULT_MODEL_ID = "default-5x5"
LEVELS = ("low", "medium", "high", "critical")  # the only level names, lowest first
SAFETY_DIMENSION = "safety"
# What risk-intake rates: these dimensions, each on 1-5.
INTAKE_DIMENSIONS = ("safety", "regulatory", "financial", "supply", "reputation")
INTAKE_RATINGS = range(1, 6)
MATRIX_SIZES = range(3, 7)
DEFAULT_REVIEW_CADENCE_DAYS = {"low": 365, "medium": 180, "high": 90, "critical": 30}
AGGREGATIONS = ("max", "weighted")
# The safety guard's defaults: mitigating solutions lower a rated safety impact by at
# most this many points of the matrix; an FMEA action priority of high lifts every level
# to at least this one.
DEFAULT_SAFETY_REDUCTION_MAX_STEPS = 2
DEFAULT_HIGH_PRIORITY_MIN_LEVEL = "high"
# ISO 14971-style acceptability of a cell of the matrix, most acceptable first.
ACCEPTABLE, REDUCE, UNACCEPTABLE = "acceptable", "reduce_as_far_as_practicable", "unacceptable"
ACCEPTABILITY = (ACCEPTABLE, REDUCE, UNACCEPTABLE)


@dataclass(frozen=True)
class ModelRef:
    model_id: str
    version: int


@dataclass(frozen=True)
class Band:
    level: str
    min: int
    max: int


@dataclass(frozen=True)
class ScoringModel:
    model_id: str
    version: int
    size: int
    from_assessment: Mapping[int, int]
    impact_dimensions: tuple[str, ...]
    impact_aggregation: str
    impact_weights: Mapping[str, int]
    bands: tuple[Band, ...]
    review_cadence_days: Mapping[str, int]
    categories: frozenset[str] = field(default_factory=frozenset)
    safety_reduction_max_steps: int = DEFAULT_SAFETY_REDUCTION_MAX_STEPS
    high_priority_min_level: str = DEFAULT_HIGH_PRIORITY_MIN_LEVEL
    # acceptability[likelihood - 1][impact - 1]; derived from the bands when not given
    acceptability: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_definition(
        cls, model_id: str, version: int, definition: Mapping[str, Any]
    ) -> ScoringModel:
        """Read and check a stored definition; a problem is an InvalidInput naming the
        field as the API calls it (``definition.<camelCaseName>``)."""
        scale = definition["scale"]
        if scale.get("min") != 1 or scale.get("max") not in MATRIX_SIZES:
            raise InvalidInput(
                "the matrix is N x N with points 1 to N, N from 3 to 6", field=_at("scale")
            )
        size = int(scale["max"])
        mapping = definition.get("from_assessment")
        model = cls(
            model_id=model_id,
            version=version,
            size=size,
            from_assessment=_assessment_map(mapping, size),
            impact_dimensions=tuple(definition["impact_dimensions"]),
            impact_aggregation=definition.get("impact_aggregation", "max"),
            impact_weights=dict(definition.get("impact_weights") or {}),
            bands=tuple(Band(**band) for band in definition["bands"]),
            review_cadence_days=dict(
                definition.get("review_cadence_days")
                or {
                    band["level"]: DEFAULT_REVIEW_CADENCE_DAYS.get(band["level"], 0)
                    for band in definition["bands"]
                }
            ),
            categories=frozenset(definition.get("categories") or ()),
            safety_reduction_max_steps=definition.get(
                "safety_reduction_max_steps", DEFAULT_SAFETY_REDUCTION_MAX_STEPS
            ),
            high_priority_min_level=definition.get(
                "high_priority_min_level", DEFAULT_HIGH_PRIORITY_MIN_LEVEL
            ),
            acceptability=tuple(tuple(row) for row in definition.get("acceptability") or ()),
        )
        model._check()
        if not model.acceptability:
            model = replace(model, acceptability=model.derived_acceptability())
        return model

    def definition(self) -> dict[str, Any]:
        """The stored form of this model."""
        return {
            "scale": {"min": 1, "max": self.size},
            "from_assessment": {str(k): v for k, v in sorted(self.from_assessment.items())},
            "impact_dimensions": list(self.impact_dimensions),
            "impact_aggregation": self.impact_aggregation,
            "impact_weights": dict(self.impact_weights),
            "bands": [{"level": b.level, "min": b.min, "max": b.max} for b in self.bands],
            "review_cadence_days": dict(self.review_cadence_days),
            "categories": sorted(self.categories),
            "safety_reduction_max_steps": self.safety_reduction_max_steps,
            "high_priority_min_level": self.high_priority_min_level,
            "acceptability": [list(row) for row in self.acceptability],
        }

    @property
    def ref(self) -> ModelRef:
        return ModelRef(self.model_id, self.version)

    @property
    def catch_all(self) -> bool:
        """Scores every category that no other published model claims."""
        return not self.categories

    def level(self, score: int) -> str:
        return next(band.level for band in self.bands if band.min <= score <= band.max)

    def top_of(self, level: str) -> int:
        """The top score of the highest band at or below ``level`` (0 when the model has
        no band that low): where an appetite set as a level ends on this model."""
        rank = LEVELS.index(level)
        return max((b.max for b in self.bands if LEVELS.index(b.level) <= rank), default=0)

    def derived_acceptability(self) -> tuple[tuple[str, ...], ...]:
        """The default: a cell in the lowest band is acceptable, one in the highest band
        unacceptable, one in between to be reduced as far as practicable."""
        lowest, highest = self.bands[0].level, self.bands[-1].level

        def of(score: int) -> str:
            level = self.level(score)
            return ACCEPTABLE if level == lowest else UNACCEPTABLE if level == highest else REDUCE

        points = range(1, self.size + 1)
        return tuple(tuple(of(lk * im) for im in points) for lk in points)

    def acceptability_of(self, likelihood: int, impact: int) -> str:
        return self.acceptability[likelihood - 1][impact - 1]

    def at_least(self, level: str, floor: str) -> str:
        """The higher of ``level`` and the model's lowest level at or above ``floor``
        (its top level when it has none that high)."""
        levels = [band.level for band in self.bands]
        lifted = next((lv for lv in levels if LEVELS.index(lv) >= LEVELS.index(floor)), levels[-1])
        return max(level, lifted, key=LEVELS.index)

    def point(self, rating: int) -> int:
        """Where an intake rating (1-5) sits on this model's matrix."""
        return self.from_assessment[rating]

    def aggregate_impact(self, points: Mapping[str, int], safety_risk: bool) -> tuple[int, str]:
        """One impact from the rated dimensions (already on the matrix), and how.
        A safety risk (or one whose category is not known yet), or any risk with a rated
        safety dimension, takes the worst dimension even when the model weighs: safety
        is never averaged away."""
        worst = max(points.values())
        if (
            self.impact_aggregation == "max"
            or safety_risk
            or SAFETY_DIMENSION in points
            or len(points) == 1
        ):
            return worst, "the worst rated dimension"
        if not any(self.impact_weights.get(d, 0) for d in points):
            return worst, "the worst rated dimension (no weights for the rated ones)"
        # A weight never zeroes a rated dimension: each counts at least 1 (ADR 29).
        weights = {d: max(1, self.impact_weights.get(d, 0)) for d in points}
        mean = Fraction(sum(weights[d] * points[d] for d in points), sum(weights.values()))
        return round_half_up(mean), f"the weighted mean ({float(mean):.2f}, rounded half up)"

    def _check(self) -> None:
        if sorted(self.impact_dimensions) != sorted(INTAKE_DIMENSIONS):
            raise InvalidInput(
                "list exactly the dimensions risk-intake rates: " + ", ".join(INTAKE_DIMENSIONS),
                field=_at("impactDimensions"),
            )
        if self.impact_aggregation not in AGGREGATIONS:
            raise InvalidInput(
                "impact aggregation must be max or weighted", field=_at("impactAggregation")
            )
        if self.impact_aggregation == "weighted":
            weights = self.impact_weights
            if set(weights) - set(self.impact_dimensions) or any(
                not isinstance(w, int) or w < 0 for w in weights.values()
            ):
                raise InvalidInput(
                    "weights are whole numbers of 0 or more for listed dimensions",
                    field=_at("impactWeights"),
                )
            if not any(weights.values()):
                raise InvalidInput(
                    "give at least one dimension a weight", field=_at("impactWeights")
                )
        elif self.impact_weights:
            raise InvalidInput(
                "weights only apply to the weighted aggregation", field=_at("impactWeights")
            )
        self._check_bands()
        levels = [band.level for band in self.bands]
        if set(self.review_cadence_days) != set(levels) or any(
            not isinstance(days, int) or not 1 <= days <= 3660
            for days in self.review_cadence_days.values()
        ):
            raise InvalidInput(
                "give each level of the bands a review cadence of 1 to 3660 days",
                field=_at("reviewCadenceDays"),
            )
        if not isinstance(self.safety_reduction_max_steps, int) or not (
            0 <= self.safety_reduction_max_steps < self.size
        ):
            raise InvalidInput(
                f"mitigating solutions lower a safety impact 0 to {self.size - 1} steps",
                field=_at("safetyReductionMaxSteps"),
            )
        if self.high_priority_min_level not in LEVELS:
            raise InvalidInput(
                "one of low, medium, high, critical", field=_at("highPriorityMinLevel")
            )
        if self.acceptability:
            self._check_acceptability()
        unknown = self.categories - set(CATEGORIES)
        if unknown:
            raise InvalidInput(
                f"unknown categories: {', '.join(sorted(unknown))}", field=_at("categories")
            )

    def _check_acceptability(self) -> None:
        """N rows of N cells, each one of ACCEPTABILITY, never more acceptable where the
        likelihood or the impact is higher."""
        cells = self.acceptability
        rank = {name: i for i, name in enumerate(ACCEPTABILITY)}
        if (
            len(cells) != self.size
            or any(len(row) != self.size for row in cells)
            or any(cell not in rank for row in cells for cell in row)
        ):
            raise InvalidInput(
                f"{self.size} rows (likelihood 1 to {self.size}) of {self.size} cells (impact 1"
                f" to {self.size}), each one of {', '.join(ACCEPTABILITY)}",
                field=_at("acceptability"),
            )
        n = self.size
        for lk in range(n):
            for im in range(n):
                here = rank[cells[lk][im]]
                if (lk + 1 < n and rank[cells[lk + 1][im]] < here) or (
                    im + 1 < n and rank[cells[lk][im + 1]] < here
                ):
                    raise InvalidInput(
                        "a cell is never more acceptable than one with a lower likelihood or"
                        f" impact (likelihood {lk + 1}, impact {im + 1})",
                        field=_at("acceptability"),
                    )

    def _check_bands(self) -> None:
        levels = [band.level for band in self.bands]
        if (
            not 2 <= len(levels) <= len(LEVELS)
            or any(level not in LEVELS for level in levels)
            or levels != sorted(levels, key=LEVELS.index)
            or len(set(levels)) != len(levels)
        ):
            raise InvalidInput(
                "bands are 2 to 4 of low, medium, high, critical, each once, lowest first",
                field=_at("bands"),
            )
        covered = [score for band in self.bands for score in range(band.min, band.max + 1)]
        if covered != list(range(1, self.size**2 + 1)):
            raise InvalidInput(
                f"bands must cover each score from 1 to {self.size**2} once, in order",
                field=_at("bands"),
            )


def _at(name: str) -> str:
    return f"definition.{name}"


def _assessment_map(mapping: Mapping[str, int] | None, size: int) -> dict[int, int]:
    """The identity on 1-5 unless given; a 3- or 4-point matrix must say how to fold
    intake's five points. Never decreasing, within the matrix."""
    if mapping is None:
        if size < len(INTAKE_RATINGS):
            raise InvalidInput(
                f"a {size}-point matrix needs a map from the ratings 1-5 to its points",
                field=_at("fromAssessment"),
            )
        return {rating: rating for rating in INTAKE_RATINGS}
    try:
        folded = {int(rating): int(point) for rating, point in mapping.items()}
    except (TypeError, ValueError):
        folded = {}
    points = [folded.get(rating) for rating in INTAKE_RATINGS]
    if (
        set(folded) != set(INTAKE_RATINGS)
        or any(p is None or not 1 <= p <= size for p in points)
        or points != sorted(points)  # type: ignore[type-var]
    ):
        raise InvalidInput(
            f"map each rating 1-5 to a point from 1 to {size}, never decreasing",
            field=_at("fromAssessment"),
        )
    return folded


def round_half_up(value: Fraction) -> int:
    return math.floor(value + Fraction(1, 2))
