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
    retire_what_the_tests_made(outputs)


def retire_what_the_tests_made(outputs: dict[str, str]) -> None:
    admin = Api(outputs["IntakeApiUrl"], local_setup.token("admin@riskplatform.local"))
    made = [d for d in every(admin, "/divisions", q=E2E_CODE) if d["code"].startswith(E2E_CODE)]
    if not made:
        return
    ids = {d["id"] for d in made}
    tops = [d["id"] for d in made if d["parentId"] not in ids]
    email = f"e2e-cleanup-{uuid.uuid4().hex[:8]}@riskplatform.local"
    local_setup.create_user(email, "risk-manager", tops)
    try:
        manager = Api(outputs["IntakeApiUrl"], local_setup.token(email))
        for top in tops:
            for kind in ("/risks", "/solutions"):
                for item in every(manager, kind, divisionId=top):
                    retired = manager.delete(f"{kind}/{item['id']}", item["version"])
                    assert retired.status_code == 200, retired.text
        depth = {d["id"]: len(lineage(d, {m["id"]: m for m in made})) for d in made}
        for division in sorted(made, key=lambda d: -depth[d["id"]]):
            retired = admin.delete(f"/divisions/{division['id']}", division["version"])
            assert retired.status_code == 200, retired.text
    finally:
        local_setup.delete_user(email)


def every(api: Api, path: str, **query: Any) -> list[dict[str, Any]]:
    """Every item of a list, page after page."""
    items: list[dict[str, Any]] = []
    while True:
        page = api.get(path, limit=200, offset=len(items), **query)
        page.raise_for_status()
        body = page.json()
        items += body["items"]
        if not body["items"] or len(items) >= body["total"]:
            return items


def lineage(division: dict[str, Any], made: dict[str, dict[str, Any]]) -> list[str]:
    found = [division["id"]]
    while made.get(found[-1], {}).get("parentId") in made:
        found.append(made[found[-1]]["parentId"])
    return found
