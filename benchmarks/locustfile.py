"""The load test's simulated users, run by Locust in its own venv (see benchmarks/load.py,
which prepares the division, the users and their tokens, starts Locust headless and
prints the figures). Only Locust and the standard library are imported here.

Analysts and risk managers work in the benchmark's own division: they list the
register, open risks, capture risks, assess them, read scores and the heat map.
Executives read across the company. Every request is recorded (operation, status,
milliseconds) to the file named by ``LOAD_RESULTS`` when Locust stops.
"""

from __future__ import annotations

import json
import os
import random
from pathlib import Path
from typing import Any

from locust import HttpUser, between, events, task

SETUP = json.loads(Path(os.environ["LOAD_SETUP"]).read_text())
INTAKE, SCORING, REPORTING = SETUP["intake"], SETUP["scoring"], SETUP["reporting"]
DIVISION = SETUP["division"]
SEEDED: list[str] = SETUP["risks"]  # assessed and scored before the load starts
RECORDS: list[tuple[str, int, float]] = []


@events.request.add_listener
def record(name: str, response_time: float, response: Any, exception: Any, **_: Any) -> None:
    status = getattr(response, "status_code", 0) or 0  # 0: no answer (connection error)
    RECORDS.append((name, int(status), float(response_time)))


@events.quitting.add_listener
def save(**_: Any) -> None:
    Path(os.environ["LOAD_RESULTS"]).write_text(json.dumps(RECORDS))


class DivisionUser(HttpUser):
    """Works in the benchmark's division: reads it and captures and assesses risks."""

    abstract = True
    host = INTAKE
    wait_time = between(0.5, 1.5)
    role = ""

    def on_start(self) -> None:
        self.client.headers["Authorization"] = SETUP["tokens"][self.role]
        self.mine: list[str] = []
        self.captured = 0

    def get(self, name: str, url: str, **params: Any) -> None:
        with self.client.get(url, params=params, name=name, catch_response=True) as reply:
            reply.success()  # judged by status in the figures, not by Locust

    @task(3)
    def list_the_register(self) -> None:
        self.get("list the register", f"{INTAKE}/risks", divisionId=DIVISION, limit=25)

    @task(3)
    def get_a_risk(self) -> None:
        self.get("get a risk", f"{INTAKE}/risks/{random.choice(self.mine or SEEDED)}")

    @task(1)
    def capture_a_risk(self) -> None:
        self.captured += 1
        body = {
            "divisionId": DIVISION,
            "title": f"Load test risk {self.captured}",
            "description": "Synthetic risk of the load test.",
            "category": random.choice(["operational", "supply_chain", "cyber", "financial"]),
            "ownerEmail": "load-test@example.com",
        }
        with self.client.post(
            f"{INTAKE}/risks", json=body, name="capture a risk", catch_response=True
        ) as reply:
            reply.success()
            if reply.status_code == 201:
                self.mine.append(reply.json()["id"])

    @task(2)
    def assess_a_risk(self) -> None:
        risk = random.choice(self.mine or SEEDED)
        body = {
            "likelihood": random.randint(1, 5),
            "impact": {"financial": random.randint(1, 5), "supply": random.randint(1, 5)},
        }
        with self.client.post(
            f"{INTAKE}/risks/{risk}/assessments",
            json=body,
            name="post an assessment",
            catch_response=True,
        ) as reply:
            reply.success()

    @task(2)
    def read_a_score(self) -> None:
        self.get("read scores", f"{SCORING}/scores/{random.choice(SEEDED)}")

    @task(2)
    def heat_map(self) -> None:
        self.get("heat map", f"{REPORTING}/reports/heatmap", divisionId=DIVISION)

    @task(1)
    def floor(self) -> None:
        """No request can cost less: one the API's authorizer refuses (401, a token that
        is no token) before any function runs, measured under the same load."""
        with self.client.get(
            f"{INTAKE}/risks",
            headers={"Authorization": "not-a-token"},
            name="floor: refused by the authorizer",
            catch_response=True,
        ) as reply:
            reply.success()


class Analyst(DivisionUser):
    role = "analyst"
    fixed_count = SETUP["users"]["analyst"]


class RiskManager(DivisionUser):
    role = "risk-manager"
    fixed_count = SETUP["users"]["risk-manager"]


class Executive(HttpUser):
    """Reads across the company: the register, scores and the heat map."""

    host = INTAKE
    wait_time = between(0.5, 1.5)
    fixed_count = SETUP["users"]["executive"]

    def on_start(self) -> None:
        self.client.headers["Authorization"] = SETUP["tokens"]["executive"]

    def get(self, name: str, url: str, **params: Any) -> None:
        with self.client.get(url, params=params, name=name, catch_response=True) as reply:
            reply.success()

    @task(3)
    def list_the_register(self) -> None:
        self.get("list the register", f"{INTAKE}/risks", limit=25)

    @task(1)
    def get_a_risk(self) -> None:
        self.get("get a risk", f"{INTAKE}/risks/{random.choice(SEEDED)}")

    @task(2)
    def read_scores(self) -> None:
        self.get("read scores", f"{SCORING}/scores", limit=25)

    @task(3)
    def heat_map(self) -> None:
        self.get("heat map", f"{REPORTING}/reports/heatmap")
