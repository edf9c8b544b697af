"""reporting's dashboard logic, pure: reading what RiskScored, the appetite episodes and a
model's publication carry; the heat maps sized by the model; the division rollups and
mitigation progress of the executive summary, cached per generation and scope; the
register's export read as it is written (the files: test_reporting_exports.py)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from reporting.domain import events
from reporting.domain.events import Appetite, Grade
from reporting.domain.model import (
    Basis,
    BreachCounts,
    Cell,
    CellCount,
    DivisionNode,
    DivisionTally,
    KriCounts,
    KriStatusCount,
    RegisterEntry,
    RiskFilter,
    Scope,
    SolutionStatus,
    SolutionTally,
    Standing,
    Tally,
    heatmaps_of,
    rollup,
    summary_of,
)
from reporting.service_layer import handlers, views

EXAMPLES = Path(__file__).resolve().parents[3] / "events-schema"


def example(name: str, **data: Any) -> events.Event | None:
    """The contract's example event with this data, read as reporting reads it."""
    path = next(EXAMPLES.glob(f"*/examples/{name}.v1.json"))
    found = json.loads(path.read_text())
    return handlers.read(found["source"], name, found["detail"]["data"] | data)


# reading the events


def test_risk_scored_reads_with_everything_it_carries():
    scored = example("RiskScored")

    assert isinstance(scored, events.RiskScored)
    assert (scored.model_id, scored.model_version) == ("default-5x5", 1)
    assert scored.inherent_acceptability == "unacceptable"
    assert scored.current == Grade(2, 5, 10, "high", "reduce_as_far_as_practicable")
    assert scored.target == Grade(2, 3, 6, "medium", "reduce_as_far_as_practicable")
    assert scored.appetite == Appetite("watch", 6, 12, "7d1e3f5a-9b2c-4d6e-8f0a-1b3c5d7e9f2a")
    assert (scored.action_priority, scored.rpn) == ("medium", 160)
    assert scored.next_review_due == date(2027, 2, 18)
    assert scored.tested_controls == 1  # the active one passed in date; the planned is not


def test_only_active_controls_with_a_passed_in_date_test_are_counted():
    def control(status: str, test: str) -> dict[str, Any]:
        return {"status": status, "test": test}

    solutions = [
        control("active", "passed_in_date"),
        control("active", "overdue"),
        control("degraded", "passed_in_date"),
        control("active", "failed"),
        control("active", "passed_in_date"),
    ]

    assert events.credited_controls(solutions) == 2


def test_an_archived_risk_scored_of_the_first_release_reads_without_the_later_fields():
    first = {
        "risk_id": "r",
        "division_id": "d",
        "score_version": 1,
        "inherent": {"likelihood": 3, "impact": 5, "score": 15, "level": "high"},
        "model": {"model_id": "default-5x5", "version": 1},
        "scored_at": "2026-01-01T00:00:00Z",
    }

    scored = handlers.read("riskplatform.metrics-scoring", "RiskScored", first)

    assert isinstance(scored, events.RiskScored)
    assert (scored.current, scored.target, scored.appetite) == (None, None, None)
    assert (scored.next_review_due, scored.action_priority, scored.rpn) == (None, None, None)
    assert scored.tested_controls is None


def test_breaches_restorations_and_publications_read_into_reportings_terms():
    breached, restored = example("AppetiteBreached"), example("AppetiteRestored")

    assert breached == events.BreachChanged(
        "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e",
        "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c",
        True,
        2,
        datetime(2027, 1, 12, 14, 2, 11, tzinfo=UTC),
    )
    assert isinstance(restored, events.BreachChanged)
    assert (restored.in_breach, restored.score_version) == (False, 3)
    assert example("ScoringModelPublished") == events.ModelPublished("supply-6x6", 2, 6)


def test_a_risk_change_carries_its_acceptance_when_it_has_one():
    terms = {
        "accepted_by": "rm@example.com",
        "accepted_at": "2026-10-01T09:00:00Z",
        "rationale": None,
        "expires_on": "2027-09-30",
    }

    accepted = example("RiskChanged", status="accepted", acceptance=terms)
    plain = example("RiskChanged")

    assert isinstance(accepted, events.RiskState) and isinstance(plain, events.RiskState)
    assert accepted.acceptance == events.Acceptance("rm@example.com", date(2027, 9, 30))
    assert plain.acceptance is None


# heat maps


def test_each_model_gets_its_own_three_heatmaps_on_its_own_matrix():
    counts = [
        CellCount("supply-6x6", 6, Basis.INHERENT, 6, 6, 1),
        CellCount("supply-6x6", 6, Basis.CURRENT, 4, 5, 1),
        CellCount("default-5x5", None, Basis.INHERENT, 5, 4, 2),
        CellCount("default-5x5", None, Basis.INHERENT, 3, 3, 1),
        CellCount("default-5x5", None, Basis.TARGET, 2, 3, 3),
        CellCount(None, None, Basis.INHERENT, 6, 1, 1),  # scored before models were kept
    ]

    found = heatmaps_of("div", counts)

    assert [(m.model_id, m.size, m.total) for m in found.models] == [
        ("default-5x5", 5, 3),  # never announced: the default 5 x 5
        ("supply-6x6", 6, 1),
        (None, 6, 1),  # unknown: 5 x 5, widened to its largest cell
    ]
    default = found.models[0]
    assert default.inherent == (Cell(3, 3, 1), Cell(5, 4, 2))  # in likelihood, impact order
    assert (default.current, default.target) == ((), (Cell(2, 3, 3),))
    assert found.models[1].scale == (1, 2, 3, 4, 5, 6)


def test_the_versions_of_a_model_add_up_on_its_largest_matrix():
    counts = [
        CellCount("supply", 5, Basis.CURRENT, 2, 2, 3),  # not rescored yet
        CellCount("supply", 6, Basis.CURRENT, 2, 2, 4),
        CellCount("supply", 6, Basis.CURRENT, 6, 1, 1),
    ]

    (model,) = heatmaps_of(None, counts).models

    assert (model.size, model.current) == (6, (Cell(2, 2, 7), Cell(6, 1, 1)))


def test_a_three_by_three_model_keeps_its_small_matrix():
    found = heatmaps_of(None, [CellCount("small", 3, Basis.INHERENT, 2, 3, 4)])

    assert found.models[0].size == 3 and found.models[0].scale == (1, 2, 3)


# rollups and the summary


def t(risks: int, high: int = 0, breaches: int = 0, overdue: int = 0) -> Tally:
    return Tally(risks=risks, high=high, breaches=breaches, overdue_reviews=overdue)


def test_each_division_rolls_up_its_subtree_depth_first_by_code():
    nodes = [
        DivisionNode("g", None, "G", "Group", False),
        DivisionNode("b", "g", "B", "Bee", False),
        DivisionNode("a", "g", "A", "Ay", False),
        DivisionNode("a1", "a", "A1", "Ay one", False),
        DivisionNode("old", "g", "O", "Old", True),  # retired, no risks: left out
    ]
    tallies = [
        DivisionTally("g", t(1)),
        DivisionTally("a", t(2, high=1)),
        DivisionTally("a1", t(3, breaches=2)),
        DivisionTally("b", t(4, overdue=1)),
        DivisionTally("new", t(5)),  # its DivisionRegistered has not arrived yet
    ]

    found = rollup(nodes, tallies)

    assert [(r.division_id, r.depth, r.parent_id) for r in found] == [
        ("g", 0, None),
        ("a", 1, "g"),
        ("a1", 2, "a"),
        ("b", 1, "g"),
        ("new", 0, None),
    ]
    subtree = {r.division_id: r.subtree for r in found}
    assert subtree["g"] == Tally(risks=10, high=1, breaches=2, overdue_reviews=1)
    assert subtree["a"] == Tally(risks=5, high=1, breaches=2)
    assert subtree["new"] == t(5)
    assert {r.division_id: r.own for r in found}["g"] == t(1)


def test_a_cycle_from_moves_out_of_order_is_walked_once():
    nodes = [DivisionNode("x", "y", "X", None, False), DivisionNode("y", "x", "Y", None, False)]

    found = rollup(nodes, [DivisionTally("x", t(1)), DivisionTally("y", t(2))])

    assert [(r.division_id, r.depth, r.subtree.risks) for r in found] == [
        ("x", 0, 3),
        ("y", 1, 2),
    ]


def test_the_summary_totals_the_divisions_and_measures_mitigation():
    tallies = [
        DivisionTally("a", Tally(risks=3, high=2, critical=1, controlled=1)),
        DivisionTally("b", Tally(risks=1, low=1)),
    ]
    solutions = [SolutionTally("active", 3, 1, 0), SolutionTally("planned", 2, 0, 1)]

    found = summary_of("a", tallies, [], (), solutions)

    assert found.totals == Tally(risks=4, low=1, high=2, critical=1, controlled=1)
    assert dict(found.mitigation.solutions) == {
        SolutionStatus.PLANNED: 2,
        SolutionStatus.IN_PROGRESS: 0,
        SolutionStatus.ACTIVE: 3,
        SolutionStatus.DEGRADED: 0,
        SolutionStatus.RETIRED: 0,
    }
    assert (found.mitigation.overdue_tests, found.mitigation.overdue_plans) == (1, 1)
    assert found.mitigation.controlled_share == 0.3333  # 1 of 3 high or critical
    assert summary_of(None, [], [], (), []).mitigation.controlled_share is None


def entry(title: str, **fields: Any) -> RegisterEntry:
    base: dict[str, Any] = {
        "risk_id": "r-" + title,
        "division_id": "d",
        "title": title,
        "category": "cyber",
        "owner_email": "o@example.com",
        "status": "open",
        "treatment": None,
        "review_due": None,
        "retired": False,
        "score": 12,
        "level": "high",
        "likelihood": 3,
        "impact": 4,
        "score_version": 2,
        "scored_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        "active_solutions": 1,
    }
    return RegisterEntry(**(base | fields))


class FakeReports:
    def __init__(self, rows: int = 2) -> None:
        self.calls: list[str] = []
        self.rows = rows

    def generation(self) -> str | None:
        return "epoch.7"

    def division_tallies(self, scope: Scope) -> list[DivisionTally]:
        self.calls.append("tallies")
        return [DivisionTally("d", Tally(risks=1, high=1))]

    def divisions(self, scope: Scope) -> list[DivisionNode]:
        return [DivisionNode("d", None, "D", "Dee", False)]

    def register_items(self, risks: RiskFilter, limit: int, offset: int) -> tuple:
        top = entry(
            "Phishing",
            current=Grade(3, 4, 12, "high", None),
            appetite=Appetite("breach", 6, 10, "d"),
            standing=Standing.BREACH,
            next_review_due=date(2026, 1, 1),
            review_overdue=True,
        )
        return (top,)[:limit]

    def register_count(self, risks: RiskFilter) -> int:
        self.calls.append("count")
        return self.rows

    def register_stream(self, risks: RiskFilter) -> Iterator[RegisterEntry]:
        for n in range(self.rows):
            self.calls.append(f"row {n}")
            yield entry(f"R{n}")

    def solution_tallies(self, scope: Scope) -> list[SolutionTally]:
        return []

    def kri_counts(self, scope: Scope) -> list[KriStatusCount]:
        return [KriStatusCount("red", False, 2), KriStatusCount("amber", True, 1)]

    def breach_counts(self, scope: Scope) -> BreachCounts:
        return BreachCounts(in_breach=1, accepted=1)


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


def test_the_summary_is_computed_once_per_generation_scope_and_size_and_read_back_whole():
    reports, cache = FakeReports(), FakeCache()
    uow: Any = FakeUnitOfWork(reports)

    first = views.summary(Scope(None, "d"), 5, uow, cache)
    again = views.summary(Scope(None, "d"), 5, uow, cache)
    scoped = Scope(frozenset({"d"}), "d")
    views.summary(scoped, 5, uow, cache)
    views.summary(Scope(None, "d"), 3, uow, cache)

    assert again == first  # every field, dates and enums included, from the cache
    assert again.top[0].standing is Standing.BREACH
    assert again.kris == KriCounts(red=2, amber=1, stale=1)
    assert again.breaches == BreachCounts(in_breach=1, accepted=1)
    assert reports.calls == ["tallies"] * 3
    assert set(cache.entries) == {
        f"reporting:summary.v2:v1:epoch.7:{scoped.cache_part()}:top5",
        "reporting:summary.v2:v1:epoch.7:d:all:top3",
        "reporting:summary.v2:v1:epoch.7:d:all:top5",
    }


def test_an_export_streams_the_rows_as_they_are_written():
    reports = FakeReports(rows=3)
    uow: Any = FakeUnitOfWork(reports)

    exported = views.export(RiskFilter(Scope(None)), uow)
    first = next(exported)

    assert (first.title, reports.calls) == ("R0", ["row 0"])  # read as written, no count
    assert [e.title for e in exported] == ["R1", "R2"]
