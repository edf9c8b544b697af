"""Who sees what of the graph, through the API handler with the authorizer's claims: a
caller reads only the subtrees of their divisions (executives and admins everything);
what they may not read is not found, and neighbours they may not read are left out."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.integration.graph_sync.helpers import (
    claims,
    deliver,
    division_registered,
    edges_drawn,
    get,
    nodes,
    owner_of,
    risk_captured,
    solution_linked,
    solution_registered,
)
from tests.support.access import claims as signed_in
from tests.support.access import membership_event
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class World:
    """Group G above divisions A and B. Risk rA in A is mitigated by sA (in A) and by sB
    (in B); risk rB is in B."""

    G: str
    A: str
    B: str
    rA: str
    rB: str
    sA: str
    sB: str


@pytest.fixture
def world(graph) -> World:
    w = World(*(new_id() for _ in range(7)))
    deliver(
        division_registered(w.G, code="GROUP"),
        division_registered(w.A, parent_id=w.G, code="A"),
        division_registered(w.B, parent_id=w.G, code="B"),
        risk_captured(w.rA, w.A),
        risk_captured(w.rB, w.B),
        solution_registered(w.sA, w.A),
        solution_registered(w.sB, w.B),
        solution_linked(w.rA, w.sA, w.A, 2),
        solution_linked(w.rA, w.sB, w.A, 3),
    )
    return w


def neighborhood(w: World, entity: str, who: dict[str, str]) -> tuple[int, set[str], set]:
    status, body = get(f"/graph/entities/{getattr(w, entity)}/neighborhood", who=who)
    names = {value: name for name, value in vars(w).items()}
    names |= {owner_of(value): f"owner of {name}" for name, value in vars(w).items()}
    if status != 200:
        return status, set(), set()
    seen = {names[n["id"]] for n in nodes(body)}
    walked = {(names[e["source"]], names[e["target"]]) for e in edges_drawn(body)}
    return status, seen, walked


EVERYTHING_AROUND_RA = {"rA", "A", "sA", "sB", "owner of rA"}
# An owner is the company's, like a product: whoever reads the risk sees its owner.
AROUND_RA_IN_A = {"rA", "A", "sA", "owner of rA"}
AROUND_RB = {"rB", "B", "owner of rB"}


@pytest.mark.parametrize(
    ("role", "home", "entity", "status", "seen"),
    [
        # analysts and risk managers: their own division's subtree, nothing else
        ("analyst", "A", "rA", 200, AROUND_RA_IN_A),
        ("analyst", "A", "rB", 404, set()),
        ("analyst", "A", "sB", 404, set()),
        ("analyst", "A", "G", 404, set()),
        ("risk-manager", "A", "rA", 200, AROUND_RA_IN_A),
        ("risk-manager", "A", "rB", 404, set()),
        ("risk-manager", "A", "sB", 404, set()),
        # rooted higher up: everything below
        ("analyst", "G", "rA", 200, EVERYTHING_AROUND_RA),
        ("analyst", "G", "rB", 200, AROUND_RB),
        # executives and admins: everything, whatever their divisions
        ("executive", None, "rA", 200, EVERYTHING_AROUND_RA),
        ("executive", None, "rB", 200, AROUND_RB),
        ("admin", None, "rA", 200, EVERYTHING_AROUND_RA),
        ("admin", "B", "rA", 200, EVERYTHING_AROUND_RA),
        # no division, or no role: nothing
        ("analyst", None, "rA", 404, set()),
        (None, "A", "rA", 403, set()),
    ],
)
def test_each_role_sees_its_own_divisions_only(world, role, home, entity, status, seen):
    homes = [getattr(world, home)] if home else []

    found = neighborhood(world, entity, claims(role, *homes))

    assert found[:2] == (status, seen)


def test_a_division_shows_its_own_subtree_without_its_parent(world):
    status, nodes, edges = neighborhood(world, "A", claims("analyst", world.A))

    assert status == 200
    assert nodes == {"A", "rA", "sA"}
    assert edges == {("A", "rA"), ("A", "sA")}


def test_what_lies_behind_a_hidden_neighbour_is_not_reached(world):
    """sB (in B) also mitigates rC, in division C below A: two hops from rA through sB, but
    three through the divisions. A caller of A reaches rC only through sB, so not at all."""
    C, rC = new_id(), new_id()
    deliver(
        division_registered(C, parent_id=world.A, code="C"),
        risk_captured(rC, C),
        solution_linked(rC, world.sB, C, 2),
    )

    _, mine = get(
        f"/graph/entities/{world.rA}/neighborhood", {"depth": "2"}, who=claims("analyst", world.A)
    )
    _, everything = get(f"/graph/entities/{world.rA}/neighborhood", {"depth": "2"})

    assert rC in {n["id"] for n in nodes(everything)}
    assert rC not in {n["id"] for n in nodes(mine)}
    assert world.sB not in {end for e in edges_drawn(mine) for end in (e["source"], e["target"])}


def test_a_hidden_entity_looks_exactly_like_a_missing_one(world):
    hidden = get(f"/graph/entities/{world.rB}/neighborhood", who=claims("analyst", world.A))
    missing = get(f"/graph/entities/{new_id()}/neighborhood", who=claims("analyst", world.A))

    assert (
        hidden
        == missing
        == (
            404,
            {
                "message": "no entity has this id",
                "errors": [{"field": "entity_id", "in": "path", "reason": "no entity has this id"}],
            },
        )
    )


def test_a_caller_without_a_role_is_refused(world):
    status, body = get(f"/graph/entities/{world.rA}/neighborhood", who=claims(None, world.A))

    assert (status, body["errors"]) == (403, [])


def test_the_graph_keeps_each_users_divisions_from_the_membership_events(world, graph, g):
    """A user works where their newest membership event says, in any delivery order; the
    user is kept in the graph for access checks only and no caller can see them."""
    who = signed_in("analyst")
    granted_a = membership_event(who, world.A)  # version 1
    granted_ab = membership_event(who, world.A, world.B)  # version 2
    assert deliver(granted_ab, granted_a, granted_ab)["batchItemFailures"] == []
    assert graph.divisions_of(who["sub"]) == {world.A, world.B}
    assert g.V(who["sub"]).values("divisions").to_list() == [",".join(sorted([world.A, world.B]))]
    assert neighborhood(world, "rB", who)[0] == 200
    for reader in (who, claims("executive"), claims("admin")):
        status, _ = get(f"/graph/entities/{who['sub']}/neighborhood", who=reader)
        assert status == 404


def test_a_token_claiming_divisions_reads_nothing_in_the_graph(world):
    forged = signed_in("analyst") | {"custom:divisions": f"{world.G},{world.A}"}
    assert neighborhood(world, "rA", forged)[0] == 404
