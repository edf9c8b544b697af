"""Who sees what of the reports, through the API handler with the authorizer's claims:
each report covers only the subtrees of the caller's divisions (executives and admins
everything), and a divisionId filter narrows that further, never widens it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from reporting import bootstrap
from reporting.domain.model import Scope
from reporting.service_layer.views import heatmap_key
from tests.integration.reporting.conftest import (
    claims,
    deliver,
    division_registered,
    get,
    risk_captured,
    risk_scored,
    solution_linked,
    solution_registered,
)
from tests.integration.risk_intake.support import sql
from tests.support.access import claims as signed_in
from tests.support.access import membership_event
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class World:
    """Group G above divisions A and B; risk rA (3 x 5) and solution sA in A, risk rB
    (5 x 5) and solution sB in B."""

    G: str
    A: str
    B: str
    rA: str
    rB: str
    sA: str
    sB: str

    def name(self, value: str) -> str:
        return next(name for name, v in vars(self).items() if v == value)


@pytest.fixture
def world(reporting) -> World:
    w = World(*(new_id() for _ in range(7)))
    deliver(
        division_registered(w.G, None, "G"),
        division_registered(w.A, w.G, "A"),
        division_registered(w.B, w.G, "B"),
        risk_captured(w.rA, w.A, "risk in A"),
        risk_scored(w.rA, w.A, 3, 5),
        risk_captured(w.rB, w.B, "risk in B"),
        risk_scored(w.rB, w.B, 5, 5),
        solution_registered(w.sA, w.A, title="control in A", status="active"),
        solution_registered(w.sB, w.B, title="control in B", status="planned"),
    )
    return w


def seen(w: World, who: dict[str, str], division: str | None) -> dict[str, object]:
    """What each report shows this caller, by name; or each report's status if not 200."""
    params = {"divisionId": getattr(w, division)} if division else {}
    answers = {
        report: get(f"/reports/{report}", who=who, **params)
        for report in ("heatmap", "risks", "solutions")
    }
    statuses = {report: status for report, (status, _) in answers.items()}
    if set(statuses.values()) != {200}:
        return statuses
    heatmap, risks, solutions = (body for _, body in answers.values())
    cells = {(c["likelihood"], c["impact"]): c["count"] for c in heatmap["cells"]}
    return {
        "risks": {w.name(i["riskId"]) for i in risks["items"]},
        "heatmap": {"rA": cells.get((3, 5), 0), "rB": cells.get((5, 5), 0)},
        "solutions": {w.name(i["solutionId"]) for i in solutions["items"]},
        "divisions": {w.name(d["divisionId"]) for d in solutions["divisions"]},
        "totals": (heatmap["total"], risks["total"], solutions["total"]),
    }


def sees(*names: str) -> dict[str, object]:
    risks = {n for n in names if n.startswith("r")}
    solutions = {n for n in names if n.startswith("s")}
    return {
        "risks": risks,
        "heatmap": {"rA": int("rA" in risks), "rB": int("rB" in risks)},
        "solutions": solutions,
        "divisions": {s[1:] for s in solutions},
        "totals": (len(risks), len(risks), len(solutions)),
    }


EVERYTHING = sees("rA", "rB", "sA", "sB")
ONLY_A = sees("rA", "sA")
NOTHING = sees()
REFUSED = {"heatmap": 403, "risks": 403, "solutions": 403}


@pytest.mark.parametrize(
    ("role", "home", "division", "expected"),
    [
        # analysts and risk managers: their own division's subtree
        ("analyst", "A", None, ONLY_A),
        ("analyst", "A", "A", ONLY_A),
        ("analyst", "A", "B", NOTHING),  # another's division: an empty report
        ("analyst", "A", "G", ONLY_A),  # above their own: only their part of it
        ("risk-manager", "A", None, ONLY_A),
        ("risk-manager", "A", "A", ONLY_A),
        ("risk-manager", "A", "B", NOTHING),
        ("risk-manager", "B", "G", sees("rB", "sB")),
        # rooted higher up: everything below
        ("analyst", "G", None, EVERYTHING),
        ("analyst", "G", "B", sees("rB", "sB")),
        ("analyst", "A,B", None, EVERYTHING),
        # executives and admins: everything, whatever their divisions
        ("executive", None, None, EVERYTHING),
        ("executive", None, "A", ONLY_A),
        ("executive", None, "B", sees("rB", "sB")),
        ("admin", None, None, EVERYTHING),
        ("admin", "B", "A", ONLY_A),
        # no division, or no role
        ("analyst", None, None, NOTHING),
        (None, "A", None, REFUSED),
        (None, "A", "A", REFUSED),
    ],
)
def test_each_role_sees_its_own_divisions_only(world, role, home, division, expected):
    homes = [getattr(world, h) for h in home.split(",")] if home else []

    assert seen(world, claims(role, *homes), division) == expected


def test_counts_of_links_count_only_what_the_caller_may_read(world):
    """rA is mitigated by sA (in A) and by an active control in B; sA also mitigates rB."""
    in_b = new_id()
    deliver(
        solution_registered(in_b, world.B, title="active control in B", status="active"),
        solution_linked(world.rA, world.sA, world.A, 2),
        solution_linked(world.rA, in_b, world.A, 3),
        solution_linked(world.rB, world.sA, world.B, 2),
    )

    def counts(who: dict[str, str]) -> tuple[int, int]:
        _, risks = get("/reports/risks", who=who)
        _, solutions = get("/reports/solutions", who=who)
        active = next(i["activeSolutions"] for i in risks["items"] if i["riskId"] == world.rA)
        linked = next(i["linkedRisks"] for i in solutions["items"] if i["solutionId"] == world.sA)
        return active, linked

    assert counts(claims("analyst", world.A)) == (1, 1)
    assert counts(claims("executive")) == (2, 2)


def test_a_refusal_says_why(world):
    status, body = get("/reports/risks", who=claims(None, world.A))

    assert (status, body) == (403, {"message": "you may not read here", "errors": []})


def test_callers_of_different_divisions_never_share_a_cached_heatmap(world, reporting):
    """Same generation, same divisionId filter, different callers: each their own entry."""
    deliver(risk_captured(new_id(), world.B, "second in B"))
    deliver(risk_scored(new_id(), world.B, 1, 1))

    def total(who: dict[str, str]) -> int:
        status, heatmap = get("/reports/heatmap", who=who, divisionId=world.G)
        assert status == 200
        return heatmap["total"]

    analyst_a, analyst_b = claims("analyst", world.A), claims("analyst", world.B)
    executive = claims("executive")

    first = [total(analyst_a), total(analyst_b), total(executive)]
    again = [total(executive), total(analyst_b), total(analyst_a)]

    assert (first, again) == ([1, 2, 3], [3, 2, 1])
    with reporting.uow() as uow:
        key = heatmap_key(uow.reports.generation(), Scope(frozenset({world.A}), world.G), False)
    assert json.loads(bootstrap.report_cache().get(key) or "null") == [[3, 5, 1]]


def register_total(who: dict[str, str]) -> int:
    status, body = get("/reports/risks", who=who)
    assert status == 200, body
    return int(body["total"])


def test_a_users_divisions_follow_the_membership_events_in_any_order(world, reporting):
    """reporting keeps its copy of the memberships from risk-intake's events: once each,
    never older than what it holds; a revoke ends the access once the API's short cache
    of it (ADR 50) has run out."""
    who = signed_in("analyst")
    granted_a = membership_event(who, world.A)  # version 1: A
    granted_ab = membership_event(who, world.A, world.B)  # version 2: A and B
    revoked_b = membership_event(who, world.A, world.B)
    revoked_b["detail"]["data"].update(
        memberships=[
            m for m in revoked_b["detail"]["data"]["memberships"] if m["division_id"] == world.A
        ],
        version=3,
    )
    revoked_b["detail-type"] = "MembershipRevoked"
    revoked_b["detail"]["metadata"]["aggregate_version"] = 3

    deliver(granted_ab, granted_a, granted_ab)  # late and duplicated deliveries
    assert register_total(who) == 2
    deliver(revoked_b)
    rows = sql(
        reporting.db, "SELECT division_id FROM access_memberships WHERE user_id = %s", who["sub"]
    )
    assert [r["division_id"] for r in rows] == [world.A]
    assert register_total(who) == 2  # the cached divisions, for a few seconds more
    cache = reporting.memberships
    cache.clock = lambda: float("inf")  # its time to live has passed
    assert register_total(who) == 1
