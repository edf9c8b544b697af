"""The graph API: explore the relationship graph and analyse it (impact, concentration,
paths, exposure), as far as the caller may read it. Answers are shaped for Cytoscape."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Query
from aws_lambda_powertools.logging import correlation_paths

from graph_sync import bootstrap
from graph_sync.domain.model import MAX_DEPTH
from graph_sync.entrypoints.schemas import (
    ConcentrationOut,
    DependedOnType,
    DivisionExposureOut,
    EntityType,
    ImpactOut,
    NeighborhoodOut,
    OwnersOut,
    PathsOut,
)
from graph_sync.service_layer import handlers
from riskplatform.access import Caller
from riskplatform.api import Limit, Offset, caller, create_resolver, documented, serve
from riskplatform.paging import DEFAULT_LIMIT

logger = Logger()
app = create_resolver()
# Every analysis may run into the graph's time limit (AnalysisTooLarge); the kernel adds
# the other refusals and the error body.
TOO_LARGE = {504: "The graph did not answer within its limit: the request is too large"}


def reader() -> Caller:
    """Who asks; the service layer decides what they may read (ADR 68)."""
    return caller(app, bootstrap.memberships())


@app.get(
    "/graph/entities/<entity_id>/neighborhood",
    description="The entity and what the caller may read within `depth` hops of it, of the"
    " given `types` (repeat for several), at most 300 vertices (`truncated` when more)."
    " 404 when no entity has this id or the caller may not read it; 403 when the caller may"
    " read nothing at all.",
    responses=documented(200, NeighborhoodOut, etag=False, refusals=TOO_LARGE),
)
def neighborhood(
    entity_id: UUID,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    types: Annotated[list[EntityType] | None, Query(description="Only these types")] = None,
) -> NeighborhoodOut:
    wanted = frozenset(t.value for t in types) if types else None
    found, truncated = handlers.neighborhood(
        str(entity_id), depth, reader(), bootstrap.graph(), wanted
    )
    return NeighborhoodOut.of(found, truncated)


@app.get(
    "/graph/entities/<entity_id>/impact",
    description="Every division and risk that depends on the entity (a supplier: the"
    " products made with it, the divisions selling them, their sub-divisions and risks, and"
    " the risks affecting any of them), each with its shortest path, and the exposure of"
    " those risks (count, sum and worst current residual).",
    responses=documented(200, ImpactOut, etag=False, refusals=TOO_LARGE),
)
def impact(entity_id: UUID) -> ImpactOut:
    return ImpactOut.of(handlers.impact(str(entity_id), reader(), bootstrap.graph()))


@app.get(
    "/graph/owners",
    description="The people who own the risks and solutions the caller may read, by email,"
    " each with how many of those they own; `q` keeps those whose email holds it (in any"
    " case). An owner's `id` opens them in the other routes.",
    responses=documented(200, OwnersOut, etag=False, refusals=TOO_LARGE),
)
def owners(
    q: Annotated[
        str | None, Query(min_length=1, max_length=254, description="Part of the email")
    ] = None,
    limit: Limit = DEFAULT_LIMIT,
    offset: Offset = 0,
) -> OwnersOut:
    found = handlers.owners(q, reader(), limit, offset, bootstrap.graph())
    return OwnersOut.of_page(found)


@app.get(
    "/graph/concentration",
    description="The entities of a type that the most high and critical risks depend on:"
    " the single points of failure.",
    responses=documented(200, ConcentrationOut, etag=False, refusals=TOO_LARGE),
)
def concentration(
    type_: Annotated[DependedOnType, Query(alias="type")],
    top: Annotated[
        int, Query(ge=1, le=100, description="How many entities the ranking holds")
    ] = 20,
) -> ConcentrationOut:
    ranked, truncated = handlers.concentration(type_.value, reader(), top, bootstrap.graph())
    return ConcentrationOut.of(type_.value, ranked, truncated)


@app.get(
    "/graph/paths",
    description="The shortest paths (at most 6 hops) between two entities, through what the"
    " caller may read; none when they do not connect.",
    responses=documented(
        200,
        PathsOut,
        etag=False,
        refusals={**TOO_LARGE, 404: "No entity the caller may read has the id in from or to"},
    ),
)
def paths(
    source: Annotated[UUID, Query(alias="from")], target: Annotated[UUID, Query(alias="to")]
) -> PathsOut:
    found = handlers.paths(str(source), str(target), reader(), bootstrap.graph())
    return PathsOut.of(str(source), str(target), *found)


@app.get(
    "/graph/divisions/<division_id>/exposure",
    description="What the division and its sub-divisions are exposed to through the"
    " suppliers and sites their products depend on: the risks affecting each.",
    responses=documented(200, DivisionExposureOut, etag=False, refusals=TOO_LARGE),
)
def division_exposure(division_id: UUID) -> DivisionExposureOut:
    found = handlers.division_exposure(str(division_id), reader(), bootstrap.graph())
    return DivisionExposureOut.of(found)


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context)
