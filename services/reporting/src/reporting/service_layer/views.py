"""The dashboards' reads, each within what the caller may read. The heat maps and the
summary are cached under the read model's generation, which is read before the counts:
whatever is cached under a generation is at least as new as it, and every change to the
read model moves readers on to a new generation. The key names the caller's scope too:
callers who may read different divisions never share an entry (ADR 6, ADR 40)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date

from pydantic import TypeAdapter

from reporting.domain.model import (
    Cell,
    Heatmap,
    Heatmaps,
    RegisterEntry,
    RegisterPage,
    RiskFilter,
    RiskSort,
    Scope,
    SolutionsReport,
    SolutionStatus,
    Summary,
    Trends,
    heatmaps_of,
    per_division,
    summary_of,
    trends_of,
)
from reporting.service_layer.unit_of_work import Cache, Reports, UnitOfWork
from riskplatform.errors import InvalidInput

# A function's answer is at most 6 MB: an export of more rows than this is refused, and
# the caller narrows the filters.
EXPORT_MAX_ROWS = 20_000
HEATMAPS = TypeAdapter(Heatmaps)
SUMMARY = TypeAdapter(Summary)
TRENDS = TypeAdapter(Trends)


def heatmap_key(generation: str, scope: Scope, include_retired: bool) -> str:
    retired = "with-retired" if include_retired else "current"
    return f"reporting:heatmap:v2:{generation}:{scope.cache_part()}:{retired}"


def report_key(report: str, generation: str, scope: Scope, variant: str) -> str:
    return f"reporting:{report}:v1:{generation}:{scope.cache_part()}:{variant}"


def heatmap(scope: Scope, include_retired: bool, uow: UnitOfWork, cache: Cache) -> Heatmap:
    with uow:
        generation = uow.reports.generation()
        key = heatmap_key(generation, scope, include_retired) if generation else None
        cached = cache.get(key) if key else None
        if cached is not None:
            return Heatmap(scope.division_id, tuple(Cell(*cell) for cell in json.loads(cached)))
        cells = uow.reports.heatmap_cells(scope, include_retired)
    result = Heatmap(scope.division_id, tuple(cells))
    if key:
        cache.set(key, json.dumps([[c.likelihood, c.impact, c.count] for c in result.cells]))
    return result


def read_through[T](
    report: str,
    variant: str,
    scope: Scope,
    adapter: TypeAdapter[T],
    compute: Callable[[Reports], T],
    uow: UnitOfWork,
    cache: Cache,
) -> T:
    """The report from the cache when its generation's entry is there, else computed in
    the transaction that read the generation, and stored."""
    with uow:
        generation = uow.reports.generation()
        key = report_key(report, generation, scope, variant) if generation else None
        cached = cache.get(key) if key else None
        if cached is not None:
            return adapter.validate_json(cached)
        result = compute(uow.reports)
    if key:
        cache.set(key, adapter.dump_json(result).decode())
    return result


def heatmaps(scope: Scope, include_retired: bool, uow: UnitOfWork, cache: Cache) -> Heatmaps:
    """The inherent, current and target heat maps per model (one statement)."""

    def compute(reports: Reports) -> Heatmaps:
        return heatmaps_of(scope.division_id, reports.heatmap_counts(scope, include_retired))

    variant = "with-retired" if include_retired else "current"
    return read_through("heatmaps", variant, scope, HEATMAPS, compute, uow, cache)


def summary(scope: Scope, top: int, uow: UnitOfWork, cache: Cache) -> Summary:
    """The executive summary in four statements whatever the data size: the divisions'
    tallies, the divisions, the top risks and the solutions."""

    def compute(reports: Reports) -> Summary:
        tallies = reports.division_tallies(scope)
        nodes = reports.divisions(scope)
        leading = RiskFilter(scope, open_only=True, sort=RiskSort.CURRENT_RESIDUAL)
        top_risks = reports.register_items(leading, top, 0)
        return summary_of(
            scope.division_id, tallies, nodes, top_risks, reports.solution_tallies(scope)
        )

    return read_through("summary", f"top{top}", scope, SUMMARY, compute, uow, cache)


def trends(scope: Scope, first: date, last: date, uow: UnitOfWork, cache: Cache) -> Trends:
    """Per day from ``first`` to ``last`` and per category, the open risks as they stood
    at the day's end, and the score movements between the two days: two statements
    whatever the range or the data size (the range is checked by the caller)."""

    def compute(reports: Reports) -> Trends:
        return trends_of(
            scope.division_id,
            first,
            last,
            reports.trend_tallies(scope, first, last),
            reports.movements(scope, first, last),
        )

    variant = f"{first.isoformat()}:{last.isoformat()}"
    return read_through("trends", variant, scope, TRENDS, compute, uow, cache)


def register(risks: RiskFilter, limit: int, offset: int, uow: UnitOfWork) -> RegisterPage:
    with uow:
        return uow.reports.register(risks, limit, offset)


def export(risks: RiskFilter, uow: UnitOfWork) -> Iterator[RegisterEntry]:
    """Every risk the filters keep, in the register's order, streamed from the database
    as it is written out, so that memory holds a batch, not the register; more than
    EXPORT_MAX_ROWS is refused (422 on format)."""
    with uow:
        total = uow.reports.register_count(risks)
        if total > EXPORT_MAX_ROWS:
            raise InvalidInput(
                f"{total} risks match: an export holds at most {EXPORT_MAX_ROWS};"
                " narrow the filters",
                field="format",
                location="query",
            )
        yield from uow.reports.register_stream(risks)


def solutions(
    scope: Scope, status: SolutionStatus | None, limit: int, offset: int, uow: UnitOfWork
) -> SolutionsReport:
    with uow:
        divisions = per_division(uow.reports.solution_counts(scope))
        items, total = uow.reports.solutions(scope, status, limit, offset)
    return SolutionsReport(divisions, items, total)
