"""The access rules every API enforces: role x action x own/other division."""

from __future__ import annotations

import pytest

from riskplatform.access import Action, Caller, Forbidden, Role

GROUP = "a1b2c3d4-0000-4000-8000-000000000001"  # the caller's division (a group)
SUB = "a1b2c3d4-0000-4000-8000-000000000002"  # a sub-division of it
OTHER = "a1b2c3d4-0000-4000-8000-000000000003"  # someone else's division
LINEAGE = {"own": [GROUP], "own-subtree": [SUB, GROUP], "other": [OTHER]}

# role -> actions it may take in its own subtree, and in other divisions
MATRIX = {
    Role.ANALYST: ({Action.READ, Action.WRITE_RISKS}, set()),
    Role.RISK_MANAGER: (
        {Action.READ, Action.WRITE_RISKS, Action.ACCEPT_RISKS, Action.MANAGE_SOLUTIONS},
        set(),
    ),
    Role.EXECUTIVE: ({Action.READ}, {Action.READ}),
    Role.ADMIN: (
        {Action.READ, Action.MANAGE_DIVISIONS, Action.MANAGE_MODELS, Action.MANAGE_ACCESS},
        {Action.READ, Action.MANAGE_DIVISIONS, Action.MANAGE_MODELS, Action.MANAGE_ACCESS},
    ),
}


class Granted:
    """Memberships as a service's store holds them: user id -> divisions."""

    def __init__(self, **divisions: frozenset[str]) -> None:
        self.divisions = divisions
        self.asked: list[str] = []

    def divisions_of(self, user_id: str) -> frozenset[str]:
        self.asked.append(user_id)
        return self.divisions.get(user_id, frozenset())


def caller_in(role: Role) -> Caller:
    return Caller.from_claims(
        {"sub": "u1", "email": "u@x.com", "cognito:groups": f"[{role.value}]"},
        Granted(u1=frozenset({GROUP})),
    )


@pytest.mark.parametrize("role", list(Role))
@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("where", list(LINEAGE))
def test_the_access_matrix(role, action, where):
    own, other = MATRIX[role]
    allowed = action in (other if where == "other" else own)
    who = caller_in(role)
    assert who.can_in(action, LINEAGE[where]) is allowed
    if allowed:
        who.require(action, LINEAGE[where])
    else:
        with pytest.raises(Forbidden):
            who.require(action, LINEAGE[where])


def test_a_caller_without_a_known_group_may_do_nothing():
    nobody = Caller.from_claims(
        {"sub": "u2", "cognito:groups": "[auditors]"}, Granted(u2=frozenset({GROUP}))
    )
    assert nobody.roles == frozenset()
    assert not any(nobody.can_in(a, [GROUP]) for a in Action)
    with pytest.raises(Forbidden):
        nobody.readable_roots()  # every list of every API refuses them alike


@pytest.mark.parametrize(
    "groups", ["[analyst risk-manager]", ["analyst", "risk-manager"], "analyst,risk-manager"]
)
def test_groups_are_read_in_every_shape_the_authorizer_sends(groups):
    who = Caller.from_claims({"sub": "u1", "cognito:groups": groups})
    assert who.roles == {Role.ANALYST, Role.RISK_MANAGER}


def test_divisions_come_from_the_platforms_memberships_never_from_the_token():
    """A user who wrote themselves a divisions attribute gains nothing by it (ADR 50)."""
    claims = {
        "sub": "u1",
        "cognito:groups": "[analyst]",
        "custom:divisions": f"{OTHER},{SUB}",
        "divisions": OTHER,
    }
    assert Caller.from_claims(claims, Granted(u1=frozenset({GROUP}))).divisions == {GROUP}
    assert Caller.from_claims(claims, Granted()).divisions == frozenset()
    assert Caller.from_claims(claims).divisions == frozenset()
    assert not Caller.from_claims(claims, Granted()).can_in(Action.READ, [OTHER])


def test_memberships_are_looked_up_only_for_roles_bound_to_divisions():
    store = Granted(u1=frozenset({GROUP}))
    executive = Caller.from_claims({"sub": "u1", "cognito:groups": "[executive]"}, store)
    assert executive.divisions == frozenset() and store.asked == []
    both = Caller.from_claims({"sub": "u1", "cognito:groups": "[admin analyst]"}, store)
    assert both.divisions == {GROUP} and store.asked == ["u1"]


def test_readable_roots_are_the_callers_divisions_unless_they_see_everything():
    assert caller_in(Role.ANALYST).readable_roots() == {GROUP}
    assert caller_in(Role.EXECUTIVE).readable_roots() is None
