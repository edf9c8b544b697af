"""What risk-intake's integration tests share: its API called as API Gateway calls it (a
REST proxy event whose Cognito authorizer passed the caller's claims), SQL on the test
schema, and request bodies."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from risk_intake.entrypoints import api
from riskplatform.db import Database
from tests.support.api_gateway import proxy_event
from tests.support.db import sql


@dataclass(frozen=True)
class LambdaContext:
    function_name: str = "risk-intake-test"
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = "arn:aws:lambda:eu-central-1:000000000000:function:intake"
    aws_request_id: str = "7a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


@dataclass
class Reply:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def errors(self) -> list[dict[str, str]]:
        return list(self.body.get("errors", []))

    @property
    def fields(self) -> set[str]:
        return {error["field"] for error in self.errors}


@dataclass
class Client:
    """One signed-in caller of the intake API, called in-process through its handler."""

    claims: dict[str, str]
    context: LambdaContext = field(default_factory=LambdaContext)

    def call(self, method: str, path: str, body: Any = None, **options: Any) -> Reply:
        query = {
            k: [str(x) for x in (v if isinstance(v, list) else [v])]
            for k, v in (options.pop("query", None) or {}).items()
        }
        response = api.handler(
            proxy_event(method, path, self.claims, body, query=query or None, **options),
            self.context,
        )
        headers = {k: v[-1] for k, v in (response.get("multiValueHeaders") or {}).items()}
        headers.update(response.get("headers") or {})
        text = response.get("body") or "null"
        return Reply(response["statusCode"], json.loads(text), headers)

    def get(self, path: str, **query: Any) -> Reply:
        return self.call("GET", path, query=query)

    def post(self, path: str, body: Any, **options: Any) -> Reply:
        return self.call("POST", path, body, **options)

    def patch(self, path: str, body: Any, version: int | None, **options: Any) -> Reply:
        return self.call("PATCH", path, body, headers=if_match(version), **options)

    def delete(self, path: str, version: int | None) -> Reply:
        return self.call("DELETE", path, headers=if_match(version))


def if_match(version: int | None) -> dict[str, str]:
    return {} if version is None else {"If-Match": f'"{version}"'}


def outbox(db: Database) -> list[dict[str, Any]]:
    return [
        {"detail_type": row["detail_type"], **json.loads(row["detail"])}
        for row in sql(db, "SELECT detail_type, detail FROM outbox ORDER BY id")
    ]


@dataclass(frozen=True)
class Tree:
    """LIFE (top) > REAG > IMMU, and INST (another top): ids by code."""

    ids: dict[str, str]

    def __getitem__(self, code: str) -> str:
        return self.ids[code]


def risk_body(division_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "divisionId": division_id,
        "title": "Single-source supplier for Taq polymerase",
        "description": "All PCR master-mix lots depend on one enzyme supplier.",
        "category": "supply_chain",
        "ownerEmail": "qa.lead@example.com",
        **fields,
    }


def solution_body(division_id: str, **fields: Any) -> dict[str, Any]:
    return {
        "divisionId": division_id,
        "title": "Qualify a second enzyme supplier",
        "description": "Dual sourcing of the polymerase.",
        "kind": "preventive",
        "designEffectiveness": 60,
        "ownerEmail": "sourcing@example.com",
        **fields,
    }
