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


@dataclass(frozen=True)
class Appetite:
    division_id: str
    category: str
    appetite: int
    tolerance: int

    def __post_init__(self) -> None:
        if not 1 <= self.appetite <= HIGHEST_SCORE:
            raise InvalidInput(f"appetite must be 1 to {HIGHEST_SCORE}", field="appetite")
        if not self.appetite <= self.tolerance <= HIGHEST_SCORE:
            raise InvalidInput(
                f"tolerance must be at least the appetite and at most {HIGHEST_SCORE}",
                field="tolerance",
            )

    def status(self, residual_score: int) -> str:
        if residual_score <= self.appetite:
            return WITHIN
        return WATCH if residual_score <= self.tolerance else BREACH


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
