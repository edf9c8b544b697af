"""The smaller parts of a score: a solution's effectiveness, the division tree, appetite
and key risk indicator thresholds."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from metrics_scoring.domain.appetite import Appetite, applicable
from metrics_scoring.domain.controls import Solution, reduce, remaining
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.kri import Kri
from riskplatform.errors import InvalidInput

TODAY = date(2026, 11, 25)


def solution(status: str = "active", test: str | None = "passed", due: date | None = None):
    return Solution("s", "Interlock", "preventive", status, 80, test, due)


@pytest.mark.parametrize(
    ("status", "test", "due", "now", "at_target"),
    [
        ("active", "passed", None, "4/5", "4/5"),
        ("active", "passed", TODAY, "4/5", "4/5"),  # due today: still in date
        ("active", "passed", date(2026, 11, 24), "2/5", "2/5"),  # overdue: half
        ("degraded", "passed", None, "2/5", "2/5"),
        ("degraded", "passed", date(2026, 1, 1), "1/5", "1/5"),
        ("active", "failed", None, "0", "0"),
        ("active", None, None, "0", "4/5"),  # never tested: no credit yet, its test planned
        ("degraded", None, None, "0", "2/5"),
        ("planned", None, None, "0", "4/5"),  # the target counts it as done
        ("in_progress", "failed", None, "0", "4/5"),
        ("retired", "passed", None, "0", "0"),
    ],
)
def test_effectiveness_is_design_times_operating_times_test(status, test, due, now, at_target):
    control = solution(status, test, due)
    assert control.effectiveness(TODAY) == Fraction(now)
    assert control.target_effectiveness(TODAY) == Fraction(at_target)


def test_a_passed_test_counts_in_full_until_its_due_date():
    assert solution(due=date(2027, 1, 31)).counts_until(TODAY) == date(2027, 1, 31)
    assert solution(due=None).counts_until(TODAY) is None
    assert solution("planned", due=date(2027, 1, 31)).counts_until(TODAY) is None
    assert solution(test="failed", due=date(2027, 1, 31)).counts_until(TODAY) is None


def test_layers_multiply_what_they_leave_and_reduction_rounds_up_exactly():
    assert remaining([Fraction(1, 4), Fraction(3, 5)]) == Fraction(3, 10)
    assert reduce(4, Fraction(3, 4)) == 3  # exactly 3, not 3.0000000000000004 -> 4
    assert reduce(4, Fraction(3, 10)) == 2  # 1.2 -> 2
    assert reduce(5, Fraction(0)) == 1  # never below 1


TREE = DivisionTree({"root": None, "child": "root", "grandchild": "child", "other": "root"})


def test_lineage_and_subtree():
    assert TREE.lineage("grandchild") == ["grandchild", "child", "root"]
    assert TREE.lineage("unheard-of") == ["unheard-of"]
    assert TREE.subtree("child") == {"child", "grandchild"}
    assert TREE.subtree("root") == {"root", "child", "grandchild", "other"}


def test_a_loop_from_events_applied_out_of_order_ends_the_walk():
    looped = DivisionTree({"a": "b", "b": "a"})
    assert looped.lineage("a") == ["a", "b"]
    assert looped.subtree("a") == {"a", "b"}


def test_the_nearest_appetite_up_the_lineage_applies():
    at_root = Appetite("root", "cyber", 4, 9)
    at_child = Appetite("child", "cyber", 2, 3)
    appetites = {("root", "cyber"): at_root, ("child", "cyber"): at_child}
    assert applicable(appetites, TREE.lineage("grandchild"), "cyber") == at_child
    assert applicable(appetites, TREE.lineage("other"), "cyber") == at_root
    assert applicable(appetites, TREE.lineage("other"), "ehs") is None
    assert applicable(appetites, TREE.lineage("other"), None) is None


@pytest.mark.parametrize(
    ("score", "status"), [(4, "within"), (5, "watch"), (9, "watch"), (10, "breach")]
)
def test_appetite_status_meets_at_the_thresholds(score, status):
    assert Appetite("root", "cyber", 4, 9).status(score) == status


@pytest.mark.parametrize(
    ("appetite", "tolerance", "field"),
    [(0, 5, "appetite"), (6, 5, "tolerance"), (5, 37, "tolerance")],
)
def test_appetite_thresholds_out_of_order_are_refused(appetite, tolerance, field):
    with pytest.raises(InvalidInput) as refused:
        Appetite("root", "cyber", appetite, tolerance)
    assert refused.value.field == field


def test_kri_status_by_direction():
    on_time = Kri("k", "r", "On-time delivery", "%", "lower_is_worse", 95, 90)
    assert [on_time.status(v) for v in (99, 95, 92, 90, 80)] == [
        "green",
        "amber",
        "amber",
        "red",
        "red",
    ]
    complaints = Kri("k", "r", "Complaints", "per month", "higher_is_worse", 5, 10)
    assert [complaints.status(v) for v in (1, 5, 9, 10, 30)] == [
        "green",
        "amber",
        "amber",
        "red",
        "red",
    ]


@pytest.mark.parametrize("direction", ["lower_is_worse", "higher_is_worse"])
def test_kri_thresholds_on_the_wrong_side_are_refused(direction):
    amber, red = (90, 95) if direction == "lower_is_worse" else (10, 5)
    with pytest.raises(InvalidInput) as refused:
        Kri("k", "r", "KRI", "%", direction, amber, red)
    assert refused.value.field == "red"
