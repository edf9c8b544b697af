"""The intake API's request and response bodies (camelCase on the wire, unknown fields
refused) and its query parameters."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Annotated, Any
from uuid import UUID

from aws_lambda_powertools.event_handler.openapi.params import Query
from pydantic import ConfigDict, Field, WithJsonSchema, model_validator

from risk_intake.domain.base import AuditEntry
from risk_intake.domain.divisions import Division
from risk_intake.domain.queries import Page
from risk_intake.domain.related import (
    RELATIONS,
    EntityType,
    Product,
    Relation,
    Relationship,
    Site,
    Supplier,
)
from risk_intake.domain.risks import (
    TRANSITIONS,
    Assessment,
    Category,
    Risk,
    RiskStatus,
    Treatment,
)
from risk_intake.domain.solutions import (
    SOLUTION_TRANSITIONS,
    Solution,
    SolutionKind,
    SolutionStatus,
    TestOutcome,
)
from risk_intake.service_layer.imports import ImportReport
from risk_intake.service_layer.risks import RiskDetails
from risk_intake.service_layer.solutions import SolutionDetails
from riskplatform.api import EMAIL, NOT_SPACE, ApiModel, Patch

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


# ---- divisions -------------------------------------------------------------------------


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

    @classmethod
    def of(cls, division: Division) -> DivisionOut:
        return cls(
            id=division.id,
            name=division.name,
            code=division.code,
            parent_id=division.parent_id,
            version=division.version,
            retired=division.retired,
        )


class DivisionPageOut(ApiModel):
    items: list[DivisionOut]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[Division]) -> DivisionPageOut:
        return cls(
            items=[DivisionOut.of(d) for d in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


# ---- risks -----------------------------------------------------------------------------


class RiskIn(ApiModel):
    division_id: UUID
    title: Text
    description: Description
    category: Category
    owner_email: Email
    status: RiskStatus = RiskStatus.DRAFT
    treatment: Treatment | None = None
    review_due: date | None = None
    tags: Tags = []


class AcceptanceIn(ApiModel):
    """Why the risk is accepted as it is, and the last day the acceptance holds."""

    rationale: Annotated[str, Field(min_length=1, max_length=5_000)]
    expires_on: date = Field(description="After today, at most about three years ahead.")


class AcceptanceOut(ApiModel):
    accepted_by: str
    accepted_at: datetime
    rationale: str | None = Field(description="Null when accepted without terms.")
    expires_on: date
    expired: bool = Field(description="The day it held until has passed: back in review.")


class RiskPatch(Patch):
    """The fields to change. Moving to another division (``divisionId``) takes write
    access in both; ``status`` follows the workflow; accepting takes a risk manager and
    records an acceptance (ADR 27): the ``acceptance`` sent (why, until when), else one
    for 365 days without a rationale. It may be renewed while the risk is accepted."""

    nullable = frozenset({"treatment", "review_due"})
    title: Text | None = None
    description: Description | None = None
    category: Category | None = None
    owner_email: Email | None = None
    status: RiskStatus | None = None
    treatment: Treatment | None = None
    review_due: date | None = None
    tags: Tags | None = None
    division_id: UUID | None = None
    acceptance: AcceptanceIn | None = None


class Impact(ApiModel):
    safety: Rating | None = None
    regulatory: Rating | None = None
    financial: Rating | None = None
    supply: Rating | None = None
    reputation: Rating | None = None

    model_config = ConfigDict(
        json_schema_extra={  # at least one dimension rated, as the validator says
            "anyOf": [
                {"required": [name], "properties": {name: {"type": "integer"}}}
                for name in ("safety", "regulatory", "financial", "supply", "reputation")
            ]
        }
    )

    @model_validator(mode="after")
    def at_least_one(self) -> Impact:
        if not self.rated():
            raise ValueError("rate at least one impact dimension")
        return self

    def rated(self) -> dict[str, int]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class Fmea(ApiModel):
    """FMEA inputs, each 1-10; the scoring service computes RPN and action priority."""

    severity: FmeaRating
    occurrence: FmeaRating
    detection: FmeaRating


class AssessmentIn(ApiModel):
    """The safety guard (ADR 29): a product_safety or ehs risk needs ``impact.safety``;
    FMEA severity 9-10 with a safety impact below 4 (or none) needs a justification."""

    likelihood: Rating
    impact: Impact
    justification: Annotated[str, Field(max_length=5_000)] | None = Field(
        default=None,
        description="Why; required when FMEA severity is 9-10 and the safety impact is"
        " below 4 or not rated.",
    )
    fmea: Fmea | None = None


class AssessmentOut(ApiModel):
    id: str
    risk_id: str
    risk_version: int
    likelihood: int
    impact: dict[str, int]
    fmea: Fmea | None
    assessed_by: str
    assessed_at: datetime
    justification: str | None

    @classmethod
    def of(cls, risk_id: str, risk_version: int, assessment: Assessment) -> AssessmentOut:
        return cls(
            id=assessment.id,
            risk_id=risk_id,
            risk_version=risk_version,
            likelihood=assessment.likelihood,
            impact=assessment.impact,
            fmea=Fmea(**assessment.fmea) if assessment.fmea else None,
            assessed_by=assessment.assessed_by,
            assessed_at=assessment.assessed_at,
            justification=assessment.justification,
        )


class AssessmentListOut(ApiModel):
    """Newest first; assessments are never changed or deleted."""

    items: list[AssessmentOut]


class RiskSummaryOut(ApiModel):
    id: str
    division_id: str
    title: str
    description: str
    category: Category
    owner_email: str
    status: RiskStatus
    next_statuses: list[RiskStatus]
    treatment: Treatment | None
    review_due: date | None
    tags: list[str]
    retired: bool
    acceptance: AcceptanceOut | None = Field(
        description="While the risk is formally accepted: by whom, when, why, until when."
    )
    version: int
    captured_at: datetime
    updated_at: datetime

    @classmethod
    def fields_of(cls, risk: Risk) -> dict[str, Any]:
        return {
            "id": risk.id,
            "division_id": risk.division_id,
            "title": risk.title,
            "description": risk.description,
            "category": risk.category,
            "owner_email": risk.owner_email,
            "status": risk.status,
            "next_statuses": [] if risk.retired else list(TRANSITIONS[risk.status]),
            "treatment": risk.treatment,
            "review_due": risk.review_due,
            "tags": list(risk.tags),
            "retired": risk.retired,
            "acceptance": (
                AcceptanceOut(
                    accepted_by=a.accepted_by,
                    accepted_at=a.accepted_at,
                    rationale=a.rationale,
                    expires_on=a.expires_on,
                    expired=a.expires_on < datetime.now(UTC).date(),
                )
                if (a := risk.acceptance)
                else None
            ),
            "version": risk.version,
            "captured_at": risk.captured_at,
            "updated_at": risk.updated_at,
        }

    @classmethod
    def of(cls, risk: Risk) -> RiskSummaryOut:
        return cls(**cls.fields_of(risk))


class SolutionSummaryOut(ApiModel):
    id: str
    division_id: str
    title: str
    description: str
    kind: SolutionKind
    status: SolutionStatus
    next_statuses: list[SolutionStatus]
    design_effectiveness: int
    test_result: TestOutcome | None
    tested_on: date | None
    next_test_due: date | None
    owner_email: str
    cost: float | None
    due_date: date | None
    version: int

    @classmethod
    def fields_of(cls, solution: Solution) -> dict[str, Any]:
        return {
            "id": solution.id,
            "division_id": solution.division_id,
            "title": solution.title,
            "description": solution.description,
            "kind": solution.kind,
            "status": solution.status,
            "next_statuses": list(SOLUTION_TRANSITIONS[solution.status]),
            "design_effectiveness": solution.design_effectiveness,
            "test_result": solution.test_result,
            "tested_on": solution.tested_on,
            "next_test_due": solution.next_test_due,
            "owner_email": solution.owner_email,
            "cost": float(solution.cost) if solution.cost is not None else None,
            "due_date": solution.due_date,
            "version": solution.version,
        }

    @classmethod
    def of(cls, solution: Solution) -> SolutionSummaryOut:
        return cls(**cls.fields_of(solution))


class RiskOut(RiskSummaryOut):
    """A risk with its latest assessment and the solutions linked to it."""

    latest_assessment: AssessmentOut | None
    solutions: list[SolutionSummaryOut]

    @classmethod
    def of_details(cls, details: RiskDetails) -> RiskOut:
        risk, latest = details.risk, details.risk.latest_assessment
        return cls(
            **cls.fields_of(risk),
            latest_assessment=AssessmentOut.of(risk.id, risk.version, latest) if latest else None,
            solutions=[SolutionSummaryOut.of(s) for s in details.solutions],
        )


class RiskPageOut(ApiModel):
    items: list[RiskSummaryOut]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[Risk]) -> RiskPageOut:
        return cls(
            items=[RiskSummaryOut.of(r) for r in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


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


# ---- solutions -------------------------------------------------------------------------


class SolutionIn(ApiModel):
    division_id: UUID
    title: Text
    description: Description = ""
    kind: SolutionKind
    status: SolutionStatus = SolutionStatus.PLANNED
    design_effectiveness: Percent
    test_result: TestOutcome | None = None
    tested_on: date | None = None
    next_test_due: date | None = None
    owner_email: Email
    cost: Money | None = None
    due_date: date | None = None


class SolutionPatch(Patch):
    nullable = frozenset({"test_result", "tested_on", "next_test_due", "cost", "due_date"})
    title: Text | None = None
    description: Description | None = None
    kind: SolutionKind | None = None
    status: SolutionStatus | None = None
    design_effectiveness: Percent | None = None
    test_result: TestOutcome | None = None
    tested_on: date | None = None
    next_test_due: date | None = None
    owner_email: Email | None = None
    cost: Money | None = None
    due_date: date | None = None


class RiskRefOut(ApiModel):
    id: str
    division_id: str
    title: str
    status: RiskStatus
    retired: bool


class SolutionOut(SolutionSummaryOut):
    """A solution with the risks it answers."""

    risks: list[RiskRefOut]

    @classmethod
    def of_details(cls, details: SolutionDetails) -> SolutionOut:
        return cls(
            **cls.fields_of(details.solution),
            risks=[
                RiskRefOut(
                    id=r.id,
                    division_id=r.division_id,
                    title=r.title,
                    status=r.status,
                    retired=r.retired,
                )
                for r in details.risks
            ],
        )


class SolutionPageOut(ApiModel):
    items: list[SolutionSummaryOut]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[Solution]) -> SolutionPageOut:
        return cls(
            items=[SolutionSummaryOut.of(s) for s in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


class LinkIn(ApiModel):
    solution_id: UUID


# ---- products, suppliers, sites and relationships ---------------------------------------

Country = Annotated[str, Field(pattern=r"^[A-Z]{2}$", description="ISO 3166 alpha-2")]


class ProductIn(ApiModel):
    code: Code
    name: Text
    description: Description = ""


class SupplierIn(ApiModel):
    name: Text
    country: Country | None = None


class SiteIn(SupplierIn):
    pass


def known_relations() -> dict[str, Any]:
    """The document's statement of the relations the graph knows (``RELATIONS``)."""
    return {
        "oneOf": [
            {
                "properties": {
                    "fromType": {"const": from_type.value},
                    "relation": {"const": relation.value},
                    "toType": {"enum": sorted(t.value for t in targets)},
                }
            }
            for (from_type, relation), targets in RELATIONS.items()
        ]
    }


class RelationshipIn(ApiModel):
    """A division sells a product; a product depends_on a supplier or is made_at a site;
    a risk affects a product, supplier or site."""

    model_config = ConfigDict(json_schema_extra=lambda schema: schema.update(known_relations()))

    from_type: EntityType
    from_id: UUID
    relation: Relation
    to_type: EntityType
    to_id: UUID


class RelationshipOut(ApiModel):
    id: str
    from_type: EntityType
    from_id: str
    relation: Relation
    to_type: EntityType
    to_id: str

    @classmethod
    def of(cls, relationship: Relationship) -> RelationshipOut:
        return cls(
            id=relationship.id,
            from_type=relationship.from_type,
            from_id=relationship.from_id,
            relation=relationship.relation,
            to_type=relationship.to_type,
            to_id=relationship.to_id,
        )


class RelationshipChangeOut(RelationshipOut):
    """``fromVersion`` is the from entity's version after the change."""

    from_version: int

    @classmethod
    def of_change(cls, relationship: Relationship, from_version: int) -> RelationshipChangeOut:
        return cls(**RelationshipOut.of(relationship).model_dump(), from_version=from_version)


class RelationshipListOut(ApiModel):
    items: list[RelationshipOut]

    @classmethod
    def of(cls, relationships: list[Relationship]) -> RelationshipListOut:
        return cls(items=[RelationshipOut.of(r) for r in relationships])


class EntityOut(ApiModel):
    """A product (with code and description), supplier or site (with country)."""

    id: str
    type: EntityType
    name: str
    code: str | None = None
    description: str | None = None
    country: str | None = None
    version: int

    @classmethod
    def fields_of(cls, entity: Product | Supplier | Site) -> dict[str, Any]:
        return {
            "id": entity.id,
            "type": EntityType(entity.entity_type),
            "name": entity.name,
            "code": getattr(entity, "code", None),
            "description": getattr(entity, "description", None),
            "country": getattr(entity, "country", None),
            "version": entity.version,
        }

    @classmethod
    def of(cls, entity: Product | Supplier | Site) -> EntityOut:
        return cls(**cls.fields_of(entity))


class EntityDetailsOut(EntityOut):
    relationships: list[RelationshipOut]

    @classmethod
    def of_details(
        cls, entity: Product | Supplier | Site, relationships: list[Relationship]
    ) -> EntityDetailsOut:
        return cls(
            **cls.fields_of(entity),
            relationships=[RelationshipOut.of(r) for r in relationships],
        )


class EntityPageOut(ApiModel):
    items: list[EntityOut]
    total: int
    limit: int
    offset: int

    @classmethod
    def of(cls, page: Page[Product | Supplier | Site]) -> EntityPageOut:
        return cls(
            items=[EntityOut.of(e) for e in page.items],
            total=page.total,
            limit=page.limit,
            offset=page.offset,
        )


# ---- import ------------------------------------------------------------------------------


class RowProblemOut(ApiModel):
    line: int
    field: str
    reason: str


class ImportReportOut(ApiModel):
    """What an import did (or, in a dry run, would do): ``problems`` lists every row that
    cannot be imported, with its line and column; ids are given once written."""

    dry_run: bool
    imported: bool
    rows: int
    risks: int
    solutions: int
    risk_ids: list[str]
    solution_ids: list[str]
    problems: list[RowProblemOut]

    @classmethod
    def of(cls, report: ImportReport) -> ImportReportOut:
        return cls(
            dry_run=report.dry_run,
            imported=report.written,
            rows=report.rows,
            risks=len(report.risk_ids),
            solutions=len(report.solution_ids),
            risk_ids=report.risk_ids if report.written else [],
            solution_ids=report.solution_ids if report.written else [],
            problems=[
                RowProblemOut(line=p.line, field=p.column, reason=p.reason) for p in report.problems
            ],
        )


# ---- query parameters ------------------------------------------------------------------

DivisionFilter = Annotated[
    UUID | None, Query(alias="divisionId", description="This division and all below it")
]
TextSearch = Annotated[
    str | None,
    Query(
        min_length=1,
        max_length=200,
        description="Words that must all occur in the title or description (each as a"
        " prefix; MariaDB/MySQL FULLTEXT, words under 3 letters and common words ignored)",
    ),
]
Owner = Annotated[str | None, Query(max_length=254, description="The owner's email")]
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000)]
IncludeRetired = Annotated[bool, Query(alias="includeRetired")]


SORT_HELP = "Prefix - to sort descending; ties go by id."
RiskSort = Annotated[
    str | None,
    Query(
        pattern="^-?(title|status|category|reviewDue|updatedAt|capturedAt)$",
        description="title, status, category, reviewDue, updatedAt or capturedAt (default"
        " -updatedAt, or relevance with q). " + SORT_HELP,
    ),
]
SolutionSort = Annotated[
    str | None,
    Query(
        pattern="^-?(title|status|kind|designEffectiveness|nextTestDue|dueDate|updatedAt)$",
        description="title, status, kind, designEffectiveness, nextTestDue, dueDate or"
        " updatedAt (default -updatedAt, or relevance with q). " + SORT_HELP,
    ),
]
DivisionSort = Annotated[
    str | None,
    Query(
        pattern="^-?(name|code|updatedAt)$",
        description="name, code or updatedAt (default name). " + SORT_HELP,
    ),
]
