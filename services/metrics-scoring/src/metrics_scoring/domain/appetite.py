"""Risk appetite per division and category. Pure Python.

A division's appetite for a category holds for its whole subtree unless a division
further down sets its own: the nearest setting up the lineage applies. The current
residual score is within appetite up to the appetite threshold, on watch up to the
tolerance threshold, and in breach above it.

The thresholds are set either in score points, or as levels of the model that scores the
risk ("within up to medium, watch up to high"): a level stands for the top score of the
model's highest band at or below it, so one setting fits a 3 x 3 and a 6 x 6 model alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from metrics_scoring.domain.scoring import LEVELS
from riskplatform.errors import InvalidInput

WITHIN, WATCH, BREACH = "within", "watch", "breach"
HIGHEST_SCORE = 36  # a 6 x 6 matrix


DEFAULT_HYSTERESIS = 1


TopOf = Callable[[str], int]  # a model's top score at or below a level (0: none so low)


@dataclass(frozen=True)
class Appetite:
    division_id: str
    category: str
    appetite: int | None  # score points, or None when set by level
    tolerance: int | None
    hysteresis: int = DEFAULT_HYSTERESIS  # score points below the appetite to be restored
    appetite_level: str | None = None  # a model level, or None when set in points
    tolerance_level: str | None = None

    def __post_init__(self) -> None:
        if self.by_level:
            self._check_levels()
        else:
            self._check_points()
        if not 0 <= self.hysteresis < HIGHEST_SCORE:
            raise InvalidInput(
                f"hysteresis must be 0 to {HIGHEST_SCORE - 1} score points", field="hysteresis"
            )

    @property
    def by_level(self) -> bool:
        return self.appetite_level is not None or self.tolerance_level is not None

    def _check_points(self) -> None:
        if self.appetite is None or not 1 <= self.appetite <= HIGHEST_SCORE:
            raise InvalidInput(
                f"appetite must be 1 to {HIGHEST_SCORE} (or set appetiteLevel)", field="appetite"
            )
        if self.tolerance is None or not self.appetite <= self.tolerance <= HIGHEST_SCORE:
            raise InvalidInput(
                f"tolerance must be at least the appetite and at most {HIGHEST_SCORE}",
                field="tolerance",
            )

    def _check_levels(self) -> None:
        if self.appetite is not None or self.tolerance is not None:
            raise InvalidInput(
                "set the appetite in score points or in levels, not both", field="appetite"
            )
        for name in ("appetite_level", "tolerance_level"):
            if getattr(self, name) not in LEVELS:
                field = "appetiteLevel" if name == "appetite_level" else "toleranceLevel"
                raise InvalidInput(f"{field} must be one of {', '.join(LEVELS)}", field=field)
        if LEVELS.index(str(self.tolerance_level)) < LEVELS.index(str(self.appetite_level)):
            raise InvalidInput(
                "toleranceLevel must be at least the appetiteLevel", field="toleranceLevel"
            )

    def thresholds(self, top_of: TopOf) -> tuple[int, int]:
        """(appetite, tolerance) in score points on the model ``top_of`` describes."""
        if self.appetite is not None and self.tolerance is not None:
            return self.appetite, self.tolerance
        return top_of(str(self.appetite_level)), top_of(str(self.tolerance_level))

    def status(self, residual_score: int, top_of: TopOf | None = None) -> str:
        appetite, tolerance = self.thresholds(top_of or _points_only)
        if residual_score <= appetite:
            return WITHIN
        return WATCH if residual_score <= tolerance else BREACH

    def check_within(self, parent: Appetite | None) -> None:
        """A division's appetite is never looser than the one it would inherit; it is set
        the way the parent's is (points or levels), so the two compare on every model."""
        if parent is None:
            return
        if self.by_level != parent.by_level:
            way = "levels" if parent.by_level else "score points"
            raise InvalidInput(
                f"the appetite on division {parent.division_id} above is set in {way}: set"
                " this one the same way, so that it stays within its parent's",
                field="appetiteLevel" if parent.by_level else "appetite",
            )
        names = (
            (("appetite_level", "appetiteLevel"), ("tolerance_level", "toleranceLevel"))
            if self.by_level
            else (("appetite", "appetite"), ("tolerance", "tolerance"))
        )
        for name, field in names:
            mine, theirs = getattr(self, name), getattr(parent, name)
            looser = LEVELS.index(mine) > LEVELS.index(theirs) if self.by_level else mine > theirs
            if looser:
                raise InvalidInput(
                    f"{field} {mine} is looser than the {field} {theirs} set on division"
                    f" {parent.division_id} above: a division's appetite stays within its"
                    " parent's",
                    field=field,
                )


def _points_only(level: str) -> int:
    raise ValueError("an appetite set by level needs the risk's model")


def restores(residual_score: int, appetite: int, hysteresis: int) -> bool:
    """Whether a risk in breach is back: its residual at most the appetite less the band
    (never below 1), so within appetite, and far enough inside not to flap."""
    return residual_score <= max(1, appetite - hysteresis)


def applicable(
    appetites: Mapping[tuple[str, str], Appetite], lineage: Iterable[str], category: str | None
) -> Appetite | None:
    """The nearest appetite up the lineage (the division first, then its ancestors)."""
    if category is None:
        return None
    return next((appetites[(d, category)] for d in lineage if (d, category) in appetites), None)


@dataclass(frozen=True)
class AppetiteSetting:
    """An appetite as set through the API: by whom and when."""

    appetite: Appetite
    set_by: str
    set_at: datetime
