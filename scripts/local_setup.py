"""Local-stage setup the templates cannot do on the emulator: the event archive, a
`LOCAL` division, and the seeded users, one per role (the analyst and the risk manager
work in the LOCAL division's subtree). Idempotent.

    python scripts/local_setup.py
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path
from typing import Any

import boto3
import requests

STAGE = os.environ.get("E2E_STAGE", "local")  # the pipeline runs the e2e tests on dev
PASSWORD = "Local-Passw0rd-1"
OUTPUTS = Path(__file__).resolve().parent.parent / ".local" / "outputs.json"
LOCAL_DIVISION = {"name": "Local", "code": "LOCAL"}
USERS = {
    "analyst@riskplatform.local": "analyst",
    "risk-manager@riskplatform.local": "risk-manager",
    "executive@riskplatform.local": "executive",
    "admin@riskplatform.local": "admin",
}
BOUND_TO_DIVISIONS = {"analyst", "risk-manager"}


def parameter(name: str) -> str:
    ssm = boto3.client("ssm")
    return str(ssm.get_parameter(Name=f"/riskplatform/{STAGE}/{name}")["Parameter"]["Value"])


def create_user(email: str, role: str, divisions: list[str] | tuple[str, ...] = ()) -> None:
    """A user of one role (a Cognito group) who works in exactly the given divisions:
    memberships the admin grants and revokes through the intake API, as an admin would
    (no token attribute grants access, ADR 50)."""
    cognito = boto3.client("cognito-idp")
    pool = parameter("auth/user-pool-id")
    attributes = [
        {"Name": "email", "Value": email},
        {"Name": "email_verified", "Value": "true"},
    ]
    with contextlib.suppress(cognito.exceptions.UsernameExistsException):
        cognito.admin_create_user(
            UserPoolId=pool, Username=email, UserAttributes=attributes, MessageAction="SUPPRESS"
        )
    cognito.admin_set_user_password(
        UserPoolId=pool, Username=email, Password=PASSWORD, Permanent=True
    )
    cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=role)
    set_memberships(email, divisions)


def user_id(email: str) -> str:
    """The user's Cognito sub: who they are to every API."""
    found = boto3.client("cognito-idp").admin_get_user(
        UserPoolId=parameter("auth/user-pool-id"), Username=email
    )
    return next(a["Value"] for a in found["UserAttributes"] if a["Name"] == "sub")


def set_memberships(email: str, divisions: list[str] | tuple[str, ...]) -> None:
    """Grant the user the given divisions and revoke any others, as the admin."""
    intake = json.loads(OUTPUTS.read_text())["IntakeApiUrl"]
    session = requests.Session()
    session.headers["Authorization"] = token()
    held = session.get(f"{intake}/memberships/{user_id(email)}", timeout=30)
    current = (
        {m["divisionId"] for m in held.json()["memberships"]} if held.status_code == 200 else set()
    )
    for division in [d for d in divisions if d not in current]:
        granted = session.post(
            f"{intake}/memberships", json={"email": email, "divisionId": division}, timeout=30
        )
        if granted.status_code != 409:  # 409: granted meanwhile
            granted.raise_for_status()
    for division in current - set(divisions):
        access = session.get(f"{intake}/memberships/{user_id(email)}", timeout=30)
        access.raise_for_status()
        revoked = session.delete(
            f"{intake}/memberships/{user_id(email)}/divisions/{division}",
            headers={"If-Match": access.headers["ETag"]},
            timeout=30,
        )
        revoked.raise_for_status()


def delete_user(email: str) -> None:
    """Revoke the user's memberships, then remove them from the user pool."""
    set_memberships(email, ())
    boto3.client("cognito-idp").admin_delete_user(
        UserPoolId=parameter("auth/user-pool-id"), Username=email
    )


def token(email: str = "admin@riskplatform.local") -> str:
    """An ID token for a user, to send as the Authorization header. Locally the SPA client
    signs in with a password; on an AWS stage, the integration-tests client (admin flow)."""
    cognito = boto3.client("cognito-idp")
    credentials = {"USERNAME": email, "PASSWORD": PASSWORD}
    if STAGE == "local":
        result = cognito.initiate_auth(
            ClientId=parameter("auth/spa-client-id"),
            AuthFlow="USER_PASSWORD_AUTH",
            AuthParameters=credentials,
        )
    else:
        result = cognito.admin_initiate_auth(
            UserPoolId=parameter("auth/user-pool-id"),
            ClientId=parameter("auth/integration-tests-client-id"),
            AuthFlow="ADMIN_USER_PASSWORD_AUTH",
            AuthParameters=credentials,
        )
    return str(result["AuthenticationResult"]["IdToken"])


def ensure_division(name: str, code: str, parent_id: str | None = None) -> str:
    """The id of the division with this code, registered by the admin if missing."""
    intake = json.loads(OUTPUTS.read_text())["IntakeApiUrl"]
    session = requests.Session()
    session.headers["Authorization"] = token()
    body = {"name": name, "code": code, **({"parentId": parent_id} if parent_id else {})}
    created = session.post(f"{intake}/divisions", json=body, timeout=30)
    if created.status_code == 201:
        return str(created.json()["id"])
    found = session.get(f"{intake}/divisions", params={"q": code, "limit": "100"}, timeout=30)
    found.raise_for_status()
    return str(next(d["id"] for d in found.json()["items"] if d["code"] == code))


def retire_divisions(code_prefix: str) -> int:
    """Retire every division whose code starts with ``code_prefix`` and everything in it
    (risks and solutions, as a risk manager signed up for the purpose; then the
    divisions, the deepest first): what the end-to-end tests and the benchmarks made
    leaves the register a user opens (ADR 53). Retired, not deleted: the platform keeps
    history. Returns how many divisions were retired."""
    intake = json.loads(OUTPUTS.read_text())["IntakeApiUrl"]
    admin = _Client(intake, token())
    made = [
        d for d in admin.every("/divisions", q=code_prefix) if d["code"].startswith(code_prefix)
    ]
    if not made:
        return 0
    by_id = {d["id"]: d for d in made}
    tops = [d["id"] for d in made if d["parentId"] not in by_id]
    email = f"cleanup-{os.urandom(4).hex()}@riskplatform.local"
    create_user(email, "risk-manager", tops)
    try:
        manager = _Client(intake, token(email))
        for top in tops:
            for kind in ("/risks", "/solutions"):
                for item in manager.every(kind, divisionId=top):
                    if not item.get("retired") and item.get("status") != "retired":
                        manager.retire(f"{kind}/{item['id']}", item["version"])

        def depth(division: dict[str, Any]) -> int:
            found = 0
            while division["parentId"] in by_id:
                division, found = by_id[division["parentId"]], found + 1
            return found

        for division in sorted(made, key=depth, reverse=True):
            admin.retire(f"/divisions/{division['id']}", division["version"])
    finally:
        delete_user(email)
    return len(made)


class _Client:
    """An API called as one signed-in user, for the set-up and clean-up above."""

    def __init__(self, base: str, id_token: str) -> None:
        self.base = base
        self.session = requests.Session()
        self.session.headers["Authorization"] = id_token

    def every(self, path: str, **query: Any) -> list[dict[str, Any]]:
        """Every item of a list, page after page."""
        items: list[dict[str, Any]] = []
        while True:
            page = self.session.get(
                f"{self.base}{path}",
                params={"limit": 200, "offset": len(items), **query},
                timeout=30,
            )
            page.raise_for_status()
            body = page.json()
            items += body["items"]
            if not body["items"] or len(items) >= body["total"]:
                return items

    def retire(self, path: str, version: int) -> None:
        retired = self.session.delete(
            f"{self.base}{path}", headers={"If-Match": f'"{version}"'}, timeout=30
        )
        if retired.status_code != 200:
            raise RuntimeError(f"retiring {path}: {retired.status_code} {retired.text}")


def create_archive() -> None:
    events = boto3.client("events")
    name = f"riskplatform-{STAGE}-all"
    if not any(a["ArchiveName"] == name for a in events.list_archives().get("Archives", [])):
        events.create_archive(
            ArchiveName=name,
            EventSourceArn=parameter("events/bus-arn"),
            Description="Every event on the platform bus, for replay.",
            RetentionDays=7,
        )


if __name__ == "__main__":
    create_archive()
    create_user("admin@riskplatform.local", "admin")
    local = ensure_division(**LOCAL_DIVISION)
    for email, role in USERS.items():
        create_user(email, role, [local] if role in BOUND_TO_DIVISIONS else [])
    print(f"seeded users: {', '.join(USERS)} (analyst and risk manager in division LOCAL)")
