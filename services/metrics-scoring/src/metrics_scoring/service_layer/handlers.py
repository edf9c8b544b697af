"""The events metrics-scoring consumes. Each is handled once (inbox) in one unit of work:
the input it carries is recorded version-gated, and the risks it touches are rescored in
the same transaction, or, when it may touch many (a division, a solution), a rescore job
is opened, whose id the handler returns for the caller to run."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from metrics_scoring.domain import received
from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.jobs import RescoreJob, Scope
from metrics_scoring.domain.kri import Reading
from metrics_scoring.service_layer.rescoring import rescore
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.access_store import project_membership
from riskplatform.dispatch import EventTable, Route
from riskplatform.errors import NotFound
from riskplatform.events import Envelope, source
from riskplatform.memberships import MembershipChanged, MembershipGranted, MembershipRevoked

INTAKE = source("risk-intake")
SCORING = source("metrics-scoring")


@dataclass(frozen=True)
class Handling:
    """What a use case is given besides its event: the unit of work, and the time."""

    uow: UnitOfWork
    now: datetime


def handle(envelope: Envelope, uow: UnitOfWork, now: datetime) -> str | None:
    """The event through its use case; the id of the rescore job it opened, if any."""
    route = EVENTS.route(envelope.source, envelope.detail_type)
    if route is None:  # ignored on purpose
        return None
    job_id = route(envelope, Handling(uow, now))
    return job_id if isinstance(job_id, str) else None


def cause_of(event: Envelope) -> Cause:
    return Cause(event.event_id, event.detail_type)


def record_assessment(event: received.RiskAssessed, envelope: Envelope, given: Handling) -> None:
    """RiskAssessed: the newest assessment (by risk version) is the one scored."""
    uow = given.uow
    with uow:
        if not uow.claim(envelope):
            return
        uow.inputs.record_assessment(event.risk_id, event.division_id, event.assessment)
        rescore(uow, [event.risk_id], cause_of(envelope), given.now)
        uow.commit()


def record_risk(event: received.RiskState, envelope: Envelope, given: Handling) -> None:
    """RiskCaptured, RiskChanged: the risk's division, category, workflow status,
    retired flag and acceptance."""
    uow = given.uow
    with uow:
        if not uow.claim(envelope):
            return
        uow.inputs.record_risk(
            event.risk_id,
            event.division_id,
            event.version,
            event.category,
            status=event.status,
            retired=event.retired,
            acceptance=event.acceptance,
        )
        rescore(uow, [event.risk_id], cause_of(envelope), given.now)
        uow.commit()


def record_link(event: received.LinkChanged, envelope: Envelope, given: Handling) -> None:
    """SolutionLinked, SolutionUnlinked: the link's latest state (by risk version)."""
    uow = given.uow
    with uow:
        if not uow.claim(envelope):
            return
        uow.inputs.record_link(
            event.risk_id, event.solution_id, event.division_id, event.risk_version, event.linked
        )
        rescore(uow, [event.risk_id], cause_of(envelope), given.now)
        uow.commit()


def record_solution(
    event: received.SolutionState, envelope: Envelope, given: Handling
) -> str | None:
    """SolutionRegistered, SolutionChanged: a job rescores every risk linked to it."""
    uow = given.uow
    with uow:
        if not uow.claim(envelope):
            return None
        if not uow.inputs.record_solution(event.solution, event.version):
            uow.commit()
            return None
        scope = Scope(solution_id=event.solution.solution_id)
        return _open_job(envelope, uow, given.now, scope)


def record_division(
    event: received.DivisionPlaced, envelope: Envelope, given: Handling
) -> str | None:
    """DivisionRegistered, DivisionMoved: the lineage of every division under it may have
    changed, and with it which appetite applies to their risks."""
    uow = given.uow
    with uow:
        if not uow.claim(envelope):
            return None
        if not uow.inputs.record_division(event.division_id, event.parent_id, event.version):
            uow.commit()
            return None
        subtree = uow.inputs.division_tree().subtree(event.division_id)
        return _open_job(envelope, uow, given.now, Scope(divisions=frozenset(subtree)))


def record_kri_reading(reading: Reading, envelope: Envelope, given: Handling) -> None:
    """KriReadingRecorded: from a downstream system, or our own API (then recorded
    already, and nothing happens)."""
    uow = given.uow
    with uow:
        if not uow.claim(envelope):
            return
        apply_reading(uow, reading, cause_of(envelope), given.now)
        uow.commit()


def apply_reading(uow: UnitOfWork, reading: Reading, cause: Cause, now: datetime) -> bool:
    """Record a reading once; when it is the indicator's latest, take its status and
    rescore the risk. False when the reading was recorded before."""
    reading.check_observed_by(now)
    record = uow.kris.get(reading.kri_id, for_update=True)
    if record is None:
        raise NotFound("no key risk indicator has this id", field="kri_id", location="path")
    if not uow.kris.add_reading(reading, now):
        return False
    if reading.newer_than(record.latest):
        uow.kris.set_latest(reading, record.kri.status(reading.value))
        rescore(uow, [record.kri.risk_id], cause, now)
    return True


def _open_job(event: Envelope, uow: UnitOfWork, now: datetime, scope: Scope) -> str | None:
    """Inside the event's unit of work: open a job, if any assessed risk is in scope, and
    commit."""
    if not uow.inputs.risk_ids(scope, "", 1):
        uow.commit()
        return None
    job = RescoreJob.open(
        scope,
        event.detail_type,
        event.metadata.correlation_id,
        now,
        cause_event_id=event.event_id,
    )
    uow.jobs.add(job)
    uow.commit()
    return job.job_id


def record_membership(_: MembershipChanged, envelope: Envelope, given: Handling) -> None:
    """MembershipGranted, MembershipRevoked: whom the API's callers work for (the
    service's copy of the memberships)."""
    project_membership(envelope, given.uow)


# Every event metrics-scoring's rule routes to it, each read into scoring's terms and
# handed to its use case: adding one is one line here (ADR 67). Its own
# KriReadingRecorded comes back too (recorded already, nothing happens).
EVENTS: EventTable[Route[Any, Handling]] = EventTable(
    "metrics-scoring",
    {
        (INTAKE, "RiskAssessed"): Route(received.RiskAssessed.of, record_assessment),
        (INTAKE, "RiskCaptured"): Route(received.RiskState.of, record_risk),
        (INTAKE, "RiskChanged"): Route(received.RiskState.of, record_risk),
        (INTAKE, "SolutionLinked"): Route(received.LinkChanged.reader(linked=True), record_link),
        (INTAKE, "SolutionUnlinked"): Route(received.LinkChanged.reader(linked=False), record_link),
        (INTAKE, "SolutionRegistered"): Route(received.SolutionState.of, record_solution),
        (INTAKE, "SolutionChanged"): Route(received.SolutionState.of, record_solution),
        (INTAKE, "DivisionRegistered"): Route(received.DivisionPlaced.of, record_division),
        (INTAKE, "DivisionMoved"): Route(received.DivisionPlaced.of, record_division),
        (INTAKE, "MembershipGranted"): Route(MembershipGranted.model_validate, record_membership),
        (INTAKE, "MembershipRevoked"): Route(MembershipRevoked.model_validate, record_membership),
        (SCORING, "KriReadingRecorded"): Route(received.reading_of, record_kri_reading),
    },
)
