"""The contracts in events-schema/: every schema is well formed and has an example that
validates, every event class the code defines has a schema, and the schemas stay within
what EventBridge's schema registry accepts (JSON Schema draft 4)."""

from __future__ import annotations

import importlib
import json
import pkgutil
from pathlib import Path

import pytest
from jsonschema import Draft4Validator

from riskplatform.contracts import ContractViolation, EventContracts, schema_key
from riskplatform.events import DomainEvent

ROOT = Path(__file__).resolve().parents[2] / "events-schema"
SCHEMAS = sorted(p for p in ROOT.glob("*/*.schema.json"))
EXAMPLES = sorted(ROOT.glob("*/examples/*.json"))
SERVICES = {"risk_intake": "risk-intake", "metrics_scoring": "metrics-scoring"}
contracts = EventContracts(ROOT)


def test_there_are_contracts_and_examples():
    assert SCHEMAS and EXAMPLES


@pytest.mark.parametrize("path", [*SCHEMAS, ROOT / "metadata.schema.json"], ids=lambda p: p.name)
def test_each_schema_is_valid_draft_4(path):
    schema = json.loads(path.read_text())
    assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(schema)


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_each_schema_has_an_example(path):
    example = path.parent / "examples" / path.name.replace(".schema", "")
    assert example.exists(), f"{path.name} has no example"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_each_example_is_a_valid_event(path):
    event = json.loads(path.read_text())
    assert set(event) >= {"version", "id", "detail-type", "source", "account", "time", "detail"}
    assert path.name.startswith(event["detail-type"] + ".v")
    assert event["source"] == f"riskplatform.{path.parent.parent.name}"
    contracts.validate(event["source"], event["detail-type"], event["detail"])


def test_a_broken_event_is_reported_with_the_field_at_fault():
    event = json.loads((ROOT / "risk-intake/examples/RiskAssessed.v1.json").read_text())
    event["detail"]["data"]["likelihood"] = 9
    del event["detail"]["metadata"]["event_id"]
    with pytest.raises(ContractViolation) as broken:
        contracts.validate(event["source"], event["detail-type"], event["detail"])
    assert any(p.startswith("data/likelihood") for p in broken.value.problems)
    assert any("event_id" in p for p in broken.value.problems)


def event_classes() -> list[tuple[str, type[DomainEvent]]]:
    found = []
    for package, service in SERVICES.items():
        try:
            domain = importlib.import_module(f"{package}.domain")
        except ModuleNotFoundError:
            continue
        for module in pkgutil.iter_modules(domain.__path__):
            loaded = importlib.import_module(f"{package}.domain.{module.name}")
            for value in vars(loaded).values():
                if (
                    isinstance(value, type)
                    and issubclass(value, DomainEvent)
                    and value is not DomainEvent
                    and value.__module__ == loaded.__name__
                ):
                    found.append((service, value))
    return found


@pytest.mark.parametrize("service,event", event_classes(), ids=lambda v: getattr(v, "__name__", v))
def test_every_event_the_code_defines_has_a_schema(service, event):
    key = schema_key(f"riskplatform.{service}", event.detail_type, event.event_version)
    assert key in contracts
