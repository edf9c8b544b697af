"""Who may do what, where, over risk-intake's own division tree.

Something in a division the caller may not read does not exist for them (404); in a
division they may read but not act on, the refusal is 403 (ADR 11)."""

from __future__ import annotations

from risk_intake.domain.divisions import Division
from risk_intake.service_layer.unit_of_work import Lock, UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import InvalidInput, NotFound


def actor(caller: Caller) -> str:
    """How the audit trail names the caller."""
    return caller.email or caller.subject or "unknown"


def readable(caller: Caller, uow: UnitOfWork) -> set[str] | None:
    """The ids of the divisions the caller may read; None means all of them."""
    roots = caller.readable_roots()
    return None if roots is None else uow.divisions.subtree(roots)


def scope(caller: Caller, uow: UnitOfWork, division_id: str | None) -> set[str] | None:
    """The divisions a list may show: those the caller may read, and only the subtree of
    ``division_id`` when one is asked for. None means every division."""
    within = readable(caller, uow)
    if division_id is None:
        return within
    subtree = uow.divisions.subtree([division_id])
    return subtree if within is None else subtree & within


def lineage_to_read(caller: Caller, uow: UnitOfWork, division_id: str, what: str) -> list[str]:
    """The lineage of the division ``what`` (a path parameter: risk_id, ...) is in, if the
    caller may read there; else, for them, nothing has that id."""
    lineage = uow.divisions.lineage(division_id)
    if not caller.can_in(Action.READ, lineage):
        raise not_found(what)
    return lineage


def not_found(what: str) -> NotFound:
    noun = what.removesuffix("_id")
    return NotFound(f"no {noun} has this id", field=what, location="path")


def division_to_act_in(
    caller: Caller,
    uow: UnitOfWork,
    action: Action,
    division_id: str,
    *,
    field: str = "divisionId",
    lock: Lock = "share",
) -> tuple[Division, list[str]]:
    """A division named in a request body, where the caller must be allowed ``action``;
    with its lineage."""
    division = uow.divisions.get(division_id, lock=lock)
    if division is None:
        raise InvalidInput("no division has this id", field=field)
    lineage = uow.divisions.lineage(division.id)
    caller.require(action, lineage)
    return division, lineage
