"""The event contract shared by every service: domain events and their envelope.

An event on the bus has ``detail = {"metadata": {...}, "data": {...}}``. ``event_id`` is
ours (stable across redelivery and replay), never EventBridge's own ``id``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from functools import cached_property
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from riskplatform.timestamps import now_iso

SOURCE_PREFIX = "riskplatform."


def source(producer: str) -> str:
    """The bus source of a service's events: ``riskplatform.<service>``."""
    return SOURCE_PREFIX + producer


@dataclass(frozen=True)
class AggregateRef:
    """Which aggregate an event is about, and at which version."""

    id: str
    version: int
    division_id: str | None


class DomainEvent(BaseModel):
    """Something that happened, in the domain's words. The fields are the event's data."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    detail_type: ClassVar[str]
    event_version: ClassVar[int] = 1

    def aggregate(self) -> AggregateRef:  # pragma: no cover - every subclass overrides
        raise NotImplementedError

    def data(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


@dataclass(frozen=True)
class MessageContext:
    """Where a unit of work comes from: the request or event that caused it."""

    correlation_id: str
    causation_id: str | None = None

    @classmethod
    def new(cls) -> MessageContext:
        return cls(correlation_id=str(uuid.uuid4()))


class EventMetadata(BaseModel):
    model_config = ConfigDict(frozen=True, extra="allow")

    event_id: str
    event_version: int
    occurred_at: str
    producer: str
    correlation_id: str
    causation_id: str | None
    aggregate_id: str
    aggregate_version: int
    division_id: str | None


class Envelope(BaseModel):
    """One event as it travels: who sent it, what it is, its metadata and data."""

    model_config = ConfigDict(frozen=True)

    source: str
    detail_type: str
    metadata: EventMetadata
    data: dict[str, Any]

    @cached_property
    def detail(self) -> dict[str, Any]:
        """What EventBridge carries (validated, stored in the outbox, sent): built once."""
        return {"metadata": self.metadata.model_dump(mode="json"), "data": self.data}

    @property
    def event_id(self) -> str:
        return self.metadata.event_id

    @classmethod
    def wrap(cls, event: DomainEvent, *, producer: str, context: MessageContext) -> Envelope:
        ref = event.aggregate()
        metadata = EventMetadata(
            event_id=str(uuid.uuid4()),
            event_version=event.event_version,
            occurred_at=now_iso(),
            producer=producer,
            correlation_id=context.correlation_id,
            causation_id=context.causation_id,
            aggregate_id=ref.id,
            aggregate_version=ref.version,
            division_id=ref.division_id,
        )
        return cls(
            source=source(producer),
            detail_type=event.detail_type,
            metadata=metadata,
            data=event.data(),
        )

    @classmethod
    def from_eventbridge(cls, event: dict[str, Any]) -> Envelope:
        """Read an EventBridge event (as SQS delivers it) back into an envelope."""
        detail = event["detail"]
        return cls(
            source=event["source"],
            detail_type=event["detail-type"],
            metadata=EventMetadata.model_validate(detail["metadata"]),
            data=detail["data"],
        )

    def consequence(self) -> MessageContext:
        """The context of work caused by this event: same correlation, caused by it."""
        return MessageContext(
            correlation_id=self.metadata.correlation_id, causation_id=self.metadata.event_id
        )
