"""What analysts ask risk-intake to do."""

from __future__ import annotations

from dataclasses import dataclass

from risk_intake.domain.model import Category


@dataclass(frozen=True)
class RegisterDivision:
    code: str
    name: str
    parent_id: str | None = None


@dataclass(frozen=True)
class CaptureRisk:
    division_id: str
    title: str
    description: str
    category: Category
    owner_email: str


@dataclass(frozen=True)
class AssessRisk:
    risk_id: str
    likelihood: int
    impact: dict[str, int]
    assessed_by: str
    justification: str | None = None
