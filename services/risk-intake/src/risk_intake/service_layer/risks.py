"""Use cases of risks: capture, change along the workflow, assess, retire, link to
solutions, and read (one, its history, its audit trail, or a searched page). Each runs in
one unit of work: the change, its events and its audit entries commit together."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from risk_intake.domain import commands
from risk_intake.domain.base import AuditEntry, new_id
from risk_intake.domain.queries import RiskQuery
from risk_intake.domain.risks import Assessment, Risk, RiskStatus
from risk_intake.domain.solutions import Solution
from risk_intake.service_layer.access import (
    actor,
    division_to_act_in,
    lineage_to_read,
    not_found,
    readable,
    scope,
)
from risk_intake.service_layer.unit_of_work import Lock, UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import InvalidInput
from riskplatform.paging import Page


@dataclass(frozen=True)
class RiskDetails:
    """A risk with the solutions linked to it that the caller may read."""

    risk: Risk
    solutions: list[Solution]


def capture_risk(cmd: commands.CaptureRisk, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    with uow:
        division, lineage = division_to_act_in(caller, uow, Action.WRITE_RISKS, cmd.division_id)
        if cmd.fields.get("status") == RiskStatus.ACCEPTED:
            caller.require(Action.ACCEPT_RISKS, lineage)
        risk = Risk.capture(division, cmd.fields, actor(caller), datetime.now(UTC))
        uow.risks.add(risk)
        uow.commit()
    return RiskDetails(risk, [])


def change_risk(cmd: commands.ChangeRisk, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    """Accepting a risk takes a risk manager; moving it takes write access at both ends."""
    with uow:
        risk, lineage = _risk_to_write(caller, uow, cmd.risk_id)
        risk.expect_version(cmd.expected_version)
        target = None
        moving_to = cmd.changes.get("division_id", risk.division_id)
        if moving_to != risk.division_id:
            target, lineage = division_to_act_in(caller, uow, Action.WRITE_RISKS, moving_to)
        accepting = cmd.changes.get("status") == RiskStatus.ACCEPTED
        if (accepting and risk.status != RiskStatus.ACCEPTED) or "acceptance" in cmd.changes:
            caller.require(Action.ACCEPT_RISKS, lineage)
        if risk.change(cmd.changes, actor(caller), datetime.now(UTC), division=target):
            uow.risks.update(risk)
        details = _details(risk, caller, uow)
        uow.commit()
    return details


def retire_risk(cmd: commands.RetireRisk, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    with uow:
        risk, _ = _risk_to_write(caller, uow, cmd.risk_id)
        risk.expect_version(cmd.expected_version)
        risk.retire(actor(caller), datetime.now(UTC))
        uow.risks.update(risk)
        details = _details(risk, caller, uow)
        uow.commit()
    return details


def assess_risk(cmd: commands.AssessRisk, caller: Caller, uow: UnitOfWork) -> Risk:
    with uow:
        risk, _ = _risk_to_write(caller, uow, cmd.risk_id)
        risk.expect_version(cmd.expected_version)
        assessment = Assessment(
            id=new_id(),
            likelihood=cmd.likelihood,
            impact=cmd.impact,
            assessed_by=actor(caller),
            assessed_at=datetime.now(UTC),
            justification=cmd.justification,
            fmea=cmd.fmea,
        )
        risk.assess(assessment)
        uow.risks.save_assessment(risk, assessment)
        uow.risks.update(risk)
        uow.commit()
    return risk


def link_solution(cmd: commands.LinkSolution, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    with uow:
        risk, _ = _risk_to_write(caller, uow, cmd.risk_id)
        risk.expect_version(cmd.expected_version)
        solution = uow.solutions.get(cmd.solution_id, lock="share")
        visible = readable(caller, uow)
        if solution is None or (visible is not None and solution.division_id not in visible):
            raise InvalidInput("no solution has this id", field="solutionId")
        risk.link(solution, actor(caller), datetime.now(UTC))
        uow.risks.link(risk, solution, actor(caller))
        uow.risks.update(risk)
        details = _details(risk, caller, uow)
        uow.commit()
    return details


def unlink_solution(cmd: commands.UnlinkSolution, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    with uow:
        risk, _ = _risk_to_write(caller, uow, cmd.risk_id)
        risk.expect_version(cmd.expected_version)
        risk.unlink(cmd.solution_id, actor(caller), datetime.now(UTC))
        uow.risks.unlink(risk, cmd.solution_id)
        uow.risks.update(risk)
        details = _details(risk, caller, uow)
        uow.commit()
    return details


def get_risk(risk_id: str, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    with uow:
        risk = _risk_to_read(caller, uow, risk_id)
        return _details(risk, caller, uow)


def risk_assessments(risk_id: str, caller: Caller, uow: UnitOfWork) -> list[tuple[int, Assessment]]:
    """Every assessment of the risk with the risk version it made, newest first."""
    with uow:
        _risk_to_read(caller, uow, risk_id)
        return uow.risks.assessments(risk_id)


def risk_audit(risk_id: str, caller: Caller, uow: UnitOfWork) -> list[AuditEntry]:
    """Who changed what on the risk, and when, oldest first."""
    with uow:
        _risk_to_read(caller, uow, risk_id)
        return uow.audit.of(Risk.entity_type, risk_id)


def list_risks(query: RiskQuery, caller: Caller, uow: UnitOfWork) -> Page[Risk]:
    with uow:
        return uow.risks.search(query, scope(caller, uow, query.division_id))


def _risk_to_read(caller: Caller, uow: UnitOfWork, risk_id: str) -> Risk:
    risk, _ = _risk_with_lineage(caller, uow, risk_id, None)
    return risk


def _risk_to_write(caller: Caller, uow: UnitOfWork, risk_id: str) -> tuple[Risk, list[str]]:
    risk, lineage = _risk_with_lineage(caller, uow, risk_id, "update")
    caller.require(Action.WRITE_RISKS, lineage)
    return risk, lineage


def _risk_with_lineage(
    caller: Caller, uow: UnitOfWork, risk_id: str, lock: Lock
) -> tuple[Risk, list[str]]:
    risk = uow.risks.get(risk_id, lock=lock)
    if risk is None:
        raise not_found("risk_id")
    return risk, lineage_to_read(caller, uow, risk.division_id, "risk_id")


def _details(risk: Risk, caller: Caller, uow: UnitOfWork) -> RiskDetails:
    visible = readable(caller, uow)
    solutions = [
        s for s in uow.risks.solutions_of(risk.id) if visible is None or s.division_id in visible
    ]
    return RiskDetails(risk, solutions)
