"""What Lambda hands metrics-scoring's handlers (EventBridge events, API Gateway
requests, a context), and the default model seeded in the test schema."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Any

from riskplatform.db import Database
from riskplatform.events import Envelope
from tests.support.db import sql
from tests.unit.metrics_scoring.factories import SEED

ADMIN = {"email": "admin@example.com", "cognito:groups": "[admin]"}


@dataclass(frozen=True)
class LambdaContext:
    function_name: str = "metrics-scoring-test"
    memory_limit_in_mb: int = 256
    invoked_function_arn: str = (
        "arn:aws:lambda:eu-central-1:000000000000:function:metrics-scoring-test"
    )
    aws_request_id: str = "5f0e1d2c-3b4a-4596-8877-665544332211"

    def get_remaining_time_in_millis(self) -> int:
        return 15_000


def eventbridge_json(envelope: Envelope) -> str:
    """The EventBridge event as SQS delivers it; ``id`` is EventBridge's, new each time."""
    return json.dumps(
        {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": envelope.detail_type,
            "source": envelope.source,
            "account": "000000000000",
            "time": envelope.metadata.occurred_at,
            "region": "eu-central-1",
            "resources": [],
            "detail": envelope.detail,
        }
    )


def api_request(
    method: str,
    path: str,
    *,
    body: Any = None,
    query: dict[str, str] | None = None,
    claims: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> dict[str, Any]:
    """An API Gateway REST proxy request through ``/{proxy+}`` (ADR 8), as the
    Cognito-authorized private API sends it."""
    return {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": method,
        "headers": {
            "Accept": "application/json",
            "Content-Type": "application/json",
            "X-Correlation-Id": str(uuid.uuid4()),
            **(headers or {}),
        },
        "multiValueHeaders": {},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "stageVariables": None,
        "requestContext": {
            "accountId": "000000000000",
            "apiId": "scoringapi",
            "stage": "local",
            "requestId": str(uuid.uuid4()),
            "resourcePath": "/{proxy+}",
            "httpMethod": method,
            "path": f"/local{path}",
            "identity": {"sourceIp": "127.0.0.1"},
            "authorizer": {"claims": claims if claims is not None else ADMIN},
        },
        "body": json.dumps(body) if body is not None else None,
        "isBase64Encoded": False,
    }


def seed_default_model(db: Database) -> None:
    """The shared fixture empties every table, the seeded scoring model too: put it back
    as the migrations leave it."""
    sql(db, SEED.read_text())
    sql(db, "UPDATE scoring_models SET created_at = published_at, published_by = 'migration'")
