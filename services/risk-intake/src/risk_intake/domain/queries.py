"""How the register is searched: filters, sorting and pages."""

from __future__ import annotations

from dataclasses import dataclass

from risk_intake.domain.risks import Category, RiskStatus
from risk_intake.domain.solutions import SolutionKind, SolutionStatus
from riskplatform.paging import DEFAULT_LIMIT


@dataclass(frozen=True)
class Sort:
    """A field to sort by, and its direction; ties go by id, so pages are stable."""

    field: str
    descending: bool = False


@dataclass(frozen=True)
class RiskQuery:
    division_id: str | None = None  # this division and its subtree
    statuses: tuple[RiskStatus, ...] = ()
    categories: tuple[Category, ...] = ()
    owner_email: str | None = None
    tag: str | None = None
    planned_review_passed: bool = False  # the owner's reviewDue, not the model's cadence
    text: str | None = None
    include_retired: bool = False
    sort: Sort | None = None  # by relevance with text, else the latest change first
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True)
class SolutionQuery:
    division_id: str | None = None
    statuses: tuple[SolutionStatus, ...] = ()
    kinds: tuple[SolutionKind, ...] = ()
    owner_email: str | None = None
    test_overdue: bool = False
    text: str | None = None
    sort: Sort | None = None  # by relevance with text, else the latest change first
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True)
class DivisionQuery:
    parent_id: str | None = None  # only this division's subtree
    text: str | None = None
    include_retired: bool = False
    sort: Sort = Sort("name")
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True)
class MembershipQuery:
    """Users and their memberships: by part of an email, by a division they work in."""

    email: str | None = None
    division_id: str | None = None
    limit: int = DEFAULT_LIMIT
    offset: int = 0
