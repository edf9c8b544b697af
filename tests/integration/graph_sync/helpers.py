"""Deliveries to graph-sync's handlers as AWS makes them: SQS batches of EventBridge
events (built from the examples in events-schema/, with fresh ids) and API Gateway events."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gremlin_python.process.graph_traversal import GraphTraversalSource
from gremlin_python.process.traversal import Direction, T

from graph_sync.domain.model import owner
from graph_sync.entrypoints import api, consumer
from tests.support.access import claims as signed_in
from tests.support.access import membership_event
from tests.support.sqs import sqs_batch

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


def eventbridge(
    example: str, aggregate_id: str, aggregate_version: int, **data: Any
) -> dict[str, Any]:
    """An example event from events-schema/ with fresh ids and the given data."""
    event = json.loads((EXAMPLES / example).read_text())
    event["id"] = str(uuid.uuid4())
    metadata = event["detail"]["metadata"]
    metadata.update(
        event_id=str(uuid.uuid4()),
        aggregate_id=aggregate_id,
        aggregate_version=aggregate_version,
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


def own_owner(entity_id: str) -> dict[str, str]:
    """An owner of its own for each risk and solution (unless a test names one), so that
    no two of them meet through their owner unless a test means them to."""
    return {"owner_email": f"owner.{entity_id[:8]}@example.com"}


def owner_of(entity_id: str) -> str:
    """The id of the owner vertex own_owner gives the entity."""
    return owner(own_owner(entity_id)["owner_email"]).id


def owns(entity_id: str) -> tuple[str, str, str]:
    """The OWNS edge from that owner, as ``edges`` lists it."""
    return (owner_of(entity_id), "OWNS", entity_id)


def risk_captured(risk_id: str, division_id: str, **data: Any) -> dict:
    """RiskCaptured with a treatment and a review date (optional in its contract)."""
    return eventbridge(
        "risk-intake/examples/RiskCaptured.v1.json",
        risk_id,
        data.get("version", 1),
        risk_id=risk_id,
        division_id=division_id,
        **({"treatment": "mitigate", "review_due": "2027-03-31"} | own_owner(risk_id) | data),
    )


def risk_scored(
    risk_id: str, division_id: str, score_version: int, likelihood: int = 3, impact: int = 5
) -> dict:
    """Scored ``likelihood`` x ``impact``; its controls take one step off the likelihood."""

    def rated(likelihood: int) -> dict[str, int | str]:
        score = likelihood * impact
        level = (
            "low" if score < 5 else "medium" if score < 10 else "high" if score < 20 else "critical"
        )
        return {"likelihood": likelihood, "impact": impact, "score": score, "level": level}

    return eventbridge(
        "metrics-scoring/examples/RiskScored.v1.json",
        risk_id,
        score_version,
        risk_id=risk_id,
        division_id=division_id,
        score_version=score_version,
        inherent=rated(likelihood),
        current_residual=rated(max(1, likelihood - 1)),
    )


def division_renamed(division_id: str, name: str, version: int) -> dict:
    data = {"division_id": division_id, "name": name, "version": version}
    return eventbridge("risk-intake/examples/DivisionRenamed.v1.json", division_id, version, **data)


def division_moved(
    division_id: str, parent_id: str | None, version: int, previous_parent_id: str | None = None
) -> dict:
    return eventbridge(
        "risk-intake/examples/DivisionMoved.v1.json",
        division_id,
        version,
        division_id=division_id,
        parent_id=parent_id,
        previous_parent_id=previous_parent_id,
        version=version,
    )


def division_retired(division_id: str, version: int) -> dict:
    data = {"division_id": division_id, "version": version}
    return eventbridge("risk-intake/examples/DivisionRetired.v1.json", division_id, version, **data)


def risk_changed(risk_id: str, division_id: str, version: int, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/RiskChanged.v1.json",
        risk_id,
        version,
        risk_id=risk_id,
        division_id=division_id,
        version=version,
        **(own_owner(risk_id) | data),
    )


def solution_registered(solution_id: str, division_id: str, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/SolutionRegistered.v1.json",
        solution_id,
        data.get("version", 1),
        solution_id=solution_id,
        division_id=division_id,
        **(own_owner(solution_id) | data),
    )


def solution_changed(solution_id: str, division_id: str, version: int, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/SolutionChanged.v1.json",
        solution_id,
        version,
        solution_id=solution_id,
        division_id=division_id,
        version=version,
        **(own_owner(solution_id) | data),
    )


def solution_linked(risk_id: str, solution_id: str, division_id: str, risk_version: int) -> dict:
    return _link("SolutionLinked", risk_id, solution_id, division_id, risk_version)


def solution_unlinked(risk_id: str, solution_id: str, division_id: str, risk_version: int) -> dict:
    return _link("SolutionUnlinked", risk_id, solution_id, division_id, risk_version)


def _link(
    detail_type: str, risk_id: str, solution_id: str, division_id: str, risk_version: int
) -> dict:
    return eventbridge(
        f"risk-intake/examples/{detail_type}.v1.json",
        risk_id,
        risk_version,
        risk_id=risk_id,
        solution_id=solution_id,
        division_id=division_id,
        risk_version=risk_version,
    )


def product_registered(product_id: str, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/ProductRegistered.v1.json",
        product_id,
        data.get("version", 1),
        product_id=product_id,
        **data,
    )


def supplier_registered(supplier_id: str, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/SupplierRegistered.v1.json",
        supplier_id,
        data.get("version", 1),
        supplier_id=supplier_id,
        **data,
    )


def site_registered(site_id: str, **data: Any) -> dict:
    return eventbridge(
        "risk-intake/examples/SiteRegistered.v1.json",
        site_id,
        data.get("version", 1),
        site_id=site_id,
        **data,
    )


def relationship(
    added: bool, source: tuple[str, str], relation: str, target: tuple[str, str], version: int
) -> dict:
    """RelationshipAdded (or Removed) from ``source`` to ``target``, each (type, id)."""
    detail_type = "RelationshipAdded" if added else "RelationshipRemoved"
    (from_type, from_id), (to_type, to_id) = source, target
    return eventbridge(
        f"risk-intake/examples/{detail_type}.v1.json",
        from_id,
        version,
        relationship_id=str(uuid.uuid4()),
        from_type=from_type,
        from_id=from_id,
        relation=relation,
        to_type=to_type,
        to_id=to_id,
        from_version=version,
        division_id=from_id if from_type == "division" else None,
    )


def deliver(*bodies: dict | str) -> dict[str, Any]:
    """One SQS batch through the consumer's Lambda handler; its partial-failure report."""
    return consumer.handler(sqs_batch(*bodies), LambdaContext())


def claims(role: str | None, *divisions: str) -> dict[str, str]:
    """A signed-in user's claims; the divisions they work in reach graph-sync as the
    membership event risk-intake publishes."""
    who = signed_in(role)
    if divisions:
        assert deliver(membership_event(who, *divisions))["batchItemFailures"] == []
    return who


EXECUTIVE = claims("executive")


def get(
    path: str, query: dict[str, str] | None = None, who: dict[str, str] = EXECUTIVE
) -> tuple[int, dict[str, Any]]:
    """One GET through the API's Lambda handler, signed in as ``who``: status and body."""
    event = {
        "resource": "/{proxy+}",
        "path": path,
        "httpMethod": "GET",
        "headers": {"Accept": "application/json"},
        "multiValueHeaders": {},
        "queryStringParameters": query,
        "multiValueQueryStringParameters": {k: [v] for k, v in (query or {}).items()} or None,
        "pathParameters": {"proxy": path.lstrip("/")},
        "requestContext": {
            "requestId": str(uuid.uuid4()),
            "stage": "local",
            "path": path,
            "authorizer": {"claims": who},
        },
        "body": None,
        "isBase64Encoded": False,
    }
    response = api.handler(event, LambdaContext())
    return response["statusCode"], json.loads(response["body"])


def vertex(g: GraphTraversalSource, vertex_id: str) -> dict[str, Any]:
    found = g.V(vertex_id).element_map().to_list()
    assert len(found) == 1, f"{vertex_id}: {len(found)} vertices"
    return {str(key.name if key in (T.id, T.label) else key): v for key, v in found[0].items()}


def edges(g: GraphTraversalSource) -> list[tuple[str, str, str]]:
    """Every edge as (source, label, target), duplicates kept."""
    return sorted(
        (e[Direction.OUT][T.id], e[T.label], e[Direction.IN][T.id])
        for e in g.E().element_map().to_list()
    )


def value_counts(g: GraphTraversalSource, vertex_id: str) -> dict[str, int]:
    """How many values each property holds (Neptune's default cardinality is set)."""
    return g.V(vertex_id).properties().key().group_count().next()


def snapshot(g: GraphTraversalSource) -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    ids = sorted(g.V().id_().to_list())
    return [vertex(g, i) | {"values": value_counts(g, i)} for i in ids], edges(g)


def nodes(body: dict[str, Any]) -> list[dict[str, Any]]:
    """The vertices a Cytoscape-shaped answer draws: each node's data."""
    return [node["data"] for node in body["elements"]["nodes"]]


def edges_drawn(body: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["data"] for edge in body["elements"]["edges"]]


def center(body: dict[str, Any]) -> dict[str, Any]:
    return next(n for n in nodes(body) if n["id"] == body["center"])
