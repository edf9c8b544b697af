"""Requests as API Gateway's REST proxy integration hands them to a function, through
the ``/{proxy+}`` route (ADR 8), for calling an API's handler in-process."""

from __future__ import annotations

import json
import uuid
from typing import Any


def proxy_event(
    method: str,
    path: str,
    claims: dict[str, str],
    body: Any = None,
    headers: dict[str, str] | None = None,
    query: dict[str, list[str]] | None = None,
    raw_body: str | None = None,
    stage: str = "local",
) -> dict[str, Any]:
    """One request: ``claims`` are what the Cognito authorizer passes on; ``query`` maps a
    parameter to its values; ``raw_body`` is sent as it is instead of ``body`` as JSON."""
    sent = {"Content-Type": "application/json", **(headers or {})}
    text = raw_body if raw_body is not None else (None if body is None else json.dumps(body))
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": sent,
        "multiValueHeaders": {k: [v] for k, v in sent.items()},
        "queryStringParameters": {k: v[-1] for k, v in query.items()} if query else None,
        "multiValueQueryStringParameters": query or None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/{stage}{path}",
            "stage": stage,
            "requestId": str(uuid.uuid4()),
            "authorizer": {"claims": claims},
            "identity": {"sourceIp": "10.0.0.1"},
        },
        "body": text,
        "isBase64Encoded": False,
    }
