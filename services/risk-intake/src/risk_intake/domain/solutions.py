"""Solutions: the controls and mitigations that answer risks. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, TypedDict

from risk_intake.domain.base import Aggregate, new_id
from risk_intake.domain.divisions import Division
from risk_intake.domain.events import SolutionChanged, SolutionRegistered
from riskplatform.errors import Conflict, InvalidInput


class SolutionKind(StrEnum):
    PREVENTIVE = "preventive"  # acts on likelihood
    MITIGATING = "mitigating"  # acts on impact


class SolutionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    ACTIVE = "active"
    DEGRADED = "degraded"
    RETIRED = "retired"


class TestOutcome(StrEnum):
    __test__ = False  # a result of a control test, not a test class for pytest

    PASSED = "passed"
    FAILED = "failed"


SOLUTION_TRANSITIONS: Mapping[SolutionStatus, tuple[SolutionStatus, ...]] = {
    SolutionStatus.PLANNED: (
        SolutionStatus.IN_PROGRESS,
        SolutionStatus.ACTIVE,
        SolutionStatus.RETIRED,
    ),
    SolutionStatus.IN_PROGRESS: (
        SolutionStatus.PLANNED,
        SolutionStatus.ACTIVE,
        SolutionStatus.RETIRED,
    ),
    SolutionStatus.ACTIVE: (SolutionStatus.DEGRADED, SolutionStatus.RETIRED),
    SolutionStatus.DEGRADED: (SolutionStatus.ACTIVE, SolutionStatus.RETIRED),
    SolutionStatus.RETIRED: (),
}


class SolutionChanges(TypedDict, total=False):
    """The fields a change sets; a field left out stays as it is."""

    title: str
    description: str
    kind: SolutionKind
    status: SolutionStatus
    design_effectiveness: int
    test_result: TestOutcome | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: Decimal | None
    due_date: date | None


@dataclass(kw_only=True)
class Solution(Aggregate):
    entity_type = "solution"

    division_id: str
    title: str
    description: str
    kind: SolutionKind
    status: SolutionStatus
    design_effectiveness: int
    test_result: TestOutcome | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: Decimal | None
    due_date: date | None

    @property
    def next_statuses(self) -> tuple[SolutionStatus, ...]:
        """The statuses it may move to now."""
        return SOLUTION_TRANSITIONS[self.status]

    @classmethod
    def register(
        cls, division: Division, fields: SolutionChanges, actor: str, now: datetime
    ) -> Solution:
        division.ensure_active(field="divisionId")
        status = fields.get("status", SolutionStatus.PLANNED)
        if status == SolutionStatus.RETIRED:
            raise InvalidInput("a new solution cannot start retired", field="status")
        solution = cls(
            id=new_id(),
            version=1,
            division_id=division.id,
            title=fields["title"],
            description=fields.get("description", ""),
            kind=fields["kind"],
            status=status,
            design_effectiveness=fields.get("design_effectiveness", 0),
            test_result=fields.get("test_result"),
            tested_on=fields.get("tested_on"),
            next_test_due=fields.get("next_test_due"),
            owner_email=fields["owner_email"],
            cost=fields.get("cost"),
            due_date=fields.get("due_date"),
        )
        check_consistent(solution.state())
        solution.events.append(SolutionRegistered(**solution._data()))
        solution.record(
            "registered",
            {name: (None, value) for name, value in solution.state().items()},
            actor,
            now,
        )
        return solution

    def state(self) -> dict[str, Any]:
        return {
            "division_id": self.division_id,
            "title": self.title,
            "description": self.description,
            "kind": self.kind,
            "status": self.status,
            "design_effectiveness": self.design_effectiveness,
            "test_result": self.test_result,
            "tested_on": self.tested_on,
            "next_test_due": self.next_test_due,
            "owner_email": self.owner_email,
            "cost": self.cost,
            "due_date": self.due_date,
        }

    def ensure_live(self, field: str | None = None) -> None:
        if self.status == SolutionStatus.RETIRED:
            raise Conflict("this solution is retired and no longer changes", field=field)

    def change(self, changes: SolutionChanges, actor: str, now: datetime) -> list[str]:
        """Apply the changes that differ from the current state; returns their names."""
        self.ensure_live()
        before = self.state()
        differing = {name: value for name, value in changes.items() if value != before[name]}
        if not differing:
            return []
        if "status" in differing:
            wanted = SolutionStatus(str(differing["status"]))
            if wanted not in SOLUTION_TRANSITIONS[self.status]:
                allowed = ", ".join(SOLUTION_TRANSITIONS[self.status])
                raise Conflict(
                    f"a solution in status {self.status} cannot become {wanted};"
                    f" it can become: {allowed}",
                    field="status",
                )
        check_consistent({**before, **differing})
        for name, value in differing.items():
            setattr(self, name, value)
        self.version += 1
        self.events.append(SolutionChanged(**self._data(), changed=list(differing)))
        self.record(
            "changed", {name: (before[name], getattr(self, name)) for name in differing}, actor, now
        )
        return list(differing)

    def retire(self, actor: str, now: datetime) -> None:
        self.change({"status": SolutionStatus.RETIRED}, actor, now)

    def _data(self) -> dict[str, Any]:
        return {
            "solution_id": self.id,
            "division_id": self.division_id,
            "title": self.title,
            "description": self.description,
            "kind": self.kind.value,
            "status": self.status.value,
            "design_effectiveness": self.design_effectiveness,
            "test_result": self.test_result.value if self.test_result else None,
            "tested_on": self.tested_on.isoformat() if self.tested_on else None,
            "next_test_due": self.next_test_due.isoformat() if self.next_test_due else None,
            "owner_email": self.owner_email,
            "cost": float(self.cost) if self.cost is not None else None,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "version": self.version,
        }


def check_consistent(state: Mapping[str, Any]) -> None:
    """The rules between a solution's fields."""
    if not 0 <= state["design_effectiveness"] <= 100:
        raise InvalidInput(
            "design effectiveness is a percentage, 0 to 100", field="designEffectiveness"
        )
    if (state["test_result"] is None) != (state["tested_on"] is None):
        field = "testedOn" if state["tested_on"] is None else "testResult"
        raise InvalidInput("a test result comes with the date it was tested", field=field)
    tested_on, next_due = state["tested_on"], state["next_test_due"]
    if tested_on and next_due and next_due < tested_on:
        raise InvalidInput("the next test is due after the last one", field="nextTestDue")
    if state["cost"] is not None and state["cost"] < 0:
        raise InvalidInput("a cost is not negative", field="cost")
