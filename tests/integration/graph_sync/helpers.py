"""Deliveries to graph-sync's handlers as AWS makes them: SQS batches of EventBridge
events (built from the examples in events-schema/, with fresh ids) and API Gateway events."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph_sync.entrypoints import api, consumer

EXAMPLES = Path(__file__).parents[3] / "events-schema"


@dataclass(frozen=True)
class LambdaContext:
    function_name: str = "graph-sync-test"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:us-east-1:000000000000:function:graph-sync-test"
    memory_limit_in_mb: int = 256
    aws_request_id: str = "test-request"
    log_group_name: str = "/aws/lambda/graph-sync-test"
    log_stream_name: str = "test"


def eventbridge(example: str, aggregate_id: str, version: int, **data: Any) -> dict[str, Any]:
    """An example event from events-schema/ with fresh ids and the given data."""
    event = json.loads((EXAMPLES / example).read_text())
    event["id"] = str(uuid.uuid4())
    metadata = event["detail"]["metadata"]
    metadata.update(
        event_id=str(uuid.uuid4()),
        aggregate_id=aggregate_id,
        aggregate_version=version,
        division_id=data.get("division_id"),
    )
    event["detail"]["data"].update(data)
    return event


def division_registered(division_id: str, parent_id: str | None = None, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/DivisionRegistered.v1.json",
        division_id,
        data.get("version", 1),
        division_id=division_id,
        parent_id=parent_id,
        **data,
    )


def risk_captured(risk_id: str, division_id: str, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/RiskCaptured.v1.json",
        risk_id,
        data.get("version", 1),
        risk_id=risk_id,
        division_id=division_id,
        **data,
    )


def risk_scored(
    risk_id: str, division_id: str, score_version: int, likelihood: int = 3, impact: int = 5
) -> dict:
    score = likelihood * impact
    level = "low" if score < 5 else "medium" if score < 10 else "high" if score < 20 else "critical"
    return eventbridge(
        "metrics-scoring/examples/RiskScored.v1.json",
        risk_id,
        score_version,
        risk_id=risk_id,
        division_id=division_id,
        score_version=score_version,
        inherent={"likelihood": likelihood, "impact": impact, "score": score, "level": level},
    )


def sqs_batch(*bodies: dict | str) -> dict[str, Any]:
    return {
        "Records": [
            {
                "messageId": str(uuid.uuid4()),
                "receiptHandle": "handle",
                "body": body if isinstance(body, str) else json.dumps(body),
                "attributes": {"ApproximateReceiveCount": "1"},
                "messageAttributes": {},
                "md5OfBody": "",
                "eventSource": "aws:sqs",
                "eventSourceARN": "arn:aws:sqs:us-east-1:000000000000:graph-sync",
                "awsRegion": "us-east-1",
            }
            for body in bodies
        ]
    }


def deliver(*bodies: dict | str) -> dict[str, Any]:
    """One SQS batch through the consumer's Lambda handler; its partial-failure report."""
    return consumer.handler(sqs_batch(*bodies), LambdaContext())


def get(path: str, query: dict[str, str] | None = None) -> tuple[int, dict[str, Any]]:
    """One GET through the API's Lambda handler: status and JSON body."""
    event = {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "multiValueHeaders": {},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()} or None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "requestContext": {"requestId": str(uuid.uuid4()), "stage": "local", "path": path},
        "body": None,
        "isBase64Encoded": False,
    }
    response = api.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def new_id() -> str:
    return str(uuid.uuid4())
