"""The events metrics-scoring consumes, in its own terms: each read from the payload its
contract describes (events-schema/), once, before its use case runs (ADR 67)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from metrics_scoring.domain.calculation import Assessment, FmeaRatings
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.kri import Reading
from riskplatform.timestamps import day, parse

Data = Mapping[str, Any]


@dataclass(frozen=True)
class RiskAssessed:
    risk_id: str
    division_id: str
    assessment: Assessment

    @classmethod
    def of(cls, data: Data) -> RiskAssessed:
        fmea = data.get("fmea")
        return cls(
            data["risk_id"],
            data["division_id"],
            Assessment(
                assessment_id=data["assessment_id"],
                risk_version=data["version"],
                likelihood=data["likelihood"],
                impact=data["impact"],
                fmea=FmeaRatings(**fmea) if fmea else None,
                assessed_at=parse(data["assessed_at"]),
            ),
        )


@dataclass(frozen=True)
class RiskState:
    """RiskCaptured, RiskChanged: both carry the whole risk state."""

    risk_id: str
    division_id: str
    version: int
    category: str | None
    status: str | None
    retired: bool
    acceptance: Mapping[str, Any] | None

    @classmethod
    def of(cls, data: Data) -> RiskState:
        return cls(
            data["risk_id"],
            data["division_id"],
            data["version"],
            data["category"],
            data["status"],
            bool(data.get("retired", False)),
            data.get("acceptance"),
        )


@dataclass(frozen=True)
class LinkChanged:
    """SolutionLinked, SolutionUnlinked: the link's state at the risk's version."""

    risk_id: str
    solution_id: str
    division_id: str
    risk_version: int
    linked: bool

    @classmethod
    def reader(cls, *, linked: bool) -> Callable[[Data], LinkChanged]:
        def read(data: Data) -> LinkChanged:
            return cls(
                data["risk_id"],
                data["solution_id"],
                data["division_id"],
                data["risk_version"],
                linked,
            )

        return read


@dataclass(frozen=True)
class SolutionState:
    """SolutionRegistered, SolutionChanged: the solution as a control, and its version."""

    solution: Solution
    version: int

    @classmethod
    def of(cls, data: Data) -> SolutionState:
        solution = Solution(
            solution_id=data["solution_id"],
            title=data["title"],
            kind=data["kind"],
            status=data["status"],
            design_effectiveness=data["design_effectiveness"],
            test_result=data["test_result"],
            next_test_due=day(data["next_test_due"]),
        )
        return cls(solution, data["version"])


@dataclass(frozen=True)
class DivisionPlaced:
    """DivisionRegistered, DivisionMoved: where the division sits in the tree."""

    division_id: str
    parent_id: str | None
    version: int

    @classmethod
    def of(cls, data: Data) -> DivisionPlaced:
        return cls(data["division_id"], data["parent_id"], data["version"])


def reading_of(data: Data) -> Reading:
    """KriReadingRecorded: a downstream system's reading, or our own API's."""
    return Reading(
        reading_id=data["reading_id"],
        kri_id=data["kri_id"],
        value=data["value"],
        observed_at=parse(data["observed_at"]),
        source=data["source"],
    )
