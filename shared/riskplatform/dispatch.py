"""Which code an event goes to: one table per consumer, keyed by (source, detail-type).

A consumer's table lists every pair its EventBridge rule routes to it: each either goes
to what the service does with it (a reader into the service's own terms and its handler)
or is listed as ignored, on purpose. A pair in neither is unknown (a rule that routes a
type before the code knows it, say), and has one policy in every service (ADR 67): the
record fails, so that SQS retries it and then moves it to the consumer's DLQ, where its
alarm is and from where it can be redriven once the code knows the event. Nothing is
skipped in silence. Pure Python.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from riskplatform.events import Envelope

Pair = tuple[str, str]  # (source, detail-type)


class UnhandledEvent(LookupError):
    """An event the consumer's rule routed to it but its table does not list."""

    def __init__(self, service: str, source: str, detail_type: str) -> None:
        super().__init__(f"{service} does not consume {detail_type} from {source}")
        self.source = source
        self.detail_type = detail_type


@dataclass(frozen=True)
class Route[E, C]:
    """A reader (the event's data into the service's own event ``E``) and its handler,
    which takes the event, its envelope (for its inbox claim, its time and its context)
    and what the service gives it (``C``: its unit of work, say)."""

    read: Callable[[dict[str, Any]], E]
    handle: Callable[[E, Envelope, C], object]

    def __call__(self, envelope: Envelope, context: C) -> object:
        return self.handle(self.read(envelope.data), envelope, context)


class EventTable[R]:
    """A service's events: each pair to what handles it (``R``: a reader, a handler, or
    both, as the service needs), and the pairs it ignores on purpose."""

    def __init__(
        self, service: str, routes: Mapping[Pair, R], ignored: Iterable[Pair] = ()
    ) -> None:
        self.service = service
        self.routes = dict(routes)
        self.ignored = frozenset(ignored)
        both = self.ignored & self.routes.keys()
        if both:
            raise ValueError(f"{service}: both handled and ignored: {sorted(both)}")

    @property
    def pairs(self) -> frozenset[Pair]:
        """Every pair the table knows, handled or ignored."""
        return frozenset(self.routes) | self.ignored

    def route(self, source: str, detail_type: str) -> R | None:
        """What handles the event; None when the service ignores it on purpose.
        ``UnhandledEvent`` for a pair the table does not know: the record fails and goes
        the DLQ's way (the kernel's consumer counts it as ``EventsUnhandled``)."""
        found = self.routes.get((source, detail_type))
        if found is not None:
            return found
        if (source, detail_type) in self.ignored:
            return None
        raise UnhandledEvent(self.service, source, detail_type)
