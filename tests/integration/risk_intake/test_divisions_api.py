"""The division tree through the intake API: admins rename, move and retire divisions;
the tree never gets a cycle, and a retired division takes nothing new."""

from __future__ import annotations

import threading

import pytest

from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.domain import commands
from risk_intake.service_layer import divisions
from riskplatform.access import Caller
from riskplatform.errors import InvalidInput
from riskplatform.wiring import wire
from tests.integration.risk_intake.support import outbox, risk_body
from tests.support.db import sql

pytestmark = pytest.mark.integration


def test_an_admin_renames_a_division(admin, tree, intake_db):
    reply = admin.patch(f"/divisions/{tree['REAG']}", {"name": "Reagents & Kits"}, 1)

    assert reply.status == 200
    assert (reply.body["name"], reply.body["version"], reply.headers["ETag"]) == (
        "Reagents & Kits",
        2,
        '"2"',
    )
    renamed = outbox(intake_db)[-1]
    assert renamed["detail_type"] == "DivisionRenamed"
    assert renamed["data"] == {"division_id": tree["REAG"], "name": "Reagents & Kits", "version": 2}


def test_moving_a_division_names_its_old_parent(admin, tree, intake_db):
    reply = admin.patch(f"/divisions/{tree['IMMU']}", {"parentId": tree["INST"]}, 1)

    assert reply.status == 200
    assert reply.body["parentId"] == tree["INST"]
    moved = outbox(intake_db)[-1]
    assert moved["detail_type"] == "DivisionMoved"
    assert moved["data"]["previous_parent_id"] == tree["REAG"]
    to_top = admin.patch(f"/divisions/{tree['IMMU']}", {"parentId": None}, 2)
    assert (to_top.status, to_top.body["parentId"]) == (200, None)


def test_rename_and_move_at_once_raise_two_events_in_order(admin, tree, intake_db):
    reply = admin.patch(
        f"/divisions/{tree['IMMU']}", {"name": "Immunoassays", "parentId": tree["LIFE"]}, 1
    )

    assert reply.body["version"] == 3
    assert [(e["detail_type"], e["metadata"]["aggregate_version"]) for e in outbox(intake_db)][
        -2:
    ] == [("DivisionRenamed", 2), ("DivisionMoved", 3)]


@pytest.mark.parametrize("target", ["LIFE", "REAG", "IMMU"])
def test_a_division_never_moves_under_itself_or_its_subtree(admin, tree, intake_db, target):
    before = sql(intake_db, "SELECT id, parent_id, version FROM divisions ORDER BY id")

    reply = admin.patch(f"/divisions/{tree['LIFE']}", {"parentId": tree[target]}, 1)

    assert reply.status == 422
    assert reply.fields == {"parentId"}
    assert "under itself or its own sub-divisions" in reply.errors[0]["reason"]
    assert sql(intake_db, "SELECT id, parent_id, version FROM divisions ORDER BY id") == before


def test_a_stale_division_change_is_412(admin, tree):
    assert admin.patch(f"/divisions/{tree['INST']}", {"name": "Instruments"}, 1).status == 200

    assert admin.patch(f"/divisions/{tree['INST']}", {"name": "Other"}, 1).status == 412


def test_a_division_with_active_sub_divisions_or_live_risks_is_not_retired(admin, as_role, tree):
    refused = admin.delete(f"/divisions/{tree['REAG']}", 1)
    assert refused.status == 409
    assert "active sub-division" in refused.body["message"]

    analyst = as_role("analyst", tree["IMMU"])
    risk = analyst.post("/risks", risk_body(tree["IMMU"])).body
    refused = admin.delete(f"/divisions/{tree['IMMU']}", 1)
    assert refused.status == 409
    assert "1 risk(s)" in refused.body["message"]

    assert analyst.delete(f"/risks/{risk['id']}", 1).status == 200
    retired = admin.delete(f"/divisions/{tree['IMMU']}", 1)
    assert (retired.status, retired.body["retired"], retired.body["version"]) == (200, True, 2)


def test_a_retired_division_takes_nothing_new(admin, as_role, tree, intake_db):
    assert admin.delete(f"/divisions/{tree['IMMU']}", 1).status == 200
    assert outbox(intake_db)[-1]["detail_type"] == "DivisionRetired"
    analyst = as_role("analyst", tree["REAG"])

    new_risk = analyst.post("/risks", risk_body(tree["IMMU"]))
    new_child = admin.post("/divisions", {"name": "X", "code": "XX", "parentId": tree["IMMU"]})
    moved_in = admin.patch(f"/divisions/{tree['INST']}", {"parentId": tree["IMMU"]}, 1)
    renamed = admin.patch(f"/divisions/{tree['IMMU']}", {"name": "Again"}, 2)

    assert (new_risk.status, new_risk.fields) == (409, {"divisionId"})
    assert (new_child.status, new_child.fields) == (409, {"parentId"})
    assert (moved_in.status, moved_in.fields) == (409, {"parentId"})
    assert renamed.status == 409
    assert admin.get(f"/divisions/{tree['IMMU']}").body["retired"] is True
    listed = {d["code"] for d in admin.get("/divisions").body["items"]}
    assert "IMMU" not in listed
    assert "IMMU" in {
        d["code"] for d in admin.get("/divisions", includeRetired="true").body["items"]
    }


def test_two_crossing_moves_at_once_cannot_build_a_cycle(intake_db, tree):
    """INST under IMMU and, at the same time, LIFE (IMMU's top) under INST: whichever
    commits first wins; the other sees the new tree and is refused."""
    admin = Caller.from_claims({"sub": "a", "email": "a@x.com", "cognito:groups": "[admin]"})
    first_holds_commit, let_first_commit = threading.Event(), threading.Event()

    class HeldCommit(IntakeUnitOfWork):
        def commit(self):  # type: ignore[no-untyped-def]
            first_holds_commit.set()
            let_first_commit.wait(10)
            return super().commit()

    def wiring(uow_class):  # type: ignore[no-untyped-def]
        return wire(uow_class, producer="risk-intake", settings=intake_db.settings,
                    publisher=None, publishes=False)  # fmt: skip

    first = threading.Thread(
        target=divisions.change_division,
        args=(
            commands.ChangeDivision(tree["INST"], 1, move=True, parent_id=tree["IMMU"]),
            admin,
            wiring(HeldCommit).uow(),
        ),
    )
    first.start()
    assert first_holds_commit.wait(10)
    outcome: list[BaseException] = []

    def second() -> None:
        try:
            divisions.change_division(
                commands.ChangeDivision(tree["LIFE"], 1, move=True, parent_id=tree["INST"]),
                admin,
                wiring(IntakeUnitOfWork).uow(),
            )
        except BaseException as error:
            outcome.append(error)

    crossing = threading.Thread(target=second)
    crossing.start()
    crossing.join(0.5)  # it waits for the first one's locks
    let_first_commit.set()
    first.join(10)
    crossing.join(10)

    assert len(outcome) == 1 and isinstance(outcome[0], InvalidInput)
    parents = {
        r["id"]: r["parent_id"] for r in sql(intake_db, "SELECT id, parent_id FROM divisions")
    }
    assert parents[tree["INST"]] == tree["IMMU"]
    assert parents[tree["LIFE"]] is None
