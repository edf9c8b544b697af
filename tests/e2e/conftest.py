"""The deployed local stack (``make up``): its outputs, a signed-in client, and patience."""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest
import requests

from scripts import local_setup

OUTPUTS = Path(__file__).resolve().parents[2] / ".local" / "outputs.json"
T = TypeVar("T")


@pytest.fixture(scope="session")
def outputs() -> dict[str, str]:
    if not OUTPUTS.exists():
        pytest.fail("the local stack is not up: run `make up` (make test does it)")
    return json.loads(OUTPUTS.read_text())


class Api:
    """One service's API, called as a signed-in user."""

    def __init__(self, base: str, token: str | None) -> None:
        self.base = base
        self.session = requests.Session()
        if token:
            self.session.headers["Authorization"] = token

    def get(self, path: str, **params: Any) -> requests.Response:
        return self.session.get(self.base + path, params=params, timeout=30)

    def post(self, path: str, body: Any) -> requests.Response:
        return self.session.post(self.base + path, json=body, timeout=30)

    def patch(self, path: str, body: Any, version: int) -> requests.Response:
        return self.session.patch(
            self.base + path, json=body, headers={"If-Match": f'"{version}"'}, timeout=30
        )

    def delete(self, path: str, version: int) -> requests.Response:
        return self.session.delete(
            self.base + path, headers={"If-Match": f'"{version}"'}, timeout=30
        )

    def post_if(self, path: str, body: Any, version: int) -> requests.Response:
        return self.session.post(
            self.base + path, json=body, headers={"If-Match": f'"{version}"'}, timeout=30
        )


@pytest.fixture(scope="session")
def token() -> str:
    return local_setup.token("admin@riskplatform.local")


@pytest.fixture
def sign_up(outputs):
    """``sign_up("analyst", division_id)``: the intake API as a new user of that role
    working in those divisions (removed after the test)."""
    created: list[str] = []

    def user(role: str, *divisions: str) -> Api:
        email = f"e2e-{role}-{uuid.uuid4().hex[:8]}@riskplatform.local"
        local_setup.create_user(email, role, divisions)
        created.append(email)
        return Api(outputs["IntakeApiUrl"], local_setup.token(email))

    yield user
    for email in created:
        local_setup.delete_user(email)


@pytest.fixture(scope="session")
def intake(outputs, token) -> Api:
    return Api(outputs["IntakeApiUrl"], token)


@pytest.fixture(scope="session")
def scoring(outputs, token) -> Api:
    return Api(outputs["ScoringApiUrl"], token)


@pytest.fixture(scope="session")
def graph(outputs, token) -> Api:
    return Api(outputs["GraphApiUrl"], token)


@pytest.fixture(scope="session")
def reporting(outputs, token) -> Api:
    return Api(outputs["ReportingApiUrl"], token)


def eventually[T](check: Callable[[], T | None], timeout: float = 30, every: float = 0.1) -> T:
    """Poll until ``check`` returns something truthy; fail with its last answer."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"not reached within {timeout} s")
        time.sleep(every)


E2E_CODE = "E2E-"  # every division the end-to-end tests make has a code starting so


@pytest.fixture(scope="session", autouse=True)
def leave_the_register_as_found(outputs):  # type: ignore[no-untyped-def]
    """After the suite, everything it made is retired (risks, solutions, then divisions,
    the deepest first), so that the register a user opens next is the demo company's
    alone. Retired, not deleted: the platform keeps history."""
    yield
    local_setup.retire_divisions(E2E_CODE)
