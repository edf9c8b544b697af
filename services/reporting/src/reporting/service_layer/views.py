"""The dashboards' reads. The heatmap is cached under the read model's generation, which is
read before the counts: whatever is cached under a generation is at least as new as it,
and every change to the read model moves readers on to a new generation."""

from __future__ import annotations

import json

from reporting.domain.model import Cell, Heatmap, RegisterPage
from reporting.service_layer.unit_of_work import Cache, UnitOfWork


def heatmap_key(generation: str, division_id: str | None) -> str:
    return f"reporting:heatmap:v1:{generation}:{division_id or 'all'}"


def heatmap(division_id: str | None, uow: UnitOfWork, cache: Cache) -> Heatmap:
    with uow:
        generation = uow.reports.generation()
        key = heatmap_key(generation, division_id) if generation else None
        cached = cache.get(key) if key else None
        if cached is not None:
            return Heatmap(division_id, tuple(Cell(*cell) for cell in json.loads(cached)))
        result = Heatmap(division_id, tuple(uow.reports.heatmap_cells(division_id)))
    if key:
        cache.set(key, json.dumps([[c.likelihood, c.impact, c.count] for c in result.cells]))
    return result


def register(division_id: str | None, limit: int, offset: int, uow: UnitOfWork) -> RegisterPage:
    with uow:
        return uow.reports.register(division_id, limit, offset)
