"""Transactional outbox: events are written with the state change, and sent after commit.

``add`` runs inside the caller's transaction. ``OutboxRelay.publish`` sends the events
a unit of work just committed; ``OutboxRelay.sweep`` (run on a schedule) sends whatever
is still unsent, so a crash or a failed ``PutEvents`` after commit loses nothing.
Rows are claimed with ``FOR UPDATE SKIP LOCKED`` so that relays never block each other.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from riskplatform.db import Database, placeholders
from riskplatform.events import Envelope
from riskplatform.publisher import EventPublisher, Outgoing


def add(cursor: Any, envelopes: list[Envelope]) -> None:
    if not envelopes:
        return
    now = datetime.now(UTC).replace(tzinfo=None)  # a parameter, so pymysql sends one batch
    cursor.executemany(
        "INSERT INTO outbox (event_id, source, detail_type, detail, created_at)"
        " VALUES (%s, %s, %s, %s, %s)",
        [
            (e.event_id, e.source, e.detail_type, json.dumps(e.detail, separators=(",", ":")), now)
            for e in envelopes
        ],
    )


class OutboxRelay:
    def __init__(self, db: Database, publisher: EventPublisher, batch_size: int = 100) -> None:
        self.db = db
        self.publisher = publisher
        self.batch_size = batch_size

    def publish(self, event_ids: list[str]) -> int:
        """Send these just-committed events, if nobody sent them yet."""
        if not event_ids:
            return 0
        marks = placeholders(event_ids)
        return self._send(f"event_id IN ({marks})", list(event_ids))

    def sweep(self, older_than_seconds: float = 30) -> int:
        """Send everything left unsent for longer than the given age; return how many."""
        sent_total = 0
        while True:
            sent = self._send(
                "created_at < UTC_TIMESTAMP(6) - INTERVAL %s MICROSECOND",
                [int(older_than_seconds * 1_000_000)],
            )
            sent_total += sent
            if sent < self.batch_size:
                return sent_total

    def pending(self) -> int:
        connection = self.db.connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) AS n FROM outbox WHERE published_at IS NULL")
            count = int(cursor.fetchone()["n"])
        connection.commit()
        return count

    def _send(self, condition: str, params: list[Any]) -> int:
        connection = self.db.connection()
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT event_id, source, detail_type, detail FROM outbox"
                    f" WHERE published_at IS NULL AND {condition}"
                    " ORDER BY id LIMIT %s FOR UPDATE SKIP LOCKED",
                    [*params, self.batch_size],
                )
                rows = cursor.fetchall()
                if not rows:
                    connection.commit()
                    return 0
                failed = self.publisher.publish([Outgoing(**row) for row in rows])
                sent = [row["event_id"] for row in rows if row["event_id"] not in failed]
                if sent:
                    marks = placeholders(sent)
                    cursor.execute(
                        "UPDATE outbox SET published_at = UTC_TIMESTAMP(6)"
                        f" WHERE event_id IN ({marks})",
                        sent,
                    )
                if failed:
                    marks = placeholders(failed)
                    cursor.execute(
                        f"UPDATE outbox SET attempts = attempts + 1 WHERE event_id IN ({marks})",
                        sorted(failed),
                    )
            connection.commit()
            return len(sent)
        except Exception:
            connection.rollback()
            raise
