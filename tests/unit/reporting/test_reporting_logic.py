"""reporting's pure logic with in-memory fakes: reading events, projecting each once,
and the read-through heatmap cache keyed by the read model's generation."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from reporting import bootstrap
from reporting.adapters.cache import MemcachedCache, NoCache
from reporting.adapters.read_model import gated_upsert
from reporting.domain import events
from reporting.domain.model import Cell
from reporting.service_layer import handlers, views
from riskplatform.events import Envelope

EXAMPLES = Path(__file__).resolve().parents[3] / "events-schema"


def envelope(name: str, **data: Any) -> Envelope:
    example = json.loads(next(EXAMPLES.glob(f"*/examples/{name}.v1.json")).read_text())
    example["detail"]["data"].update(data)
    return Envelope.from_eventbridge(example)


class FakeReadModel:
    def __init__(self) -> None:
        self.saved: list[object] = []
        self.generation = 0

    def save_division(self, event: events.DivisionRegistered) -> None:
        self.saved.append(event)

    def save_capture(self, event: events.RiskCaptured) -> None:
        self.saved.append(event)

    def save_score(self, event: events.RiskScored) -> None:
        self.saved.append(event)

    def bump_generation(self) -> None:
        self.generation += 1


class FakeReports:
    def __init__(self, read_model: FakeReadModel, cells: list[Cell]) -> None:
        self.read_model = read_model
        self.cells = cells
        self.queries: list[str | None] = []

    def generation(self) -> str | None:
        return str(self.read_model.generation) if self.read_model.generation else None

    def heatmap_cells(self, division_id: str | None) -> list[Cell]:
        self.queries.append(division_id)
        return self.cells


class FakeUnitOfWork:
    def __init__(self, cells: list[Cell] | None = None) -> None:
        self.read_model = FakeReadModel()
        self.reports = FakeReports(self.read_model, cells or [])
        self.inbox: set[str] = set()
        self.commits = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass

    def claim(self, envelope: Envelope) -> bool:
        if envelope.event_id in self.inbox:
            return False
        self.inbox.add(envelope.event_id)
        return True

    def commit(self) -> None:
        self.commits += 1


class FakeCache:
    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def set(self, key: str, value: str) -> None:
        self.entries[key] = value


def test_the_example_events_read_into_reportings_terms():
    division = envelope("DivisionRegistered")
    captured = envelope("RiskCaptured")
    scored = envelope("RiskScored", scored_at="2026-11-20T10:31:45.019+01:00")

    assert events.read(division.source, division.detail_type, division.data) == (
        events.DivisionRegistered(
            "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c",
            "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d",
            "REAG-EU",
            "Reagents Europe",
            1,
        )
    )
    capture = events.read(captured.source, captured.detail_type, captured.data)
    assert isinstance(capture, events.RiskCaptured)
    assert (capture.category, capture.status, capture.risk_version) == ("supply_chain", "draft", 1)
    score = events.read(scored.source, scored.detail_type, scored.data)
    assert isinstance(score, events.RiskScored)
    assert (score.likelihood, score.impact, score.score, score.level) == (3, 5, 15, "high")
    assert score.scored_at == datetime(2026, 11, 20, 9, 31, 45, 19000, tzinfo=UTC)


def test_each_event_is_projected_once_and_bumps_the_generation():
    uow = FakeUnitOfWork()
    captured, scored = envelope("RiskCaptured"), envelope("RiskScored")

    for delivery in (captured, scored, captured, scored):
        handlers.handle(delivery, uow)

    assert [type(e) for e in uow.read_model.saved] == [events.RiskCaptured, events.RiskScored]
    assert (uow.read_model.generation, uow.commits) == (2, 2)


def test_events_reporting_does_not_project_are_left_alone():
    uow = FakeUnitOfWork()

    handlers.handle(envelope("RiskAssessed"), uow)

    assert (uow.inbox, uow.read_model.saved, uow.commits) == (set(), [], 0)


def test_the_heatmap_is_computed_once_per_generation_and_division():
    uow = FakeUnitOfWork([Cell(3, 5, 2), Cell(1, 1, 1)])
    uow.read_model.bump_generation()
    cache = FakeCache()

    first = views.heatmap(None, uow, cache)
    again = views.heatmap(None, uow, cache)
    views.heatmap("div-1", uow, cache)
    uow.read_model.bump_generation()
    views.heatmap(None, uow, cache)

    assert first == again
    assert (first.cells, first.total) == ((Cell(3, 5, 2), Cell(1, 1, 1)), 3)
    assert uow.reports.queries == [None, "div-1", None]
    assert sorted(cache.entries) == [
        "reporting:heatmap:v1:1:all",
        "reporting:heatmap:v1:1:div-1",
        "reporting:heatmap:v1:2:all",
    ]


def test_nothing_is_cached_before_the_read_model_records_a_change():
    uow = FakeUnitOfWork()
    cache = FakeCache()

    views.heatmap(None, uow, cache)
    views.heatmap(None, uow, cache)

    assert (uow.reports.queries, cache.entries) == ([None, None], {})


def test_the_version_column_is_assigned_after_the_columns_it_gates():
    sql = gated_upsert("t", "id", ("a", "b"), "v", insert_only=("d",))

    assert sql.startswith("INSERT INTO t (id, d, a, b, v) VALUES (%s, %s, %s, %s, %s)")
    assert sql.endswith(
        "a = IF(VALUES(v) > v, VALUES(a), a), b = IF(VALUES(v) > v, VALUES(b), b),"
        " v = GREATEST(v, VALUES(v))"
    )


@pytest.mark.parametrize(
    ("endpoint", "kind"), [(None, NoCache), ("cache.internal:11211", MemcachedCache)]
)
def test_the_cache_is_memcached_only_when_an_endpoint_is_configured(monkeypatch, endpoint, kind):
    if endpoint:
        monkeypatch.setenv("MEMCACHED_ENDPOINT", endpoint)
    else:
        monkeypatch.delenv("MEMCACHED_ENDPOINT", raising=False)
    bootstrap.report_cache.cache_clear()

    assert isinstance(bootstrap.report_cache(), kind)
    bootstrap.report_cache.cache_clear()
