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
        {Action.READ, Action.MANAGE_DIVISIONS, Action.MANAGE_MODELS},
        {Action.READ, Action.MANAGE_DIVISIONS, Action.MANAGE_MODELS},
    ),
}


def caller_in(role: Role) -> Caller:
    return Caller.from_claims(
        {
            "sub": "u1",
            "email": "u@x.com",
            "cognito:groups": f"[{role.value}]",
            "custom:divisions": GROUP,
        }
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
        {"sub": "u2", "cognito:groups": "[auditors]", "custom:divisions": GROUP}
    )
    assert nobody.roles == frozenset()
    assert not any(nobody.can_in(a, [GROUP]) for a in Action)
    assert nobody.readable_roots() == frozenset()


@pytest.mark.parametrize(
    ("groups", "divisions"),
    [
        ("[analyst risk-manager]", f"{GROUP},{SUB}"),
        (["analyst", "risk-manager"], f"{GROUP}, {SUB}"),
        ("analyst,risk-manager", f"[{GROUP} {SUB}]"),
    ],
)
def test_claims_are_read_in_every_shape_the_authorizer_sends(groups, divisions):
    who = Caller.from_claims({"cognito:groups": groups, "custom:divisions": divisions})
    assert who.roles == {Role.ANALYST, Role.RISK_MANAGER}
    assert who.divisions == {GROUP, SUB}


def test_readable_roots_are_the_callers_divisions_unless_they_see_everything():
    assert caller_in(Role.ANALYST).readable_roots() == {GROUP}
    assert caller_in(Role.EXECUTIVE).readable_roots() is None
