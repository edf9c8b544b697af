"""The intake API: thin routes from HTTP to the use cases.

Every route acts as the signed-in caller (their Cognito groups and divisions). Changes to
something that exists need ``If-Match`` with the version the client read (ADR 10);
every response about one thing carries its version as the ``ETag``.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, cast
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response, content_types
from aws_lambda_powertools.event_handler.openapi.params import Body, Path, Query
from aws_lambda_powertools.logging import correlation_paths

from risk_intake import bootstrap
from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.domain import commands
from risk_intake.domain.queries import (
    DivisionQuery,
    MembershipQuery,
    RiskQuery,
    SolutionQuery,
    Sort,
)
from risk_intake.domain.related import EntityType
from risk_intake.domain.risks import Category, RiskChanges, RiskStatus
from risk_intake.domain.solutions import SolutionChanges, SolutionKind, SolutionStatus
from risk_intake.entrypoints.imports import ImportIn, import_command
from risk_intake.entrypoints.membership_schemas import (
    MembershipIn,
    MeOut,
    UserAccessOut,
    UserAccessPageOut,
)
from risk_intake.entrypoints.schemas import (
    AssessmentIn,
    AssessmentListOut,
    AssessmentOut,
    AuditOut,
    DivisionFilter,
    DivisionIn,
    DivisionOut,
    DivisionPageOut,
    DivisionPatch,
    DivisionSort,
    EntityDetailsOut,
    EntityPageOut,
    ImportReportOut,
    IncludeRetired,
    Limit,
    LinkIn,
    Offset,
    Owner,
    ProductIn,
    RelationshipChangeOut,
    RelationshipIn,
    RelationshipListOut,
    RelationshipOut,
    RiskIn,
    RiskOut,
    RiskPageOut,
    RiskPatch,
    RiskSort,
    SiteIn,
    SolutionIn,
    SolutionOut,
    SolutionPageOut,
    SolutionPatch,
    SolutionSort,
    SupplierIn,
    TextSearch,
)
from risk_intake.service_layer import (
    divisions,
    imports,
    memberships,
    related,
    risks,
    solutions,
)
from riskplatform.access import Caller
from riskplatform.api import (
    IfMatch,
    OptionalIfMatch,
    caller,
    create_resolver,
    documented,
    expected,
    request_context,
    serve,
    tagged,
    version_of,
)

logger = Logger()
app = create_resolver()
IMPORT_BODY_BYTES = 2 * 1024 * 1024  # a 2,000-row file, base64 in JSON; Lambda takes 6 MB


def uow() -> IntakeUnitOfWork:
    return bootstrap.wiring().uow(request_context(app))


def who() -> Caller:
    return caller(app, bootstrap.wiring().memberships)


def sorting(sort: str | None) -> Sort | None:
    if sort is None:
        return None
    name = re.sub(r"(?<!^)([A-Z])", r"_\1", sort.lstrip("-")).lower()
    return Sort(name, descending=sort.startswith("-"))


def text(value: UUID | None) -> str | None:
    return str(value) if value else None


# ---- divisions -------------------------------------------------------------------------


@app.post("/divisions", responses=documented(201, DivisionOut))
def register_division(body: Annotated[DivisionIn, Body()]) -> Response[DivisionOut]:
    cmd = commands.RegisterDivision(body.code, body.name, text(body.parent_id))
    division = divisions.register_division(cmd, who(), uow())
    return tagged(DivisionOut.of(division), division.version, 201)


@app.get("/divisions")
def list_divisions(
    parent_id: Annotated[
        UUID | None, Query(alias="parentId", description="This division and all below it")
    ] = None,
    q: Annotated[
        str | None, Query(min_length=1, max_length=100, description="Part of a name or code")
    ] = None,
    include_retired: IncludeRetired = False,
    sort: DivisionSort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> DivisionPageOut:
    query = DivisionQuery(
        parent_id=text(parent_id),
        text=q,
        include_retired=include_retired,
        sort=sorting(sort) or Sort("name"),
        limit=limit,
        offset=offset,
    )
    return DivisionPageOut.of(divisions.list_divisions(query, who(), uow()))


@app.get("/divisions/<division_id>", responses=documented(200, DivisionOut))
def get_division(division_id: UUID) -> Response[DivisionOut]:
    division = divisions.get_division(str(division_id), who(), uow())
    return tagged(DivisionOut.of(division), division.version)


@app.patch("/divisions/<division_id>", responses=documented(200, DivisionOut))
def change_division(
    division_id: UUID, body: Annotated[DivisionPatch, Body()], if_match: IfMatch
) -> Response[DivisionOut]:
    changes = body.changes()
    cmd = commands.ChangeDivision(
        division_id=str(division_id),
        expected_version=expected(if_match),
        name=changes.get("name"),
        move="parent_id" in changes,
        parent_id=changes.get("parent_id"),
    )
    division = divisions.change_division(cmd, who(), uow())
    return tagged(DivisionOut.of(division), division.version)


@app.delete("/divisions/<division_id>", responses=documented(200, DivisionOut))
def retire_division(division_id: UUID, if_match: IfMatch) -> Response[DivisionOut]:
    cmd = commands.RetireDivision(str(division_id), expected(if_match))
    division = divisions.retire_division(cmd, who(), uow())
    return tagged(DivisionOut.of(division), division.version)


# ---- risks -----------------------------------------------------------------------------


@app.post("/risks", responses=documented(201, RiskOut))
def capture_risk(body: Annotated[RiskIn, Body()]) -> Response[RiskOut]:
    fields = cast(RiskChanges, body.model_dump(exclude={"division_id"}))
    cmd = commands.CaptureRisk(division_id=str(body.division_id), fields=fields)
    details = risks.capture_risk(cmd, who(), uow())
    return tagged(RiskOut.of_details(details), details.risk.version, 201)


@app.get("/risks")
def list_risks(
    division_id: DivisionFilter = None,
    status: Annotated[list[RiskStatus] | None, Query(description="Repeat for several")] = None,
    category: Annotated[list[Category] | None, Query(description="Repeat for several")] = None,
    owner: Owner = None,
    tag: Annotated[str | None, Query(max_length=40)] = None,
    planned_review_passed: Annotated[
        bool,
        Query(
            alias="plannedReviewPassed",
            description="The owner's planned review date (reviewDue) has passed and the risk"
            " is not closed. Whether a review is overdue by the scoring model's cadence is"
            " scoring's and reporting's reviewOverdue / overdue.",
        ),
    ] = False,
    q: TextSearch = None,
    include_retired: IncludeRetired = False,
    sort: RiskSort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> RiskPageOut:
    query = RiskQuery(
        division_id=text(division_id),
        statuses=tuple(status or ()),
        categories=tuple(category or ()),
        owner_email=owner,
        tag=tag,
        planned_review_passed=planned_review_passed,
        text=q,
        include_retired=include_retired,
        sort=sorting(sort),
        limit=limit,
        offset=offset,
    )
    return RiskPageOut.of(risks.list_risks(query, who(), uow()))


@app.post(
    "/risks/import",
    responses={
        200: {
            "description": "Dry run: what the import would do, and every problem found",
            "content": {"application/json": {"model": ImportReportOut}},
        },
        **documented(201, ImportReportOut, etag=False),
    },
)
def import_risks(body: Annotated[ImportIn, Body()]) -> Response[Any]:
    """Risks (and their solutions) from a CSV or XLSX file: ``dryRun`` reports every bad
    row with its line and reason and writes nothing (200); otherwise every row is written
    in one transaction (201), or, if any row is bad, none (422 listing them all)."""
    report = imports.import_risks(import_command(body), who(), uow())
    out = ImportReportOut.of(report)
    if report.dry_run or report.written:
        return Response(200 if report.dry_run else 201, content_types.APPLICATION_JSON, out)
    return Response(
        status_code=422,
        content_type=content_types.APPLICATION_JSON,
        body={
            "message": f"{len({p.line for p in report.problems})} row(s) cannot be imported;"
            " nothing was imported",
            "errors": [
                {
                    "field": p.field,
                    "in": "body",
                    "reason": f"line {p.line}: {p.reason}",
                    "line": p.line,
                }
                for p in out.problems
            ],
        },
    )


@app.get("/risks/<risk_id>", responses=documented(200, RiskOut))
def get_risk(risk_id: UUID) -> Response[RiskOut]:
    details = risks.get_risk(str(risk_id), who(), uow())
    return tagged(RiskOut.of_details(details), details.risk.version)


@app.patch("/risks/<risk_id>", responses=documented(200, RiskOut))
def change_risk(
    risk_id: UUID, body: Annotated[RiskPatch, Body()], if_match: IfMatch
) -> Response[RiskOut]:
    changes = cast(RiskChanges, body.changes())
    cmd = commands.ChangeRisk(str(risk_id), expected(if_match), changes)
    details = risks.change_risk(cmd, who(), uow())
    return tagged(RiskOut.of_details(details), details.risk.version)


@app.delete("/risks/<risk_id>", responses=documented(200, RiskOut))
def retire_risk(risk_id: UUID, if_match: IfMatch) -> Response[RiskOut]:
    details = risks.retire_risk(commands.RetireRisk(str(risk_id), expected(if_match)), who(), uow())
    return tagged(RiskOut.of_details(details), details.risk.version)


@app.post("/risks/<risk_id>/assessments", responses=documented(201, AssessmentOut))
def assess_risk(
    risk_id: UUID, body: Annotated[AssessmentIn, Body()], if_match: OptionalIfMatch = None
) -> Response[AssessmentOut]:
    """Adds to the risk's history; If-Match is optional here (ADR 10)."""
    cmd = commands.AssessRisk(
        risk_id=str(risk_id),
        likelihood=body.likelihood,
        impact=body.impact.rated(),
        justification=body.justification,
        fmea=body.fmea.model_dump() if body.fmea else None,
        expected_version=version_of(if_match) if if_match is not None else None,
    )
    risk = risks.assess_risk(cmd, who(), uow())
    assert risk.latest_assessment is not None
    return tagged(
        AssessmentOut.of(risk.id, risk.version, risk.latest_assessment), risk.version, 201
    )


@app.get("/risks/<risk_id>/assessments", responses=documented(200, AssessmentListOut, etag=False))
def list_assessments(risk_id: UUID) -> AssessmentListOut:
    history = risks.risk_assessments(str(risk_id), who(), uow())
    return AssessmentListOut(
        items=[AssessmentOut.of(str(risk_id), version, a) for version, a in history]
    )


@app.get("/risks/<risk_id>/audit", responses=documented(200, AuditOut, etag=False))
def risk_audit(risk_id: UUID) -> AuditOut:
    return AuditOut.of(risks.risk_audit(str(risk_id), who(), uow()))


@app.post("/risks/<risk_id>/solutions", responses=documented(200, RiskOut))
def link_solution(
    risk_id: UUID, body: Annotated[LinkIn, Body()], if_match: IfMatch
) -> Response[RiskOut]:
    """Links a solution to the risk; If-Match is the risk's version, which the link raises."""
    cmd = commands.LinkSolution(str(risk_id), str(body.solution_id), expected(if_match))
    details = risks.link_solution(cmd, who(), uow())
    return tagged(RiskOut.of_details(details), details.risk.version)


@app.delete(
    "/risks/<risk_id>/solutions/<solution_id>",
    responses=documented(200, RiskOut),
)
def unlink_solution(risk_id: UUID, solution_id: UUID, if_match: IfMatch) -> Response[RiskOut]:
    cmd = commands.UnlinkSolution(str(risk_id), str(solution_id), expected(if_match))
    details = risks.unlink_solution(cmd, who(), uow())
    return tagged(RiskOut.of_details(details), details.risk.version)


# ---- solutions -------------------------------------------------------------------------


@app.post("/solutions", responses=documented(201, SolutionOut))
def register_solution(body: Annotated[SolutionIn, Body()]) -> Response[SolutionOut]:
    fields = cast(SolutionChanges, body.model_dump(exclude={"division_id"}))
    cmd = commands.RegisterSolution(str(body.division_id), fields)
    details = solutions.register_solution(cmd, who(), uow())
    return tagged(SolutionOut.of_details(details), details.solution.version, 201)


@app.get("/solutions")
def list_solutions(
    division_id: DivisionFilter = None,
    status: Annotated[list[SolutionStatus] | None, Query(description="Repeat for several")] = None,
    kind: Annotated[list[SolutionKind] | None, Query(description="Repeat for several")] = None,
    owner: Owner = None,
    test_overdue: Annotated[
        bool, Query(alias="testOverdue", description="Next test date passed, not retired")
    ] = False,
    q: TextSearch = None,
    sort: SolutionSort = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> SolutionPageOut:
    query = SolutionQuery(
        division_id=text(division_id),
        statuses=tuple(status or ()),
        kinds=tuple(kind or ()),
        owner_email=owner,
        test_overdue=test_overdue,
        text=q,
        sort=sorting(sort),
        limit=limit,
        offset=offset,
    )
    return SolutionPageOut.of(solutions.list_solutions(query, who(), uow()))


@app.get("/solutions/<solution_id>", responses=documented(200, SolutionOut))
def get_solution(solution_id: UUID) -> Response[SolutionOut]:
    details = solutions.get_solution(str(solution_id), who(), uow())
    return tagged(SolutionOut.of_details(details), details.solution.version)


@app.patch("/solutions/<solution_id>", responses=documented(200, SolutionOut))
def change_solution(
    solution_id: UUID, body: Annotated[SolutionPatch, Body()], if_match: IfMatch
) -> Response[SolutionOut]:
    changes = cast(SolutionChanges, body.changes())
    cmd = commands.ChangeSolution(str(solution_id), expected(if_match), changes)
    details = solutions.change_solution(cmd, who(), uow())
    return tagged(SolutionOut.of_details(details), details.solution.version)


@app.delete("/solutions/<solution_id>", responses=documented(200, SolutionOut))
def retire_solution(solution_id: UUID, if_match: IfMatch) -> Response[SolutionOut]:
    cmd = commands.RetireSolution(str(solution_id), expected(if_match))
    details = solutions.retire_solution(cmd, who(), uow())
    return tagged(SolutionOut.of_details(details), details.solution.version)


@app.get("/solutions/<solution_id>/audit", responses=documented(200, AuditOut, etag=False))
def solution_audit(solution_id: UUID) -> AuditOut:
    return AuditOut.of(solutions.solution_audit(str(solution_id), who(), uow()))


# ---- products, suppliers, sites and relationships ---------------------------------------

NameSearch = Annotated[
    str | None, Query(min_length=1, max_length=100, description="Part of a name (or code)")
]


@app.post("/products", responses=documented(201, EntityDetailsOut))
def register_product(body: Annotated[ProductIn, Body()]) -> Response[EntityDetailsOut]:
    cmd = commands.RegisterProduct(body.code, body.name, body.description)
    product = related.register_product(cmd, who(), uow())
    return tagged(EntityDetailsOut.of_details(product, []), product.version, 201)


@app.post("/suppliers", responses=documented(201, EntityDetailsOut))
def register_supplier(body: Annotated[SupplierIn, Body()]) -> Response[EntityDetailsOut]:
    supplier = related.register_supplier(
        commands.RegisterSupplier(body.name, body.country), who(), uow()
    )
    return tagged(EntityDetailsOut.of_details(supplier, []), supplier.version, 201)


@app.post("/sites", responses=documented(201, EntityDetailsOut))
def register_site(body: Annotated[SiteIn, Body()]) -> Response[EntityDetailsOut]:
    site = related.register_site(commands.RegisterSite(body.name, body.country), who(), uow())
    return tagged(EntityDetailsOut.of_details(site, []), site.version, 201)


@app.get("/products")
def list_products(q: NameSearch = None, limit: Limit = 50, offset: Offset = 0) -> EntityPageOut:
    page = related.list_references(EntityType.PRODUCT, q, limit, offset, who(), uow())
    return EntityPageOut.of(page)


@app.get("/suppliers")
def list_suppliers(q: NameSearch = None, limit: Limit = 50, offset: Offset = 0) -> EntityPageOut:
    page = related.list_references(EntityType.SUPPLIER, q, limit, offset, who(), uow())
    return EntityPageOut.of(page)


@app.get("/sites")
def list_sites(q: NameSearch = None, limit: Limit = 50, offset: Offset = 0) -> EntityPageOut:
    page = related.list_references(EntityType.SITE, q, limit, offset, who(), uow())
    return EntityPageOut.of(page)


@app.get("/products/<product_id>", responses=documented(200, EntityDetailsOut))
def get_product(product_id: UUID) -> Response[EntityDetailsOut]:
    return reference(EntityType.PRODUCT, product_id)


@app.get("/suppliers/<supplier_id>", responses=documented(200, EntityDetailsOut))
def get_supplier(supplier_id: UUID) -> Response[EntityDetailsOut]:
    return reference(EntityType.SUPPLIER, supplier_id)


@app.get("/sites/<site_id>", responses=documented(200, EntityDetailsOut))
def get_site(site_id: UUID) -> Response[EntityDetailsOut]:
    return reference(EntityType.SITE, site_id)


def reference(kind: EntityType, entity_id: UUID) -> Response[EntityDetailsOut]:
    entity, relationships = related.get_reference(kind, str(entity_id), who(), uow())
    return tagged(EntityDetailsOut.of_details(entity, relationships), entity.version)


@app.get("/relationships")
def list_relationships(
    entity_id: Annotated[
        UUID, Query(alias="entityId", description="Relationships from or to this entity")
    ],
) -> RelationshipListOut:
    return RelationshipListOut.of(related.relationships_of(str(entity_id), who(), uow()))


@app.post(
    "/relationships",
    responses=documented(201, RelationshipChangeOut),
)
def add_relationship(
    body: Annotated[RelationshipIn, Body()], if_match: IfMatch
) -> Response[RelationshipChangeOut]:
    """If-Match is the version of the "from" entity, which the relationship raises."""
    cmd = commands.AddRelationship(
        from_type=body.from_type,
        from_id=str(body.from_id),
        relation=body.relation,
        to_type=body.to_type,
        to_id=str(body.to_id),
        expected_version=expected(if_match),
    )
    relationship, version = related.add_relationship(cmd, who(), uow())
    out = RelationshipChangeOut(
        **RelationshipOut.of(relationship).model_dump(), from_version=version
    )
    return tagged(out, version, 201)


@app.delete(
    "/relationships/<relationship_id>",
    responses=documented(200, RelationshipChangeOut),
)
def remove_relationship(
    relationship_id: UUID, if_match: IfMatch
) -> Response[RelationshipChangeOut]:
    cmd = commands.RemoveRelationship(str(relationship_id), expected(if_match))
    relationship, version = related.remove_relationship(cmd, who(), uow())
    out = RelationshipChangeOut(
        **RelationshipOut.of(relationship).model_dump(), from_version=version
    )
    return tagged(out, version)


# ---- memberships (ADR 50) --------------------------------------------------------------


@app.get("/me", description="The signed-in user's roles and the divisions they work in.")
def me() -> MeOut:
    return MeOut.of(memberships.whoami(who(), uow()))


@app.post(
    "/memberships",
    responses=documented(201, UserAccessOut),
    description="Admins: let a user work in a division and its subtree (409 if they"
    " already do; 422 naming `email` when no user signs in with it).",
)
def grant_membership(body: Annotated[MembershipIn, Body()]) -> Response[UserAccessOut]:
    cmd = commands.GrantMembership(email=body.email, division_id=str(body.division_id))
    access = memberships.grant_membership(cmd, who(), uow(), bootstrap.users())
    bootstrap.wiring().memberships.forget(access.user_id)  # at once here; elsewhere in seconds
    return tagged(UserAccessOut.of(access), access.version, 201)


@app.get("/memberships", responses=documented(200, UserAccessPageOut, etag=False))
def list_memberships(
    email: Annotated[
        str | None, Query(min_length=1, max_length=254, description="Part of an email")
    ] = None,
    division_id: Annotated[
        UUID | None, Query(alias="divisionId", description="Only users working in this division")
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> UserAccessPageOut:
    query = MembershipQuery(email, text(division_id), limit, offset)
    return UserAccessPageOut.of(memberships.list_memberships(query, who(), uow()))


@app.get("/memberships/<user_id>", responses=documented(200, UserAccessOut))
def get_memberships(user_id: Annotated[str, Path(max_length=64)]) -> Response[UserAccessOut]:
    access = memberships.get_memberships(user_id, who(), uow())
    return tagged(UserAccessOut.of(access), access.version)


@app.get("/memberships/<user_id>/audit", responses=documented(200, AuditOut, etag=False))
def membership_audit(user_id: Annotated[str, Path(max_length=64)]) -> AuditOut:
    return AuditOut.of(memberships.membership_audit(user_id, who(), uow()))


@app.delete(
    "/memberships/<user_id>/divisions/<division_id>",
    responses=documented(200, UserAccessOut),
    description="Admins: stop a user working in a division. Every API stops granting it"
    " within seconds (ADR 50).",
)
def revoke_membership(
    user_id: Annotated[str, Path(max_length=64)], division_id: UUID, if_match: IfMatch
) -> Response[UserAccessOut]:
    cmd = commands.RevokeMembership(user_id, str(division_id), expected(if_match))
    access = memberships.revoke_membership(cmd, who(), uow())
    bootstrap.wiring().memberships.forget(access.user_id)  # at once here; elsewhere in seconds
    return tagged(UserAccessOut.of(access), access.version)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context, body_limits={"/risks/import": IMPORT_BODY_BYTES})
