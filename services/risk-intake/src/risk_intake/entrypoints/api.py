"""The intake API: one app, with a router per resource (``routes``), each route thin
from HTTP to the use cases.

Every route acts as the signed-in caller (their Cognito groups and divisions). Changes to
something that exists need ``If-Match`` with the version the client read (ADR 10);
every response about one thing carries its version as the ``ETag``.
"""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from risk_intake.entrypoints.routes import (
    divisions,
    imports,
    memberships,
    related,
    relationships,
    risks,
    solutions,
)
from riskplatform.api import create_resolver, serve

logger = Logger()
app = create_resolver()
for resource in (divisions, risks, imports, solutions, related, relationships, memberships):
    app.include_router(resource.router)
IMPORT_BODY_BYTES = 2 * 1024 * 1024  # a 2,000-row file, base64 in JSON; Lambda takes 6 MB


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return serve(app, event, context, body_limits={"/risks/import": IMPORT_BODY_BYTES})
