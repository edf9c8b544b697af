"""The kernel's event tables (ADR 67): a known event goes to its reader and handler, an
event listed as ignored is acknowledged and does nothing, and an event the table does not
know fails its record (so that it ends in the DLQ), counted as EventsUnhandled, while its
batch-mates are handled."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from riskplatform.consumer import consume_batch
from riskplatform.dispatch import EventTable, Route, UnhandledEvent
from riskplatform.events import Envelope
from tests.support.sqs import sqs_batch

EXAMPLES = Path(__file__).resolve().parents[3] / "events-schema"
INTAKE = "riskplatform.risk-intake"


def example(name: str) -> dict[str, Any]:
    return json.loads(next(EXAMPLES.glob(f"*/examples/{name}.v1.json")).read_text())


def titles(data: dict[str, Any]) -> str:
    return str(data["title"])


def table(seen: list[tuple[str, str, str]]) -> EventTable[Route[str, str]]:
    def note(title: str, envelope: Envelope, context: str) -> None:
        seen.append((title, envelope.detail_type, context))

    return EventTable(
        "a-service",
        {(INTAKE, "RiskCaptured"): Route(titles, note)},
        ignored=[(INTAKE, "RiskChanged")],
    )


def consumer(events: EventTable[Route[str, str]]) -> Any:
    def handle(envelope: Envelope) -> None:
        route = events.route(envelope.source, envelope.detail_type)
        if route is not None:
            route(envelope, "the context")

    return handle


def test_a_known_event_is_read_and_handled_with_its_envelope_and_context():
    seen: list[tuple[str, str, str]] = []
    captured = Envelope.from_eventbridge(example("RiskCaptured"))

    consumer(table(seen))(captured)

    assert seen == [(captured.data["title"], "RiskCaptured", "the context")]


def test_an_event_ignored_on_purpose_is_neither_read_nor_handled():
    seen: list[tuple[str, str, str]] = []

    assert table(seen).route(INTAKE, "RiskChanged") is None
    assert seen == []


def test_an_unknown_event_is_refused_naming_the_service_and_the_event():
    events = table([])

    with pytest.raises(UnhandledEvent, match="a-service does not consume RiskAssessed from"):
        events.route(INTAKE, "RiskAssessed")
    with pytest.raises(LookupError, match=r"RiskCaptured from riskplatform\.metrics-scoring"):
        events.route("riskplatform.metrics-scoring", "RiskCaptured")


def test_the_pairs_are_the_handled_and_the_ignored_and_none_is_both():
    assert table([]).pairs == {(INTAKE, "RiskCaptured"), (INTAKE, "RiskChanged")}
    with pytest.raises(ValueError, match="both handled and ignored"):
        EventTable("x", {(INTAKE, "A"): titles}, ignored=[(INTAKE, "A")])


def test_in_a_batch_only_the_unknown_event_fails_and_it_is_counted(capsys):
    seen: list[tuple[str, str, str]] = []
    bodies = [example("RiskCaptured"), example("RiskChanged"), example("RiskAssessed")]
    batch = sqs_batch(*bodies)

    report = consume_batch(batch, None, consumer(table(seen)))

    unknown = batch["Records"][2]["messageId"]
    assert report == {"batchItemFailures": [{"itemIdentifier": unknown}]}
    assert [detail_type for _, detail_type, _ in seen] == ["RiskCaptured"]
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines() if line]
    metrics = [line for line in lines if "_aws" in line]
    assert [m.get("EventsUnhandled") for m in metrics] == [[1.0]]
