"""Scoring models are data, not code: scales, impact dimensions, how the dimensions
aggregate and the level bands all come from a stored definition. ``inherent_score``
applies one. Pure Python."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from riskplatform.errors import InvalidInput

DEFAULT_MODEL_ID = "default-5x5"

# How a model turns the rated impact dimensions into one impact. ``max`` keeps a severe
# safety impact from being averaged away by mild financial or supply ones.
AGGREGATIONS: dict[str, Callable[[Iterable[int]], int]] = {"max": max}


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
    scale: range
    impact_dimensions: tuple[str, ...]
    impact_aggregation: str
    bands: tuple[Band, ...]

    def __post_init__(self) -> None:
        if self.impact_aggregation not in AGGREGATIONS:
            raise ValueError(f"unknown impact aggregation {self.impact_aggregation!r}")
        lowest, highest = self.scale[0] ** 2, self.scale[-1] ** 2
        covered = [score for band in self.bands for score in range(band.min, band.max + 1)]
        if covered != list(range(lowest, highest + 1)):
            raise ValueError(
                f"bands must cover each score from {lowest} to {highest} once, in order"
            )

    @classmethod
    def from_definition(
        cls, model_id: str, version: int, definition: Mapping[str, Any]
    ) -> ScoringModel:
        scale = definition["scale"]
        return cls(
            model_id=model_id,
            version=version,
            scale=range(scale["min"], scale["max"] + 1),
            impact_dimensions=tuple(definition["impact_dimensions"]),
            impact_aggregation=definition["impact_aggregation"],
            bands=tuple(Band(**band) for band in definition["bands"]),
        )

    @property
    def ref(self) -> ModelRef:
        return ModelRef(self.model_id, self.version)

    def level(self, score: int) -> str:
        return next(band.level for band in self.bands if band.min <= score <= band.max)


@dataclass(frozen=True)
class InherentScore:
    likelihood: int
    impact: int
    score: int
    level: str


@dataclass(frozen=True)
class Inputs:
    """What a score is computed from: one assessment of the risk at one version."""

    assessment_id: str
    risk_version: int
    likelihood: int
    impact: dict[str, int]


def inherent_score(
    model: ScoringModel, likelihood: int, impact: Mapping[str, int]
) -> InherentScore:
    """Likelihood times the model's aggregate of the rated impact dimensions, and its level."""
    scale = f"between {model.scale[0]} and {model.scale[-1]}"
    if likelihood not in model.scale:
        raise InvalidInput(f"likelihood must be {scale}", field="likelihood")
    if not impact:
        raise InvalidInput("rate at least one impact dimension", field="impact")
    for dimension, rating in impact.items():
        if dimension not in model.impact_dimensions:
            raise InvalidInput(f"unknown impact dimension {dimension!r}", field="impact")
        if rating not in model.scale:
            raise InvalidInput(f"impact ratings must be {scale}", field=f"impact.{dimension}")
    aggregated = AGGREGATIONS[model.impact_aggregation](impact.values())
    score = likelihood * aggregated
    return InherentScore(likelihood, aggregated, score, model.level(score))
