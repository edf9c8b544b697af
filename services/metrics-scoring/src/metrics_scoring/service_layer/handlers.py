"""The events metrics-scoring consumes. Each is handled once (inbox) in one unit of work:
the input it carries is recorded version-gated, and the risks it touches are rescored in
the same transaction, or, when it may touch many (a division, a solution), a rescore job
is opened, whose id the handler returns for the caller to run."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from metrics_scoring.domain.calculation import Assessment, FmeaRatings
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.jobs import RescoreJob, Scope
from metrics_scoring.domain.kri import Reading
from metrics_scoring.service_layer.rescoring import rescore
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.access_store import project_membership
from riskplatform.dispatch import EventTable
from riskplatform.errors import NotFound
from riskplatform.events import Envelope, source
from riskplatform.timestamps import day, parse

Handler = Callable[[Envelope, UnitOfWork, datetime], str | None]

INTAKE = source("risk-intake")
SCORING = source("metrics-scoring")


def cause_of(event: Envelope) -> Cause:
    return Cause(event.event_id, event.detail_type)


def record_assessment(event: Envelope, uow: UnitOfWork, now: datetime) -> None:
    """RiskAssessed: the newest assessment (by risk version) is the one scored."""
    data = event.data
    fmea = data.get("fmea")
    assessment = Assessment(
        assessment_id=data["assessment_id"],
        risk_version=data["version"],
        likelihood=data["likelihood"],
        impact=data["impact"],
        fmea=FmeaRatings(**fmea) if fmea else None,
        assessed_at=parse(data["assessed_at"]),
    )
    with uow:
        if not uow.claim(event):
            return None
        uow.inputs.record_assessment(data["risk_id"], data["division_id"], assessment)
        rescore(uow, [data["risk_id"]], cause_of(event), now)
        uow.commit()
    return None


def record_risk(event: Envelope, uow: UnitOfWork, now: datetime) -> None:
    """RiskCaptured, RiskChanged: the risk's division, category, workflow status,
    retired flag and acceptance (both events carry the whole risk state)."""
    data = event.data
    with uow:
        if not uow.claim(event):
            return None
        uow.inputs.record_risk(
            data["risk_id"],
            data["division_id"],
            data["version"],
            data["category"],
            status=data["status"],
            retired=bool(data.get("retired", False)),
            acceptance=data.get("acceptance"),
        )
        rescore(uow, [data["risk_id"]], cause_of(event), now)
        uow.commit()
    return None


def record_link(event: Envelope, uow: UnitOfWork, now: datetime) -> None:
    """SolutionLinked, SolutionUnlinked: the link's latest state (by risk version)."""
    data = event.data
    with uow:
        if not uow.claim(event):
            return None
        uow.inputs.record_link(
            data["risk_id"],
            data["solution_id"],
            data["division_id"],
            data["risk_version"],
            linked=event.detail_type == "SolutionLinked",
        )
        rescore(uow, [data["risk_id"]], cause_of(event), now)
        uow.commit()
    return None


def record_solution(event: Envelope, uow: UnitOfWork, now: datetime) -> str | None:
    """SolutionRegistered, SolutionChanged: a job rescores every risk linked to it."""
    data = event.data
    solution = Solution(
        solution_id=data["solution_id"],
        title=data["title"],
        kind=data["kind"],
        status=data["status"],
        design_effectiveness=data["design_effectiveness"],
        test_result=data["test_result"],
        next_test_due=day(data["next_test_due"]),
    )
    with uow:
        if not uow.claim(event):
            return None
        if not uow.inputs.record_solution(solution, data["version"]):
            uow.commit()
            return None
        return _open_job(event, uow, now, Scope(solution_id=solution.solution_id))


def record_division(event: Envelope, uow: UnitOfWork, now: datetime) -> str | None:
    """DivisionRegistered, DivisionMoved: the lineage of every division under it may have
    changed, and with it which appetite applies to their risks."""
    data = event.data
    division_id = data["division_id"]
    with uow:
        if not uow.claim(event):
            return None
        if not uow.inputs.record_division(division_id, data["parent_id"], data["version"]):
            uow.commit()
            return None
        scope = Scope(divisions=frozenset(uow.inputs.division_tree().subtree(division_id)))
        return _open_job(event, uow, now, scope)


def record_kri_reading(event: Envelope, uow: UnitOfWork, now: datetime) -> None:
    """KriReadingRecorded: from a downstream system, or our own API (then recorded
    already, and nothing happens)."""
    data = event.data
    reading = Reading(
        reading_id=data["reading_id"],
        kri_id=data["kri_id"],
        value=data["value"],
        observed_at=parse(data["observed_at"]),
        source=data["source"],
    )
    with uow:
        if not uow.claim(event):
            return None
        apply_reading(uow, reading, cause_of(event), now)
        uow.commit()
    return None


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


def record_membership(event: Envelope, uow: UnitOfWork, now: datetime) -> None:
    """MembershipGranted, MembershipRevoked: whom the API's callers work for (the
    service's copy of the memberships)."""
    project_membership(event, uow)
    return None


# Every event metrics-scoring's rule routes to it: adding one is one line here (ADR 67).
# Its own KriReadingRecorded comes back too (recorded already, nothing happens).
EVENTS: EventTable[Handler] = EventTable(
    "metrics-scoring",
    {
        (INTAKE, "RiskAssessed"): record_assessment,
        (INTAKE, "RiskCaptured"): record_risk,
        (INTAKE, "RiskChanged"): record_risk,
        (INTAKE, "SolutionLinked"): record_link,
        (INTAKE, "SolutionUnlinked"): record_link,
        (INTAKE, "SolutionRegistered"): record_solution,
        (INTAKE, "SolutionChanged"): record_solution,
        (INTAKE, "DivisionRegistered"): record_division,
        (INTAKE, "DivisionMoved"): record_division,
        (INTAKE, "MembershipGranted"): record_membership,
        (INTAKE, "MembershipRevoked"): record_membership,
        (SCORING, "KriReadingRecorded"): record_kri_reading,
    },
)
