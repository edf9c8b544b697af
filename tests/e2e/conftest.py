"""The deployed local stack (``make up``): its outputs, a signed-in client, and patience."""

from __future__ import annotations

import json
import time
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


@pytest.fixture(scope="session")
def token() -> str:
    return local_setup.token("admin@riskplatform.local")


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
