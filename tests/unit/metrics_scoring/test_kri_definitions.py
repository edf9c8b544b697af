"""Key risk indicator definitions: checked when defined or changed, versioned, retired,
and announced; readings that count only for the indicator's staleness period."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from metrics_scoring.domain.kri import (
    Kri,
    KriChanged,
    KriDefined,
    KriRecord,
    KriRetired,
    KriStatus,
    Reading,
    StaleVersion,
)
from riskplatform.contracts import default_contracts
from riskplatform.errors import Conflict, InvalidInput
from riskplatform.events import Envelope, MessageContext

NOW = datetime(2026, 11, 25, 8, tzinfo=UTC)
ON_TIME = Kri("otd", "risk", "On-time delivery", "%", "lower_is_worse", 95, 90)


def record() -> KriRecord:
    reading = Reading("r1", "otd", 93, datetime(2026, 11, 20, tzinfo=UTC), "api")
    return KriRecord(ON_TIME, "admin@example.com", NOW, reading, ON_TIME.status(93))


def valid(event: KriDefined) -> None:
    envelope = Envelope.wrap(event, producer="metrics-scoring", context=MessageContext.new())
    default_contracts().validate(envelope.source, envelope.detail_type, envelope.detail)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"stale_after_days": 0}, "staleAfterDays"),
        ({"stale_after_days": 3661}, "staleAfterDays"),
        ({"amber_steps": 2}, "amberSteps"),
        ({"red": 96}, "red"),
    ],
)
def test_a_bad_definition_is_refused_naming_the_field(changes, field):
    with pytest.raises(InvalidInput) as refused:
        record().change(changes, 1, "division", "admin@example.com", NOW)
    assert refused.value.field == field


def test_a_change_takes_the_status_again_and_is_announced_with_what_changed():
    kri = record()
    assert kri.status == "amber"
    assert kri.change({"red": 94, "amber": 96, "unit": "%"}, 1, "division", "me", NOW)
    assert (kri.status, kri.version, kri.changed_by) == ("red", 2, "me")
    [changed] = kri.events
    assert isinstance(changed, KriChanged)
    assert (changed.changed, changed.version, changed.division_id) == (
        ["amber", "red"],
        2,
        "division",
    )
    valid(changed)


def test_the_same_values_again_change_nothing():
    kri = record()
    assert not kri.change({"red": 90, "name": "On-time delivery"}, 1, "division", "me", NOW)
    assert (kri.version, kri.events) == (1, [])


def test_a_change_against_an_older_version_is_412_and_a_retired_one_409():
    kri = record()
    with pytest.raises(StaleVersion) as stale:
        kri.change({"red": 80}, 3, "division", "me", NOW)
    assert (stale.value.status, stale.value.field) == (412, "If-Match")
    kri.retire(1, "division", "me", NOW)
    assert (kri.retired, kri.version) == (True, 2)
    assert isinstance(kri.events[-1], KriRetired)
    valid(kri.events[-1])
    with pytest.raises(Conflict) as retired:
        kri.change({"red": 80}, 2, "division", "me", NOW)
    assert (retired.value.status, retired.value.field, retired.value.location) == (
        409,
        "kri_id",
        "path",
    )


def test_a_definition_is_announced():
    kri = record()
    kri.defined("division")
    [defined] = kri.events
    assert type(defined) is KriDefined
    valid(defined)


@pytest.mark.parametrize(
    ("status", "amber_steps", "today", "steps"),
    [
        ("red", 0, date(2027, 2, 18), 1),  # 90 days after 2026-11-20: the last day it counts
        ("red", 0, date(2027, 2, 19), 0),
        ("amber", 0, date(2026, 11, 25), 0),
        ("amber", 1, date(2026, 11, 25), 1),
        ("green", 1, date(2026, 11, 25), 0),
    ],
)
def test_what_an_indicator_adds_to_the_likelihood(status, amber_steps, today, steps):
    kri = KriStatus("k", "KRI", status, date(2026, 11, 20), 90, amber_steps)
    assert kri.as_of(today).steps == steps
    assert record().stale(today) == (today > date(2027, 2, 18))
