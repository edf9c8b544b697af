"""The users who can sign in: the Cognito user pool named by ``USER_POOL_ID``."""

from __future__ import annotations

from typing import Any

import boto3

from risk_intake.service_layer.memberships import DirectoryUser


class CognitoUsers:
    def __init__(self, user_pool_id: str, client: Any = None) -> None:
        self.user_pool_id = user_pool_id
        self.client = client or boto3.client("cognito-idp")

    def find(self, email: str) -> DirectoryUser | None:
        try:
            user = self.client.admin_get_user(UserPoolId=self.user_pool_id, Username=email)
        except self.client.exceptions.UserNotFoundException:
            return None
        attributes = {a["Name"]: a["Value"] for a in user.get("UserAttributes", [])}
        return DirectoryUser(user_id=attributes["sub"], email=attributes.get("email", email))
