"""Key risk indicators: a measure defined per risk with amber and red thresholds. Pure
Python. A red indicator raises the risk's effective likelihood by one step; when its
latest reading is no longer red, the step goes again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from riskplatform.errors import InvalidInput

HIGHER_IS_WORSE, LOWER_IS_WORSE = "higher_is_worse", "lower_is_worse"
GREEN, AMBER, RED = "green", "amber", "red"
RED_LIKELIHOOD_STEPS = 1


@dataclass(frozen=True)
class Kri:
    kri_id: str
    risk_id: str
    name: str
    unit: str
    direction: str
    amber: float
    red: float

    def __post_init__(self) -> None:
        worse = (
            self.red > self.amber if self.direction == HIGHER_IS_WORSE else self.red < self.amber
        )
        if not worse:
            side = "above" if self.direction == HIGHER_IS_WORSE else "below"
            raise InvalidInput(f"red must be {side} amber for {self.direction}", field="red")

    def status(self, value: float) -> str:
        if self.direction == LOWER_IS_WORSE:
            return RED if value <= self.red else AMBER if value <= self.amber else GREEN
        return RED if value >= self.red else AMBER if value >= self.amber else GREEN


@dataclass(frozen=True)
class Reading:
    reading_id: str
    kri_id: str
    value: float
    observed_at: datetime
    source: str

    def newer_than(self, other: Reading | None) -> bool:
        """The latest reading counts: by observation time, then by id so that every
        delivery order agrees."""
        return other is None or (self.observed_at, self.reading_id) > (
            other.observed_at,
            other.reading_id,
        )


@dataclass(frozen=True)
class KriStatus:
    """What a score sees of an indicator: its status from the latest reading."""

    kri_id: str
    name: str
    status: str


@dataclass(frozen=True)
class KriRecord:
    """An indicator as stored: its definition, who defined it, its latest reading."""

    kri: Kri
    defined_by: str
    defined_at: datetime
    latest: Reading | None
    status: str | None
