"""The unit of work every service builds on: one MySQL transaction that commits the
state change, the events it raised (into the outbox) and, for consumers, the inbox
entry of the event being handled, all together or not at all."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, Protocol, Self

from riskplatform import business_metrics, outbox
from riskplatform.contracts import EventContracts
from riskplatform.db import Database, is_unavailable
from riskplatform.errors import StoreUnavailable
from riskplatform.events import DomainEvent, Envelope, MessageContext
from riskplatform.outbox import OutboxRelay

log = logging.getLogger(__name__)
Track = Callable[[Any], None]  # a repository hands its aggregates to the unit of work


class HasEvents(Protocol):
    events: list[DomainEvent]


class SqlUnitOfWork:
    """Subclasses add their repositories in ``_start`` (built on ``self.cursor``)."""

    def __init__(
        self,
        db: Database,
        *,
        producer: str,
        contracts: EventContracts,
        relay: OutboxRelay | None = None,
        context: MessageContext | None = None,
    ) -> None:
        self.db = db
        self.producer = producer
        self.contracts = contracts
        self.relay = relay
        self.context = context or MessageContext.new()
        self.committed: list[Envelope] = []
        self._seen: dict[int, HasEvents] = {}  # by identity, in the order first seen
        self._events: list[DomainEvent] = []

    def __enter__(self) -> Self:
        self.connection = self.db.connection()
        self.connection.begin()
        self.cursor: Any = self.connection.cursor()
        self._seen, self._events, self.committed = {}, [], []
        self._start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        error = exc_info[1] if isinstance(exc_info[1], BaseException) else None
        try:
            self.rollback()  # a no-op after commit
        except Exception:
            if error is None:
                raise
            if not is_unavailable(error):  # a lost server cannot roll back: no news
                log.warning("rollback failed after an error", exc_info=True)  # keep the first
        finally:
            self.cursor.close()
        if is_unavailable(error):  # the server went away in the middle of the work
            self.db.close()
            raise StoreUnavailable("database") from error

    def _start(self) -> None:
        """Build the repositories on ``self.cursor``."""

    def track(self, aggregate: HasEvents) -> None:
        """Repositories call this for each aggregate they hand out or add (a ``Track``)."""
        self._seen.setdefault(id(aggregate), aggregate)

    def emit(self, event: DomainEvent) -> None:
        """Raise an event that belongs to no tracked aggregate."""
        self._events.append(event)

    def claim(self, envelope: Envelope) -> bool:
        """Record the event in the inbox; False when it was handled before."""
        self.cursor.execute(
            "INSERT INTO inbox (event_id, detail_type, processed_at)"
            " VALUES (%s, %s, UTC_TIMESTAMP(6))"
            " ON DUPLICATE KEY UPDATE event_id = event_id",
            (envelope.event_id, envelope.detail_type),
        )
        return bool(self.cursor.rowcount == 1)

    def commit(self) -> list[Envelope]:
        envelopes = [
            Envelope.wrap(event, producer=self.producer, context=self.context)
            for event in self._collect_events()
        ]
        for envelope in envelopes:
            self.contracts.validate(envelope.source, envelope.detail_type, envelope.detail)
        outbox.add(self.cursor, envelopes)
        self.connection.commit()
        self.committed = envelopes
        business_metrics.count_committed(e.detail_type for e in envelopes)
        self._publish_after_commit(envelopes)
        return envelopes

    def rollback(self) -> None:
        self.connection.rollback()

    def _collect_events(self) -> list[DomainEvent]:
        events = list(self._events)
        for aggregate in self._seen.values():
            events.extend(aggregate.events)
            aggregate.events.clear()
        self._events.clear()
        return events

    def _publish_after_commit(self, envelopes: list[Envelope]) -> None:
        if self.relay is None or not envelopes:
            return
        try:
            self.relay.publish([e.event_id for e in envelopes])
        except Exception:  # committed is committed: the scheduled sweep sends it later
            log.warning("outbox relay failed; the sweep will send these", exc_info=True)
