"""Key risk indicators: a measure defined per risk with amber and red thresholds. Pure
Python. A red indicator raises the risk's effective likelihood by one step, an amber one
by its ``amber_steps`` (0, the default, or 1); when its latest reading is no longer red
(or amber), or is older than the indicator's staleness period, the step goes again.
Definitions change through PATCH (If-Match) and are retired, never deleted; each change
is announced (KriDefined, KriChanged, KriRetired)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from riskplatform.errors import Conflict, InvalidInput
from riskplatform.events import AggregateRef, DomainEvent
from riskplatform.timestamps import iso
from riskplatform.vocabulary import KriDefinition

HIGHER_IS_WORSE, LOWER_IS_WORSE = "higher_is_worse", "lower_is_worse"
GREEN, AMBER, RED = "green", "amber", "red"
RED_LIKELIHOOD_STEPS = 1
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of our clock a reading may be observed
DEFAULT_STALE_AFTER_DAYS = 90
MAX_STALE_AFTER_DAYS = 3660
CHANGEABLE = ("name", "unit", "direction", "amber", "red", "stale_after_days", "amber_steps")


class StaleVersion(Conflict):
    """A change made against a version the client no longer holds (412, ADR 10)."""

    status = 412


@dataclass(frozen=True)
class Kri(KriDefinition):
    """An indicator: its definition, with the defaults a new one gets, checked."""

    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS  # a reading older than this counts nothing
    amber_steps: int = 0  # likelihood steps an amber reading adds: 0 (none) or 1

    def __post_init__(self) -> None:
        worse = (
            self.red > self.amber if self.direction == HIGHER_IS_WORSE else self.red < self.amber
        )
        if not worse:
            side = "above" if self.direction == HIGHER_IS_WORSE else "below"
            raise InvalidInput(f"red must be {side} amber for {self.direction}", field="red")
        if not 1 <= self.stale_after_days <= MAX_STALE_AFTER_DAYS:
            raise InvalidInput(
                f"a reading stays current for 1 to {MAX_STALE_AFTER_DAYS} days",
                field="staleAfterDays",
            )
        if self.amber_steps not in (0, RED_LIKELIHOOD_STEPS):
            raise InvalidInput(
                f"amber raises the likelihood 0 or {RED_LIKELIHOOD_STEPS} steps",
                field="amberSteps",
            )

    def status(self, value: float) -> str:
        if self.direction == LOWER_IS_WORSE:
            return RED if value <= self.red else AMBER if value <= self.amber else GREEN
        return RED if value >= self.red else AMBER if value >= self.amber else GREEN


@dataclass(frozen=True)
class Reading:
    reading_id: str
    kri_id: str
    value: float
    observed_at: datetime
    source: str

    def check_observed_by(self, now: datetime) -> None:
        """A reading from the future (beyond a little clock skew) would stay the latest
        and hide every real one: it is refused."""
        if self.observed_at > now + CLOCK_SKEW:
            raise InvalidInput(
                f"is in the future: readings may be at most {CLOCK_SKEW.seconds // 60}"
                " minutes ahead of the platform's clock",
                field="observedAt",
            )

    def newer_than(self, other: Reading | None) -> bool:
        """The latest reading counts: by observation time, then by id so that every
        delivery order agrees."""
        return other is None or (self.observed_at, self.reading_id) > (
            other.observed_at,
            other.reading_id,
        )


@dataclass(frozen=True)
class KriStatus:
    """What a score sees of an indicator: its status from the latest reading, when that
    reading was observed, and how the indicator counts. ``stale`` is set when scored."""

    kri_id: str
    name: str
    status: str
    observed_on: date | None = None
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS
    amber_steps: int = 0
    stale: bool = False

    def last_counting_day(self) -> date | None:
        """The last day the latest reading counts; None when it has no date."""
        if self.observed_on is None:
            return None
        return self.observed_on + timedelta(days=self.stale_after_days)

    def as_of(self, today: date) -> KriStatus:
        last = self.last_counting_day()
        return replace(self, stale=last is not None and today > last)

    @property
    def steps(self) -> int:
        """Likelihood steps it adds (once ``as_of`` has said whether it is stale)."""
        if self.stale:
            return 0
        return {RED: RED_LIKELIHOOD_STEPS, AMBER: self.amber_steps}.get(self.status, 0)


@dataclass
class KriRecord:
    """An indicator as stored: its definition, who defined and last changed it, its
    latest reading, its version (the ETag) and whether it is retired."""

    kri: Kri
    defined_by: str
    defined_at: datetime
    latest: Reading | None
    status: str | None
    version: int = 1
    retired: bool = False
    changed_by: str | None = None
    changed_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    def stale(self, today: date) -> bool:
        if self.latest is None:
            return False
        last = self.latest.observed_at.date() + timedelta(days=self.kri.stale_after_days)
        return today > last

    def expect_version(self, expected: int) -> None:
        if expected != self.version:
            raise StaleVersion(
                f"this indicator is at version {self.version}, not {expected}; read it again"
                " and reapply your change",
                field="If-Match",
                location="header",
            )

    def _check_live(self) -> None:
        if self.retired:
            raise Conflict("this indicator is retired", field="kri_id", location="path")

    def defined(self, division_id: str) -> None:
        self.events.append(self._event(KriDefined, division_id, self.defined_by, self.defined_at))

    def change(
        self,
        changes: Mapping[str, Any],
        expected_version: int,
        division_id: str,
        by: str,
        now: datetime,
    ) -> bool:
        """Change the definition (the thresholds, how it counts); False when nothing
        changes (no new version, no event). The status is taken again from the latest
        reading."""
        self.expect_version(expected_version)
        self._check_live()
        unknown = set(changes) - set(CHANGEABLE)
        assert not unknown, unknown
        changed = sorted(name for name in changes if getattr(self.kri, name) != changes[name])
        if not changed:
            return False
        self.kri = replace(self.kri, **{name: changes[name] for name in changed})
        if self.latest is not None:
            self.status = self.kri.status(self.latest.value)
        self._bump(by, now)
        event = self._event(KriChanged, division_id, by, now, changed=changed)
        self.events.append(event)
        return True

    def retire(self, expected_version: int, division_id: str, by: str, now: datetime) -> None:
        """It counts no more, and takes no readings through the API; kept as history."""
        self.expect_version(expected_version)
        self._check_live()
        self.retired = True
        self._bump(by, now)
        self.events.append(self._event(KriRetired, division_id, by, now))

    def _bump(self, by: str, now: datetime) -> None:
        self.version += 1
        self.changed_by, self.changed_at = by, now

    def _event(
        self, kind: type[KriDefined], division_id: str, by: str, at: datetime, **extra: Any
    ) -> KriDefined:
        return kind(
            **asdict(self.kri),
            division_id=division_id,
            retired=self.retired,
            version=self.version,
            changed_by=by,
            changed_at=iso(at),
            **extra,
        )


class KriDefined(DomainEvent, KriDefinition):
    """A key risk indicator was defined for a risk (its whole definition)."""

    detail_type = "KriDefined"

    division_id: str
    retired: bool
    version: int
    changed_by: str
    changed_at: str

    def aggregate(self) -> AggregateRef:
        return AggregateRef(self.kri_id, self.version, self.division_id)


class KriChanged(KriDefined):
    """A key risk indicator's definition changed: its whole new definition, and which
    fields changed."""

    detail_type = "KriChanged"

    changed: list[str]


class KriRetired(KriDefined):
    """A key risk indicator was retired: it no longer counts in its risk's score."""

    detail_type = "KriRetired"
