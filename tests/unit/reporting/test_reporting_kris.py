"""reporting's pure logic for key risk indicators and breaches: the KRI events read into
reporting's terms, the counts folded by status, and the two dashboards read through the
cache under the read model's generation and the caller's scope."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reporting.domain import events
from reporting.domain.model import (
    BreachCounts,
    KriCounts,
    KriEntry,
    KriStatus,
    KriStatusCount,
    Scope,
    kri_counts_of,
)
from reporting.service_layer import handlers, views
from riskplatform.events import Envelope

EXAMPLES = Path(__file__).resolve().parents[3] / "events-schema"
KRI = "2c4e6a8b-0d2f-4a6c-8e0b-2d4f6a8c0e2b"
RISK = "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e"
DIVISION = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"


def read(name: str) -> events.Event | None:
    example = json.loads(next(EXAMPLES.glob(f"*/examples/{name}.v1.json")).read_text())
    envelope = Envelope.from_eventbridge(example)
    return handlers.read(envelope.source, envelope.detail_type, envelope.data)


def test_the_kri_definitions_read_as_the_whole_definition_from_its_own_time():
    defined, changed, retired = read("KriDefined"), read("KriChanged"), read("KriRetired")

    assert defined == events.KriDefinition(
        kri_id=KRI,
        risk_id=RISK,
        division_id=DIVISION,
        name="Supplier on-time delivery",
        unit="%",
        direction="lower_is_worse",
        amber=95.0,
        red=90.0,
        stale_after_days=90,
        amber_steps=0,
        retired=False,
        version=1,
        changed_at=datetime(2026, 11, 20, 9, 25, tzinfo=UTC),
    )
    assert isinstance(changed, events.KriDefinition)
    assert (changed.amber, changed.red, changed.version, changed.retired) == (96, 92, 2, False)
    assert isinstance(retired, events.KriDefinition)
    assert (retired.version, retired.retired) == (3, True)
    assert retired.changed_at == datetime(2027, 1, 15, 10, 45, tzinfo=UTC)


def test_a_reading_reads_with_its_observation_time_and_sender():
    assert read("KriReadingRecorded") == events.KriReading(
        "b3d5f7a9-1c3e-4b5d-8f7a-9c1e3b5d7f9a",
        KRI,
        87.5,
        datetime(2026, 11, 19, 23, 0, tzinfo=UTC),
        "supplier-quality-portal",
    )


def test_the_counts_fold_by_status_and_count_the_stale_of_every_status():
    counts = kri_counts_of(
        [
            KriStatusCount("red", False, 3),
            KriStatusCount("red", True, 1),
            KriStatusCount("amber", True, 2),
            KriStatusCount("green", False, 5),
            KriStatusCount(None, False, 4),
        ]
    )

    assert counts == KriCounts(red=4, amber=2, green=5, unread=4, stale=3)
    assert counts.of_status(frozenset({KriStatus.RED, KriStatus.AMBER})) == 6
    assert counts.of_status(frozenset({KriStatus.GREEN})) == 5
    assert counts.of_status(None) == 15  # the unread too
    assert kri_counts_of([]) == KriCounts()


def kri_entry(name: str, status: KriStatus | None) -> KriEntry:
    return KriEntry(
        kri_id=name,
        name=name,
        unit="%",
        direction="higher_is_worse",
        amber=1.0,
        red=2.0,
        stale_after_days=90,
        risk_id=RISK,
        risk_title="A risk",
        division_id=DIVISION,
        status=status,
        stale=False,
        latest_value=2.5 if status else None,
        latest_observed_at=datetime(2026, 11, 20, 8, tzinfo=UTC) if status else None,
        latest_source="api" if status else None,
    )


class FakeReports:
    def __init__(self) -> None:
        self.calls: list[tuple[Any, ...]] = []
        self.generation_value = "epoch.3"

    def generation(self) -> str | None:
        return self.generation_value

    def kri_counts(self, scope: Scope) -> list[KriStatusCount]:
        self.calls.append(("counts", scope))
        return [KriStatusCount("red", False, 1), KriStatusCount(None, False, 2)]

    def kris(self, scope, statuses, limit, offset):
        self.calls.append(("kris", statuses, limit, offset))
        return (kri_entry("K1", KriStatus.RED),)

    def breach_counts(self, scope: Scope) -> BreachCounts:
        self.calls.append(("breach counts", scope))
        return BreachCounts(in_breach=2, accepted=1)

    def breaches(self, scope, limit, offset):
        self.calls.append(("breaches", limit, offset))
        return ()


class FakeUnitOfWork:
    def __init__(self, reports: FakeReports) -> None:
        self.reports = reports

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


class FakeCache:
    def __init__(self) -> None:
        self.entries: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self.entries.get(key)

    def set(self, key: str, value: str) -> None:
        self.entries[key] = value


def test_the_kri_list_is_computed_once_per_generation_scope_filter_and_page():
    reports, cache = FakeReports(), FakeCache()
    uow: Any = FakeUnitOfWork(reports)
    red = frozenset({KriStatus.RED})
    mine = Scope(frozenset({DIVISION}))

    first = views.kris(Scope(None), red, 10, 0, uow, cache)
    again = views.kris(Scope(None), red, 10, 0, uow, cache)
    views.kris(Scope(None), None, 10, 0, uow, cache)
    views.kris(Scope(None), red, 10, 10, uow, cache)
    views.kris(mine, red, 10, 0, uow, cache)
    reports.generation_value = "epoch.4"
    views.kris(Scope(None), red, 10, 0, uow, cache)

    assert again == first  # read back whole, dates and enums included
    assert (first.total, first.counts) == (1, KriCounts(red=1, unread=2))
    assert first.items[0].status is KriStatus.RED
    assert [c for c in reports.calls if c[0] == "kris"] == [
        ("kris", red, 10, 0),
        ("kris", None, 10, 0),
        ("kris", red, 10, 10),
        ("kris", red, 10, 0),
        ("kris", red, 10, 0),
    ]
    assert "reporting:kris:v1:epoch.3:all:all:red:10:0" in cache.entries
    assert len(cache.entries) == 5


def test_the_breach_list_totals_the_breaches_and_the_accepted_ones():
    reports, cache = FakeReports(), FakeCache()
    uow: Any = FakeUnitOfWork(reports)

    found = views.breaches(Scope(None, DIVISION), 50, 0, uow, cache)
    views.breaches(Scope(None, DIVISION), 50, 0, uow, cache)

    assert (found.total, found.counts, found.division_id) == (3, BreachCounts(2, 1), DIVISION)
    assert [c[0] for c in reports.calls] == ["breach counts", "breaches"]
    assert list(cache.entries) == [f"reporting:breaches:v1:epoch.3:{DIVISION}:all:50:0"]
