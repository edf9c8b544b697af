"""Bodies of the divisions API."""

from __future__ import annotations

from uuid import UUID

from risk_intake.entrypoints.schemas.common import Code, Text
from riskplatform.api import ApiModel, PageOut, Patch


class DivisionIn(ApiModel):
    name: Text
    code: Code
    parent_id: UUID | None = None


class DivisionPatch(Patch):
    """Rename (``name``) and/or move (``parentId``; null moves it to the top)."""

    nullable = frozenset({"parent_id"})
    name: Text | None = None
    parent_id: UUID | None = None


class DivisionOut(ApiModel):
    id: str
    name: str
    code: str
    parent_id: str | None
    version: int
    retired: bool


class DivisionPageOut(PageOut):
    items: list[DivisionOut]
