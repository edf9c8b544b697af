"""The kernel's shared words are the event contracts' own: the categories every service
uses (riskplatform.vocabulary) are exactly those events-schema/ allows wherever a
category appears, and a KRI definition's fields are those its events carry, so no
service can drift from the contracts or from the others."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import fields
from pathlib import Path
from typing import Any

from riskplatform.vocabulary import CATEGORIES, SAFETY_CATEGORIES, Category, KriDefinition

SCHEMAS = Path(__file__).resolve().parents[2] / "events-schema"


def category_enums(node: Any) -> Iterator[list[str]]:
    """Every enum a property named ``category`` takes in a schema (null left out)."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "category" and isinstance(value, dict) and "enum" in value:
                yield [v for v in value["enum"] if v is not None]
            yield from category_enums(value)
    elif isinstance(node, list):
        for item in node:
            yield from category_enums(item)


def test_every_contract_that_names_a_category_allows_exactly_the_kernels():
    found = {
        path.relative_to(SCHEMAS).as_posix(): enum
        for path in sorted(SCHEMAS.rglob("*.schema.json"))
        for enum in category_enums(json.loads(path.read_text()))
    }
    assert {"risk-intake/RiskCaptured.v1.schema.json"} <= set(found)
    assert {name: sorted(enum) for name, enum in found.items()} == {
        name: sorted(CATEGORIES) for name in found
    }


def test_the_safety_categories_are_categories():
    assert SAFETY_CATEGORIES.issubset(Category)
    assert [c.value for c in Category] == list(CATEGORIES)


def test_a_kri_definitions_fields_are_required_in_every_kri_event():
    names = [f.name for f in fields(KriDefinition)]
    for kind in ("KriDefined", "KriChanged", "KriRetired"):
        schema = json.loads((SCHEMAS / f"metrics-scoring/{kind}.v1.schema.json").read_text())
        data = schema["properties"]["data"]
        assert set(names) <= set(data["required"]), kind
        assert set(names) <= set(data["properties"]), kind
