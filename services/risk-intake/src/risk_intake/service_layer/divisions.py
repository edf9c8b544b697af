"""Use cases of the division tree: admins register, rename, move and retire divisions;
everyone reads the part of the tree they may read."""

from __future__ import annotations

from datetime import UTC, datetime

from risk_intake.domain import commands
from risk_intake.domain.divisions import Division
from risk_intake.domain.queries import DivisionQuery
from risk_intake.service_layer.access import (
    actor,
    division_to_act_in,
    lineage_to_read,
    not_found,
    scope,
)
from risk_intake.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import Conflict
from riskplatform.paging import Page


def register_division(cmd: commands.RegisterDivision, caller: Caller, uow: UnitOfWork) -> Division:
    with uow:
        parent = None
        if cmd.parent_id is None:
            caller.require(Action.MANAGE_DIVISIONS, [])  # a new top of the tree
        else:
            parent, _ = division_to_act_in(
                caller, uow, Action.MANAGE_DIVISIONS, cmd.parent_id, field="parentId"
            )
        if uow.divisions.code_taken(cmd.code):
            raise Conflict(f"division code {cmd.code!r} is already in use", field="code")
        division = Division.register(cmd.code, cmd.name, parent, actor(caller), datetime.now(UTC))
        uow.divisions.add(division)
        uow.commit()
    return division


def change_division(cmd: commands.ChangeDivision, caller: Caller, uow: UnitOfWork) -> Division:
    """Rename and/or move; a move is refused if it would put the division under itself."""
    with uow:
        division = _division_to_manage(caller, uow, cmd.division_id)
        division.expect_version(cmd.expected_version)
        now = datetime.now(UTC)
        if cmd.name is not None:
            division.rename(cmd.name, actor(caller), now)
        if cmd.move:
            parent, parent_lineage = None, []
            if cmd.parent_id is None:
                caller.require(Action.MANAGE_DIVISIONS, [])
            else:
                parent, _ = division_to_act_in(
                    caller,
                    uow,
                    Action.MANAGE_DIVISIONS,
                    cmd.parent_id,
                    field="parentId",
                    lock="update",  # the locked walk up from it below would upgrade a share
                )
                parent_lineage = uow.divisions.lineage(parent.id, lock=True)
            division.move(parent, parent_lineage, actor(caller), now)
        uow.divisions.update(division)
        uow.commit()
    return division


def retire_division(cmd: commands.RetireDivision, caller: Caller, uow: UnitOfWork) -> Division:
    with uow:
        division = _division_to_manage(caller, uow, cmd.division_id)
        division.expect_version(cmd.expected_version)
        division.retire(
            uow.divisions.active_children(division.id),
            uow.divisions.live_risks(division.id),
            actor(caller),
            datetime.now(UTC),
        )
        uow.divisions.update(division)
        uow.commit()
    return division


def get_division(division_id: str, caller: Caller, uow: UnitOfWork) -> Division:
    with uow:
        division = uow.divisions.get(division_id)
        if division is None:
            raise not_found("division_id")
        lineage_to_read(caller, uow, division.id, "division_id")
    return division


def list_divisions(query: DivisionQuery, caller: Caller, uow: UnitOfWork) -> Page[Division]:
    with uow:
        return uow.divisions.search(query, scope(caller, uow, query.parent_id))


def _division_to_manage(caller: Caller, uow: UnitOfWork, division_id: str) -> Division:
    division = uow.divisions.get(division_id, lock="update")
    if division is None:
        raise not_found("division_id")
    caller.require(
        Action.MANAGE_DIVISIONS, lineage_to_read(caller, uow, division.id, "division_id")
    )
    return division
