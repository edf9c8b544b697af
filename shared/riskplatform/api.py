"""The REST API plumbing every service shares: Powertools' resolver with pydantic
validation, and one shape for every client error::

    {"message": "...", "errors": [{"field": "likelihood", "in": "body", "reason": "..."}]}

While a store the request needs is down, every route answers 503 in the same shape, with
``Retry-After``, and logs the cause (ADR 49). ``openapi_document`` makes each service's
OpenAPI document exact: every refusal each operation may answer, with that body (ADR 61).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Annotated, Any, ClassVar, Self
from uuid import UUID

import pymysql
from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response, content_types
from aws_lambda_powertools.event_handler.api_gateway import Route
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError
from aws_lambda_powertools.event_handler.openapi.params import Header, Query
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from pydantic.alias_generators import to_camel

from riskplatform import business_metrics
from riskplatform.access import Caller, Memberships
from riskplatform.db import is_transient
from riskplatform.errors import DomainError, InvalidInput, StoreUnavailable
from riskplatform.events import MessageContext
from riskplatform.paging import MAX_LIMIT, MAX_OFFSET, Page

MAX_BODY_BYTES = 64 * 1024
logger = Logger()


# Whitespace spelt out, for patterns that mean the same to every regex engine that reads
# them: pydantic's (Rust), the document's readers (ECMA-262) and Python's. Their ``\s``
# disagree (U+0085 and U+001C-U+001F are whitespace to some, not to others).
SPACE = (
    r"\t\n\v\f\r \u001c-\u001f\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"
)
NOT_SPACE = rf"[^{SPACE}]"
EMAIL = rf"^[^@{SPACE}]+@[^@{SPACE}]+\.[^@{SPACE}]+$"


class ApiModel(BaseModel):
    """Request and response bodies: camelCase on the wire, unknown fields refused. A
    response is built from the domain object it shows (``model_validate(thing)``, read
    from its attributes), not copied field by field."""

    model_config = ConfigDict(
        alias_generator=to_camel,
        populate_by_name=True,
        extra="forbid",
        frozen=True,
        from_attributes=True,
    )


Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description="The most items the page may hold")]
Offset = Annotated[
    int, Query(ge=0, le=MAX_OFFSET, description="How many matching items come before the page")
]


class PageOut(ApiModel):
    """One page of a list, the same in every API (ADR 68); each list's model names the
    type of its items, and may add figures about the whole list."""

    items: Sequence[Any]
    total: int = Field(description="How many items match in all")
    limit: int = Field(description="The most items the page may hold, as asked")
    offset: int = Field(description="How many matching items come before the page, as asked")

    @classmethod
    def of_page(
        cls, page: Page[Any], item: Callable[[Any], ApiModel] | None = None, **figures: Any
    ) -> Self:
        """The page, each item read from its attributes, or built by ``item`` when the
        item's model computes some of its fields; ``figures`` are the list's own."""
        if item is not None:
            page = replace(page, items=[item(i) for i in page.items])
        return cls.model_validate(
            {
                "items": page.items,
                "total": page.total,
                "limit": page.limit,
                "offset": page.offset,
                **figures,
            }
        )


def _patch_schema(schema: dict[str, Any], model: type[Patch]) -> None:
    """A patch's document says what its validators enforce: at least one field, and
    ``null`` only for the fields that may be cleared."""
    schema["minProperties"] = 1
    aliases = {(field.alias or name): name for name, field in model.model_fields.items()}
    for alias, prop in schema.get("properties", {}).items():
        if aliases.get(alias) in model.nullable:
            continue
        _without_null(prop)
        if prop.get("default", ...) is None:
            del prop["default"]


class Patch(ApiModel):
    """A partial update: only the fields sent change; ``null`` clears a field that may be
    empty (those named in ``nullable``) and is refused for one that may not. At least one
    field must be sent."""

    model_config = ConfigDict(json_schema_extra=_patch_schema)  # type: ignore[typeddict-item]
    nullable: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*")
    @classmethod
    def null_only_where_allowed(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name not in cls.nullable:
            raise ValueError("cannot be null: leave it out to keep it")
        return value

    @model_validator(mode="after")
    def at_least_one_field(self) -> Self:
        if not self.model_fields_set:
            raise ValueError("send at least one field to change")
        return self

    def changes(self) -> dict[str, Any]:
        """The fields sent, by their Python names, with ids as text."""
        return {
            name: str(value) if isinstance(value, UUID) else value
            for name, value in self.model_dump(exclude_unset=True).items()
        }


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
    field = ".".join(str(part) for part in path) or str(location)
    reason = error.get("msg", "is invalid")
    if location == "header":  # pydantic names headers in lower case
        field = "-".join(part.capitalize() for part in field.split("-"))
        if field == "If-Match":
            reason = IF_MATCH_FORMAT
    return {"field": field, "in": str(location), "reason": reason}


def create_resolver() -> APIGatewayRestResolver:
    """The resolver every API uses: each refusal answers the one error shape, with the
    status the document of every operation lists (``openapi_document``)."""
    app = APIGatewayRestResolver(enable_validation=True)

    @app.exception_handler(RequestValidationError)
    def invalid_request(error: RequestValidationError) -> Response[Any]:
        errors = [_field_error(e) for e in error.errors()]
        missing = {"type": "missing", "loc": ("header", "if-match")}
        if any(missing.items() <= e.items() for e in error.errors()):  # ADR 10: 428, not 422
            return _error(428, IF_MATCH_MISSING, [_if_match(IF_MATCH_MISSING)])
        return _error(422, "The request is not valid", errors)

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

    @app.exception_handler(pymysql.err.OperationalError)
    def concurrent_change(error: pymysql.err.OperationalError) -> Response[Any]:
        """A deadlock or lock wait between two requests (ADR 10): the loser changed
        nothing and may send the same request again."""
        if not is_transient(error):
            raise error
        return _error(409, CONCURRENT_CHANGE, [])

    @app.not_found
    def no_route(_: Exception) -> Response[Any]:
        """A path no route has is 404; a method the path does not take is 405."""
        path = app.current_event.path
        allowed = {route.method for route in _routes(app) if route.rule.match(path)}
        return _not_allowed(allowed) if allowed else _error(404, "Nothing is at this path", [])

    app.use(middlewares=[refuse_unknown_query])
    return app


STORE_UNAVAILABLE = "A store the service needs is unavailable; try again after Retry-After seconds"
CONCURRENT_CHANGE = "a concurrent change got in the way; nothing was written, try again"
ERROR_SCHEMA: dict[str, Any] = {
    "title": "Error",
    "description": "Every refusal: what went wrong, and each field at fault with the reason",
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
                    "line": {
                        "type": "integer",
                        "description": "The file's line at fault (imports only)",
                    },
                },
            },
        },
    },
}
UNAUTHORIZED_SCHEMA: dict[str, Any] = {
    "title": "Unauthorized",
    "description": "The authorizer's answer to a request without a valid token",
    "type": "object",
    "required": ["message"],
    "properties": {"message": {"type": "string"}},
}
# What each refusal means; every operation lists those it may answer (``_refusals``).
REFUSALS = {
    401: "No valid Cognito ID token in Authorization (the API's authorizer answers)",
    403: "The caller's role may not do this here",
    404: "Nothing the caller may read is at this path (as if it did not exist)",
    409: "The current state does not allow this change, or a concurrent change got in the"
    " way (nothing was written; send it again)",
    412: "Stale If-Match: the thing changed since you read it; nothing was written",
    413: "The request body is too large",
    415: "The body is not sent as application/json",
    422: "The request is not valid: each field at fault, where it is and why",
    428: "If-Match is missing: send the version you read",
    503: "A store the service needs is down: the request may be sent again as it was, after"
    " Retry-After seconds",
}
SECURITY_SCHEME: dict[str, Any] = {
    "type": "apiKey",
    "name": "Authorization",
    "in": "header",
    "description": "Cognito ID token",
}
WRITES = {"post", "put", "patch", "delete"}


def documented(
    status: int,
    model: type[BaseModel],
    *,
    etag: bool = True,
    refusals: Mapping[int, str] | None = None,
) -> dict[int, Any]:
    """A route's success response, with its version as the ETag when it is about one
    thing, and the refusals its parameters do not imply (``refusals``, each with what it
    means); ``openapi_document`` adds every other refusal the route may answer. (A route
    that names any response must name its success too: Powertools then adds none.)"""
    success: dict[str, Any] = {
        "description": "Success",
        "content": {"application/json": {"model": model}},
    }
    if etag:
        success["description"] += "; ETag is the version to send back in If-Match"
        success["headers"] = {
            "ETag": {"description": 'The version, e.g. "3"', "schema": {"type": "string"}}
        }
    refused = {code: {"description": text} for code, text in (refusals or {}).items()}
    return {status: success, **refused}


def openapi_document(app: APIGatewayRestResolver, title: str, version: str) -> dict[str, Any]:
    """The API's OpenAPI document, generated from its routes and made exact by the
    kernel: the security scheme, and on every operation each refusal it may answer with
    the one error body."""
    from aws_lambda_powertools.event_handler.openapi.models import APIKey

    spec = app.get_openapi_json_schema(
        title=title,
        version=version,
        description="Private API behind the VPC endpoint; send a Cognito ID token.",
        security_schemes={"cognito": APIKey.model_validate(SECURITY_SCHEME)},
        security=[{"cognito": []}],
    )
    return with_kernel_responses(json.loads(spec))


def _refusals(method: str, operation: dict[str, Any]) -> set[int]:
    """The statuses an operation may answer besides its success: any route (no token,
    a role that may not, bad input, a store down); a path with ids (nothing there you
    may read); a write (a state or a concurrent change that refuses it); a body (too
    large, not JSON); If-Match (stale; missing, where it is required). A route adds
    others in its ``responses`` (e.g. 404 for an id in the query)."""
    codes = {401, 403, 422, 503}
    parameters = operation.get("parameters", [])
    if any(p["in"] == "path" for p in parameters):
        codes.add(404)
    if method in WRITES:
        codes.add(409)
    if "requestBody" in operation:
        codes |= {413, 415}
    for parameter in parameters:
        if parameter["in"] == "header" and parameter["name"].lower() == "if-match":
            parameter["name"] = "If-Match"
            codes.add(412)
            if parameter.get("required"):
                codes.add(428)
    return codes


def _without_null(schema: dict[str, Any]) -> None:
    """A parameter is absent or a value, never null: ``X | None`` documents as ``X``."""
    options = schema.get("anyOf")
    if options and {"type": "null"} in options:
        kept = [option for option in options if option != {"type": "null"}]
        del schema["anyOf"]
        if len(kept) == 1:
            schema.update(kept[0])
        else:
            schema["anyOf"] = kept


def with_kernel_responses(document: dict[str, Any]) -> dict[str, Any]:
    """A service's OpenAPI document with what the kernel answers on any route: every
    refusal an operation may answer, each with the error body (401 with the
    authorizer's), and the 503 of a store that is down with ``Retry-After`` (ADR 49)."""
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    unauthorized = {"application/json": {"schema": {"$ref": "#/components/schemas/Unauthorized"}}}
    for operations in document.get("paths", {}).values():
        for method, operation in operations.items():
            for parameter in operation.get("parameters", []):
                _without_null(parameter["schema"])
            responses = operation["responses"]
            for code in _refusals(method, operation):
                responses.setdefault(str(code), {"description": REFUSALS[code]})
            for code, response in responses.items():
                if int(code) < 400:
                    continue
                if code == "422" and response.get("description") == "Validation Error":
                    response["description"] = REFUSALS[422]
                response["content"] = unauthorized if code == "401" else error
            responses["503"]["headers"] = {
                "Retry-After": {
                    "description": "Seconds to wait before trying again",
                    "schema": {"type": "integer"},
                }
            }
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    for unused in ("HTTPValidationError", "ValidationError", "ResponseValidationError"):
        schemas.pop(unused, None)
    schemas["Error"] = ERROR_SCHEMA
    schemas["Unauthorized"] = UNAUTHORIZED_SCHEMA
    return document


def _not_allowed(allowed: set[str]) -> Response[Any]:
    """405 with the methods the path takes in ``Allow``."""
    methods = ", ".join(sorted(allowed))
    return _error(405, f"This path takes {methods}", [], headers={"Allow": methods})


def _static_methods(app: APIGatewayRestResolver, path: str) -> set[str]:
    """The methods of the routes whose path is exactly this one (``/risks/import``), which
    come before a route with a parameter that also matches it (``/risks/<risk_id>``)."""
    return {route.method for route in getattr(app, "_static_routes", []) if route.rule.match(path)}


def _routes(app: APIGatewayRestResolver) -> list[Route]:
    """The routes the app has (Powertools keeps them apart, static and dynamic)."""
    return [*getattr(app, "_static_routes", []), *getattr(app, "_dynamic_routes", [])]


def refuse_unknown_query(app: APIGatewayRestResolver, next_middleware: Any) -> Any:
    """A query parameter the route does not know is refused rather than ignored: a
    misspelt filter must not quietly return everything."""
    route = app.context.get("_route")
    if route is None or all(route is not known for known in _routes(app)):
        return next_middleware(app)  # no route: 404 or 405, whatever the query
    known = {param.alias for param in route.dependant.query_params}
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


def _answer(
    status: int,
    message: str,
    errors: list[dict[str, str]],
    headers: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """A refusal given before the resolver runs, as API Gateway's proxy integration
    takes it."""
    return {
        "statusCode": status,
        "headers": {"Content-Type": content_types.APPLICATION_JSON, **(headers or {})},
        "body": json.dumps({"message": message, "errors": errors}),
        "isBase64Encoded": False,
    }


def serve(
    app: APIGatewayRestResolver,
    event: dict[str, Any],
    context: Any,
    body_limits: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """Resolve an API Gateway event, refusing before anything parses it: a body over the
    limit (413; ``body_limits`` raises it for some paths, e.g. an import), a body that is
    not JSON (415), and a method that a path of its own does not take (405, rather than
    the route with a parameter that also matches it: ``PATCH /risks/import``)."""
    path = event.get("path") or ""
    limit = (body_limits or {}).get(path, MAX_BODY_BYTES)
    body = event.get("body") or ""
    if len(body.encode()) > limit:
        return _answer(
            413,
            "The request body is too large",
            [{"field": "body", "in": "body", "reason": f"exceeds {limit} bytes"}],
        )
    headers = {name.lower(): value for name, value in (event.get("headers") or {}).items()}
    media_type = headers.get("content-type") or content_types.APPLICATION_JSON
    if body and media_type.split(";")[0].strip().lower() != content_types.APPLICATION_JSON:
        return _answer(
            415,
            "Send the body as application/json",
            [{"field": "Content-Type", "in": "header", "reason": "is not application/json"}],
        )
    static = _static_methods(app, path)
    if static and str(event.get("httpMethod") or "").upper() not in static:
        methods = ", ".join(sorted(static))
        return _answer(405, f"This path takes {methods}", [], headers={"Allow": methods})
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

IF_MATCH = r'^(?:W/)?(?:"[0-9]{1,9}"|[0-9]{1,9})$'  # "3", 3 or W/"3"
IF_MATCH_FORMAT = 'If-Match is the version you read, e.g. "3"'
IF_MATCH_MISSING = 'send If-Match with the version you read, e.g. "3"'
IfMatch = Annotated[
    str,
    Header(
        alias="If-Match",
        pattern=IF_MATCH,
        description='The version you read (its ETag), e.g. "3". Without it: 428.',
    ),
]
OptionalIfMatch = Annotated[
    str | None,
    Header(
        alias="If-Match",
        pattern=IF_MATCH,
        description='The version you read (its ETag), e.g. "3"; checked when sent.',
    ),
]
ETAG = re.compile(r'\s*(?:W/)?(?:"(\d{1,9})"|(\d{1,9}))\s*')


class PreconditionRequired(DomainError):
    status = 428


def _if_match(reason: str) -> dict[str, str]:
    return {"field": "If-Match", "in": "header", "reason": reason}


def expected(if_match: str | None) -> int:
    """The version a change is made against; a change without one is refused (428)."""
    if if_match is None:
        raise PreconditionRequired(IF_MATCH_MISSING, field="If-Match", location="header")
    return version_of(if_match)


def version_of(if_match: str) -> int:
    """The version an If-Match names; 422 naming the header when it names none."""
    found = ETAG.fullmatch(if_match)
    if found is None:
        raise InvalidInput(IF_MATCH_FORMAT, field="If-Match", location="header")
    return int(found.group(1) or found.group(2))


def tagged[M: BaseModel](body: M, version: int, status: int = 200) -> Response[M]:
    """The body, with its version as the ETag a client sends back in If-Match."""
    return Response(
        status_code=status,
        content_type=content_types.APPLICATION_JSON,
        body=body,
        headers={"ETag": f'"{version}"'},
    )
