"""What the dashboards show: the heat maps, the risk register, the solutions per
division and the executive summary, each within what the caller may read. Pure Python."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from itertools import pairwise

from reporting.domain.events import Appetite, Grade, SolutionDetails
from riskplatform.vocabulary import Category

SCALE = (1, 2, 3, 4, 5)
DEFAULT_SIZE = 5  # the default model's matrix (ADR 25); models are 3 x 3 to 6 x 6


class RiskStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class SolutionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACTIVE = "active"
    DEGRADED = "degraded"
    RETIRED = "retired"


class Level(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


class Basis(StrEnum):
    """Which of a score's three cells: before any control, with the active tested
    controls, with the planned ones too."""

    INHERENT = "inherent"
    CURRENT = "current"
    TARGET = "target"


class Standing(StrEnum):
    """Where a risk stands against its appetite as the dashboards show it: scoring's
    appetite status for a tracked risk, ``accepted`` for one accepted within its
    acceptance (never a breach). Closed and retired risks have none (ADR 27)."""

    WITHIN = "within"
    WATCH = "watch"
    BREACH = "breach"
    ACCEPTED = "accepted"


class RiskSort(StrEnum):
    SCORE = "-score"  # the inherent score, highest first
    CURRENT_RESIDUAL = "-currentResidual"


@dataclass(frozen=True)
class Scope:
    """Which divisions a report covers: the subtree of ``division_id`` (None: all of
    them), and of that only what lies in the subtrees of ``readable_roots``, the
    caller's (None: the caller reads everything). A division outside the caller's
    subtrees gives an empty report, as an unknown one does. ``as_of``: the risks as they
    stood at the end of that day (UTC), from their history (None: as they stand now);
    the division tree is today's."""

    readable_roots: frozenset[str] | None
    division_id: str | None = None
    as_of: date | None = None

    def cache_part(self) -> str:
        """A short, stable name for the scope, fit for a cache key."""
        if self.readable_roots is None:
            readable = "all"
        else:
            joined = ",".join(sorted(self.readable_roots))
            readable = hashlib.sha256(joined.encode()).hexdigest()[:32]
        as_of = f":{self.as_of.isoformat()}" if self.as_of else ""
        return f"{self.division_id or 'all'}:{readable}{as_of}"


@dataclass(frozen=True)
class RiskFilter:
    """The register's filters. Retired risks are left out unless asked for (closed ones
    too with ``open_only``); ``overdue`` keeps the risks whose review is overdue in the
    platform's one meaning (scoring's next review date passed before today, UTC, for a
    tracked risk; ADR 27) (True), or the others (False). ``likelihood`` and ``impact``
    pick a cell of the ``basis`` heat map; ``level`` and ``standing`` are the current
    residual's."""

    scope: Scope
    include_retired: bool = False
    status: RiskStatus | None = None
    category: Category | None = None
    overdue: bool | None = None
    basis: Basis = Basis.INHERENT
    likelihood: int | None = None
    impact: int | None = None
    level: Level | None = None
    standing: Standing | None = None
    sort: RiskSort = RiskSort.SCORE
    open_only: bool = False


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
class RegisterLine:
    """The first fields of a risk in the register, as its API body shows them too."""

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
class RegisterEntry(RegisterLine):
    """One risk as the register shows it. Captured or score fields may still be missing:
    its events arrive in any order."""

    model_id: str | None = None
    model_version: int | None = None
    inherent_acceptability: str | None = None
    current: Grade | None = None
    target: Grade | None = None
    appetite: Appetite | None = None
    standing: Standing | None = None
    in_breach: bool = False
    breach_changed_at: datetime | None = None
    action_priority: str | None = None
    rpn: int | None = None
    next_review_due: date | None = None
    review_overdue: bool = False
    accepted_until: date | None = None


@dataclass(frozen=True)
class RegisterPage:
    items: tuple[RegisterEntry, ...]
    total: int


@dataclass(frozen=True)
class SolutionEntry(SolutionDetails):
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


# ---- heat maps sized by the model ------------------------------------------------------


@dataclass(frozen=True)
class CellCount:
    """One row of the heat maps' counts: a model (of one version), its size when known,
    a basis, a cell."""

    model_id: str | None
    size: int | None
    basis: Basis
    likelihood: int
    impact: int
    count: int


@dataclass(frozen=True)
class ModelHeatmaps:
    """The inherent, current and target heat maps of the risks one model scores, on its
    N x N matrix; only cells that hold a risk."""

    model_id: str | None
    size: int
    inherent: tuple[Cell, ...]
    current: tuple[Cell, ...]
    target: tuple[Cell, ...]

    @property
    def scale(self) -> tuple[int, ...]:
        return tuple(range(1, self.size + 1))

    @property
    def total(self) -> int:
        return sum(cell.count for cell in self.inherent)


@dataclass(frozen=True)
class Heatmaps:
    division_id: str | None
    models: tuple[ModelHeatmaps, ...]


def heatmaps_of(division_id: str | None, counts: Iterable[CellCount]) -> Heatmaps:
    """Counts folded into one set of heat maps per model, in model id order; the counts
    of a model's versions (while a publication rescores) add up on its matrix. A model's
    size is its largest published size; one whose publication has not arrived (the
    default model is never announced) is taken as 5 x 5, never smaller than its largest
    cell."""
    sizes: dict[str | None, int] = {}
    cells: dict[tuple[str | None, Basis], dict[tuple[int, int], int]] = {}
    for row in counts:
        largest = max(row.likelihood, row.impact, row.size or DEFAULT_SIZE)
        sizes[row.model_id] = max(sizes.get(row.model_id, 0), largest)
        found = cells.setdefault((row.model_id, row.basis), {})
        at = (row.likelihood, row.impact)
        found[at] = found.get(at, 0) + row.count  # versions of one model share its matrix

    def of(model_id: str | None, basis: Basis) -> tuple[Cell, ...]:
        found = cells.get((model_id, basis), {})
        return tuple(Cell(*at, n) for at, n in sorted(found.items()))

    return Heatmaps(
        division_id,
        tuple(
            ModelHeatmaps(
                model_id,
                sizes[model_id],
                of(model_id, Basis.INHERENT),
                of(model_id, Basis.CURRENT),
                of(model_id, Basis.TARGET),
            )
            for model_id in sorted(sizes, key=lambda m: (m is None, m or ""))
        ),
    )


def scale_of(cells: Iterable[Cell]) -> tuple[int, ...]:
    """The 5 x 5 scale of the single heat map, widened to its largest cell."""
    size = max([DEFAULT_SIZE, *(max(c.likelihood, c.impact) for c in cells)])
    return tuple(range(1, size + 1))


# ---- the executive summary ---------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """Counts over a set of open (neither closed nor retired) risks: by current residual
    level (``unscored`` has none yet), appetite breaches and overdue reviews of tracked
    risks, risks accepted within their acceptance, and the high or critical ones that
    have an active control whose latest test passed and is in date (``controlled``)."""

    risks: int = 0
    low: int = 0
    medium: int = 0
    high: int = 0
    critical: int = 0
    unscored: int = 0
    breaches: int = 0
    overdue_reviews: int = 0
    accepted: int = 0
    controlled: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(self.counts(), other.counts(), strict=True)))

    def counts(self) -> tuple[int, ...]:
        return (
            self.risks,
            self.low,
            self.medium,
            self.high,
            self.critical,
            self.unscored,
            self.breaches,
            self.overdue_reviews,
            self.accepted,
            self.controlled,
        )

    @property
    def high_or_critical(self) -> int:
        return self.high + self.critical


@dataclass(frozen=True)
class DivisionTally:
    division_id: str
    tally: Tally


@dataclass(frozen=True)
class DivisionNode:
    division_id: str
    parent_id: str | None
    code: str | None
    name: str | None
    retired: bool


@dataclass(frozen=True)
class DivisionRollup:
    """A division with its own risks' tally and its whole subtree's (itself included)."""

    division_id: str
    parent_id: str | None
    code: str | None
    name: str | None
    retired: bool
    depth: int
    own: Tally
    subtree: Tally


def rollup(
    nodes: Iterable[DivisionNode], tallies: Iterable[DivisionTally]
) -> tuple[DivisionRollup, ...]:
    """Each division in scope with its subtree's totals, depth first from the roots (the
    divisions whose parent is not in scope), siblings by code. A division whose own
    event has not arrived yet is a root without a code. A retired division with no risk
    in its subtree is left out. A cycle that out-of-order moves may show for a while is
    broken where the walk meets a division again."""
    found = {node.division_id: node for node in nodes}
    own = {t.division_id: t.tally for t in tallies}
    for division_id in own.keys() - found.keys():
        found[division_id] = DivisionNode(division_id, None, None, None, False)
    children: dict[str | None, list[DivisionNode]] = {}
    for node in found.values():
        parent = node.parent_id if node.parent_id in found else None
        children.setdefault(parent, []).append(node)
    for siblings in children.values():
        siblings.sort(key=lambda n: (n.code is None, n.code or "", n.division_id))

    seen: set[str] = set()
    ordered: list[DivisionRollup] = []

    def walk(node: DivisionNode, depth: int) -> Tally:
        seen.add(node.division_id)
        at = len(ordered)
        ordered.append(
            DivisionRollup(node.division_id, None, None, None, False, 0, Tally(), Tally())
        )
        total = own.get(node.division_id, Tally())
        for child in children.get(node.division_id, []):
            if child.division_id not in seen:
                total = total + walk(child, depth + 1)
        parent = node.parent_id if node.parent_id in found else None
        ordered[at] = DivisionRollup(
            node.division_id,
            parent,
            node.code,
            node.name,
            node.retired,
            depth,
            own.get(node.division_id, Tally()),
            total,
        )
        return total

    for root in children.get(None, []):
        walk(root, 0)
    for node in sorted(found.values(), key=lambda n: n.division_id):  # cycles with no root
        if node.division_id not in seen:
            walk(node, 0)
    return tuple(r for r in ordered if not (r.retired and r.subtree.risks == 0))


@dataclass(frozen=True)
class Mitigation:
    """Mitigation progress: solutions by status (every status listed), those whose
    next test date has passed (not retired), the planned and in-progress ones past
    their due date, and how many high and critical risks an active tested control
    answers."""

    solutions: Mapping[SolutionStatus, int]
    overdue_tests: int
    overdue_plans: int
    high_or_critical: int
    controlled: int

    @property
    def controlled_share(self) -> float | None:
        """The share of high and critical risks with an active tested control, to four
        places (None: there is no such risk)."""
        return round(self.controlled / self.high_or_critical, 4) if self.high_or_critical else None


@dataclass(frozen=True)
class SolutionTally:
    status: str
    count: int
    overdue_tests: int
    overdue_plans: int


def mitigation_of(rows: Iterable[SolutionTally], totals: Tally) -> Mitigation:
    solutions = dict.fromkeys(SolutionStatus, 0)
    overdue_tests = overdue_plans = 0
    for row in rows:
        solutions[SolutionStatus(row.status)] += row.count
        overdue_tests += row.overdue_tests
        overdue_plans += row.overdue_plans
    return Mitigation(
        solutions, overdue_tests, overdue_plans, totals.high_or_critical, totals.controlled
    )


# ---- key risk indicators and appetite breaches -----------------------------------------


class KriStatus(StrEnum):
    """An indicator's status from its latest reading against its thresholds (ADR 28)."""

    RED = "red"
    AMBER = "amber"
    GREEN = "green"


@dataclass(frozen=True)
class KriCounts:
    """The live indicators (not retired, of open risks) in scope by status; ``unread``
    have no reading yet; ``stale`` (of any status) have a latest reading older than their
    staleness period."""

    red: int = 0
    amber: int = 0
    green: int = 0
    unread: int = 0
    stale: int = 0

    def of_status(self, statuses: frozenset[KriStatus] | None) -> int:
        """How many indicators have one of ``statuses`` (None: every indicator)."""
        counts = {KriStatus.RED: self.red, KriStatus.AMBER: self.amber, KriStatus.GREEN: self.green}
        if statuses is None:
            return sum(counts.values()) + self.unread
        return sum(counts[s] for s in statuses)


@dataclass(frozen=True)
class KriStatusCount:
    """One row of the indicators' counts: a status (None: no reading), stale or not."""

    status: str | None
    stale: bool
    count: int


def kri_counts_of(rows: Iterable[KriStatusCount]) -> KriCounts:
    found = {s: 0 for s in (*KriStatus, None)}
    stale = 0
    for row in rows:
        found[KriStatus(row.status) if row.status else None] += row.count
        stale += row.count if row.stale else 0
    return KriCounts(
        found[KriStatus.RED], found[KriStatus.AMBER], found[KriStatus.GREEN], found[None], stale
    )


@dataclass(frozen=True)
class KriEntry:
    """An indicator as the KRI dashboard shows it: its definition, its risk (title and
    division when the risk's events have arrived), its latest reading and its status."""

    kri_id: str
    name: str
    unit: str
    direction: str
    amber: float
    red: float
    stale_after_days: int
    risk_id: str
    risk_title: str | None
    division_id: str
    status: KriStatus | None
    stale: bool
    latest_value: float | None
    latest_observed_at: datetime | None
    latest_source: str | None


@dataclass(frozen=True)
class KriReport:
    """A page of the indicators of the statuses asked for (red first), how many match in
    all, and the counts of every status in scope."""

    division_id: str | None
    items: tuple[KriEntry, ...]
    total: int
    counts: KriCounts


@dataclass(frozen=True)
class BreachCounts:
    """Open risks whose current residual is above their tolerance: ``in_breach`` are
    tracked (the summary's breaches), ``accepted`` are accepted within their acceptance,
    so not breaches (ADR 27, 62)."""

    in_breach: int = 0
    accepted: int = 0


@dataclass(frozen=True)
class BreachEntry:
    """A risk above its tolerance: where it stands (breach, or accepted), by how much its
    current residual exceeds the tolerance and the appetite, and since when its scores
    have been in breach without a break."""

    risk_id: str
    division_id: str
    title: str | None
    category: str | None
    owner_email: str | None
    standing: Standing
    current: Grade | None
    appetite: Appetite
    over_tolerance: int
    over_appetite: int
    since: datetime | None
    accepted_until: date | None


@dataclass(frozen=True)
class BreachReport:
    """A page of the risks above tolerance (breaches first, the largest excess first), how
    many there are in all, and the counts by standing."""

    division_id: str | None
    items: tuple[BreachEntry, ...]
    total: int
    counts: BreachCounts


@dataclass(frozen=True)
class Summary:
    """The executive summary: the totals, the top risks by current residual, each
    division's rollup and the mitigation progress, all within the scope; the indicators
    by status, and the risks above tolerance (breaches and accepted ones)."""

    division_id: str | None
    totals: Tally
    top: tuple[RegisterEntry, ...]
    divisions: tuple[DivisionRollup, ...]
    mitigation: Mitigation
    kris: KriCounts = KriCounts()
    breaches: BreachCounts = BreachCounts()


def summary_of(
    division_id: str | None,
    tallies: list[DivisionTally],
    nodes: list[DivisionNode],
    top: tuple[RegisterEntry, ...],
    solutions: list[SolutionTally],
    kris: KriCounts = KriCounts(),
    breaches: BreachCounts = BreachCounts(),
) -> Summary:
    totals = sum((t.tally for t in tallies), Tally())
    return Summary(
        division_id,
        totals,
        top,
        rollup(nodes, tallies),
        mitigation_of(solutions, totals),
        kris,
        breaches,
    )


# ---- trends ------------------------------------------------------------------------------

TREND_MAX_DAYS = 366


@dataclass(frozen=True)
class DayTally:
    """One row of a trend's counts: a day, a category (None: not given) and the tally of
    the open risks of that category as they stood at the end of that day."""

    day: date
    category: str | None
    tally: Tally


@dataclass(frozen=True)
class CategoryTally:
    category: str | None
    tally: Tally


@dataclass(frozen=True)
class TrendDay:
    """A day of a trend: every category's tally and their total."""

    day: date
    total: Tally
    categories: tuple[CategoryTally, ...]


@dataclass(frozen=True)
class LevelMovement:
    """Of the open risks at a current residual level at the end of the last day, how
    many scored worse, better or the same as at the end of the first, and how many had
    no current residual then (new)."""

    level: str | None
    worsened: int = 0
    improved: int = 0
    unchanged: int = 0
    new: int = 0

    def __add__(self, other: LevelMovement) -> LevelMovement:
        return LevelMovement(
            None,
            self.worsened + other.worsened,
            self.improved + other.improved,
            self.unchanged + other.unchanged,
            self.new + other.new,
        )


@dataclass(frozen=True)
class Trends:
    division_id: str | None
    first: date
    last: date
    days: tuple[TrendDay, ...]
    movements: LevelMovement
    movements_by_level: tuple[LevelMovement, ...]


LEVEL_ORDER = {level.value: i for i, level in enumerate(Level)}


def days_between(first: date, last: date) -> tuple[date, ...]:
    """Every day from ``first`` to ``last``, both included."""
    return tuple(date.fromordinal(d) for d in range(first.toordinal(), last.toordinal() + 1))


def trends_of(
    division_id: str | None,
    first: date,
    last: date,
    rows: Iterable[DayTally],
    movements: Iterable[LevelMovement],
) -> Trends:
    """Counts per day and category folded into one entry per day, every day of the range
    listed (a day without risks has an empty total), categories by name; the movements
    by level from low to critical, and their total."""
    per_day: dict[date, list[CategoryTally]] = {}
    for row in rows:
        per_day.setdefault(row.day, []).append(CategoryTally(row.category, row.tally))
    days = []
    for day in days_between(first, last):
        found = sorted(per_day.get(day, []), key=lambda c: (c.category is None, c.category or ""))
        days.append(TrendDay(day, sum((c.tally for c in found), Tally()), tuple(found)))
    by_level = tuple(
        sorted(movements, key=lambda m: LEVEL_ORDER.get(m.level or "", len(LEVEL_ORDER)))
    )
    return Trends(
        division_id,
        first,
        last,
        tuple(days),
        sum(by_level, LevelMovement(None)),
        by_level,
    )


@dataclass(frozen=True)
class StateSpan:
    """A version of a risk's captured state, as the days it is the state at the end of:
    from ``first`` (the day of its time) until ``until`` (the day of the next version's,
    excluded; None: still)."""

    first: date
    until: date | None
    category: str | None
    status: str | None
    retired: bool
    acceptance_expires_on: date | None


@dataclass(frozen=True)
class ScoreSpan:
    """A version of a risk's score, as the days it is the score at the end of."""

    first: date
    until: date | None
    current_level: str | None
    appetite_status: str | None
    next_review_due: date | None
    tested_controls: int | None


def standing_tally(state: StateSpan, score: ScoreSpan | None, today: date) -> Tally | None:
    """The one risk's contribution to a tally on ``today``: the rules of
    adapters/scoping.py (ADR 27, 62) in Python, for the trends' sweep (None: not open)."""
    if state.retired or state.status == "closed":
        return None
    accepted = state.status == "accepted" and (
        state.acceptance_expires_on is None or state.acceptance_expires_on >= today
    )
    level = score.current_level if score else None
    tracked = not accepted
    due = score.next_review_due if score else None
    return Tally(
        risks=1,
        low=int(level == "low"),
        medium=int(level == "medium"),
        high=int(level == "high"),
        critical=int(level == "critical"),
        unscored=int(level is None),
        breaches=int(tracked and score is not None and score.appetite_status == "breach"),
        overdue_reviews=int(tracked and due is not None and due < today),
        accepted=int(accepted),
        controlled=int(level in ("high", "critical") and bool(score and score.tested_controls)),
    )


def sweep_trend(
    first: date, last: date, risks: Iterable[tuple[list[StateSpan], list[ScoreSpan]]]
) -> list[DayTally]:
    """Each day's tally per category from each risk's spans, in time linear in the spans
    and the days, not their product: a risk's tally only changes where a version starts
    or ends, or where its acceptance or review date passes; each stretch between two such
    days adds its tally on its first day and takes it off after its last, and a running
    sum gives every day's figures. A risk counts from its capture (its first state)."""
    days = last.toordinal() - first.toordinal() + 1
    changes: dict[str | None, list[list[int]]] = {}
    width = len(Tally().counts())

    def clip(day: date | None) -> int:
        if day is None:
            return days
        return min(max(day.toordinal() - first.toordinal(), 0), days)

    for states, scores in risks:
        cuts = {0, days}
        spans: list[StateSpan | ScoreSpan] = [*states, *scores]
        cuts.update(clip(span.first) for span in spans)
        cuts.update(clip(span.until) for span in spans)
        # the first day an acceptance has ended, and the first a review is overdue
        passing = [s.acceptance_expires_on for s in states] + [c.next_review_due for c in scores]
        cuts.update(min(clip(day) + 1, days) for day in passing if day is not None)
        bounds = sorted(cuts)
        for start, stop in pairwise(bounds):
            if start >= stop:
                continue
            state = next((s for s in states if clip(s.first) <= start < clip(s.until)), None)
            if state is None:
                continue
            score = next((c for c in scores if clip(c.first) <= start < clip(c.until)), None)
            found = standing_tally(state, score, date.fromordinal(first.toordinal() + start))
            if found is None:
                continue
            diff = changes.setdefault(state.category, [[0] * width for _ in range(days + 1)])
            for i, n in enumerate(found.counts()):
                diff[start][i] += n
                diff[stop][i] -= n
    rows = []
    for category, diff in changes.items():
        running = [0] * width
        for offset in range(days):
            running = [a + b for a, b in zip(running, diff[offset], strict=True)]
            if running[0]:  # the category has risks that day
                day = date.fromordinal(first.toordinal() + offset)
                rows.append(DayTally(day, category, Tally(*running)))
    return rows
