"""Projecting events into the read model. Each event is handled once (its inbox claim
commits with its effect) and bumps the read model's generation, which retires every
cached report."""

from __future__ import annotations

from dataclasses import replace

from reporting.domain import events
from reporting.service_layer.unit_of_work import ReadModel, UnitOfWork
from riskplatform.events import Envelope
from riskplatform.timestamps import parse


def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    event = events.read(envelope.source, envelope.detail_type, envelope.data)
    if event is None:
        return  # not projected by reporting
    if isinstance(event, events.RiskState):  # its history starts at the event's own time
        event = replace(event, occurred_at=parse(envelope.metadata.occurred_at))
    with uow:
        if not uow.claim(envelope):
            return  # handled before
        project(event, uow.read_model)
        uow.read_model.bump_generation()  # last: the generation row is locked until commit
        uow.commit()


def project(event: events.Event, read_model: ReadModel) -> None:
    match event:
        case events.DivisionRegistered():
            read_model.save_division(event)
        case events.DivisionRenamed():
            read_model.rename_division(event)
        case events.DivisionMoved():
            read_model.move_division(event)
        case events.DivisionRetired():
            read_model.retire_division(event)
        case events.RiskState():
            read_model.save_risk(event)
        case events.RiskScored():
            read_model.save_score(event)
        case events.SolutionState():
            read_model.save_solution(event)
        case events.LinkChanged():
            read_model.save_link(event)
        case events.BreachChanged():
            read_model.save_breach(event)
        case events.ModelPublished():
            read_model.save_model(event)
        case events.KriDefinition():
            read_model.save_kri(event)
        case events.KriReading():
            read_model.save_kri_reading(event)
