"""Who may do what, where, through the intake API: role x action x own or other division.

The callers work in REAG (a membership in intake's store, ADR 50). "own" acts in IMMU,
below REAG; "other" acts in INST, another top-level division. Something the caller may
not read is not found (404); something they may read but not act on is forbidden (403);
a division named in a body where they may not act is 403 too (ADR 11). A refusal writes
nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from tests.integration.risk_intake.support import Client, Reply, risk_body, solution_body
from tests.support.db import sql

pytestmark = pytest.mark.integration

ROLES = ("analyst", "risk-manager", "executive", "admin")


@dataclass(frozen=True)
class Place:
    division: str
    risk: dict
    solution: dict


Action = Callable[[Client, Place], Reply]

ACTIONS: dict[str, Action] = {
    "read risk": lambda c, p: c.get(f"/risks/{p.risk['id']}"),
    "read its audit": lambda c, p: c.get(f"/risks/{p.risk['id']}/audit"),
    "read its assessments": lambda c, p: c.get(f"/risks/{p.risk['id']}/assessments"),
    "read solution": lambda c, p: c.get(f"/solutions/{p.solution['id']}"),
    "read division": lambda c, p: c.get(f"/divisions/{p.division}"),
    "capture risk": lambda c, p: c.post("/risks", risk_body(p.division)),
    "edit risk": lambda c, p: c.patch(f"/risks/{p.risk['id']}", {"title": "Edited"}, 2),
    "assess risk": lambda c, p: c.post(
        f"/risks/{p.risk['id']}/assessments", {"likelihood": 3, "impact": {"supply": 3}}
    ),
    "accept risk": lambda c, p: c.patch(f"/risks/{p.risk['id']}", {"status": "accepted"}, 2),
    "retire risk": lambda c, p: c.delete(f"/risks/{p.risk['id']}", 2),
    "link solution": lambda c, p: c.post(
        f"/risks/{p.risk['id']}/solutions",
        {"solutionId": p.solution["id"]},
        headers={"If-Match": '"2"'},
    ),
    "register solution": lambda c, p: c.post("/solutions", solution_body(p.division)),
    "change solution": lambda c, p: c.patch(
        f"/solutions/{p.solution['id']}", {"designEffectiveness": 80}, 1
    ),
    "register division": lambda c, p: c.post(
        "/divisions", {"name": "New", "code": "NEW-1", "parentId": p.division}
    ),
    "rename division": lambda c, p: c.patch(f"/divisions/{p.division}", {"name": "Renamed"}, 1),
}

# (own, other) status per action and role: analyst, risk-manager, executive, admin
EXPECTED: dict[str, dict[str, tuple[int, int]]] = {
    "read risk": {"analyst": (200, 404), "risk-manager": (200, 404),
                  "executive": (200, 200), "admin": (200, 200)},
    "read its audit": {"analyst": (200, 404), "risk-manager": (200, 404),
                       "executive": (200, 200), "admin": (200, 200)},
    "read its assessments": {"analyst": (200, 404), "risk-manager": (200, 404),
                             "executive": (200, 200), "admin": (200, 200)},
    "read solution": {"analyst": (200, 404), "risk-manager": (200, 404),
                      "executive": (200, 200), "admin": (200, 200)},
    "read division": {"analyst": (200, 404), "risk-manager": (200, 404),
                      "executive": (200, 200), "admin": (200, 200)},
    "capture risk": {"analyst": (201, 403), "risk-manager": (201, 403),
                     "executive": (403, 403), "admin": (403, 403)},
    "edit risk": {"analyst": (200, 404), "risk-manager": (200, 404),
                  "executive": (403, 403), "admin": (403, 403)},
    "assess risk": {"analyst": (201, 404), "risk-manager": (201, 404),
                    "executive": (403, 403), "admin": (403, 403)},
    "accept risk": {"analyst": (403, 404), "risk-manager": (200, 404),
                    "executive": (403, 403), "admin": (403, 403)},
    "retire risk": {"analyst": (200, 404), "risk-manager": (200, 404),
                    "executive": (403, 403), "admin": (403, 403)},
    "link solution": {"analyst": (200, 404), "risk-manager": (200, 404),
                      "executive": (403, 403), "admin": (403, 403)},
    "register solution": {"analyst": (403, 403), "risk-manager": (201, 403),
                          "executive": (403, 403), "admin": (403, 403)},
    "change solution": {"analyst": (403, 404), "risk-manager": (200, 404),
                        "executive": (403, 403), "admin": (403, 403)},
    "register division": {"analyst": (403, 403), "risk-manager": (403, 403),
                          "executive": (403, 403), "admin": (201, 201)},
    "rename division": {"analyst": (403, 404), "risk-manager": (403, 404),
                        "executive": (403, 403), "admin": (200, 200)},
}  # fmt: skip


def counts(intake_db) -> dict[str, int]:
    tables = ("divisions", "risks", "assessments", "solutions", "risk_solutions", "outbox")
    return {t: sql(intake_db, f"SELECT COUNT(*) AS n FROM {t}")[0]["n"] for t in tables} | {
        "versions": sql(intake_db, "SELECT SUM(version) AS v FROM risks")[0]["v"]
    }


def place(as_role, division: str) -> Place:
    """An open risk (version 2) and a solution (version 1) in the division."""
    writer = as_role("risk-manager", division)
    risk = writer.post("/risks", risk_body(division)).body
    risk = writer.patch(f"/risks/{risk['id']}", {"status": "open"}, 1).body
    solution = writer.post("/solutions", solution_body(division)).body
    return Place(division, risk, solution)


@pytest.fixture
def places(as_role, tree) -> dict[str, Place]:
    return {"own": place(as_role, tree["IMMU"]), "other": place(as_role, tree["INST"])}


@pytest.mark.parametrize("where", ["own", "other"])
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ACTIONS))
def test_the_access_matrix(as_role, tree, places, intake_db, action, role, where):
    caller = as_role(role, tree["REAG"])
    before = counts(intake_db)

    reply = ACTIONS[action](caller, places[where])

    own, other = EXPECTED[action][role]
    assert reply.status == (own if where == "own" else other), reply.body
    if reply.status >= 400:
        assert counts(intake_db) == before


@pytest.mark.parametrize(
    ("role", "sees_own", "sees_other"),
    [
        ("analyst", True, False),
        ("risk-manager", True, False),
        ("executive", True, True),
        ("admin", True, True),
    ],
)
def test_lists_show_only_what_the_caller_may_read(
    as_role, tree, places, role, sees_own, sees_other
):
    caller = as_role(role, tree["REAG"])
    risks = {r["id"] for r in caller.get("/risks").body["items"]}
    solutions = {s["id"] for s in caller.get("/solutions").body["items"]}
    divisions = {d["id"] for d in caller.get("/divisions").body["items"]}

    for where, seen in (("own", sees_own), ("other", sees_other)):
        assert (places[where].risk["id"] in risks) is seen
        assert (places[where].solution["id"] in solutions) is seen
        assert (places[where].division in divisions) is seen
    assert (tree["LIFE"] in divisions) is sees_other  # above their subtree


def test_a_caller_without_a_known_group_reads_nothing(as_role, tree, places):
    stranger = as_role("auditor", tree["REAG"])

    assert stranger.get(f"/risks/{places['own'].risk['id']}").status == 404
    assert stranger.get("/risks").status == 403  # as every list of every API (ADR 68)


def test_a_risk_shows_only_the_linked_solutions_the_caller_may_read(as_role, tree, places):
    both = as_role("analyst", tree["REAG"], tree["INST"])
    own_risk = places["own"].risk
    linked = both.post(
        f"/risks/{own_risk['id']}/solutions",
        {"solutionId": places["other"].solution["id"]},
        headers={"If-Match": '"2"'},
    )
    assert linked.status == 200, linked.body

    reag_only = as_role("analyst", tree["REAG"])
    assert reag_only.get(f"/risks/{own_risk['id']}").body["solutions"] == []
    assert [s["id"] for s in both.get(f"/risks/{own_risk['id']}").body["solutions"]] == [
        places["other"].solution["id"]
    ]
