"""Local-stage setup the templates cannot do on the emulator: the seeded users (one per
role) and the event archive. Idempotent.

    python scripts/local_setup.py
"""

from __future__ import annotations

import contextlib

import boto3

STAGE = "local"
PASSWORD = "Local-Passw0rd-1"
USERS = {
    "analyst@riskplatform.local": "analyst",
    "risk-manager@riskplatform.local": "risk-manager",
    "executive@riskplatform.local": "executive",
    "admin@riskplatform.local": "admin",
}


def parameter(name: str) -> str:
    return boto3.client("ssm").get_parameter(Name=f"/riskplatform/{STAGE}/{name}")["Parameter"][
        "Value"
    ]


def seed_users() -> None:
    cognito = boto3.client("cognito-idp")
    pool = parameter("auth/user-pool-id")
    for email, group in USERS.items():
        with contextlib.suppress(cognito.exceptions.UsernameExistsException):
            cognito.admin_create_user(
                UserPoolId=pool,
                Username=email,
                UserAttributes=[
                    {"Name": "email", "Value": email},
                    {"Name": "email_verified", "Value": "true"},
                ],
                MessageAction="SUPPRESS",
            )
        cognito.admin_set_user_password(
            UserPoolId=pool, Username=email, Password=PASSWORD, Permanent=True
        )
        cognito.admin_add_user_to_group(UserPoolId=pool, Username=email, GroupName=group)


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


def token(email: str = "admin@riskplatform.local") -> str:
    """An ID token for a seeded user, to send as the Authorization header."""
    result = boto3.client("cognito-idp").initiate_auth(
        ClientId=parameter("auth/spa-client-id"),
        AuthFlow="USER_PASSWORD_AUTH",
        AuthParameters={"USERNAME": email, "PASSWORD": PASSWORD},
    )
    return str(result["AuthenticationResult"]["IdToken"])


if __name__ == "__main__":
    seed_users()
    create_archive()
    print(f"seeded users: {', '.join(USERS)}")
