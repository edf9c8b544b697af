"""The REST API plumbing every service shares: Powertools' resolver with pydantic
validation, and one shape for every client error::

    {"message": "...", "errors": [{"field": "likelihood", "in": "body", "reason": "..."}]}

While a store the request needs is down, every route answers 503 in the same shape, with
``Retry-After``, and logs the cause (ADR 49).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Annotated, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header
from pydantic import BaseModel, ConfigDict
from pydantic.alias_generators import to_camel

from riskplatform import business_metrics
from riskplatform.access import Caller, Memberships
from riskplatform.errors import DomainError, InvalidInput, StoreUnavailable
from riskplatform.events import MessageContext

MAX_BODY_BYTES = 64 * 1024
logger = Logger()


class ApiModel(BaseModel):
    """Request and response bodies: camelCase on the wire, unknown fields refused."""

    model_config = ConfigDict(
        alias_generator=to_camel, populate_by_name=True, extra="forbid", frozen=True
    )


def _error(
    status: int,
    message: str,
    errors: list[dict[str, str]],
    headers: Mapping[str, str] | None = None,
) -> Response[Any]:
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body={"message": message, "errors": errors},
        headers=dict(headers or {}),
    )


def _field_error(error: dict[str, Any]) -> dict[str, str]:
    location, *path = error.get("loc") or ("body",)
    return {
        "field": ".".join(str(part) for part in path) or str(location),
        "in": str(location),
        "reason": error.get("msg", "is invalid"),
    }


def create_resolver() -> APIGatewayRestResolver:
    app = APIGatewayRestResolver(enable_validation=True)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response[Any]:
        return _error(422, "The request is not valid", [_field_error(e) for e in error.errors()])

    @app.exception_handler(DomainError)
    def refused(error: DomainError) -> Response[Any]:
        errors = (
            [{"field": error.field, "in": error.location, "reason": error.message}]
            if error.field
            else []
        )
        return _error(error.status, error.message, errors)

    @app.exception_handler(StoreUnavailable)
    def unavailable(error: StoreUnavailable) -> Response[Any]:
        """The cause goes to the logs; the caller learns only when to try again."""
        logger.error("a store is unavailable; answered 503", store=error.store, exc_info=error)
        return _error(
            503,
            STORE_UNAVAILABLE,
            [],
            headers={"Retry-After": str(error.retry_after_seconds)},
        )

    app.use(middlewares=[refuse_unknown_query])
    return app


STORE_UNAVAILABLE = "A store the service needs is unavailable; try again after Retry-After seconds"
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "type": "object",
    "required": ["message", "errors"],
    "properties": {
        "message": {"type": "string"},
        "errors": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["field", "in", "reason"],
                "properties": {
                    "field": {"type": "string"},
                    "in": {"type": "string", "enum": ["body", "path", "query", "header"]},
                    "reason": {"type": "string"},
                },
            },
        },
    },
}


def with_kernel_responses(document: dict[str, Any]) -> dict[str, Any]:
    """A service's OpenAPI document with what the kernel may answer on any route: 503
    while a store is down, with ``Retry-After`` and the error body."""
    unavailable = {
        "description": "A store the service needs is down: the request may be sent again as"
        " it was, after Retry-After seconds",
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again",
                "schema": {"type": "integer"},
            }
        },
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            operation["responses"].setdefault("503", unavailable)
    document.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    return document


def refuse_unknown_query(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """A query parameter the route does not know is refused rather than ignored: a
    misspelt filter must not quietly return everything."""
    route = app.context.get("_route")
    known = {param.alias for param in route.dependant.query_params} if route else set()
    unknown = sorted(set(app.current_event.query_string_parameters or {}) - known)
    if unknown:
        return _error(
            422,
            "The request is not valid",
            [
                {"field": name, "in": "query", "reason": "is not a parameter of this route"}
                for name in unknown
            ],
        )
    return next_middleware(app)


def serve(
    app: APIGatewayRestResolver,
    event: dict[str, Any],
    context: Any,
    body_limits: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Resolve an API Gateway event, refusing an oversize body before anything parses it.
    ``body_limits`` raises the limit for some paths (e.g. an import) above the default."""
    limit = (body_limits or {}).get(event.get("path") or "", MAX_BODY_BYTES)
    body = event.get("body") or ""
    if len(body.encode()) > limit:
        return {
            "statusCode": 413,
            "headers": {"Content-Type": content_types.APPLICATION_JSON},
            "body": json.dumps(
                {
                    "message": "The request body is too large",
                    "errors": [{"field": "body", "in": "body", "reason": f"exceeds {limit} bytes"}],
                }
            ),
            "isBase64Encoded": False,
        }
    try:
        return app.resolve(event, context)
    finally:
        business_metrics.flush()


def request_context(app: APIGatewayRestResolver) -> MessageContext:
    """The correlation id a caller sent (``X-Correlation-Id``), else the request's id."""
    event = app.current_event
    correlation_id = event.headers.get("x-correlation-id") or event.headers.get("X-Correlation-Id")
    return MessageContext(
        correlation_id=correlation_id
        or event.request_context.request_id
        or MessageContext.new().correlation_id
    )


def caller(app: APIGatewayRestResolver, memberships: Memberships) -> Caller:
    """The signed-in caller: roles from the Cognito authorizer's claims, divisions from
    the service's copy of the platform's memberships (never from the token)."""
    claims = app.current_event.request_context.authorizer.claims or {}
    return Caller.from_claims(claims, memberships)


# ---- optimistic concurrency (ADR 10): ETag out, If-Match in ---------------------------

IfMatch = Annotated[
    str | None,
    Header(alias="If-Match", description='The version you read (its ETag), e.g. "3"'),
]
ETAG = re.compile(r'\s*(?:W/)?(?:"(\d{1,9})"|(\d{1,9}))\s*')


class PreconditionRequired(DomainError):
    status = 428


def expected(if_match: str | None) -> int:
    """The version a change is made against; a change without one is refused (428)."""
    if if_match is None:
        raise PreconditionRequired(
            'send If-Match with the version you read, e.g. "3"',
            field="If-Match",
            location="header",
        )
    return version_of(if_match)


def version_of(if_match: str) -> int:
    """The version an If-Match names; 422 naming the header when it names none."""
    found = ETAG.fullmatch(if_match)
    if found is None:
        raise InvalidInput(
            'If-Match is the version you read, e.g. "3"', field="If-Match", location="header"
        )
    return int(found.group(1) or found.group(2))


def tagged[M: BaseModel](body: M, version: int, status: int = 200) -> Response[M]:
    """The body, with its version as the ETag a client sends back in If-Match."""
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers={"ETag": f'"{version}"'},
    )
