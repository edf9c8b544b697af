"""Risk appetite per division and category. Pure Python.

A division's appetite for a category holds for its whole subtree unless a division
further down sets its own: the nearest setting up the lineage applies. The current
residual score is within appetite up to the appetite threshold, on watch up to the
tolerance threshold, and in breach above it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from riskplatform.errors import InvalidInput

WITHIN, WATCH, BREACH = "within", "watch", "breach"
HIGHEST_SCORE = 36  # a 6 x 6 matrix


DEFAULT_HYSTERESIS = 1


@dataclass(frozen=True)
class Appetite:
    division_id: str
    category: str
    appetite: int
    tolerance: int
    hysteresis: int = DEFAULT_HYSTERESIS  # score points below the appetite to be restored

    def __post_init__(self) -> None:
        if not 1 <= self.appetite <= HIGHEST_SCORE:
            raise InvalidInput(f"appetite must be 1 to {HIGHEST_SCORE}", field="appetite")
        if not self.appetite <= self.tolerance <= HIGHEST_SCORE:
            raise InvalidInput(
                f"tolerance must be at least the appetite and at most {HIGHEST_SCORE}",
                field="tolerance",
            )
        if not 0 <= self.hysteresis < HIGHEST_SCORE:
            raise InvalidInput(
                f"hysteresis must be 0 to {HIGHEST_SCORE - 1} score points", field="hysteresis"
            )

    def status(self, residual_score: int) -> str:
        if residual_score <= self.appetite:
            return WITHIN
        return WATCH if residual_score <= self.tolerance else BREACH

    def check_within(self, parent: Appetite | None) -> None:
        """A division's appetite is never looser than the one it would inherit."""
        if parent is None:
            return
        for name in ("appetite", "tolerance"):
            mine, theirs = getattr(self, name), getattr(parent, name)
            if mine > theirs:
                raise InvalidInput(
                    f"{name} {mine} is looser than the {name} {theirs} set on division"
                    f" {parent.division_id} above: a division's appetite stays within its"
                    " parent's",
                    field=name,
                )


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
