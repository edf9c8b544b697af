"""The reporting API's query parameters and response bodies (camelCase on the wire)."""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import BeforeValidator

from reporting.domain.events import Appetite, Grade
from reporting.domain.model import (
    Basis,
    BreachCounts,
    BreachEntry,
    BreachReport,
    Category,
    CategoryTally,
    Cell,
    DivisionRollup,
    DivisionSolutions,
    Heatmap,
    Heatmaps,
    KriCounts,
    KriEntry,
    KriReport,
    KriStatus,
    Level,
    LevelMovement,
    Mitigation,
    ModelHeatmaps,
    RegisterEntry,
    RegisterLine,
    RegisterPage,
    RiskSort,
    RiskStatus,
    SolutionEntry,
    SolutionsReport,
    SolutionStatus,
    Standing,
    Summary,
    Tally,
    TrendDay,
    Trends,
    scale_of,
)
from riskplatform.api import ApiModel, PageOut
from riskplatform.paging import Page

DivisionFilter = Annotated[
    UUID | None,
    Query(
        alias="divisionId",
        description="Only this division and the divisions below it (of those, only what"
        " the caller may read: a division outside the caller's gives an empty report)",
    ),
]


def calendar_day(value: object) -> object:
    """A query's day is written YYYY-MM-DD: pydantic alone would also take a number of
    seconds since 1970 ("0") for a date."""
    if isinstance(value, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(calendar_day)]

AsOf = Annotated[
    Day | None,
    Query(
        alias="asOf",
        description="The figures as they stood at the end of this day (UTC, YYYY-MM-DD, not"
        " after today), from the risks' history; the division tree is today's. Absent: now",
    ),
]
TrendFrom = Annotated[
    Day | None,
    Query(
        alias="from",
        description="The trend's first day (UTC, YYYY-MM-DD); absent: 29 days before to",
    ),
]
TrendTo = Annotated[
    Day | None,
    Query(
        alias="to",
        description="The trend's last day (UTC, YYYY-MM-DD, not after today; at most 366"
        " days from from); absent: today",
    ),
]
IncludeRetired = Annotated[
    bool, Query(alias="includeRetired", description="Count retired risks too")
]
RiskStatusFilter = Annotated[RiskStatus | None, Query(description="Only risks in this status")]
CategoryFilter = Annotated[Category | None, Query(description="Only risks of this category")]
OverdueFilter = Annotated[
    bool | None,
    Query(
        description="true: only risks whose review is overdue: the next review date scoring"
        " published has passed (before today, UTC) and the risk is tracked (neither accepted"
        " within its acceptance, closed nor retired); false: the others"
    ),
]
BasisFilter = Annotated[
    Basis,
    Query(description="Which heat map likelihood and impact pick a cell of"),
]
LikelihoodFilter = Annotated[
    int | None, Query(ge=1, le=6, description="Only risks in this row of the basis heat map")
]
ImpactFilter = Annotated[
    int | None, Query(ge=1, le=6, description="Only risks in this column of the basis heat map")
]
LevelFilter = Annotated[
    Level | None, Query(description="Only risks whose current residual is at this level")
]
StandingFilter = Annotated[
    Standing | None,
    Query(
        alias="appetiteStatus",
        description="Only risks that stand so against their appetite: within, watch or"
        " breach (tracked risks), accepted (accepted within their acceptance)",
    ),
]
SortOrder = Annotated[
    RiskSort,
    Query(description="-score: inherent score, highest first; -currentResidual: current residual"),
]


class ExportFormat(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


EXPORT_FORMATS = (
    "json: the report as JSON; csv, xlsx, pdf: the report as a file (ADR 64), scoped and"
    " dated like the JSON: a CSV file that fits in an answer (5 MiB) is the answer (200,"
    " Content-Disposition: attachment); any other file is stored and the answer is 201"
    " with a link to it valid for five minutes (Location, and the link's details as JSON)"
)
FormatChoice = Annotated[
    ExportFormat,
    Query(
        alias="format",
        description=f"{EXPORT_FORMATS}. For a list, a file holds every matching item (not a page)",
    ),
]
ReportFormat = Annotated[ExportFormat, Query(alias="format", description=EXPORT_FORMATS)]


class ExportLinkOut(ApiModel):
    """Where an export too large for an answer was put: a presigned link that downloads
    it (as an attachment named file_name) until expires_at, without a token."""

    url: str
    file_name: str
    media_type: str
    bytes: int
    expires_at: datetime


Top = Annotated[int, Query(ge=1, le=50, description="How many risks the top list holds")]
SolutionStatusFilter = Annotated[
    SolutionStatus | None,
    Query(description="Only solutions in this status (the counts are of all)"),
]


class CellOut(ApiModel):
    likelihood: int
    impact: int
    count: int


class HeatmapOut(ApiModel):
    division_id: str | None
    scale: list[int]
    cells: list[CellOut]
    total: int

    @classmethod
    def of(cls, heatmap: Heatmap) -> HeatmapOut:
        return cls(
            division_id=heatmap.division_id,
            scale=list(scale_of(heatmap.cells)),
            cells=[
                CellOut(likelihood=c.likelihood, impact=c.impact, count=c.count)
                for c in heatmap.cells
            ],
            total=heatmap.total,
        )


class GradeOut(ApiModel):
    likelihood: int
    impact: int
    score: int
    level: str
    acceptability: str | None

    @classmethod
    def of(cls, grade: Grade | None) -> GradeOut | None:
        return cls.model_validate(grade, from_attributes=True) if grade else None


class AppetiteOut(ApiModel):
    """Scoring's appetite status of the current residual, and the thresholds that apply
    (set on division_id, the risk's or an ancestor's)."""

    status: str
    appetite: int
    tolerance: int
    division_id: str

    @classmethod
    def of(cls, appetite: Appetite | None) -> AppetiteOut | None:
        return cls.model_validate(appetite, from_attributes=True) if appetite else None


class RiskOut(ApiModel, RegisterLine):  # the register line's fields, then these
    model_id: str | None
    model_version: int | None
    inherent_acceptability: str | None
    current_residual: GradeOut | None
    target_residual: GradeOut | None
    appetite: AppetiteOut | None
    appetite_status: Standing | None
    in_breach: bool
    breach_changed_at: datetime | None
    action_priority: str | None
    rpn: int | None
    next_review_due: date | None
    review_overdue: bool
    accepted_until: date | None

    @classmethod
    def of(cls, entry: RegisterEntry) -> RiskOut:
        """The entry's fields of the same name, and those the API names or shapes apart."""
        same = {name: getattr(entry, name) for name in cls.model_fields if hasattr(entry, name)}
        return cls.model_validate(
            same
            | {
                "current_residual": GradeOut.of(entry.current),
                "target_residual": GradeOut.of(entry.target),
                "appetite": AppetiteOut.of(entry.appetite),
                "appetite_status": entry.standing,
            }
        )


class RiskPageOut(PageOut):
    items: list[RiskOut]

    @classmethod
    def of(cls, found: RegisterPage, limit: int, offset: int) -> RiskPageOut:
        return cls.of_page(Page(found.items, found.total, limit, offset), RiskOut.of)


class SolutionOut(ApiModel, SolutionEntry):  # the entry's fields
    @classmethod
    def of(cls, entry: SolutionEntry) -> SolutionOut:
        return cls.model_validate(entry, from_attributes=True)


class DivisionSolutionsOut(ApiModel):
    division_id: str
    code: str | None
    name: str | None
    retired: bool
    counts: dict[SolutionStatus, int]
    total: int

    @classmethod
    def of(cls, summary: DivisionSolutions) -> DivisionSolutionsOut:
        return cls(
            division_id=summary.division_id,
            code=summary.code,
            name=summary.name,
            retired=summary.retired,
            counts=dict(summary.counts),
            total=summary.total,
        )


class SolutionsOut(PageOut):
    divisions: list[DivisionSolutionsOut]
    items: list[SolutionOut]

    @classmethod
    def of(cls, report: SolutionsReport, limit: int, offset: int) -> SolutionsOut:
        return cls.of_page(
            Page(report.items, report.total, limit, offset),
            SolutionOut.of,
            divisions=[DivisionSolutionsOut.of(d) for d in report.divisions],
        )


def cells(found: tuple[Cell, ...]) -> list[CellOut]:
    return [CellOut(likelihood=c.likelihood, impact=c.impact, count=c.count) for c in found]


class ModelHeatmapsOut(ApiModel):
    """The risks one model scores on its N x N matrix (scale 1..N): inherent, current
    and target residual side by side; only cells that hold a risk. model_id is null for
    risks scored before reporting kept the model (until they are scored again)."""

    model_id: str | None
    size: int
    scale: list[int]
    inherent: list[CellOut]
    current: list[CellOut]
    target: list[CellOut]
    total: int

    @classmethod
    def of(cls, found: ModelHeatmaps) -> ModelHeatmapsOut:
        return cls(
            model_id=found.model_id,
            size=found.size,
            scale=list(found.scale),
            inherent=cells(found.inherent),
            current=cells(found.current),
            target=cells(found.target),
            total=found.total,
        )


class HeatmapsOut(ApiModel):
    division_id: str | None
    models: list[ModelHeatmapsOut]

    @classmethod
    def of(cls, found: Heatmaps) -> HeatmapsOut:
        return cls(
            division_id=found.division_id, models=[ModelHeatmapsOut.of(m) for m in found.models]
        )


class LevelCountsOut(ApiModel):
    """Open risks by current residual level; unscored: no current residual yet."""

    low: int
    medium: int
    high: int
    critical: int
    unscored: int


class TallyOut(ApiModel):
    """Over open risks (neither closed nor retired): breaches and overdue reviews count
    tracked risks only; accepted, those accepted within their acceptance; controlled, the
    high and critical ones with an active control whose latest test passed in date."""

    risks: int
    by_level: LevelCountsOut
    high_or_critical: int
    breaches: int
    overdue_reviews: int
    accepted: int
    controlled: int

    @classmethod
    def of(cls, tally: Tally) -> TallyOut:
        return cls(
            risks=tally.risks,
            by_level=LevelCountsOut(
                low=tally.low,
                medium=tally.medium,
                high=tally.high,
                critical=tally.critical,
                unscored=tally.unscored,
            ),
            high_or_critical=tally.high_or_critical,
            breaches=tally.breaches,
            overdue_reviews=tally.overdue_reviews,
            accepted=tally.accepted,
            controlled=tally.controlled,
        )


class DivisionRollupOut(ApiModel):
    """A division with its own risks and its subtree's (itself included); depth 0 is a
    top division of the scope, and the list is the tree depth first."""

    division_id: str
    parent_id: str | None
    code: str | None
    name: str | None
    retired: bool
    depth: int
    own: TallyOut
    subtree: TallyOut

    @classmethod
    def of(cls, found: DivisionRollup) -> DivisionRollupOut:
        return cls(
            division_id=found.division_id,
            parent_id=found.parent_id,
            code=found.code,
            name=found.name,
            retired=found.retired,
            depth=found.depth,
            own=TallyOut.of(found.own),
            subtree=TallyOut.of(found.subtree),
        )


class MitigationOut(ApiModel):
    """Solutions by status (every status), those whose next test date has passed (not
    retired), planned and in-progress ones past their due date, and the share of high
    and critical risks with an active tested control (null: none)."""

    solutions: dict[SolutionStatus, int]
    overdue_tests: int
    overdue_plans: int
    high_or_critical: int
    controlled: int
    controlled_share: float | None

    @classmethod
    def of(cls, found: Mitigation) -> MitigationOut:
        return cls(
            solutions=dict(found.solutions),
            overdue_tests=found.overdue_tests,
            overdue_plans=found.overdue_plans,
            high_or_critical=found.high_or_critical,
            controlled=found.controlled,
            controlled_share=found.controlled_share,
        )


class KriCountsOut(ApiModel):
    """Live indicators (not retired, of open risks) by the status of their latest reading;
    unread: no reading yet; stale (of any status): the latest reading is older than the
    indicator's staleness period, so it no longer counts in the score."""

    red: int
    amber: int
    green: int
    unread: int
    stale: int

    @classmethod
    def of(cls, found: KriCounts) -> KriCountsOut:
        return cls.model_validate(found, from_attributes=True)


class BreachCountsOut(ApiModel):
    """Open risks whose current residual is above their tolerance: inBreach, the tracked
    ones (totals.breaches); accepted, those accepted within their acceptance (not
    breaches)."""

    in_breach: int
    accepted: int

    @classmethod
    def of(cls, found: BreachCounts) -> BreachCountsOut:
        return cls.model_validate(found, from_attributes=True)


class SummaryOut(ApiModel):
    division_id: str | None
    totals: TallyOut
    top: list[RiskOut]
    divisions: list[DivisionRollupOut]
    mitigation: MitigationOut
    kris: KriCountsOut
    breaches: BreachCountsOut

    @classmethod
    def of(cls, found: Summary) -> SummaryOut:
        return cls(
            division_id=found.division_id,
            totals=TallyOut.of(found.totals),
            top=[RiskOut.of(entry) for entry in found.top],
            divisions=[DivisionRollupOut.of(d) for d in found.divisions],
            mitigation=MitigationOut.of(found.mitigation),
            kris=KriCountsOut.of(found.kris),
            breaches=BreachCountsOut.of(found.breaches),
        )


class CategoryTallyOut(ApiModel):
    """One category's open risks at the end of the day (category null: not known yet)."""

    category: str | None
    tally: TallyOut

    @classmethod
    def of(cls, found: CategoryTally) -> CategoryTallyOut:
        return cls(category=found.category, tally=TallyOut.of(found.tally))


class TrendDayOut(ApiModel):
    """A day of the trend: the open risks as they stood at its end (UTC), in total and
    per category (only the categories that have risks)."""

    day: date
    total: TallyOut
    categories: list[CategoryTallyOut]

    @classmethod
    def of(cls, found: TrendDay) -> TrendDayOut:
        return cls(
            day=found.day,
            total=TallyOut.of(found.total),
            categories=[CategoryTallyOut.of(c) for c in found.categories],
        )


class MovementOut(ApiModel):
    """Open risks scored at the end of the last day (of one current residual level, or
    all) whose current residual score is higher (worsened), lower (improved) or the same
    (unchanged) as at the end of the first day, or had none then (new)."""

    level: Level | None
    worsened: int
    improved: int
    unchanged: int
    new: int

    @classmethod
    def of(cls, found: LevelMovement) -> MovementOut:
        return cls(
            level=Level(found.level) if found.level else None,
            worsened=found.worsened,
            improved=found.improved,
            unchanged=found.unchanged,
            new=found.new,
        )


class TrendsOut(ApiModel):
    division_id: str | None
    from_day: date
    to_day: date
    days: list[TrendDayOut]
    movements: MovementOut
    movements_by_level: list[MovementOut]

    @classmethod
    def of(cls, found: Trends) -> TrendsOut:
        return cls(
            division_id=found.division_id,
            from_day=found.first,
            to_day=found.last,
            days=[TrendDayOut.of(d) for d in found.days],
            movements=MovementOut.of(found.movements),
            movements_by_level=[MovementOut.of(m) for m in found.movements_by_level],
        )


KRI_STATUSES = "|".join(status.value for status in KriStatus)
KriStatusFilter = Annotated[
    str | None,
    Query(
        alias="status",
        pattern=rf"^({KRI_STATUSES})(,({KRI_STATUSES}))*$",
        description="Only indicators of these statuses, comma-separated (red, amber,"
        " green); absent: every indicator, those without a reading too",
    ),
]


def kri_statuses(text: str | None) -> frozenset[KriStatus] | None:
    return frozenset(KriStatus(s) for s in text.split(",")) if text else None


class KriOut(ApiModel, KriEntry):
    """A live indicator: its definition, its risk (riskTitle null until the risk's own
    events arrive), its division (the risk's), and its latest reading (observed by the
    end of asOf's day) with the status it gives (null: no reading) and whether it is
    stale (older than staleAfterDays, so it no longer counts in the score)."""

    # the entry's fields (KriEntry)

    @classmethod
    def of(cls, entry: KriEntry) -> KriOut:
        return cls.model_validate(entry, from_attributes=True)


class KrisOut(PageOut):
    """A page of the indicators of the statuses asked for, red first (then amber, green,
    unread; by name), how many match in all, and every status's count in scope."""

    division_id: str | None
    items: list[KriOut]
    counts: KriCountsOut

    @classmethod
    def of(cls, found: KriReport, limit: int, offset: int) -> KrisOut:
        return cls.of_page(
            Page(found.items, found.total, limit, offset),
            KriOut.of,
            division_id=found.division_id,
            counts=KriCountsOut.of(found.counts),
        )


class BreachOut(ApiModel):
    """An open risk whose current residual is above its tolerance: appetiteStatus breach
    (tracked) or accepted (within its acceptance, until acceptedUntil); by how many
    score points the current residual exceeds the tolerance and the appetite; and
    breachSince, the time of the first score of the unbroken run of breach scores that
    ends with the current one."""

    risk_id: str
    division_id: str
    title: str | None
    category: str | None
    owner_email: str | None
    appetite_status: Standing
    current_residual: GradeOut | None
    appetite: AppetiteOut
    over_tolerance: int
    over_appetite: int
    breach_since: datetime | None
    accepted_until: date | None

    @classmethod
    def of(cls, entry: BreachEntry) -> BreachOut:
        return cls(
            risk_id=entry.risk_id,
            division_id=entry.division_id,
            title=entry.title,
            category=entry.category,
            owner_email=entry.owner_email,
            appetite_status=entry.standing,
            current_residual=GradeOut.of(entry.current),
            appetite=AppetiteOut.model_validate(entry.appetite, from_attributes=True),
            over_tolerance=entry.over_tolerance,
            over_appetite=entry.over_appetite,
            breach_since=entry.since,
            accepted_until=entry.accepted_until,
        )


class BreachesOut(PageOut):
    """A page of the open risks above their tolerance (breaches first, then accepted
    ones; the largest excess over the tolerance first), how many in all, and the counts."""

    division_id: str | None
    items: list[BreachOut]
    counts: BreachCountsOut

    @classmethod
    def of(cls, found: BreachReport, limit: int, offset: int) -> BreachesOut:
        return cls.of_page(
            Page(found.items, found.total, limit, offset),
            BreachOut.of,
            division_id=found.division_id,
            counts=BreachCountsOut.of(found.counts),
        )
