"""Division memberships through the intake API (ADR 50): admins grant and revoke the
divisions a user works in, by the email the user signs in with (looked up in the real
user pool on the emulator); each change is one audited, published version; and what a
user may do follows their memberships, not anything in their token."""

from __future__ import annotations

import contextlib
import uuid

import boto3
import pytest

from risk_intake import bootstrap
from risk_intake.adapters.cognito_users import CognitoUsers
from scripts import local_setup
from tests.integration.risk_intake.support import Client, outbox, risk_body
from tests.support.access import claims
from tests.support.db import sql

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def pool() -> str:
    return local_setup.parameter("auth/user-pool-id")


@pytest.fixture
def user(pool, intake, monkeypatch):
    """A user of the emulator's pool with no memberships yet: (email, sub)."""
    cognito = boto3.client("cognito-idp")
    email = f"it-{uuid.uuid4().hex[:8]}@example.com"
    created = cognito.admin_create_user(
        UserPoolId=pool,
        Username=email,
        UserAttributes=[{"Name": "email", "Value": email}],
        MessageAction="SUPPRESS",
    )
    sub = next(a["Value"] for a in created["User"]["Attributes"] if a["Name"] == "sub")
    monkeypatch.setattr(bootstrap, "users", lambda: CognitoUsers(pool))
    yield email, sub
    with contextlib.suppress(cognito.exceptions.UserNotFoundException):
        cognito.admin_delete_user(UserPoolId=pool, Username=email)


def signed_in_as(sub: str, email: str, role: str = "analyst") -> Client:
    return Client({"sub": sub, "email": email, "cognito:groups": f"[{role}]"})


def test_an_admin_grants_a_division_and_the_user_works_in_its_subtree(admin, tree, user, intake):
    email, sub = user
    analyst = signed_in_as(sub, email)
    assert analyst.post("/risks", risk_body(tree["IMMU"])).status == 403

    granted = admin.post("/memberships", {"email": email, "divisionId": tree["REAG"]})
    assert granted.status == 201, granted.body
    assert granted.headers["ETag"] == '"1"'
    assert granted.body["userId"] == sub and granted.body["version"] == 1
    assert [m["divisionId"] for m in granted.body["memberships"]] == [tree["REAG"]]
    assert granted.body["memberships"][0]["grantedBy"] == "admin@example.com"

    assert analyst.post("/risks", risk_body(tree["IMMU"])).status == 201  # below REAG
    assert analyst.post("/risks", risk_body(tree["INST"])).status == 403
    me = analyst.get("/me").body
    assert [d["code"] for d in me["divisions"]] == ["REAG"]
    assert me["roles"] == ["analyst"] and me["readsEverything"] is False

    event = next(e for e in outbox(intake.db) if e["detail_type"] == "MembershipGranted")
    assert event["data"]["user_id"] == sub and event["data"]["division_id"] == tree["REAG"]
    assert event["metadata"]["aggregate_id"] == sub
    audit = admin.get(f"/memberships/{sub}/audit").body["items"]
    assert [(a["action"], a["new"]) for a in audit] == [("granted", [tree["REAG"]])]


def test_revoking_needs_the_version_read_and_ends_the_access(admin, tree, user, intake):
    email, sub = user
    admin.post("/memberships", {"email": email, "divisionId": tree["REAG"]})
    admin.post("/memberships", {"email": email, "divisionId": tree["INST"]})
    path = f"/memberships/{sub}/divisions/{tree['REAG']}"

    assert admin.delete(path, None).status == 428
    assert admin.delete(path, 1).status == 412
    assert len(sql(intake.db, "SELECT 1 FROM access_memberships WHERE user_id = %s", sub)) == 2
    revoked = admin.delete(path, 2)
    assert revoked.status == 200, revoked.body
    assert revoked.body["version"] == 3
    assert [m["divisionId"] for m in revoked.body["memberships"]] == [tree["INST"]]
    assert admin.delete(path, 3).status == 404  # no longer a member there

    analyst = signed_in_as(sub, email)
    assert analyst.post("/risks", risk_body(tree["REAG"])).status == 403
    assert analyst.post("/risks", risk_body(tree["INST"])).status == 201
    revoked_event = [e for e in outbox(intake.db) if e["detail_type"] == "MembershipRevoked"]
    assert [e["data"]["version"] for e in revoked_event] == [3]


def test_a_bad_grant_names_the_field_and_writes_nothing(admin, tree, user, intake):
    email, _ = user
    unknown = admin.post(
        "/memberships", {"email": "nobody-here@example.com", "divisionId": tree["REAG"]}
    )
    assert unknown.status == 422 and unknown.fields == {"email"}
    nowhere = admin.post("/memberships", {"email": email, "divisionId": str(uuid.uuid4())})
    assert nowhere.status == 422 and nowhere.fields == {"divisionId"}
    malformed = admin.post("/memberships", {"email": "not-an-email", "divisionId": "x"})
    assert malformed.status == 422 and malformed.fields == {"email", "divisionId"}
    assert sql(intake.db, "SELECT 1 FROM access_users") == []
    assert not [e for e in outbox(intake.db) if e["detail_type"].startswith("Membership")]

    assert admin.post("/memberships", {"email": email, "divisionId": tree["REAG"]}).status == 201
    twice = admin.post("/memberships", {"email": email, "divisionId": tree["REAG"]})
    assert twice.status == 409 and twice.fields == {"divisionId"}


@pytest.mark.parametrize("role", ["analyst", "risk-manager", "executive"])
def test_only_admins_manage_or_read_memberships(as_role, admin, tree, user, role):
    email, sub = user
    admin.post("/memberships", {"email": email, "divisionId": tree["REAG"]})
    someone = as_role(role, tree["LIFE"])
    assert someone.post("/memberships", {"email": email, "divisionId": tree["INST"]}).status == 403
    assert someone.get("/memberships").status == 403
    assert someone.get(f"/memberships/{sub}").status == 403
    assert someone.delete(f"/memberships/{sub}/divisions/{tree['REAG']}", 1).status == 403


def test_admins_list_users_by_email_and_by_division(admin, tree, user):
    email, sub = user
    admin.post("/memberships", {"email": email, "divisionId": tree["REAG"]})
    by_email = admin.get("/memberships", email=email.split("@")[0]).body
    assert [u["userId"] for u in by_email["items"]] == [sub] and by_email["total"] == 1
    assert [m["divisionId"] for m in by_email["items"][0]["memberships"]] == [tree["REAG"]]
    assert [
        u["userId"] for u in admin.get("/memberships", divisionId=tree["REAG"]).body["items"]
    ] == [sub]
    assert admin.get("/memberships", divisionId=tree["INST"]).body["items"] == []
    assert admin.get(f"/memberships/{uuid.uuid4()}").status == 404


def test_a_divisions_claim_in_the_token_grants_nothing(tree, intake):
    """Whatever a user wrote into their own attributes, only memberships count."""
    forged = claims("analyst") | {"custom:divisions": f"{tree['LIFE']},{tree['INST']}"}
    client = Client(forged)
    assert client.get("/risks").body["total"] == 0
    assert client.post("/risks", risk_body(tree["REAG"])).status == 403
    assert client.get("/me").body["divisions"] == []
