"""The ports the use cases need: the read model's writes and reads in a unit of work,
and the cache in front of the dashboards."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any, Protocol

from reporting.domain.events import (
    BreachChanged,
    DivisionMoved,
    DivisionRegistered,
    DivisionRenamed,
    DivisionRetired,
    KriDefinition,
    KriReading,
    LinkChanged,
    ModelPublished,
    RiskScored,
    RiskState,
    SolutionState,
)
from reporting.domain.model import (
    BreachCounts,
    BreachEntry,
    Cell,
    CellCount,
    DayTally,
    DivisionNode,
    DivisionTally,
    KriEntry,
    KriStatus,
    KriStatusCount,
    LevelMovement,
    RegisterEntry,
    RegisterPage,
    RiskFilter,
    Scope,
    SolutionEntry,
    SolutionStatus,
    SolutionTally,
    StatusCount,
)
from riskplatform.events import Envelope


class ReadModel(Protocol):
    """Idempotent, version-gated writes: an older version never overwrites a newer one."""

    def save_division(self, event: DivisionRegistered) -> None: ...
    def rename_division(self, event: DivisionRenamed) -> None: ...
    def move_division(self, event: DivisionMoved) -> None: ...
    def retire_division(self, event: DivisionRetired) -> None: ...
    def save_risk(self, event: RiskState) -> None: ...
    def save_score(self, event: RiskScored) -> None: ...
    def save_solution(self, event: SolutionState, at: datetime) -> None: ...
    def save_link(self, event: LinkChanged, at: datetime) -> None: ...
    def save_breach(self, event: BreachChanged) -> None: ...
    def save_model(self, event: ModelPublished) -> None: ...
    def save_kri(self, event: KriDefinition) -> None: ...
    def save_kri_reading(self, event: KriReading) -> None: ...
    def bump_generation(self) -> None: ...


class Reports(Protocol):
    def generation(self) -> str | None:
        """None until the read model records its first change."""
        ...

    def heatmap_cells(self, scope: Scope, include_retired: bool) -> list[Cell]: ...
    def heatmap_counts(self, scope: Scope, include_retired: bool) -> list[CellCount]: ...
    def register(self, risks: RiskFilter, limit: int, offset: int) -> RegisterPage: ...
    def register_items(
        self, risks: RiskFilter, limit: int, offset: int
    ) -> tuple[RegisterEntry, ...]: ...
    def register_count(self, risks: RiskFilter) -> int: ...
    def register_stream(self, risks: RiskFilter) -> Iterator[RegisterEntry]:
        """Every risk the filters keep, in order, read as it is consumed."""
        ...

    def division_tallies(self, scope: Scope) -> list[DivisionTally]:
        """Each division's own open risks (neither closed nor retired), counted."""
        ...

    def trend_tallies(self, scope: Scope, first: date, last: date) -> list[DayTally]:
        """Each day's open risks per category, as they stood at its end."""
        ...

    def movements(self, scope: Scope, first: date, last: date) -> list[LevelMovement]:
        """Per current residual level at the end of ``last``, how scores moved since
        the end of ``first``."""
        ...

    def kri_counts(self, scope: Scope) -> list[KriStatusCount]:
        """The live indicators in scope, counted by status and staleness."""
        ...

    def kris(
        self, scope: Scope, statuses: frozenset[KriStatus] | None, limit: int, offset: int
    ) -> tuple[KriEntry, ...]: ...
    def breach_counts(self, scope: Scope) -> BreachCounts: ...
    def breaches(self, scope: Scope, limit: int, offset: int) -> tuple[BreachEntry, ...]: ...
    def divisions(self, scope: Scope) -> list[DivisionNode]: ...
    def solution_tallies(self, scope: Scope) -> list[SolutionTally]: ...
    def solution_counts(self, scope: Scope) -> list[StatusCount]: ...
    def solutions(
        self, scope: Scope, status: SolutionStatus | None, limit: int, offset: int
    ) -> tuple[tuple[SolutionEntry, ...], int]:
        """A page of the solutions in scope (of one status, if given), and how many
        there are in all."""
        ...


class UnitOfWork(Protocol):
    cursor: Any  # inside it: the memberships' copy is kept on it (access_store)

    @property
    def read_model(self) -> ReadModel: ...
    @property
    def reports(self) -> Reports: ...

    def __enter__(self) -> object: ...
    def __exit__(self, *exc_info: object) -> None: ...
    def claim(self, envelope: Envelope) -> bool: ...
    def commit(self) -> object: ...


class Cache(Protocol):
    """Best effort: a miss or an unreachable cache only costs a query."""

    def get(self, key: str) -> str | None: ...
    def set(self, key: str, value: str) -> None: ...
