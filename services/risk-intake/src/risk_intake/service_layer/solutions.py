"""Use cases of solutions (controls and mitigations): risk managers register, change and
retire them in their divisions; everyone who may read them sees which risks they answer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from risk_intake.domain import commands
from risk_intake.domain.base import AuditEntry
from risk_intake.domain.queries import SolutionQuery
from risk_intake.domain.risks import Risk
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
from riskplatform.paging import Page


@dataclass(frozen=True)
class SolutionDetails:
    """A solution with the risks it answers that the caller may read."""

    solution: Solution
    risks: list[Risk]


def register_solution(
    cmd: commands.RegisterSolution, caller: Caller, uow: UnitOfWork
) -> SolutionDetails:
    with uow:
        division, _ = division_to_act_in(caller, uow, Action.MANAGE_SOLUTIONS, cmd.division_id)
        solution = Solution.register(division, cmd.fields, actor(caller), datetime.now(UTC))
        uow.solutions.add(solution)
        uow.commit()
    return SolutionDetails(solution, [])


def change_solution(
    cmd: commands.ChangeSolution, caller: Caller, uow: UnitOfWork
) -> SolutionDetails:
    with uow:
        solution = _solution_to_manage(caller, uow, cmd.solution_id)
        solution.expect_version(cmd.expected_version)
        if solution.change(cmd.changes, actor(caller), datetime.now(UTC)):
            uow.solutions.update(solution)
        details = _details(solution, caller, uow)
        uow.commit()
    return details


def retire_solution(
    cmd: commands.RetireSolution, caller: Caller, uow: UnitOfWork
) -> SolutionDetails:
    """Solutions are retired, never deleted; their links stay as history."""
    with uow:
        solution = _solution_to_manage(caller, uow, cmd.solution_id)
        solution.expect_version(cmd.expected_version)
        solution.retire(actor(caller), datetime.now(UTC))
        uow.solutions.update(solution)
        details = _details(solution, caller, uow)
        uow.commit()
    return details


def get_solution(solution_id: str, caller: Caller, uow: UnitOfWork) -> SolutionDetails:
    with uow:
        return _details(_solution_to_read(caller, uow, solution_id), caller, uow)


def solution_audit(solution_id: str, caller: Caller, uow: UnitOfWork) -> list[AuditEntry]:
    with uow:
        _solution_to_read(caller, uow, solution_id)
        return uow.audit.of(Solution.entity_type, solution_id)


def list_solutions(query: SolutionQuery, caller: Caller, uow: UnitOfWork) -> Page[Solution]:
    with uow:
        return uow.solutions.search(query, scope(caller, uow, query.division_id))


def _solution_to_read(
    caller: Caller, uow: UnitOfWork, solution_id: str, lock: Lock = None
) -> Solution:
    solution = uow.solutions.get(solution_id, lock=lock)
    if solution is None:
        raise not_found("solution_id")
    lineage_to_read(caller, uow, solution.division_id, "solution_id")
    return solution


def _solution_to_manage(caller: Caller, uow: UnitOfWork, solution_id: str) -> Solution:
    solution = _solution_to_read(caller, uow, solution_id, lock="update")
    caller.require(Action.MANAGE_SOLUTIONS, uow.divisions.lineage(solution.division_id))
    return solution


def _details(solution: Solution, caller: Caller, uow: UnitOfWork) -> SolutionDetails:
    visible = readable(caller, uow)
    risks = [
        r
        for r in uow.solutions.risks_of(solution.id)
        if visible is None or r.division_id in visible
    ]
    return SolutionDetails(solution, risks)
