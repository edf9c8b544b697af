"""What every aggregate of the register shares: the events it raised and the audit
entries it recorded since it was loaded, both written in the transaction that saves it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, ClassVar

from riskplatform.errors import Conflict
from riskplatform.events import DomainEvent
from riskplatform.timestamps import iso


def new_id() -> str:
    return str(uuid.uuid4())


def plain(value: Any) -> Any:
    """A value as the audit trail and the events store it: JSON's types only."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return iso(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, tuple | list | set | frozenset):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class AuditEntry:
    """One change to one field of one entity: who, when, from which value to which
    (``old`` is None when the entity was created)."""

    entity_type: str
    entity_id: str
    entity_version: int
    action: str
    field: str
    old: Any
    new: Any
    actor: str
    at: datetime


class StaleVersion(Conflict):
    """The client changed a version it no longer holds (HTTP 412 Precondition Failed)."""

    status = 412


@dataclass(kw_only=True)
class Aggregate:
    entity_type: ClassVar[str]

    id: str
    version: int
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)
    audit: list[AuditEntry] = field(default_factory=list, repr=False, compare=False)

    def expect_version(self, expected: int | None) -> None:
        """Optimistic concurrency: refuse a change made against an older version."""
        if expected is not None and expected != self.version:
            raise StaleVersion(
                f"this {self.entity_type} is at version {self.version}, not {expected};"
                " read it again and reapply your change",
                field="If-Match",
                location="header",
            )

    def record(
        self,
        action: str,
        changes: dict[str, tuple[Any, Any]],
        actor: str,
        at: datetime,
    ) -> None:
        """Audit entries for the fields changed at the current version."""
        self.audit.extend(
            AuditEntry(
                self.entity_type,
                self.id,
                self.version,
                action,
                name,
                plain(old),
                plain(new),
                actor,
                at,
            )
            for name, (old, new) in changes.items()
        )
