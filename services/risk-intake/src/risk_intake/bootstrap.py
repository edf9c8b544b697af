"""Builds risk-intake's adapters once per execution environment."""

from __future__ import annotations

import os
from functools import cache

from risk_intake.adapters.cognito_users import CognitoUsers
from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from riskplatform.wiring import Wiring, wire

SERVICE = "risk-intake"


@cache
def wiring() -> Wiring[IntakeUnitOfWork]:
    return wire(IntakeUnitOfWork, producer=SERVICE)


@cache
def users() -> CognitoUsers:
    """The users who can sign in, from the user pool named by ``USER_POOL_ID``."""
    return CognitoUsers(os.environ["USER_POOL_ID"])
