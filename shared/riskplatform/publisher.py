"""Publishing to the event bus, retrying the entries that PutEvents reports as failed."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass
from typing import Any, Protocol

PUT_EVENTS_LIMIT = 10


@dataclass(frozen=True)
class Outgoing:
    event_id: str
    source: str
    detail_type: str
    detail: str  # JSON text, as stored in the outbox


class EventPublisher(Protocol):
    def publish(self, events: list[Outgoing]) -> set[str]:
        """Send the events; return the ids of those that could not be sent."""
        ...


class EventBridgePublisher:
    """Publishes to one bus. The client is made on first use, so a function that never
    publishes (an API that only reads) pays nothing for it at cold start."""

    def __init__(self, bus_name: str, client: Any = None, attempts: int = 3) -> None:
        self.bus_name = bus_name
        self._client = client
        self.attempts = attempts

    @property
    def client(self) -> Any:
        if self._client is None:
            import boto3

            self._client = boto3.client("events")
        return self._client

    def publish(self, events: list[Outgoing]) -> set[str]:
        failed: set[str] = set()
        for start in range(0, len(events), PUT_EVENTS_LIMIT):
            failed |= self._publish_chunk(events[start : start + PUT_EVENTS_LIMIT])
        return failed

    def _publish_chunk(self, chunk: list[Outgoing]) -> set[str]:
        pending = chunk
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(random.uniform(0, 0.05 * 2**attempt))  # full jitter
            try:
                response = self.client.put_events(Entries=[self._entry(e) for e in pending])
            except Exception:  # the whole call failed: retry all of it
                continue
            pending = [
                event
                for event, result in zip(pending, response["Entries"], strict=True)
                if result.get("ErrorCode")
            ]
            if not pending:
                return set()
        return {event.event_id for event in pending}

    def _entry(self, event: Outgoing) -> dict[str, Any]:
        return {
            "EventBusName": self.bus_name,
            "Source": event.source,
            "DetailType": event.detail_type,
            "Detail": event.detail,
        }
