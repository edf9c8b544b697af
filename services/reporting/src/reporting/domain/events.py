"""The events reporting projects, read from their contracts' data into plain values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from riskplatform import vocabulary
from riskplatform.events import source
from riskplatform.timestamps import day, parse

INTAKE = source("risk-intake")
SCORING = source("metrics-scoring")


@dataclass(frozen=True)
class DivisionRegistered:
    division_id: str
    parent_id: str | None
    code: str
    name: str
    version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> DivisionRegistered:
        return cls(
            data["division_id"], data["parent_id"], data["code"], data["name"], data["version"]
        )


@dataclass(frozen=True)
class DivisionRenamed:
    division_id: str
    name: str
    version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> DivisionRenamed:
        return cls(data["division_id"], data["name"], data["version"])


@dataclass(frozen=True)
class DivisionMoved:
    division_id: str
    parent_id: str | None
    version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> DivisionMoved:
        return cls(data["division_id"], data["parent_id"], data["version"])


@dataclass(frozen=True)
class DivisionRetired:
    division_id: str
    version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> DivisionRetired:
        return cls(data["division_id"], data["version"])


@dataclass(frozen=True)
class RiskState:
    """A risk's whole state, from RiskCaptured or RiskChanged. Its division is where it
    is now: a change that moved it carries the new one. ``occurred_at`` is the intake
    event's own time (its metadata), from which the state holds in the history."""

    risk_id: str
    division_id: str
    title: str
    category: str
    owner_email: str
    status: str
    treatment: str | None
    review_due: date | None
    retired: bool
    risk_version: int
    acceptance: Acceptance | None = None
    occurred_at: datetime | None = None

    @classmethod
    def captured(cls, data: dict[str, Any]) -> RiskState:
        """A captured risk is not retired; its treatment and review date are optional."""
        initial = {"treatment": None, "review_due": None, "retired": False}
        return cls.of(initial | data)

    @classmethod
    def of(cls, data: dict[str, Any]) -> RiskState:
        return cls(
            risk_id=data["risk_id"],
            division_id=data["division_id"],
            title=data["title"],
            category=data["category"],
            owner_email=data["owner_email"],
            status=data["status"],
            treatment=data["treatment"],
            review_due=day(data["review_due"]),
            retired=data["retired"],
            risk_version=data["version"],
            acceptance=Acceptance.of(data.get("acceptance")),
        )


@dataclass(frozen=True)
class Acceptance:
    """A risk's formal acceptance (ADR 27): who accepted it and the last day it holds.
    Absent from events raised before acceptances were recorded."""

    accepted_by: str
    expires_on: date

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Acceptance | None:
        if not data:
            return None
        return cls(data["accepted_by"], date.fromisoformat(data["expires_on"]))


@dataclass(frozen=True)
class Grade:
    """One of a score's three cells: likelihood x impact, its level and acceptability."""

    likelihood: int
    impact: int
    score: int
    level: str
    acceptability: str | None = None

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Grade | None:
        if not data:
            return None
        return cls(
            data["likelihood"],
            data["impact"],
            data["score"],
            data["level"],
            data.get("acceptability"),
        )


@dataclass(frozen=True)
class Appetite:
    """The appetite that applies to the risk and where the current residual stands."""

    status: str
    appetite: int
    tolerance: int
    division_id: str

    @classmethod
    def of(cls, data: dict[str, Any] | None) -> Appetite | None:
        if not data:
            return None
        return cls(data["status"], data["appetite"], data["tolerance"], data["division_id"])


@dataclass(frozen=True)
class RiskScored:
    """What reporting keeps of a score. The fields added to RiskScored after its first
    release are optional in its contract (archived events), so they may be None here.
    ``tested_controls`` counts the active solutions with a passed, in-date test among
    the inputs: scoring rescores a risk the day such a test falls due (ADR 21)."""

    risk_id: str
    division_id: str
    likelihood: int
    impact: int
    score: int
    level: str
    score_version: int
    scored_at: datetime
    model_id: str | None = None
    model_version: int | None = None
    inherent_acceptability: str | None = None
    current: Grade | None = None
    target: Grade | None = None
    appetite: Appetite | None = None
    action_priority: str | None = None
    rpn: int | None = None
    next_review_due: date | None = None
    tested_controls: int | None = None

    @classmethod
    def of(cls, data: dict[str, Any]) -> RiskScored:
        inherent = data["inherent"]
        model = data.get("model") or {}
        fmea = data.get("fmea") or {}
        solutions = (data.get("inputs") or {}).get("solutions")
        return cls(
            risk_id=data["risk_id"],
            division_id=data["division_id"],
            likelihood=inherent["likelihood"],
            impact=inherent["impact"],
            score=inherent["score"],
            level=inherent["level"],
            score_version=data["score_version"],
            scored_at=parse(data["scored_at"]),
            model_id=model.get("model_id"),
            model_version=model.get("version"),
            inherent_acceptability=inherent.get("acceptability"),
            current=Grade.of(data.get("current_residual")),
            target=Grade.of(data.get("target_residual")),
            appetite=Appetite.of(data.get("appetite")),
            action_priority=fmea.get("action_priority"),
            rpn=fmea.get("rpn"),
            next_review_due=day(data.get("next_review_due")),
            tested_controls=None if solutions is None else credited_controls(solutions),
        )


def credited_controls(solutions: list[dict[str, Any]]) -> int:
    """The linked solutions the current residual credits in full: active, with a passed
    test that is in date (ADR 22)."""
    return sum(1 for s in solutions if s["status"] == "active" and s["test"] == "passed_in_date")


@dataclass(frozen=True)
class BreachChanged:
    """AppetiteBreached (in_breach) or AppetiteRestored (not): a breach episode opened or
    closed with the score of score_version, which orders them."""

    risk_id: str
    division_id: str
    in_breach: bool
    score_version: int
    changed_at: datetime

    @classmethod
    def reader(cls, in_breach: bool) -> Callable[[dict[str, Any]], BreachChanged]:
        def read(data: dict[str, Any]) -> BreachChanged:
            return cls(
                data["risk_id"],
                data["division_id"],
                in_breach,
                data["score_version"],
                parse(data["scored_at"]),
            )

        return read


@dataclass(frozen=True)
class ModelPublished:
    """A scoring model version and the size of its N x N matrix."""

    model_id: str
    version: int
    size: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> ModelPublished:
        return cls(data["model_id"], data["version"], data["size"])


@dataclass(frozen=True)
class SolutionDetails:
    """What a solution is, as its events tell it and the solutions report shows it."""

    solution_id: str
    division_id: str
    title: str
    kind: str
    status: str
    design_effectiveness: int
    test_result: str | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: float | None
    due_date: date | None


@dataclass(frozen=True)
class SolutionState(SolutionDetails):
    """A solution's whole state, from SolutionRegistered or SolutionChanged."""

    version: int

    @classmethod
    def of(cls, data: dict[str, Any]) -> SolutionState:
        return cls(
            solution_id=data["solution_id"],
            division_id=data["division_id"],
            title=data["title"],
            kind=data["kind"],
            status=data["status"],
            design_effectiveness=data["design_effectiveness"],
            test_result=data["test_result"],
            tested_on=day(data["tested_on"]),
            next_test_due=day(data["next_test_due"]),
            owner_email=data["owner_email"],
            cost=data["cost"],
            due_date=day(data["due_date"]),
            version=data["version"],
        )


@dataclass(frozen=True)
class LinkChanged:
    """A solution linked to or unlinked from a risk; the risk's version orders them."""

    risk_id: str
    solution_id: str
    linked: bool
    risk_version: int

    @classmethod
    def reader(cls, linked: bool) -> Callable[[dict[str, Any]], LinkChanged]:
        def read(data: dict[str, Any]) -> LinkChanged:
            return cls(data["risk_id"], data["solution_id"], linked, data["risk_version"])

        return read


@dataclass(frozen=True)
class KriDefinition(vocabulary.KriDefinition):
    """A key risk indicator's whole definition (the kernel's fields, and these), from
    KriDefined, KriChanged or KriRetired, gated by its version; it holds from its own
    time (``changed_at``)."""

    division_id: str
    retired: bool
    version: int
    changed_at: datetime

    @classmethod
    def of(cls, data: dict[str, Any]) -> KriDefinition:
        return cls(
            kri_id=data["kri_id"],
            risk_id=data["risk_id"],
            division_id=data["division_id"],
            name=data["name"],
            unit=data["unit"],
            direction=data["direction"],
            amber=float(data["amber"]),
            red=float(data["red"]),
            stale_after_days=data["stale_after_days"],
            amber_steps=data["amber_steps"],
            retired=data["retired"],
            version=data["version"],
            changed_at=parse(data["changed_at"]),
        )


@dataclass(frozen=True)
class KriReading:
    """A reading of an indicator (KriReadingRecorded), whoever sent it; kept once."""

    reading_id: str
    kri_id: str
    value: float
    observed_at: datetime
    source: str

    @classmethod
    def of(cls, data: dict[str, Any]) -> KriReading:
        return cls(
            data["reading_id"],
            data["kri_id"],
            float(data["value"]),
            parse(data["observed_at"]),
            data["source"],
        )


Event = (
    DivisionRegistered
    | DivisionRenamed
    | DivisionMoved
    | DivisionRetired
    | RiskState
    | RiskScored
    | SolutionState
    | LinkChanged
    | BreachChanged
    | ModelPublished
    | KriDefinition
    | KriReading
)
