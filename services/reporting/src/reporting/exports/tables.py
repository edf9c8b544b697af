"""The reports laid out as tables, whatever the file: a document has a title, the scope it
covers and the day it stands at, and one or more tables (a sheet in XLSX, a section in
CSV and PDF). A heat map is a grid: its rows are the likelihoods, highest first, its
columns the impacts. The register's rows are read as they are written (an iterator), the
other reports are small and already whole."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from reporting.domain.model import (
    BreachCounts,
    BreachEntry,
    Cell,
    DivisionSolutions,
    Heatmaps,
    KriCounts,
    KriEntry,
    LevelMovement,
    RegisterEntry,
    Scope,
    SolutionEntry,
    SolutionStatus,
    Summary,
    Tally,
    Trends,
)


@dataclass(frozen=True)
class Grid:
    """A heat map: ``size`` x ``size`` cells and the count of each (absent: 0)."""

    size: int
    counts: dict[tuple[int, int], int]


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: Iterable[Sequence[Any]]
    # The columns a PDF page shows (it is too narrow for the register's 28): their
    # indexes, all when None.
    brief: tuple[int, ...] | None = None
    grid: Grid | None = None


@dataclass(frozen=True)
class Document:
    name: str  # the file's name without its extension
    title: str
    scope: str
    as_of: str
    tables: tuple[Table, ...]


def scope_text(scope: Scope) -> str:
    if scope.division_id is None:
        return "Every division the caller may read"
    return f"Division {scope.division_id} and the divisions below it (those the caller may read)"


def as_of_text(scope: Scope, now: datetime) -> str:
    if scope.as_of is not None:
        return f"As of the end of {scope.as_of.isoformat()} (UTC)"
    return f"As of {now.strftime('%Y-%m-%d %H:%M')} UTC"


def _grade(part: str) -> Callable[[RegisterEntry], Any]:
    def read(entry: RegisterEntry) -> Any:
        grade = entry.current if part.startswith("current") else entry.target
        return getattr(grade, part.split("_", 1)[1]) if grade else None

    return read


REGISTER_COLUMNS: tuple[tuple[str, Callable[[RegisterEntry], Any]], ...] = (
    ("riskId", lambda e: e.risk_id),
    ("divisionId", lambda e: e.division_id),
    ("title", lambda e: e.title),
    ("category", lambda e: e.category),
    ("ownerEmail", lambda e: e.owner_email),
    ("status", lambda e: e.status),
    ("treatment", lambda e: e.treatment),
    ("retired", lambda e: e.retired),
    ("inherentLikelihood", lambda e: e.likelihood),
    ("inherentImpact", lambda e: e.impact),
    ("inherentScore", lambda e: e.score),
    ("inherentLevel", lambda e: e.level),
    ("currentLikelihood", _grade("current_likelihood")),
    ("currentImpact", _grade("current_impact")),
    ("currentScore", _grade("current_score")),
    ("currentLevel", _grade("current_level")),
    ("targetLikelihood", _grade("target_likelihood")),
    ("targetImpact", _grade("target_impact")),
    ("targetScore", _grade("target_score")),
    ("targetLevel", _grade("target_level")),
    ("appetiteStatus", lambda e: e.standing),
    ("actionPriority", lambda e: e.action_priority),
    ("nextReviewDue", lambda e: e.next_review_due),
    ("reviewOverdue", lambda e: e.review_overdue),
    ("acceptedUntil", lambda e: e.accepted_until),
    ("activeSolutions", lambda e: e.active_solutions),
    ("modelId", lambda e: e.model_id),
    ("scoredAt", lambda e: e.scored_at),
)
REGISTER_NAMES = tuple(name for name, _ in REGISTER_COLUMNS)
# What a PDF page shows of a risk.
REGISTER_BRIEF = tuple(
    REGISTER_NAMES.index(name)
    for name in (
        "title",
        "category",
        "status",
        "inherentScore",
        "inherentLevel",
        "currentScore",
        "currentLevel",
        "appetiteStatus",
        "nextReviewDue",
        "ownerEmail",
    )
)


def register_row(entry: RegisterEntry) -> tuple[Any, ...]:
    return tuple(read(entry) for _, read in REGISTER_COLUMNS)


def register_table(name: str, entries: Iterable[RegisterEntry]) -> Table:
    return Table(name, REGISTER_NAMES, map(register_row, entries), REGISTER_BRIEF)


def risks_document(scope: Scope, entries: Iterable[RegisterEntry], now: datetime) -> Document:
    return Document(
        "risks",
        "Risk register",
        scope_text(scope),
        as_of_text(scope, now),
        (register_table("Risks", entries),),
    )


TALLY_COLUMNS = (
    "risks",
    "low",
    "medium",
    "high",
    "critical",
    "unscored",
    "breaches",
    "overdueReviews",
    "accepted",
    "controlled",
)


def grid_table(name: str, size: int, cells: Iterable[Cell]) -> Table:
    """Rows are likelihoods from ``size`` down to 1, columns impacts 1..size."""
    counts = {(c.likelihood, c.impact): c.count for c in cells}
    rows = [
        (likelihood, *(counts.get((likelihood, impact), 0) for impact in range(1, size + 1)))
        for likelihood in range(size, 0, -1)
    ]
    columns = ("likelihood \\ impact", *(str(i) for i in range(1, size + 1)))
    return Table(name, columns, rows, grid=Grid(size, counts))


def heatmaps_document(scope: Scope, found: Heatmaps, now: datetime) -> Document:
    tables = []
    for model in found.models:
        label = model.model_id or "unknown model"
        for basis, cells in (
            ("inherent", model.inherent),
            ("current", model.current),
            ("target", model.target),
        ):
            size = max([model.size, *(max(c.likelihood, c.impact) for c in cells)])
            tables.append(grid_table(f"{label} {basis}", size, cells))
    if not tables:
        tables.append(Table("Heat maps", ("note",), [("No scored risk in scope",)]))
    return Document(
        "heatmaps", "Heat maps", scope_text(scope), as_of_text(scope, now), tuple(tables)
    )


def summary_document(scope: Scope, found: Summary, now: datetime) -> Document:
    totals = Table(
        "Totals",
        ("measure", "count"),
        [
            *_tally_pairs(found.totals),
            *((f"indicators {k}", v) for k, v in asdict(found.kris).items()),
            *(
                (f"above tolerance {k.replace('_', ' ')}", v)
                for k, v in asdict(found.breaches).items()
            ),
        ],
    )
    top = register_table("Top risks", found.top)
    divisions = Table(
        "Divisions",
        ("divisionId", "code", "name", "depth", "retired", "of", *TALLY_COLUMNS),
        [
            row
            for d in found.divisions
            for row in (
                (d.division_id, d.code, d.name, d.depth, d.retired, "own", *d.own.counts()),
                (
                    d.division_id,
                    d.code,
                    d.name,
                    d.depth,
                    d.retired,
                    "subtree",
                    *d.subtree.counts(),
                ),
            )
        ],
        brief=(1, 2, 5, 6, 9, 10, 12, 13),
    )
    m = found.mitigation
    mitigation = Table(
        "Mitigation",
        ("measure", "value"),
        [
            *((f"solutions {s.value}", m.solutions.get(s, 0)) for s in SolutionStatus),
            ("overdue tests", m.overdue_tests),
            ("overdue plans", m.overdue_plans),
            ("high or critical risks", m.high_or_critical),
            ("controlled", m.controlled),
            ("controlled share", m.controlled_share),
        ],
    )
    return Document(
        "summary",
        "Executive summary",
        scope_text(scope),
        as_of_text(scope, now),
        (totals, top, divisions, mitigation),
    )


def _tally_pairs(tally: Tally) -> Iterable[tuple[str, int]]:
    return zip(TALLY_COLUMNS, tally.counts(), strict=True)


def _movement(label: str, movement: LevelMovement) -> tuple[Any, ...]:
    return (label, movement.worsened, movement.improved, movement.unchanged, movement.new)


def trends_document(scope: Scope, found: Trends, now: datetime) -> Document:
    days = Table(
        "Days",
        ("day", "category", *TALLY_COLUMNS),
        [
            row
            for day in found.days
            for row in (
                (day.day, "all", *day.total.counts()),
                *((day.day, c.category or "unknown", *c.tally.counts()) for c in day.categories),
            )
        ],
    )
    movements = Table(
        "Movements",
        ("currentLevel", "worsened", "improved", "unchanged", "new"),
        [
            _movement("all", found.movements),
            *(_movement(m.level or "unknown", m) for m in found.movements_by_level),
        ],
    )
    span = f"{found.first.isoformat()} to {found.last.isoformat()} (UTC days)"
    return Document("trends", "Trends", scope_text(scope), span, (days, movements))


SOLUTION_COLUMNS = (
    "solutionId",
    "divisionId",
    "title",
    "kind",
    "status",
    "designEffectiveness",
    "testResult",
    "testedOn",
    "nextTestDue",
    "ownerEmail",
    "cost",
    "dueDate",
    "linkedRisks",
)


def solutions_document(
    scope: Scope,
    divisions_found: Iterable[DivisionSolutions],
    solutions: Iterable[SolutionEntry],
    now: datetime,
) -> Document:
    """The divisions' counts, and every solution in scope (read as it is written)."""
    divisions = Table(
        "Divisions",
        ("divisionId", "code", "name", "retired", *(s.value for s in SolutionStatus), "total"),
        [
            (
                d.division_id,
                d.code,
                d.name,
                d.retired,
                *(d.counts.get(s, 0) for s in SolutionStatus),
                d.total,
            )
            for d in divisions_found
        ],
        brief=(1, 2, *range(4, 5 + len(SolutionStatus))),
    )
    items = Table(
        "Solutions",
        SOLUTION_COLUMNS,
        (
            (
                s.solution_id,
                s.division_id,
                s.title,
                s.kind,
                s.status,
                s.design_effectiveness,
                s.test_result,
                s.tested_on,
                s.next_test_due,
                s.owner_email,
                s.cost,
                s.due_date,
                s.linked_risks,
            )
            for s in solutions
        ),
        brief=(2, 3, 4, 5, 6, 8, 9, 12),
    )
    return Document(
        "solutions",
        "Solutions",
        scope_text(scope),
        as_of_text(scope, now),
        (divisions, items),
    )


KRI_COLUMNS: tuple[tuple[str, Callable[[KriEntry], Any]], ...] = (
    ("kriId", lambda k: k.kri_id),
    ("name", lambda k: k.name),
    ("status", lambda k: k.status.value if k.status else None),
    ("stale", lambda k: k.stale),
    ("latestValue", lambda k: k.latest_value),
    ("unit", lambda k: k.unit),
    ("latestObservedAt", lambda k: k.latest_observed_at),
    ("latestSource", lambda k: k.latest_source),
    ("direction", lambda k: k.direction),
    ("amber", lambda k: k.amber),
    ("red", lambda k: k.red),
    ("staleAfterDays", lambda k: k.stale_after_days),
    ("riskId", lambda k: k.risk_id),
    ("riskTitle", lambda k: k.risk_title),
    ("divisionId", lambda k: k.division_id),
)


def kris_document(
    scope: Scope, counts: KriCounts, entries: Iterable[KriEntry], now: datetime
) -> Document:
    """The indicators' counts by status, and every indicator asked for, red first."""
    totals = Table("Counts", ("status", "indicators"), list(asdict(counts).items()))
    names = tuple(name for name, _ in KRI_COLUMNS)
    items = Table(
        "Indicators",
        names,
        (tuple(read(k) for _, read in KRI_COLUMNS) for k in entries),
        brief=tuple(names.index(n) for n in ("name", "status", "latestValue", "riskTitle")),
    )
    return Document(
        "kris", "Key risk indicators", scope_text(scope), as_of_text(scope, now), (totals, items)
    )


BREACH_COLUMNS: tuple[tuple[str, Callable[[BreachEntry], Any]], ...] = (
    ("riskId", lambda b: b.risk_id),
    ("title", lambda b: b.title),
    ("appetiteStatus", lambda b: b.standing),
    ("currentScore", lambda b: b.current.score if b.current else None),
    ("currentLevel", lambda b: b.current.level if b.current else None),
    ("appetite", lambda b: b.appetite.appetite),
    ("tolerance", lambda b: b.appetite.tolerance),
    ("overTolerance", lambda b: b.over_tolerance),
    ("overAppetite", lambda b: b.over_appetite),
    ("breachSince", lambda b: b.since),
    ("acceptedUntil", lambda b: b.accepted_until),
    ("category", lambda b: b.category),
    ("ownerEmail", lambda b: b.owner_email),
    ("divisionId", lambda b: b.division_id),
    ("appetiteSetAt", lambda b: b.appetite.division_id),
)


def breaches_document(
    scope: Scope, counts: BreachCounts, entries: Iterable[BreachEntry], now: datetime
) -> Document:
    """The counts by standing, and every open risk above its tolerance (breaches first,
    the largest excess first)."""
    totals = Table(
        "Counts",
        ("appetiteStatus", "risks"),
        [("breach", counts.in_breach), ("accepted", counts.accepted)],
    )
    names = tuple(name for name, _ in BREACH_COLUMNS)
    items = Table(
        "Above tolerance",
        names,
        (tuple(read(b) for _, read in BREACH_COLUMNS) for b in entries),
        brief=tuple(
            names.index(n)
            for n in (
                "title",
                "appetiteStatus",
                "currentScore",
                "tolerance",
                "overTolerance",
                "breachSince",
                "ownerEmail",
            )
        ),
    )
    return Document(
        "breaches",
        "Risks above tolerance",
        scope_text(scope),
        as_of_text(scope, now),
        (totals, items),
    )
