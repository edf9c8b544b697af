"""Moments as the platform writes them: ISO 8601 in UTC with milliseconds and a Z in
events and APIs, and naive UTC in MySQL DATETIME columns (which hold no zone)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import overload


def iso(moment: datetime) -> str:
    """``2026-11-27T10:45:43.811Z``: what every event and API says a moment is."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def now_iso() -> str:
    return iso(datetime.now(UTC))


def parse(text: str) -> datetime:
    """A moment from an event or a request, in UTC (one without a zone is taken as UTC)."""
    moment = datetime.fromisoformat(text)
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def day(text: str | None) -> date | None:
    """A date from an event or a request (``2026-11-27``), or None."""
    return date.fromisoformat(text) if text else None


def to_db(moment: datetime) -> datetime:
    """For a DATETIME column: the moment in UTC, without its zone."""
    return moment.astimezone(UTC).replace(tzinfo=None)


@overload
def from_db(moment: datetime) -> datetime: ...
@overload
def from_db(moment: None) -> None: ...
def from_db(moment: datetime | None) -> datetime | None:
    """From a DATETIME column (UTC without a zone): the moment, aware again."""
    return moment.replace(tzinfo=UTC) if moment is not None else None
