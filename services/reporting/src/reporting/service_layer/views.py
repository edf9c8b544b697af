"""The dashboards' reads, each within what the caller may read. The heat maps and the
summary are cached under the read model's generation, which is read before the counts:
whatever is cached under a generation is at least as new as it, and every change to the
read model moves readers on to a new generation. The key names the caller's scope too:
callers who may read different divisions never share an entry (ADR 6, ADR 40)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, date, datetime

from pydantic import TypeAdapter

from reporting.domain.model import (
    BreachCounts,
    BreachEntry,
    BreachReport,
    Cell,
    Heatmap,
    Heatmaps,
    KriCounts,
    KriEntry,
    KriReport,
    KriStatus,
    RegisterEntry,
    RegisterPage,
    RiskFilter,
    RiskSort,
    Scope,
    SolutionEntry,
    SolutionsReport,
    SolutionStatus,
    Summary,
    Trends,
    heatmaps_of,
    kri_counts_of,
    per_division,
    summary_of,
    trends_of,
)
from reporting.service_layer.unit_of_work import Cache, Reports, UnitOfWork
from riskplatform.access import Caller
from riskplatform.errors import InvalidInput

# The solutions an export reads at a time.
EXPORT_PAGE = 1_000
HEATMAPS = TypeAdapter(Heatmaps)
SUMMARY = TypeAdapter(Summary)
TRENDS = TypeAdapter(Trends)
KRIS = TypeAdapter(KriReport)
BREACHES = TypeAdapter(BreachReport)
SOLUTIONS = TypeAdapter(SolutionsReport)


def scope(reader: Caller, division_id: str | None, as_of: date | None = None) -> Scope:
    """What a report may cover for the reader: the subtree asked for, within what they
    may read (403 for a role that reads nothing), now or at the end of an earlier day
    (422 for a day after today, UTC). Every report's access is decided here (ADR 68)."""
    if as_of is not None and as_of > datetime.now(UTC).date():
        raise InvalidInput("asOf is after today (UTC)", field="asOf", location="query")
    return Scope(reader.readable_roots(), division_id, as_of)


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
    """The executive summary in six statements whatever the data size: the divisions'
    tallies, the divisions, the top risks, the solutions, the indicators by status and
    the risks above tolerance."""

    def compute(reports: Reports) -> Summary:
        tallies = reports.division_tallies(scope)
        nodes = reports.divisions(scope)
        leading = RiskFilter(scope, open_only=True, sort=RiskSort.CURRENT_RESIDUAL)
        top_risks = reports.register_items(leading, top, 0)
        return summary_of(
            scope.division_id,
            tallies,
            nodes,
            top_risks,
            reports.solution_tallies(scope),
            kri_counts_of(reports.kri_counts(scope)),
            reports.breach_counts(scope),
        )

    # "summary.v2": entries cached before the summary counted indicators and breaches
    # would read back with zeros for them
    return read_through("summary.v2", f"top{top}", scope, SUMMARY, compute, uow, cache)


def kris(
    scope: Scope,
    statuses: frozenset[KriStatus] | None,
    limit: int,
    offset: int,
    uow: UnitOfWork,
    cache: Cache,
) -> KriReport:
    """A page of the indicators in scope (of these statuses), red first, and the counts
    of every status: two statements whatever the page or the data size."""

    def compute(reports: Reports) -> KriReport:
        counts = kri_counts_of(reports.kri_counts(scope))
        items = reports.kris(scope, statuses, limit, offset)
        return KriReport(scope.division_id, items, counts.of_status(statuses), counts)

    wanted = ",".join(sorted(statuses)) if statuses is not None else "any"
    variant = f"{wanted}:{limit}:{offset}"
    return read_through("kris", variant, scope, KRIS, compute, uow, cache)


def breaches(scope: Scope, limit: int, offset: int, uow: UnitOfWork, cache: Cache) -> BreachReport:
    """A page of the open risks above their tolerance (breaches, then accepted ones) and
    their counts: two statements whatever the page or the data size."""

    def compute(reports: Reports) -> BreachReport:
        counts = reports.breach_counts(scope)
        items = reports.breaches(scope, limit, offset)
        total = counts.in_breach + counts.accepted
        return BreachReport(scope.division_id, items, total, counts)

    return read_through("breaches", f"{limit}:{offset}", scope, BREACHES, compute, uow, cache)


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
    as it is written out, so that memory holds a batch, not the register (ADR 64)."""
    with uow:
        yield from uow.reports.register_stream(risks)


def paged[T](uow: UnitOfWork, read: Callable[[Reports, int, int], Sequence[T]]) -> Iterator[T]:
    """Every item of a list, read a page at a time in one transaction as it is written
    out, so that memory holds a page, not the list (ADR 64)."""
    with uow:
        offset = 0
        while True:
            items = read(uow.reports, EXPORT_PAGE, offset)
            yield from items
            if len(items) < EXPORT_PAGE:
                return
            offset += EXPORT_PAGE


def export_solutions(
    scope: Scope, status: SolutionStatus | None, uow: UnitOfWork
) -> Iterator[SolutionEntry]:
    """Every solution in scope (of one status, if given), in the list's order."""
    return paged(uow, lambda reports, n, at: reports.solutions(scope, status, n, at)[0])


def export_kris(
    scope: Scope, statuses: frozenset[KriStatus] | None, uow: UnitOfWork
) -> tuple[KriCounts, Iterator[KriEntry]]:
    """The counts of every status in scope, then every indicator of these statuses in
    the list's order (red first), read as it is written out."""
    with uow:
        counts = kri_counts_of(uow.reports.kri_counts(scope))
    return counts, paged(uow, lambda reports, n, at: reports.kris(scope, statuses, n, at))


def export_breaches(scope: Scope, uow: UnitOfWork) -> tuple[BreachCounts, Iterator[BreachEntry]]:
    """The counts by standing, then every risk above its tolerance in the list's order,
    read as it is written out."""
    with uow:
        counts = uow.reports.breach_counts(scope)
    return counts, paged(uow, lambda reports, n, at: reports.breaches(scope, n, at))


def solutions(
    scope: Scope,
    status: SolutionStatus | None,
    limit: int,
    offset: int,
    uow: UnitOfWork,
    cache: Cache,
) -> SolutionsReport:
    """The divisions' counts of solutions by status and a page of the solutions (of the
    status, if given), cached as every dashboard is."""

    def compute(reports: Reports) -> SolutionsReport:
        divisions = per_division(reports.solution_counts(scope))
        items, total = reports.solutions(scope, status, limit, offset)
        return SolutionsReport(divisions, items, total)

    variant = f"{status.value if status else 'any'}:{limit}:{offset}"
    return read_through("solutions", variant, scope, SOLUTIONS, compute, uow, cache)
