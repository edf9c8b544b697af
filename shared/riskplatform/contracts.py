"""Event contracts: the JSON Schemas in ``events-schema/``, one per detail-type and version.

Producers validate before an event enters the outbox; consumers validate on receipt.
Schemas are JSON Schema draft 4 (what EventBridge's schema registry accepts) and refer
to the shared metadata schema by its ``id``.

Each schema is compiled once, on first use, into a Python function (``fastjsonschema``):
checking a valid event costs microseconds, so validating every event of a bulk rescore
no longer dominates it. An event that fails is explained by ``jsonschema``, which lists
every problem with the field at fault; neither checks ``format`` (only the shape).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import fastjsonschema

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
            str(path.relative_to(root)).removesuffix(".schema.json"): json.loads(path.read_text())
            for path in sorted(root.rglob("*.schema.json"))
        }
        self._by_id = {doc["id"]: doc for doc in documents.values()}
        self._schemas = {key: doc for key, doc in documents.items() if "/" in key}
        self._checks: dict[str, Callable[[Any], Any]] = {}
        self._explainers: dict[str, Any] = {}

    def keys(self) -> list[str]:
        return sorted(self._schemas)

    def __contains__(self, key: object) -> bool:
        return key in self._schemas

    def validate(self, source: str, detail_type: str, detail: dict[str, Any]) -> None:
        version = detail.get("metadata", {}).get("event_version", 1)
        key = schema_key(source, detail_type, version)
        if key not in self._schemas:
            raise UnknownEvent(detail_type, version, [f"no schema for {source} {detail_type}"])
        try:
            self._check(key)(detail)
        except fastjsonschema.JsonSchemaValueException as error:
            # The compiled check stops at the first problem; list them all, by field.
            first = f"{'/'.join(str(p) for p in error.path[1:]) or '(root)'}: {error.message}"
            problems = self._problems(key, detail) or [first]
            raise ContractViolation(detail_type, version, problems) from error

    def _check(self, key: str) -> Callable[[Any], Any]:
        """The schema compiled to a function, once per schema (on first use)."""
        check = self._checks.get(key)
        if check is None:
            check = self._checks[key] = fastjsonschema.compile(
                self._schemas[key],
                handlers={"urn": self._by_id.__getitem__},  # the metadata schema, by its id
                use_default=False,  # never fill defaults into the event being checked
                use_formats=False,  # as jsonschema without a format checker: shape only
            )
        return check

    def _problems(self, key: str, detail: dict[str, Any]) -> list[str]:
        """Every problem of an invalid event, each naming its field (jsonschema, loaded
        only when an event fails)."""
        from jsonschema import Draft4Validator
        from referencing import Registry, Resource
        from referencing.jsonschema import DRAFT4

        explainer = self._explainers.get(key)
        if explainer is None:
            registry: Registry = Registry().with_resources(
                (uri, Resource.from_contents(doc, default_specification=DRAFT4))
                for uri, doc in self._by_id.items()
            )
            explainer = Draft4Validator(self._schemas[key], registry=registry)
            self._explainers[key] = explainer
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
            for error in sorted(explainer.iter_errors(detail), key=lambda e: list(e.absolute_path))
        ]


@cache
def default_contracts() -> EventContracts:
    return EventContracts()
