"""The field types the intake API's bodies share, and the audit trail every resource
keeps."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import Field, WithJsonSchema

from risk_intake.domain.base import AuditEntry
from riskplatform.api import EMAIL, NOT_SPACE, ApiModel

Rating = Annotated[int, Field(ge=1, le=5)]
FmeaRating = Annotated[int, Field(ge=1, le=10)]
Text = Annotated[str, Field(min_length=1, max_length=200, pattern=NOT_SPACE)]
Description = Annotated[str, Field(max_length=10_000)]
Email = Annotated[str, Field(max_length=254, pattern=EMAIL)]
Tag = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
Tags = Annotated[list[Tag], Field(max_length=20)]
Percent = Annotated[int, Field(ge=0, le=100)]
MONEY = r"^[0-9]{1,12}(\.[0-9]{1,2})?$"
Money = Annotated[
    Decimal,
    Field(ge=0, max_digits=14, decimal_places=2),
    WithJsonSchema(
        {
            "anyOf": [
                {
                    "type": "number",
                    "minimum": 0,
                    "maximum": 999_999_999_999.99,
                    "multipleOf": 0.01,
                },
                {"type": "string", "pattern": MONEY},
            ],
            "description": "At most 12 digits before the point and 2 after",
        }
    ),
]
Code = Annotated[str, Field(pattern=r"^[A-Z0-9][A-Z0-9_-]{1,31}$")]
Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2")]


class AuditEntryOut(ApiModel):
    version: int
    action: str
    field: str
    old: Any
    new: Any
    actor: str
    at: datetime

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryOut:
        return cls(
            version=entry.entity_version,
            action=entry.action,
            field=entry.field,
            old=entry.old,
            new=entry.new,
            actor=entry.actor,
            at=entry.at,
        )


class AuditOut(ApiModel):
    """Oldest first: who changed which field, when, from which value to which."""

    items: list[AuditEntryOut]

    @classmethod
    def of(cls, entries: list[AuditEntry]) -> AuditOut:
        return cls(items=[AuditEntryOut.of(e) for e in entries])
