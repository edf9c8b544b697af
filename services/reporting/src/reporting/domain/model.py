"""What the dashboards show: the heatmap and the risk register. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

SCALE = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    count: int


@dataclass(frozen=True)
class Heatmap:
    """Scored risks per likelihood x impact cell; only cells that hold a risk."""

    division_id: str | None
    cells: tuple[Cell, ...]

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.cells)


@dataclass(frozen=True)
class RegisterEntry:
    """One risk as the register shows it. Captured or score fields may still be missing:
    its events arrive in any order."""

    risk_id: str
    division_id: str
    title: str | None
    category: str | None
    owner_email: str | None
    status: str | None
    score: int | None
    level: str | None
    likelihood: int | None
    impact: int | None
    score_version: int | None
    scored_at: datetime | None


@dataclass(frozen=True)
class RegisterPage:
    items: tuple[RegisterEntry, ...]
    total: int
