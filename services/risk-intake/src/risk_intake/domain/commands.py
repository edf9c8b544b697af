"""What analysts, risk managers and admins ask risk-intake to do. ``expected_version`` is
the version the client read (its If-Match): a change against an older one is refused."""

from __future__ import annotations

from dataclasses import dataclass

from risk_intake.domain.related import EntityType, Relation
from risk_intake.domain.risks import RiskChanges
from risk_intake.domain.solutions import SolutionChanges


@dataclass(frozen=True)
class RegisterDivision:
    code: str
    name: str
    parent_id: str | None = None


@dataclass(frozen=True)
class ChangeDivision:
    """``move`` says whether ``parent_id`` is meant (None then moves it to the top)."""

    division_id: str
    expected_version: int
    name: str | None = None
    move: bool = False
    parent_id: str | None = None


@dataclass(frozen=True)
class RetireDivision:
    division_id: str
    expected_version: int


@dataclass(frozen=True)
class CaptureRisk:
    division_id: str
    fields: RiskChanges


@dataclass(frozen=True)
class ChangeRisk:
    risk_id: str
    expected_version: int
    changes: RiskChanges


@dataclass(frozen=True)
class RetireRisk:
    risk_id: str
    expected_version: int


@dataclass(frozen=True)
class AssessRisk:
    """An assessment adds to the history; If-Match is optional for it."""

    risk_id: str
    likelihood: int
    impact: dict[str, int]
    justification: str | None = None
    fmea: dict[str, int] | None = None
    expected_version: int | None = None


@dataclass(frozen=True)
class RegisterSolution:
    division_id: str
    fields: SolutionChanges


@dataclass(frozen=True)
class ChangeSolution:
    solution_id: str
    expected_version: int
    changes: SolutionChanges


@dataclass(frozen=True)
class RetireSolution:
    solution_id: str
    expected_version: int


@dataclass(frozen=True)
class LinkSolution:
    """The link belongs to the risk: ``expected_version`` is the risk's."""

    risk_id: str
    solution_id: str
    expected_version: int


@dataclass(frozen=True)
class UnlinkSolution:
    risk_id: str
    solution_id: str
    expected_version: int


@dataclass(frozen=True)
class RegisterProduct:
    code: str
    name: str
    description: str = ""


@dataclass(frozen=True)
class RegisterSupplier:
    name: str
    country: str | None = None


@dataclass(frozen=True)
class RegisterSite:
    name: str
    country: str | None = None


@dataclass(frozen=True)
class AddRelationship:
    """``expected_version`` is the "from" entity's, which the relationship raises."""

    from_type: EntityType
    from_id: str
    relation: Relation
    to_type: EntityType
    to_id: str
    expected_version: int


@dataclass(frozen=True)
class RemoveRelationship:
    relationship_id: str
    expected_version: int


@dataclass(frozen=True)
class RowProblem:
    """Why a row of an imported file cannot be imported; ``column`` names the field."""

    line: int
    column: str
    reason: str


@dataclass(frozen=True)
class ImportRow:
    line: int
    division: str  # a division's code or id
    risk: RiskChanges
    solution: SolutionChanges | None = None  # a solution to register and link to the risk


@dataclass(frozen=True)
class ImportRisks:
    """Rows read and checked field by field, and the problems found doing so. A dry run
    reports every problem and writes nothing; an import writes every row or none."""

    lines: int  # rows of data in the file
    rows: tuple[ImportRow, ...]
    problems: tuple[RowProblem, ...]
    dry_run: bool


@dataclass(frozen=True)
class GrantMembership:
    email: str  # the user, as they sign in
    division_id: str


@dataclass(frozen=True)
class RevokeMembership:
    user_id: str
    division_id: str
    expected_version: int
