"""The compiled contracts (fastjsonschema, one function per schema) say exactly what the
reference validator (jsonschema's Draft4Validator, no format checker) says, on every
example and on thousands of broken variants of them; a rejected event is explained field
by field; validating never changes the event; each schema is compiled once."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import fastjsonschema
import pytest
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from riskplatform import contracts as contracts_module
from riskplatform.contracts import ContractViolation, EventContracts, schema_key

ROOT = Path(__file__).resolve().parents[2] / "events-schema"
EXAMPLES = sorted(ROOT.glob("*/examples/*.json"))
WRONG = [None, True, -1, 0, 7, 1.5, "", "x", "not-a-uuid", {}, {"x": 1}, [], ["x"]]


def reference(key: str) -> Draft4Validator:
    documents = [json.loads(p.read_text()) for p in ROOT.rglob("*.schema.json")]
    registry: Registry = Registry().with_resources(
        (d["id"], Resource.from_contents(d, default_specification=DRAFT4)) for d in documents
    )
    return Draft4Validator(json.loads((ROOT / f"{key}.schema.json").read_text()), registry=registry)


def variants(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    """(path, replacement) pairs: every field replaced by each wrong value, removed
    (``...``), and every object given an unknown field."""
    if isinstance(value, dict):
        yield (*path, "unexpected_field"), "x"
        for name, inner in value.items():
            yield (*path, name), ...
            yield from variants(inner, (*path, name))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from variants(inner, (*path, index))
    for wrong in WRONG:
        if path and wrong != value:
            yield path, wrong


def broken(detail: dict[str, Any], path: tuple[Any, ...], replacement: Any) -> dict[str, Any]:
    changed = copy.deepcopy(detail)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    if replacement is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = replacement
    return changed


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_the_compiled_contract_agrees_with_the_reference_validator(path):
    event = json.loads(path.read_text())
    source, detail_type, detail = event["source"], event["detail-type"], event["detail"]
    validator = reference(schema_key(source, detail_type, 1))
    contracts = EventContracts(ROOT)
    checked = 0
    for field, replacement in variants(detail):
        if field[:2] == ("metadata", "event_version") or field == ("metadata",):
            continue  # these choose the schema (or break the lookup), not its verdict
        candidate = broken(detail, field, replacement)
        expected = sorted(validator.iter_errors(candidate), key=lambda e: list(e.absolute_path))
        try:
            contracts.validate(source, detail_type, candidate)
        except ContractViolation as violation:
            assert expected, f"{field} = {replacement!r}: refused, but the reference accepts it"
            assert violation.problems == [
                f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
                for e in expected
            ]
        else:
            assert not expected, f"{field} = {replacement!r}: accepted, but {expected[0].message}"
        checked += 1
    assert checked > 20


def test_validating_never_changes_the_event():
    event = json.loads((ROOT / "metrics-scoring/examples/RiskScored.v1.json").read_text())
    before = copy.deepcopy(event["detail"])
    EventContracts(ROOT).validate(event["source"], event["detail-type"], event["detail"])
    assert event["detail"] == before


def test_each_schema_is_compiled_once(monkeypatch):
    compiled: list[str] = []
    real = fastjsonschema.compile

    def counting(definition: dict[str, Any], **options: Any) -> Any:
        compiled.append(definition["id"])
        return real(definition, **options)

    monkeypatch.setattr(contracts_module.fastjsonschema, "compile", counting)
    contracts = EventContracts(ROOT)
    scored = json.loads((ROOT / "metrics-scoring/examples/RiskScored.v1.json").read_text())
    assessed = json.loads((ROOT / "risk-intake/examples/RiskAssessed.v1.json").read_text())
    for event in [scored, assessed, scored, assessed, scored]:
        contracts.validate(event["source"], event["detail-type"], event["detail"])
    assert compiled == [
        "urn:riskplatform:events:metrics-scoring:RiskScored:v1",
        "urn:riskplatform:events:risk-intake:RiskAssessed:v1",
    ]
