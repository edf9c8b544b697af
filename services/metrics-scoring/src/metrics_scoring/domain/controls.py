"""How much of a risk its solutions (controls and mitigations) take away. Pure Python,
exact arithmetic (fractions), so that 4 x 75 % is 3 and never 3.0000000000000004.

A solution's effectiveness = design effectiveness x operating factor x test factor:

- operating factor: active 1, degraded 1/2, anything else (planned, in progress,
  retired) 0;
- test factor: passed and in date 1, passed but overdue 1/2, failed or never tested 0.

For the target residual, planned and in-progress solutions count as if they were active
and had passed their test, and an active or degraded solution that was never tested
counts as if it had passed its first test: putting a solution in place never makes the
target worse. Preventive solutions reduce likelihood, mitigating ones
impact; independent layers combine as 1 - (1 - e1)(1 - e2)...; the reduced value is
rounded up and never below 1.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

PREVENTIVE, MITIGATING = "preventive", "mitigating"
OPERATING_FACTOR = {"active": Fraction(1), "degraded": Fraction(1, 2)}
NOT_YET_IN_PLACE = frozenset({"planned", "in_progress"})
TEST_FACTOR = {
    "passed_in_date": Fraction(1),
    "overdue": Fraction(1, 2),
    "failed": Fraction(0),
    "untested": Fraction(0),
}


@dataclass(frozen=True)
class Solution:
    """The part of a solution that a score depends on."""

    solution_id: str
    title: str
    kind: str
    status: str
    design_effectiveness: int  # percent
    test_result: str | None
    next_test_due: date | None

    def test_state(self, today: date) -> str:
        if self.test_result is None:
            return "untested"
        if self.test_result == "failed":
            return "failed"
        in_date = self.next_test_due is None or today <= self.next_test_due
        return "passed_in_date" if in_date else "overdue"

    def effectiveness(self, today: date) -> Fraction:
        """What it takes away now."""
        operating = OPERATING_FACTOR.get(self.status, Fraction(0))
        return (
            Fraction(self.design_effectiveness, 100)
            * operating
            * TEST_FACTOR[self.test_state(today)]
        )

    def target_effectiveness(self, today: date) -> Fraction:
        """What it takes away once the planned work is done: put in place, and tested
        for the first time."""
        if self.status in NOT_YET_IN_PLACE:
            return Fraction(self.design_effectiveness, 100)
        if self.test_state(today) == "untested":
            operating = OPERATING_FACTOR.get(self.status, Fraction(0))
            return Fraction(self.design_effectiveness, 100) * operating
        return self.effectiveness(today)

    def counts_until(self, today: date) -> date | None:
        """The last day on which a passed test still counts in full (then it is
        overdue and the score changes by time alone); None when that cannot happen."""
        if (
            self.status in OPERATING_FACTOR
            and self.test_state(today) == "passed_in_date"
            and self.next_test_due is not None
            and self.design_effectiveness > 0
        ):
            return self.next_test_due
        return None


def remaining(effectivenesses: Iterable[Fraction]) -> Fraction:
    """What independent layers leave of a risk: the product of (1 - e)."""
    left = Fraction(1)
    for effectiveness in effectivenesses:
        left *= 1 - effectiveness
    return left


def reduce(value: int, left: Fraction) -> int:
    """Scale a likelihood or impact by what the controls leave; round up, at least 1."""
    return max(1, math.ceil(value * left))
