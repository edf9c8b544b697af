"""Each consumer's event table (ADR 67) against the EventBridge rule of its own
template.yaml: the code knows, handled or ignored on purpose, exactly the events the rule
routes to it, so that a rule and its code cannot drift apart unnoticed."""

from __future__ import annotations

import json
from itertools import product
from pathlib import Path
from typing import Any

import pytest
from cfnlint.decode import cfn_yaml

from graph_sync.domain.events import CHANGES
from metrics_scoring.service_layer.handlers import EVENTS as SCORING_EVENTS
from reporting.service_layer.handlers import EVENTS as REPORTING_EVENTS
from riskplatform.contracts import default_contracts
from riskplatform.dispatch import EventTable

ROOT = Path(__file__).resolve().parents[2]
TABLES: dict[str, EventTable[Any]] = {
    "metrics-scoring": SCORING_EVENTS,
    "graph-sync": CHANGES,
    "reporting": REPORTING_EVENTS,
}


def rule_of(service: str) -> tuple[frozenset[str], frozenset[str]]:
    """The sources and detail-types of the service's one rule, as its template says."""
    template = cfn_yaml.load(str(ROOT / "services" / service / "template.yaml"))
    patterns = [
        resource["Properties"]["EventPattern"]
        for resource in template["Resources"].values()
        if resource["Type"] == "AWS::Events::Rule" and "EventPattern" in resource["Properties"]
    ]
    assert len(patterns) == 1, f"{service}: one rule expected, found {len(patterns)}"
    (pattern,) = patterns
    assert set(pattern) == {"source", "detail-type"}, f"{service}: a pattern this cannot read"
    return frozenset(pattern["source"]), frozenset(pattern["detail-type"])


def contracted() -> set[tuple[str, str]]:
    """Every (source, detail-type) with a contract: nothing else passes a consumer's check."""
    pairs = set()
    for key in sorted(default_contracts().keys()):  # <service>/<DetailType>.v<N>
        service, name = key.split("/")
        pairs.add((f"riskplatform.{service}", name.rsplit(".v", 1)[0]))
    return pairs


@pytest.mark.parametrize("service", sorted(TABLES))
def test_the_table_knows_exactly_the_detail_types_the_rule_routes(service):
    _, detail_types = rule_of(service)

    known = {detail_type for _, detail_type in TABLES[service].pairs}

    assert known == detail_types, (
        f"only in the rule: {sorted(detail_types - known)}; "
        f"only in the code: {sorted(known - detail_types)}"
    )


@pytest.mark.parametrize("service", sorted(TABLES))
def test_the_table_knows_every_event_the_rule_can_deliver_and_no_other(service):
    sources, detail_types = rule_of(service)
    routed = set(product(sources, detail_types)) & contracted()

    assert TABLES[service].pairs == routed
    assert TABLES[service].service == service


EXAMPLES = sorted((ROOT / "events-schema").glob("*/examples/*.json"))


@pytest.mark.parametrize("service", ["metrics-scoring", "reporting"])
def test_each_routed_event_s_example_is_read_into_the_service_s_terms(service):
    """The contract's example of every event the table routes goes through its reader:
    a reader and the contract it reads cannot drift apart unnoticed."""
    read = 0
    for path in EXAMPLES:
        event = json.loads(path.read_text())
        if (event["source"], event["detail-type"]) not in TABLES[service].routes:
            continue
        route = TABLES[service].route(event["source"], event["detail-type"])
        assert route.read(event["detail"]["data"]) is not None, path.name
        read += 1
    assert read == len(TABLES[service].routes)
