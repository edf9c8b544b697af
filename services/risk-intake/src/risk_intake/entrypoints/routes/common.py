"""What every route reads from its request: the caller, a unit of work bound to the
request's correlation id, and the query parameters the lists share."""

from __future__ import annotations

import re
from typing import Annotated, cast
from uuid import UUID

from aws_lambda_powertools.event_handler import APIGatewayRestResolver
from aws_lambda_powertools.event_handler.api_gateway import Router
from aws_lambda_powertools.event_handler.openapi.params import Query

from risk_intake import bootstrap
from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.domain.queries import Sort
from riskplatform.access import Caller
from riskplatform.api import caller, request_context


def app_of(router: Router) -> APIGatewayRestResolver:
    """The app that included the router, and so holds the request being answered."""
    return cast(APIGatewayRestResolver, router.api_resolver)


def uow(router: Router) -> IntakeUnitOfWork:
    return bootstrap.wiring().uow(request_context(app_of(router)))


def who(router: Router) -> Caller:
    return caller(app_of(router), bootstrap.wiring().memberships)


def sorting(sort: str | None) -> Sort | None:
    """``-updatedAt`` is ``Sort("updated_at", descending=True)``."""
    if sort is None:
        return None
    name = re.sub(r"(?<!^)([A-Z])", r"_\1", sort.lstrip("-")).lower()
    return Sort(name, descending=sort.startswith("-"))


def text(value: UUID | None) -> str | None:
    return str(value) if value else None


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
IncludeRetired = Annotated[bool, Query(alias="includeRetired")]
SORT_HELP = "Prefix - to sort descending; ties go by id."
