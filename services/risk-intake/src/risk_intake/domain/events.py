"""What risk-intake tells the rest of the platform. Each has a schema in events-schema/."""

from __future__ import annotations

from riskplatform.events import AggregateRef, DomainEvent


class DivisionRegistered(DomainEvent):
    detail_type = "DivisionRegistered"

    division_id: str
    code: str
    name: str
    parent_id: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.division_id, self.version, self.division_id)


class DivisionRenamed(DomainEvent):
    detail_type = "DivisionRenamed"

    division_id: str
    name: str
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.division_id, self.version, self.division_id)


class DivisionMoved(DomainEvent):
    detail_type = "DivisionMoved"

    division_id: str
    parent_id: str | None
    previous_parent_id: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.division_id, self.version, self.division_id)


class DivisionRetired(DomainEvent):
    detail_type = "DivisionRetired"

    division_id: str
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.division_id, self.version, self.division_id)


class RiskCaptured(DomainEvent):
    detail_type = "RiskCaptured"

    risk_id: str
    division_id: str
    title: str
    description: str
    category: str
    owner_email: str
    status: str
    treatment: str | None
    review_due: str | None
    tags: list[str]
    version: int
    captured_at: str
    acceptance: dict[str, str | None] | None = None

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.version, self.division_id)


class RiskChanged(DomainEvent):
    detail_type = "RiskChanged"

    risk_id: str
    division_id: str
    title: str
    description: str
    category: str
    owner_email: str
    status: str
    treatment: str | None
    review_due: str | None
    tags: list[str]
    retired: bool
    version: int
    changed: list[str]
    previous_division_id: str | None
    acceptance: dict[str, str | None] | None = None

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.version, self.division_id)


class RiskAssessed(DomainEvent):
    detail_type = "RiskAssessed"

    risk_id: str
    division_id: str
    assessment_id: str
    likelihood: int
    impact: dict[str, int]
    fmea: dict[str, int] | None
    assessed_by: str
    assessed_at: str
    justification: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.version, self.division_id)


class SolutionRegistered(DomainEvent):
    detail_type = "SolutionRegistered"

    solution_id: str
    division_id: str
    title: str
    description: str
    kind: str
    status: str
    design_effectiveness: int
    test_result: str | None
    tested_on: str | None
    next_test_due: str | None
    owner_email: str
    cost: float | None
    due_date: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.solution_id, self.version, self.division_id)


class SolutionChanged(SolutionRegistered):
    detail_type = "SolutionChanged"

    changed: list[str]


class SolutionLinked(DomainEvent):
    """The link belongs to the risk: linking raises the risk's version."""

    detail_type = "SolutionLinked"

    risk_id: str
    solution_id: str
    division_id: str
    risk_version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.risk_id, self.risk_version, self.division_id)


class SolutionUnlinked(SolutionLinked):
    detail_type = "SolutionUnlinked"


class ProductRegistered(DomainEvent):
    detail_type = "ProductRegistered"

    product_id: str
    code: str
    name: str
    description: str
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.product_id, self.version, None)


class SupplierRegistered(DomainEvent):
    detail_type = "SupplierRegistered"

    supplier_id: str
    name: str
    country: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.supplier_id, self.version, None)


class SiteRegistered(DomainEvent):
    detail_type = "SiteRegistered"

    site_id: str
    name: str
    country: str | None
    version: int

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.site_id, self.version, None)


class RelationshipAdded(DomainEvent):
    """A relationship belongs to its "from" entity: adding one raises that entity's
    version (``from_version``), and the division is the from entity's, if it has one."""

    detail_type = "RelationshipAdded"

    relationship_id: str
    from_type: str
    from_id: str
    relation: str
    to_type: str
    to_id: str
    from_version: int
    division_id: str | None

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.from_id, self.from_version, self.division_id)


class RelationshipRemoved(RelationshipAdded):
    detail_type = "RelationshipRemoved"
