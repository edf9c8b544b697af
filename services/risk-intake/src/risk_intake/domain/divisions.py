"""Divisions: the tree every risk, solution and access grant hangs from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from risk_intake.domain.base import Aggregate, new_id
from risk_intake.domain.events import (
    DivisionMoved,
    DivisionRegistered,
    DivisionRenamed,
    DivisionRetired,
)
from riskplatform.errors import Conflict, InvalidInput


@dataclass(kw_only=True)
class Division(Aggregate):
    entity_type = "division"

    code: str
    name: str
    parent_id: str | None
    retired: bool = False

    @classmethod
    def register(
        cls, code: str, name: str, parent: Division | None, actor: str, now: datetime
    ) -> Division:
        if parent is not None and parent.retired:
            raise Conflict("a retired division takes no new sub-divisions", field="parentId")
        division = cls(
            id=new_id(), code=code, name=name, parent_id=parent.id if parent else None, version=1
        )
        division.events.append(
            DivisionRegistered(
                division_id=division.id,
                code=code,
                name=name,
                parent_id=division.parent_id,
                version=division.version,
            )
        )
        division.record(
            "registered",
            {"code": (None, code), "name": (None, name), "parent_id": (None, division.parent_id)},
            actor,
            now,
        )
        return division

    def ensure_active(self, field: str | None = None) -> None:
        if self.retired:
            raise Conflict(f"division {self.code} is retired", field=field)

    def rename(self, name: str, actor: str, now: datetime) -> None:
        self.ensure_active()
        if name == self.name:
            return
        previous, self.name = self.name, name
        self.version += 1
        self.events.append(DivisionRenamed(division_id=self.id, name=name, version=self.version))
        self.record("renamed", {"name": (previous, name)}, actor, now)

    def move(
        self,
        parent: Division | None,
        parent_lineage: Sequence[str],
        actor: str,
        now: datetime,
    ) -> None:
        """Move under ``parent`` (None: to the top), whose lineage (itself and its
        ancestors) must not contain this division: the tree never gets a cycle."""
        self.ensure_active()
        new_parent_id = parent.id if parent else None
        if new_parent_id == self.parent_id:
            return
        if parent is not None:
            parent.ensure_active(field="parentId")
            if self.id in parent_lineage:
                raise InvalidInput(
                    "a division cannot move under itself or its own sub-divisions",
                    field="parentId",
                )
        previous, self.parent_id = self.parent_id, new_parent_id
        self.version += 1
        self.events.append(
            DivisionMoved(
                division_id=self.id,
                parent_id=new_parent_id,
                previous_parent_id=previous,
                version=self.version,
            )
        )
        self.record("moved", {"parent_id": (previous, new_parent_id)}, actor, now)

    def retire(self, active_children: int, live_risks: int, actor: str, now: datetime) -> None:
        """Retire a division that has no active sub-division and no live risk left (move
        or retire them first); it keeps its history and takes nothing new."""
        self.ensure_active()
        if active_children:
            raise Conflict(
                f"division {self.code} still has {active_children} active sub-division(s);"
                " move or retire them first"
            )
        if live_risks:
            raise Conflict(
                f"division {self.code} still has {live_risks} risk(s) that are neither"
                " closed nor retired; move, close or retire them first"
            )
        self.retired = True
        self.version += 1
        self.events.append(DivisionRetired(division_id=self.id, version=self.version))
        self.record("retired", {"retired": (False, True)}, actor, now)
