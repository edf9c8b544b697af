"""Event contracts: the JSON Schemas in ``events-schema/``, one per detail-type and version.

Producers validate before an event enters the outbox; consumers validate on receipt.
Schemas are JSON Schema draft 4 (what EventBridge's schema registry accepts) and refer
to the shared metadata schema by its ``id``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

SCHEMA_ROOT = Path(__file__).parent / "schemas"


class ContractViolation(Exception):
    """An event does not match its published schema."""

    def __init__(self, detail_type: str, version: int, problems: list[str]) -> None:
        super().__init__(f"{detail_type} v{version} breaks its contract: " + "; ".join(problems))
        self.problems = problems


class UnknownEvent(ContractViolation):
    pass


def schema_key(source: str, detail_type: str, version: int) -> str:
    service = source.removeprefix("riskplatform.")
    return f"{service}/{detail_type}.v{version}"


class EventContracts:
    """All schemas under one folder, keyed by ``<service>/<DetailType>.v<N>``."""

    def __init__(self, root: Path = SCHEMA_ROOT) -> None:
        documents = {
            path: json.loads(path.read_text()) for path in sorted(root.rglob("*.schema.json"))
        }
        registry: Registry = Registry().with_resources(
            (doc["id"], Resource.from_contents(doc, default_specification=DRAFT4))
            for doc in documents.values()
        )
        self._validators = {
            str(path.relative_to(root)).removesuffix(".schema.json"): Draft4Validator(
                doc, registry=registry
            )
            for path, doc in documents.items()
            if "/" in str(path.relative_to(root))
        }

    def keys(self) -> list[str]:
        return sorted(self._validators)

    def __contains__(self, key: object) -> bool:
        return key in self._validators

    def validate(self, source: str, detail_type: str, detail: dict[str, Any]) -> None:
        version = detail.get("metadata", {}).get("event_version", 1)
        validator = self._validators.get(schema_key(source, detail_type, version))
        if validator is None:
            raise UnknownEvent(detail_type, version, [f"no schema for {source} {detail_type}"])
        problems = [
            f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
            for error in sorted(validator.iter_errors(detail), key=lambda e: list(e.absolute_path))
        ]
        if problems:
            raise ContractViolation(detail_type, version, problems)


@cache
def default_contracts() -> EventContracts:
    return EventContracts()
