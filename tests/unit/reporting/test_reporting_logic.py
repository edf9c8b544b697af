"""reporting's pure logic with in-memory fakes: reading events, projecting each once,
and the read-through heatmap cache keyed by the read model's generation."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from reporting import bootstrap
from reporting.adapters.cache import MemcachedCache, NoCache
from reporting.adapters.read_model import gated_upsert
from reporting.domain import events
from reporting.domain.model import Cell, Scope, SolutionStatus, StatusCount, per_division
from reporting.service_layer import handlers, views
from riskplatform.access import Caller, Forbidden, Role
from riskplatform.dispatch import UnhandledEvent
from riskplatform.errors import InvalidInput
from riskplatform.events import Envelope
from riskplatform.memberships import MembershipGranted, MembershipRevoked

EXAMPLES = Path(__file__).resolve().parents[3] / "events-schema"


def envelope(name: str, **data: Any) -> Envelope:
    example = json.loads(next(EXAMPLES.glob(f"*/examples/{name}.v1.json")).read_text())
    example["detail"]["data"].update(data)
    return Envelope.from_eventbridge(example)


class FakeReadModel:
    """Records what it was asked to save, in reporting's terms."""

    def __init__(self) -> None:
        self.saved: list[tuple[str, object]] = []
        self.generation = 0

    def __getattr__(self, name: str):  # save_division, rename_division, save_risk, ...
        if not name.startswith(("save_", "rename_", "move_", "retire_")):
            raise AttributeError(name)
        return lambda event, *at: self.saved.append((name, event))  # (and its time)

    def bump_generation(self) -> None:
        self.generation += 1


class FakeReports:
    def __init__(self, read_model: FakeReadModel, cells: list[Cell]) -> None:
        self.read_model = read_model
        self.cells = cells
        self.queries: list[tuple[Scope, bool]] = []

    def generation(self) -> str | None:
        return str(self.read_model.generation) if self.read_model.generation else None

    def heatmap_cells(self, scope: Scope, include_retired: bool) -> list[Cell]:
        self.queries.append((scope, include_retired))
        return self.cells

    def solution_counts(self, scope: Scope) -> list[StatusCount]:
        return [
            StatusCount("div-b", "B", "Bee", False, "active", 2),
            StatusCount("div-a", "A", "Ay", True, "planned", 1),
            StatusCount("div-b", "B", "Bee", False, "retired", 1),
        ]

    def solutions(self, scope, status, limit, offset):
        return (), 4


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
    scored = envelope(
        "RiskScored",
        inherent={"likelihood": 3, "impact": 5, "score": 15, "level": "high"},
        scored_at="2026-11-20T10:31:45.019+01:00",
    )

    assert handlers.read(division.source, division.detail_type, division.data) == (
        events.DivisionRegistered(
            "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c",
            "8d2c4b6a-1e3f-4a5b-9c7d-0e1f2a3b4c5d",
            "REAG-EU",
            "Reagents Europe",
            1,
        )
    )
    capture = handlers.read(captured.source, captured.detail_type, captured.data)
    assert isinstance(capture, events.RiskState)
    assert (capture.category, capture.status, capture.risk_version) == ("supply_chain", "draft", 1)
    score = handlers.read(scored.source, scored.detail_type, scored.data)
    assert isinstance(score, events.RiskScored)
    assert (score.likelihood, score.impact, score.score, score.level) == (3, 5, 15, "high")
    assert score.scored_at == datetime(2026, 11, 20, 9, 31, 45, 19000, tzinfo=UTC)


def read(name: str, **data: Any) -> events.Event | None:
    example = envelope(name, **data)
    return handlers.read(example.source, example.detail_type, example.data)


def test_a_captured_risk_is_not_retired_and_may_come_without_treatment_or_review_date():
    bare = envelope("RiskCaptured").data
    for optional in ("treatment", "review_due", "tags"):
        bare.pop(optional, None)
    full = bare | {"treatment": "avoid", "review_due": "2027-03-31"}

    captured = events.RiskState.captured(bare)
    planned = events.RiskState.captured(full)

    assert (captured.treatment, captured.review_due, captured.retired) == (None, None, False)
    assert (planned.treatment, planned.review_due, planned.retired) == (
        "avoid",
        date(2027, 3, 31),
        False,
    )


def test_a_risk_change_reads_as_the_whole_new_state_in_its_new_division():
    changed = read("RiskChanged", division_id="elsewhere", previous_division_id="before")

    assert changed == events.RiskState(
        risk_id="a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e",
        division_id="elsewhere",
        title="Single-source supplier for recombinant Taq polymerase",
        category="supply_chain",
        owner_email="j.meyer@example.com",
        status="mitigating",
        treatment="mitigate",
        review_due=date(2027, 2, 28),
        retired=False,
        risk_version=5,
    )


def test_division_changes_read_as_their_one_aspect():
    assert read("DivisionRenamed") == events.DivisionRenamed(
        "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c", "Reagents EMEA", 2
    )
    assert read("DivisionMoved", parent_id=None) == events.DivisionMoved(
        "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c", None, 3
    )
    assert read("DivisionRetired") == events.DivisionRetired(
        "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c", 4
    )


def test_solutions_and_links_read_into_reportings_terms():
    registered = read("SolutionRegistered")
    changed = read("SolutionChanged")
    linked, unlinked = read("SolutionLinked"), read("SolutionUnlinked")

    assert isinstance(registered, events.SolutionState)
    assert (registered.status, registered.tested_on, registered.cost) == (
        "in_progress",
        None,
        85000,
    )
    assert isinstance(changed, events.SolutionState)
    assert (changed.status, changed.tested_on, changed.version) == ("active", date(2026, 11, 18), 2)
    risk, solution = "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e", "d2f4a6c8-0e1b-4d3f-8a5c-7e9b1d3f5a7c"
    assert linked == events.LinkChanged(risk, solution, linked=True, risk_version=3)
    assert unlinked == events.LinkChanged(risk, solution, linked=False, risk_version=4)


@pytest.mark.parametrize(
    ("name", "saved_by"),
    [
        ("DivisionRegistered", "save_division"),
        ("DivisionRenamed", "rename_division"),
        ("DivisionMoved", "move_division"),
        ("DivisionRetired", "retire_division"),
        ("RiskCaptured", "save_risk"),
        ("RiskChanged", "save_risk"),
        ("RiskScored", "save_score"),
        ("SolutionRegistered", "save_solution"),
        ("SolutionChanged", "save_solution"),
        ("SolutionLinked", "save_link"),
        ("SolutionUnlinked", "save_link"),
        ("AppetiteBreached", "save_breach"),
        ("AppetiteRestored", "save_breach"),
        ("ScoringModelPublished", "save_model"),
        ("KriDefined", "save_kri"),
        ("KriChanged", "save_kri"),
        ("KriRetired", "save_kri"),
        ("KriReadingRecorded", "save_kri_reading"),
    ],
)
def test_each_event_is_projected_once_and_bumps_the_generation(name, saved_by):
    uow = FakeUnitOfWork()
    delivery = envelope(name)

    handlers.handle(delivery, uow)
    handlers.handle(delivery, uow)

    assert [method for method, _ in uow.read_model.saved] == [saved_by]
    assert (uow.read_model.generation, uow.commits) == (1, 1)


def test_membership_events_are_read_as_the_kernels_membership_events():
    granted, revoked = envelope("MembershipGranted"), envelope("MembershipRevoked")

    read = handlers.read(granted.source, granted.detail_type, granted.data)

    assert isinstance(read, MembershipGranted)
    assert read.user_id == granted.data["user_id"]
    assert isinstance(
        handlers.read(revoked.source, "MembershipRevoked", revoked.data), MembershipRevoked
    )


def test_an_event_reporting_does_not_know_fails_and_changes_nothing():
    uow = FakeUnitOfWork()

    with pytest.raises(UnhandledEvent, match="reporting does not consume RiskAssessed"):
        handlers.handle(envelope("RiskAssessed"), uow)

    assert (uow.inbox, uow.read_model.saved, uow.commits) == (set(), [], 0)


EVERYTHING = Scope(None)


def test_the_heatmap_is_computed_once_per_generation_and_scope():
    uow = FakeUnitOfWork([Cell(3, 5, 2), Cell(1, 1, 1)])
    uow.read_model.bump_generation()
    cache = FakeCache()
    mine = Scope(frozenset({"div-a"}))

    first = views.heatmap(EVERYTHING, False, uow, cache)
    again = views.heatmap(EVERYTHING, False, uow, cache)
    views.heatmap(Scope(None, "div-1"), False, uow, cache)
    views.heatmap(mine, False, uow, cache)
    views.heatmap(mine, True, uow, cache)
    uow.read_model.bump_generation()
    views.heatmap(EVERYTHING, False, uow, cache)

    assert first == again
    assert (first.cells, first.total) == ((Cell(3, 5, 2), Cell(1, 1, 1)), 3)
    assert uow.reports.queries == [
        (EVERYTHING, False),
        (Scope(None, "div-1"), False),
        (mine, False),
        (mine, True),
        (EVERYTHING, False),
    ]
    assert len(cache.entries) == 5


def test_callers_who_read_different_divisions_never_share_a_cached_heatmap():
    def key(roots: frozenset[str] | None, division: str | None = None) -> str:
        return views.heatmap_key("e.1", Scope(roots, division), False)

    assert key(None) == "reporting:heatmap:v2:e.1:all:all:current"
    assert key(frozenset({"a", "b"})) == key(frozenset({"b", "a"}))
    assert len({key(None), key(frozenset()), key(frozenset({"a"})), key(frozenset({"b"}))}) == 4
    assert key(frozenset({"a"}), "a") != key(frozenset({"a"}))
    assert views.heatmap_key("e.1", EVERYTHING, True) != key(None)
    many = frozenset(f"{n:036d}" for n in range(50))
    assert len(key(many)) < 250  # Memcached's limit


def test_nothing_is_cached_before_the_read_model_records_a_change():
    uow = FakeUnitOfWork()
    cache = FakeCache()

    views.heatmap(EVERYTHING, False, uow, cache)
    views.heatmap(EVERYTHING, False, uow, cache)

    assert (len(uow.reports.queries), cache.entries) == (2, {})


def test_solution_counts_fold_into_one_summary_per_division_with_every_status():
    summaries = per_division(FakeReports(FakeReadModel(), []).solution_counts(EVERYTHING))

    assert [(s.division_id, s.total, s.retired) for s in summaries] == [
        ("div-b", 3, False),
        ("div-a", 1, True),
    ]
    assert summaries[0].counts == {
        SolutionStatus.PLANNED: 0,
        SolutionStatus.IN_PROGRESS: 0,
        SolutionStatus.ACTIVE: 2,
        SolutionStatus.DEGRADED: 0,
        SolutionStatus.RETIRED: 1,
    }


def test_the_solutions_report_has_the_summaries_and_the_page():
    report = views.solutions(EVERYTHING, None, 10, 0, FakeUnitOfWork(), FakeCache())

    assert ([d.division_id for d in report.divisions], report.items, report.total) == (
        ["div-b", "div-a"],
        (),
        4,
    )


def test_the_solutions_report_is_cached_under_the_generation_scope_and_page():
    uow, cache = FakeUnitOfWork(), FakeCache()
    uow.read_model.generation = 7

    first = views.solutions(EVERYTHING, None, 10, 0, uow, cache)
    again = views.solutions(EVERYTHING, None, 10, 0, uow, cache)
    views.solutions(EVERYTHING, SolutionStatus.ACTIVE, 10, 0, uow, cache)
    views.solutions(EVERYTHING, None, 10, 10, uow, cache)

    assert again == first
    assert len(cache.entries) == 3  # one per filter and page
    uow.read_model.generation = 8  # an event arrived: nothing cached before is read again
    views.solutions(EVERYTHING, None, 10, 0, uow, cache)
    assert len(cache.entries) == 4


def test_each_version_column_is_assigned_after_the_columns_it_gates():
    sql = gated_upsert("t", ("id",), {"v": ("a", "b"), "w": ("c",)}, insert_only=("d",))

    assert sql.startswith(
        "INSERT INTO t (id, d, a, b, v, c, w) VALUES (%s, %s, %s, %s, %s, %s, %s)"
    )
    assert sql.endswith(
        "a = IF(VALUES(v) > v, VALUES(a), a), b = IF(VALUES(v) > v, VALUES(b), b),"
        " v = GREATEST(v, VALUES(v)),"
        " c = IF(VALUES(w) > w, VALUES(c), c), w = GREATEST(w, VALUES(w))"
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


def test_what_a_report_may_cover_is_decided_from_the_caller_in_the_service_layer():
    analyst = Caller("u1", "a@example.com", frozenset({Role.ANALYST}), frozenset({"d1"}))
    executive = Caller("u2", "e@example.com", frozenset({Role.EXECUTIVE}), frozenset())
    nobody = Caller("u3", "n@example.com", frozenset(), frozenset({"d1"}))
    yesterday = datetime.now(UTC).date() - timedelta(days=1)

    assert views.scope(analyst, "d2", yesterday) == Scope(frozenset({"d1"}), "d2", yesterday)
    assert views.scope(executive, None) == Scope(None)
    with pytest.raises(Forbidden):
        views.scope(nobody, None)
    with pytest.raises(InvalidInput) as refused:
        views.scope(executive, None, yesterday + timedelta(days=2))
    assert refused.value.field == "asOf"
