"""Projecting events into the read model. Each event is handled once (its inbox claim
commits with its effect) and bumps the read model's generation, which retires every
cached report. ``EVENTS`` lists every event reporting's rule routes to it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from typing import Any

from reporting.domain import events
from reporting.domain.events import INTAKE, SCORING
from reporting.service_layer.unit_of_work import ReadModel, UnitOfWork
from riskplatform.access_store import project_membership
from riskplatform.dispatch import EventTable, Route
from riskplatform.events import Envelope
from riskplatform.memberships import MembershipChanged, MembershipGranted, MembershipRevoked
from riskplatform.timestamps import parse

Data = dict[str, Any]


def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    route = EVENTS.route(envelope.source, envelope.detail_type)
    if route is not None:
        route(envelope, uow)


def read(source: str, detail_type: str, data: Data) -> Any:
    """The event in reporting's terms, as its route reads it."""
    route = EVENTS.route(source, detail_type)
    return None if route is None else route.read(data)


def save_once(envelope: Envelope, uow: UnitOfWork, save: Callable[[ReadModel], None]) -> None:
    with uow:
        if not uow.claim(envelope):
            return  # handled before
        save(uow.read_model)
        uow.read_model.bump_generation()  # last: the generation row is locked until commit
        uow.commit()


def projection[E](
    read: Callable[[Data], E], save: Callable[[ReadModel, E], None]
) -> Route[E, UnitOfWork]:
    """An event read and saved into the read model, once."""

    def project(event: E, envelope: Envelope, uow: UnitOfWork) -> None:
        save_once(envelope, uow, lambda read_model: save(read_model, event))

    return Route(read, project)


def risk_state(read: Callable[[Data], events.RiskState]) -> Route[events.RiskState, UnitOfWork]:
    """A risk's state, whose history starts at the event's own time (its metadata)."""

    def project(event: events.RiskState, envelope: Envelope, uow: UnitOfWork) -> None:
        state = replace(event, occurred_at=parse(envelope.metadata.occurred_at))
        save_once(envelope, uow, lambda read_model: read_model.save_risk(state))

    return Route(read, project)


def timed[E](
    read: Callable[[Data], E], save: Callable[[ReadModel, E, datetime], None]
) -> Route[E, UnitOfWork]:
    """An event saved with its own time (its metadata's), from which the history it
    starts holds (ADR 63)."""

    def project(event: E, envelope: Envelope, uow: UnitOfWork) -> None:
        at = parse(envelope.metadata.occurred_at)
        save_once(envelope, uow, lambda read_model: save(read_model, event, at))

    return Route(read, project)


def membership(read: Callable[[Data], MembershipChanged]) -> Route[MembershipChanged, UnitOfWork]:
    """Whom the API's callers work for: the service's copy of the memberships."""

    def project(_: MembershipChanged, envelope: Envelope, uow: UnitOfWork) -> None:
        project_membership(envelope, uow)

    return Route(read, project)


# Every event reporting's rule routes to it: adding one is one line here (ADR 67).
EVENTS: EventTable[Route[Any, UnitOfWork]] = EventTable(
    "reporting",
    {
        (INTAKE, "DivisionRegistered"): projection(
            events.DivisionRegistered.of, lambda m, e: m.save_division(e)
        ),
        (INTAKE, "DivisionRenamed"): projection(
            events.DivisionRenamed.of, lambda m, e: m.rename_division(e)
        ),
        (INTAKE, "DivisionMoved"): projection(
            events.DivisionMoved.of, lambda m, e: m.move_division(e)
        ),
        (INTAKE, "DivisionRetired"): projection(
            events.DivisionRetired.of, lambda m, e: m.retire_division(e)
        ),
        (INTAKE, "RiskCaptured"): risk_state(events.RiskState.captured),
        (INTAKE, "RiskChanged"): risk_state(events.RiskState.of),
        (INTAKE, "SolutionRegistered"): timed(
            events.SolutionState.of, lambda m, e, at: m.save_solution(e, at)
        ),
        (INTAKE, "SolutionChanged"): timed(
            events.SolutionState.of, lambda m, e, at: m.save_solution(e, at)
        ),
        (INTAKE, "SolutionLinked"): timed(
            events.LinkChanged.reader(linked=True), lambda m, e, at: m.save_link(e, at)
        ),
        (INTAKE, "SolutionUnlinked"): timed(
            events.LinkChanged.reader(linked=False), lambda m, e, at: m.save_link(e, at)
        ),
        (INTAKE, "MembershipGranted"): membership(MembershipGranted.model_validate),
        (INTAKE, "MembershipRevoked"): membership(MembershipRevoked.model_validate),
        (SCORING, "RiskScored"): projection(events.RiskScored.of, lambda m, e: m.save_score(e)),
        (SCORING, "AppetiteBreached"): projection(
            events.BreachChanged.reader(in_breach=True), lambda m, e: m.save_breach(e)
        ),
        (SCORING, "AppetiteRestored"): projection(
            events.BreachChanged.reader(in_breach=False), lambda m, e: m.save_breach(e)
        ),
        (SCORING, "ScoringModelPublished"): projection(
            events.ModelPublished.of, lambda m, e: m.save_model(e)
        ),
        (SCORING, "KriDefined"): projection(events.KriDefinition.of, lambda m, e: m.save_kri(e)),
        (SCORING, "KriChanged"): projection(events.KriDefinition.of, lambda m, e: m.save_kri(e)),
        (SCORING, "KriRetired"): projection(events.KriDefinition.of, lambda m, e: m.save_kri(e)),
        (SCORING, "KriReadingRecorded"): projection(
            events.KriReading.of, lambda m, e: m.save_kri_reading(e)
        ),
    },
)
