"""Access through the deployed local stack (ADR 50): a user's divisions are memberships
that admins grant and revoke through the intake API, never anything the user can write.
Each role x action x own/other division is tried in all four APIs, a user who rewrites
their own Cognito attributes gains nothing, and a revoked membership stops working in
every API within the time the ADR states."""

from __future__ import annotations

import contextlib
import time
import uuid
from dataclasses import dataclass

import boto3
import pytest

from scripts import local_setup
from tests.e2e.conftest import Api, eventually

pytestmark = pytest.mark.e2e

REVOCATION_SECONDS = 30  # ADR 50: the APIs' 10 s cache, plus delivery, with a margin


def code() -> str:
    return "E2E-" + uuid.uuid4().hex[:8].upper()


@dataclass(frozen=True)
class World:
    """OWN (with its sub-division SUB) and OTHER; a scored risk in SUB and one in OTHER."""

    own: str
    sub: str
    other: str
    risk_own: str
    risk_other: str


@dataclass
class User:
    email: str
    intake: Api
    scoring: Api
    graph: Api
    reporting: Api


def signed_in(outputs: dict[str, str], email: str) -> User:
    token = local_setup.token(email)
    return User(
        email,
        Api(outputs["IntakeApiUrl"], token),
        Api(outputs["ScoringApiUrl"], token),
        Api(outputs["GraphApiUrl"], token),
        Api(outputs["ReportingApiUrl"], token),
    )


@pytest.fixture(scope="module")
def users(outputs):
    """``users(role, *divisions)``: a new user of the role working in those divisions,
    signed in to all four APIs (removed after the module)."""
    created: list[str] = []

    def user(role: str, *divisions: str) -> User:
        email = f"e2e-{role}-{uuid.uuid4().hex[:8]}@riskplatform.local"
        local_setup.create_user(email, role, divisions)
        created.append(email)
        return signed_in(outputs, email)

    yield user
    for email in created:
        local_setup.delete_user(email)


def captured_and_scored(writer: User, division: str) -> str:
    risk = writer.intake.post(
        "/risks",
        {
            "divisionId": division,
            "title": f"Cold-chain excursion {uuid.uuid4().hex[:6]}",
            "description": "Reagent kits warmed in transit.",
            "category": "supply_chain",
            "ownerEmail": "logistics@example.com",
        },
    )
    assert risk.status_code == 201, risk.text
    risk_id = str(risk.json()["id"])
    assessed = writer.intake.post(
        f"/risks/{risk_id}/assessments", {"likelihood": 3, "impact": {"supply": 4}}
    )
    assert assessed.status_code == 201, assessed.text
    return risk_id


@pytest.fixture(scope="module")
def world(intake, users) -> World:
    own = intake.post("/divisions", {"name": "Clinical Chemistry", "code": code()}).json()["id"]
    sub = intake.post("/divisions", {"name": "Assays", "code": code(), "parentId": own}).json()[
        "id"
    ]
    other = intake.post("/divisions", {"name": "Life Science Tools", "code": code()}).json()["id"]
    world = World(
        own,
        sub,
        other,
        captured_and_scored(users("risk-manager", own), sub),
        captured_and_scored(users("risk-manager", other), other),
    )
    executive = users("executive")
    for risk in (world.risk_own, world.risk_other):  # every copy has caught up
        eventually(lambda r=risk: executive.scoring.get(f"/scores/{r}").status_code == 200)
        eventually(
            lambda r=risk: (
                executive.graph.get(f"/graph/entities/{r}/neighborhood").status_code == 200
            )
        )
    return world


def reads(user: User, risk_id: str, division: str) -> dict[str, bool]:
    """Whether each API shows the user the risk (in ``division``); a hidden one must be
    404, never 403."""
    seen = {}
    for api, path in (
        ("intake", f"/risks/{risk_id}"),
        ("scoring", f"/scores/{risk_id}"),
        ("graph", f"/graph/entities/{risk_id}/neighborhood"),
    ):
        status = getattr(user, api).get(path).status_code
        assert status in (200, 404), f"{api} answered {status} for {user.email}"
        seen[api] = status == 200
    listed = user.reporting.get("/reports/risks", divisionId=division, limit=200).json()["items"]
    seen["reporting"] = any(r["riskId"] == risk_id for r in listed)
    return seen


# role -> may read and write risks in: own subtree, other divisions
READS = {
    "analyst": (True, False),
    "risk-manager": (True, False),
    "executive": (True, True),
    "admin": (True, True),
}
WRITES_RISKS = {
    "analyst": (True, False),
    "risk-manager": (True, False),
    "executive": (False, False),
    "admin": (False, False),
}
MANAGES_SOLUTIONS = {
    "analyst": (False, False),
    "risk-manager": (True, False),
    "executive": (False, False),
    "admin": (False, False),
}
MANAGES_DIVISIONS_AND_ACCESS = {
    "analyst": False,
    "risk-manager": False,
    "executive": False,
    "admin": True,
}


@pytest.mark.parametrize("role", list(READS))
def test_each_role_acts_where_it_may_in_every_api_and_nowhere_else(world, users, role):
    user = users(role, world.own) if role in ("analyst", "risk-manager") else users(role)
    leaks = []
    for where, risk in (("own", world.risk_own), ("other", world.risk_other)):
        index = 0 if where == "own" else 1
        division = world.sub if where == "own" else world.other

        expected = READS[role][index]
        for api, shown in reads(user, risk, division).items():
            if shown != expected:
                leaks.append(f"{role} read {where} risk in {api}: {shown}")

        current = user.intake.get(f"/risks/{risk}")
        version = current.json()["version"] if current.status_code == 200 else 1
        edited = user.intake.patch(f"/risks/{risk}", {"title": f"Edited by {role}"}, version)
        if (edited.status_code == 200) != WRITES_RISKS[role][index]:
            leaks.append(f"{role} edit of {where} risk: {edited.status_code}")
        elif edited.status_code != 200 and edited.status_code not in (403, 404):
            leaks.append(f"{role} edit of {where} risk refused with {edited.status_code}")

        solution = user.intake.post(
            "/solutions",
            {
                "divisionId": division,
                "title": "Temperature loggers in every shipment",
                "kind": "preventive",
                "designEffectiveness": 50,
                "ownerEmail": "logistics@example.com",
            },
        )
        if (solution.status_code == 201) != MANAGES_SOLUTIONS[role][index]:
            leaks.append(f"{role} solution in {where}: {solution.status_code}")

    made = user.intake.post(
        "/divisions", {"name": "Reference Labs", "code": code(), "parentId": world.own}
    )
    granted = user.intake.post("/memberships", {"email": user.email, "divisionId": world.other})
    admin_only = MANAGES_DIVISIONS_AND_ACCESS[role]
    if (made.status_code == 201) != admin_only:
        leaks.append(f"{role} division: {made.status_code}")
    if (granted.status_code == 201) != admin_only:
        leaks.append(f"{role} membership: {granted.status_code}")
    assert leaks == []


def test_rewriting_ones_own_attributes_gains_nothing(world, users, outputs):
    """The analyst signs in through the web app's client, writes themselves every
    attribute that might grant access, signs in again, and still works in OWN alone."""
    analyst = users("analyst", world.own)
    cognito = boto3.client("cognito-idp")
    signed = cognito.initiate_auth(
        ClientId=local_setup.parameter("auth/spa-client-id"),
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": analyst.email, "PASSWORD": local_setup.PASSWORD},
    )["AuthenticationResult"]
    for name in ("custom:divisions", "custom:division", "divisions", "custom:groups"):
        # the client may write none of them; should the pool take one, it must not count
        with contextlib.suppress(cognito.exceptions.ClientError):
            cognito.update_user_attributes(
                AccessToken=signed["AccessToken"],
                UserAttributes=[{"Name": name, "Value": f"{world.other},{world.own}"}],
            )
    cognito.update_user_attributes(  # what the client may write: profile, not access
        AccessToken=signed["AccessToken"], UserAttributes=[{"Name": "name", "Value": "J. Meyer"}]
    )
    again = signed_in(outputs, analyst.email)
    assert reads(again, world.risk_other, world.other) == dict.fromkeys(
        ("intake", "scoring", "graph", "reporting"), False
    )
    assert reads(again, world.risk_own, world.sub) == dict.fromkeys(
        ("intake", "scoring", "graph", "reporting"), True
    )
    me = again.intake.get("/me").json()
    assert [d["id"] for d in me["divisions"]] == [world.own]


def test_a_revoked_membership_stops_working_in_every_api(world, users, intake):
    analyst = users("analyst", world.own)
    everywhere = dict.fromkeys(("intake", "scoring", "graph", "reporting"), True)
    assert eventually(lambda: reads(analyst, world.risk_own, world.sub) == everywhere)

    user_id = local_setup.user_id(analyst.email)
    current = intake.get(f"/memberships/{user_id}")
    revoked = intake.session.delete(
        f"{intake.base}/memberships/{user_id}/divisions/{world.own}",
        headers={"If-Match": current.headers["ETag"]},
        timeout=30,
    )
    assert revoked.status_code == 200, revoked.text
    started = time.monotonic()
    nowhere = dict.fromkeys(everywhere, False)
    eventually(
        lambda: reads(analyst, world.risk_own, world.sub) == nowhere,
        timeout=REVOCATION_SECONDS,
        every=1,
    )
    assert time.monotonic() - started <= REVOCATION_SECONDS
