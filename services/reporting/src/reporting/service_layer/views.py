"""The dashboards' reads, each within what the caller may read. The heatmap is cached
under the read model's generation, which is read before the counts: whatever is cached
under a generation is at least as new as it, and every change to the read model moves
readers on to a new generation. The key names the caller's scope too: callers who may
read different divisions never share an entry."""

from __future__ import annotations

import json

from reporting.domain.model import (
    Cell,
    Heatmap,
    RegisterPage,
    RiskFilter,
    Scope,
    SolutionsReport,
    SolutionStatus,
    per_division,
)
from reporting.service_layer.unit_of_work import Cache, UnitOfWork


def heatmap_key(generation: str, scope: Scope, include_retired: bool) -> str:
    retired = "with-retired" if include_retired else "current"
    return f"reporting:heatmap:v2:{generation}:{scope.cache_part()}:{retired}"


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


def register(risks: RiskFilter, limit: int, offset: int, uow: UnitOfWork) -> RegisterPage:
    with uow:
        return uow.reports.register(risks, limit, offset)


def solutions(
    scope: Scope, status: SolutionStatus | None, limit: int, offset: int, uow: UnitOfWork
) -> SolutionsReport:
    with uow:
        divisions = per_division(uow.reports.solution_counts(scope))
        items, total = uow.reports.solutions(scope, status, limit, offset)
    return SolutionsReport(divisions, items, total)
