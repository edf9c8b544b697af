"""Solutions: their status workflow and the rules between their fields. Pure logic."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from risk_intake.domain.solutions import (
    SOLUTION_TRANSITIONS,
    SolutionStatus,
    TestOutcome,
)
from riskplatform.errors import Conflict, InvalidInput
from tests.unit.risk_intake.factories import ACTOR, NOW, division, published, solution


def test_a_registered_solution_is_planned_with_its_event():
    where = division()
    registered = solution(where)
    fresh = type(registered).register(
        where,
        {"title": "Carrier", "kind": registered.kind, "design_effectiveness": 40,
         "owner_email": "x@y.com", "cost": Decimal("1200.50")},
        ACTOR,
        NOW,
    )  # fmt: skip

    assert (fresh.status, fresh.version) == (SolutionStatus.PLANNED, 1)
    [envelope] = published(*fresh.events)
    assert envelope.detail_type == "SolutionRegistered"
    assert envelope.data["cost"] == 1200.5


@pytest.mark.parametrize("current", [s for s in SolutionStatus if s != SolutionStatus.RETIRED])
@pytest.mark.parametrize("wanted", list(SolutionStatus))
def test_the_solution_workflow_allows_only_its_transitions(current, wanted):
    subject = solution(status=current)
    if wanted == current:
        return
    if wanted in SOLUTION_TRANSITIONS[current]:
        assert subject.change({"status": wanted}, ACTOR, NOW) == ["status"]
        [envelope] = published(*subject.events)
        assert envelope.data["changed"] == ["status"]
    else:
        with pytest.raises(Conflict) as refused:
            subject.change({"status": wanted}, ACTOR, NOW)
        assert refused.value.field == "status"
        assert subject.status == current


def test_a_solution_does_not_start_retired():
    with pytest.raises(InvalidInput):
        solution(status=SolutionStatus.RETIRED)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"test_result": TestOutcome.PASSED}, "testedOn"),
        ({"tested_on": date(2026, 10, 1)}, "testResult"),
        (
            {
                "test_result": TestOutcome.FAILED,
                "tested_on": date(2026, 10, 1),
                "next_test_due": date(2026, 9, 1),
            },
            "nextTestDue",
        ),
        ({"design_effectiveness": 101}, "designEffectiveness"),
        ({"cost": Decimal("-1")}, "cost"),
    ],
)
def test_inconsistent_fields_are_refused_and_change_nothing(changes, field):
    subject = solution()
    with pytest.raises(InvalidInput) as refused:
        subject.change(changes, ACTOR, NOW)
    assert refused.value.field == field
    assert (subject.version, subject.test_result, subject.design_effectiveness) == (1, None, 60)


def test_a_passed_test_is_recorded_with_its_dates():
    subject = solution()
    changed = subject.change(
        {
            "status": SolutionStatus.ACTIVE,
            "test_result": TestOutcome.PASSED,
            "tested_on": date(2026, 11, 2),
            "next_test_due": date(2027, 5, 2),
        },
        ACTOR,
        NOW,
    )

    assert changed == ["status", "test_result", "tested_on", "next_test_due"]
    assert [(e.field, e.new) for e in subject.audit][:2] == [
        ("status", "active"),
        ("test_result", "passed"),
    ]


def test_a_retired_solution_changes_no_more():
    subject = solution()
    subject.retire(ACTOR, NOW)
    assert subject.status == SolutionStatus.RETIRED
    with pytest.raises(Conflict):
        subject.change({"title": "Again"}, ACTOR, NOW)
    with pytest.raises(Conflict):
        subject.retire(ACTOR, NOW)
