"""Projecting events into the read model. Each event is handled once (its inbox claim
commits with its effect) and bumps the read model's generation, which retires every
cached report."""

from __future__ import annotations

from reporting.domain import events
from reporting.service_layer.unit_of_work import UnitOfWork
from riskplatform.events import Envelope


def handle(envelope: Envelope, uow: UnitOfWork) -> None:
    event = events.read(envelope.source, envelope.detail_type, envelope.data)
    if event is None:
        return  # not projected by reporting
    with uow:
        if not uow.claim(envelope):
            return  # handled before
        match event:
            case events.DivisionRegistered():
                uow.read_model.save_division(event)
            case events.RiskCaptured():
                uow.read_model.save_capture(event)
            case events.RiskScored():
                uow.read_model.save_score(event)
        uow.read_model.bump_generation()  # last: the generation row is locked until commit
        uow.commit()
