"""What the dashboards show: the heatmap, the risk register and the solutions per
division, each within what the caller may read. Pure Python."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

SCALE = (1, 2, 3, 4, 5)


class RiskStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class Category(StrEnum):
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    FINANCIAL = "financial"
    REGULATORY_QUALITY = "regulatory_quality"
    PRODUCT_SAFETY = "product_safety"
    SUPPLY_CHAIN = "supply_chain"
    CYBER = "cyber"
    EHS = "ehs"
    REPUTATIONAL = "reputational"


class SolutionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACTIVE = "active"
    DEGRADED = "degraded"
    RETIRED = "retired"


@dataclass(frozen=True)
class Scope:
    """Which divisions a report covers: the subtree of ``division_id`` (None: all of
    them), and of that only what lies in the subtrees of ``readable_roots``, the
    caller's (None: the caller reads everything). A division outside the caller's
    subtrees gives an empty report, as an unknown one does."""

    readable_roots: frozenset[str] | None
    division_id: str | None = None

    def cache_part(self) -> str:
        """A short, stable name for the scope, fit for a cache key."""
        if self.readable_roots is None:
            readable = "all"
        else:
            joined = ",".join(sorted(self.readable_roots))
            readable = hashlib.sha256(joined.encode()).hexdigest()[:32]
        return f"{self.division_id or 'all'}:{readable}"


@dataclass(frozen=True)
class RiskFilter:
    """The register's filters. Retired risks are left out unless asked for; ``overdue``
    keeps the risks whose review was due before today, UTC (True), or the others (False)."""

    scope: Scope
    include_retired: bool = False
    status: RiskStatus | None = None
    category: Category | None = None
    overdue: bool | None = None


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
    treatment: str | None
    review_due: date | None
    retired: bool
    score: int | None
    level: str | None
    likelihood: int | None
    impact: int | None
    score_version: int | None
    scored_at: datetime | None
    active_solutions: int


@dataclass(frozen=True)
class RegisterPage:
    items: tuple[RegisterEntry, ...]
    total: int


@dataclass(frozen=True)
class SolutionEntry:
    solution_id: str
    division_id: str
    title: str
    kind: str
    status: str
    design_effectiveness: int
    test_result: str | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: float | None
    due_date: date | None
    linked_risks: int


@dataclass(frozen=True)
class DivisionSolutions:
    """How many of a division's own solutions are in each status (every status listed)."""

    division_id: str
    code: str | None
    name: str | None
    retired: bool
    counts: Mapping[SolutionStatus, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class SolutionsReport:
    divisions: tuple[DivisionSolutions, ...]
    items: tuple[SolutionEntry, ...]
    total: int


@dataclass(frozen=True)
class StatusCount:
    """One row of the solutions' counts: a division, a status and how many."""

    division_id: str
    code: str | None
    name: str | None
    retired: bool
    status: str
    count: int


def per_division(counts: Iterable[StatusCount]) -> tuple[DivisionSolutions, ...]:
    """Counts per division and status, folded into one summary per division, in the
    order the divisions first appear; a status without solutions counts zero."""
    divisions: dict[str, tuple[str | None, str | None, bool]] = {}
    tallies: dict[str, dict[SolutionStatus, int]] = {}
    for row in counts:
        divisions.setdefault(row.division_id, (row.code, row.name, row.retired))
        tally = tallies.setdefault(row.division_id, dict.fromkeys(SolutionStatus, 0))
        tally[SolutionStatus(row.status)] += row.count
    return tuple(
        DivisionSolutions(division_id, *divisions[division_id], tally)
        for division_id, tally in tallies.items()
    )
