"""Use cases of the risk register. Each runs in one unit of work: the state change and
the events it raises are committed together."""

from __future__ import annotations

from datetime import UTC, datetime

from risk_intake.domain import commands
from risk_intake.domain.model import Assessment, Division, Risk, new_id
from risk_intake.service_layer.unit_of_work import UnitOfWork
from riskplatform.errors import Conflict, InvalidInput, NotFound


def register_division(cmd: commands.RegisterDivision, uow: UnitOfWork) -> Division:
    with uow:
        parent = None
        if cmd.parent_id is not None:
            parent = uow.divisions.get(cmd.parent_id)
            if parent is None:
                raise InvalidInput("no division has this id", field="parentId")
        if uow.divisions.code_taken(cmd.code):
            raise Conflict(f"division code {cmd.code!r} is already in use", field="code")
        division = Division.register(cmd.code, cmd.name, parent)
        uow.divisions.add(division)
        uow.commit()
    return division


def capture_risk(cmd: commands.CaptureRisk, uow: UnitOfWork) -> Risk:
    with uow:
        division = uow.divisions.get(cmd.division_id)
        if division is None:
            raise InvalidInput("no division has this id", field="divisionId")
        risk = Risk.capture(
            division, cmd.title, cmd.description, cmd.category, cmd.owner_email, datetime.now(UTC)
        )
        uow.risks.add(risk)
        uow.commit()
    return risk


def assess_risk(cmd: commands.AssessRisk, uow: UnitOfWork) -> Risk:
    with uow:
        risk = uow.risks.get(cmd.risk_id, for_update=True)
        if risk is None:
            raise NotFound("no risk has this id", field="id")
        assessment = Assessment(
            id=new_id(),
            likelihood=cmd.likelihood,
            impact=cmd.impact,
            assessed_by=cmd.assessed_by,
            assessed_at=datetime.now(UTC),
            justification=cmd.justification,
        )
        risk.assess(assessment)
        uow.risks.save_assessment(risk, assessment)
        uow.commit()
    return risk


def get_risk(risk_id: str, uow: UnitOfWork) -> Risk:
    with uow:
        risk = uow.risks.get(risk_id)
    if risk is None:
        raise NotFound("no risk has this id", field="id")
    return risk
