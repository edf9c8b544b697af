"""A bounded load test of the local stack on loopback, with Locust (headless, in its own
venv): a fixed number of simulated analysts, risk managers and executives mix reads and
writes for a fixed time, and every operation's latency percentiles are printed beside
the floor measured in the same run, under the same load (a request the API's authorizer
refuses, before any function runs), with the error rate and the 429s counted apart.

Analysts and risk managers work in a division made for the run (like the end-to-end
benchmark), so the demo register stays as it was; executives only read.

    .local/venvs/dev/bin/python -m benchmarks.load [seconds]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import requests

from benchmarks.stats import percentile
from scripts import local_setup

ROOT = Path(__file__).resolve().parent.parent
LOCUST = ROOT / ".local/venvs/locust/bin/locust"
USERS = {"analyst": 5, "risk-manager": 4, "executive": 3}
SECONDS = 60
CODE = "LT-"  # the load test's divisions: retired after it (ADR 53)
SEEDED_RISKS = 6
FLOOR = "floor: refused by the authorizer"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
OPERATIONS = [
    "list the register",
    "get a risk",
    "capture a risk",
    "post an assessment",
    "read scores",
    "heat map",
]


def loopback(url: str) -> str:
    """The load goes to this machine only."""
    if urlsplit(url).hostname not in LOOPBACK:
        raise SystemExit(f"the load test only targets loopback, not {url}")
    return url.rstrip("/")


def call(session: requests.Session, method: str, url: str, **kwargs: Any) -> requests.Response:
    """One set-up request; a throttled one (429) waits and goes again."""
    for attempt in range(8):
        reply = session.request(method, url, timeout=60, **kwargs)
        if reply.status_code != 429:
            reply.raise_for_status()
            return reply
        time.sleep(0.1 * 2**attempt)
    reply.raise_for_status()
    return reply


def seed(intake: str, scoring: str, token: str, division: str) -> list[str]:
    """A few assessed risks in the division, waited for until scored, for the reads."""
    session = requests.Session()
    session.headers["Authorization"] = token
    risks = []
    for n in range(SEEDED_RISKS):
        body = {
            "divisionId": division,
            "title": f"Load test seed risk {n}",
            "description": "Synthetic risk read by the load test.",
            "category": "operational",
            "ownerEmail": "load-test@example.com",
        }
        risk = call(session, "POST", f"{intake}/risks", json=body).json()["id"]
        assessment = {"likelihood": 1 + n % 5, "impact": {"financial": 1 + (n * 2) % 5}}
        call(session, "POST", f"{intake}/risks/{risk}/assessments", json=assessment)
        risks.append(risk)
    deadline = time.monotonic() + 60
    for risk in risks:
        while session.get(f"{scoring}/scores/{risk}", timeout=60).status_code != 200:
            if time.monotonic() > deadline:
                raise RuntimeError(f"risk {risk} was not scored within 60 s")
            time.sleep(0.2)
    return risks


def run_locust(setup: dict[str, Any], seconds: int) -> list[tuple[str, int, float]]:
    users = sum(setup["users"].values())
    with tempfile.TemporaryDirectory(prefix="load-") as folder:
        setup_file, results, log = (Path(folder) / n for n in ("setup.json", "out.json", "log"))
        setup_file.write_text(json.dumps(setup))
        command = [
            str(LOCUST),
            "-f",
            str(ROOT / "benchmarks/locustfile.py"),
            "--headless",
            "--users",
            str(users),
            "--spawn-rate",
            str(users),
            "--run-time",
            f"{seconds}s",
            "--stop-timeout",
            "10",
            "--only-summary",
            "--loglevel",
            "WARNING",
        ]
        env = {**os.environ, "LOAD_SETUP": str(setup_file), "LOAD_RESULTS": str(results)}
        with log.open("w") as output:
            done = subprocess.run(
                command, env=env, stdout=output, stderr=subprocess.STDOUT, timeout=seconds + 120
            )
        if done.returncode != 0 or not results.exists():
            raise RuntimeError(f"locust failed ({done.returncode}):\n{log.read_text()[-3000:]}")
        return [tuple(r) for r in json.loads(results.read_text())]  # type: ignore[misc]


def answered(operation: str, status: int) -> bool:
    """As it should: a 2xx, or the 401 of the floor's refused request."""
    return status == 401 if operation == FLOOR else 200 <= status < 300


def report(records: list[tuple[str, int, float]], seconds: int) -> None:
    by_operation: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for name, status, took in records:
        by_operation[name].append((status, took))
    floor = [ms for _, ms in by_operation[FLOOR]]
    floor_p50 = percentile(floor, 50)
    users = ", ".join(f"{n} {role.replace('-', ' ')}s" for role, n in USERS.items())
    print(f"\nLoad test on loopback: {users}, for {seconds} s (think time 0.5-1.5 s)")
    print(
        f"  {'operation':<34} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8}"
        f" {'p50/floor':>9}   errors, 429s"
    )
    counted = throttled = failed = 0
    for name in [*OPERATIONS, FLOOR]:
        replies = by_operation.get(name, [])
        ms = [t for _, t in replies]
        wrong = Counter(s for s, _ in replies if s != 429 and not answered(name, s))
        too_many = sum(1 for s, _ in replies if s == 429)
        if name != FLOOR:
            counted += len(replies)
            throttled += too_many
            failed += sum(wrong.values())
        codes = ", ".join(f"{code or 'no answer'} x{n}" for code, n in sorted(wrong.items()))
        ratio = f"x{percentile(ms, 50) / floor_p50:.1f}" if name != FLOOR and ms else ""
        print(
            f"  {name:<34} {len(replies):>8} {percentile(ms, 50):>8.0f} {percentile(ms, 95):>8.0f}"
            f" {percentile(ms, 99):>8.0f} {ratio:>9}   {sum(wrong.values())}"
            f"{f' ({codes})' if codes else ''}, {too_many}"
        )
    print(
        f"  all operations: {counted} requests, {counted / seconds:.1f} a second;"
        f" error rate {failed / max(counted, 1):.2%} ({failed}),"
        f" throttled (429) {throttled / max(counted, 1):.2%} ({throttled})"
    )


def main(seconds: int = SECONDS) -> None:
    outputs = json.loads((ROOT / ".local/outputs.json").read_text())
    intake, scoring, reporting = (
        loopback(outputs[key]) for key in ("IntakeApiUrl", "ScoringApiUrl", "ReportingApiUrl")
    )
    division = local_setup.ensure_division("Load test", CODE + uuid.uuid4().hex[:8].upper())
    emails = {
        role: f"load-{role}-{division[:8]}@riskplatform.local"
        for role in ("analyst", "risk-manager")
    }
    created: list[str] = []
    try:
        for role, email in emails.items():
            created.append(email)
            local_setup.create_user(email, role, [division])
        tokens = {role: local_setup.token(email) for role, email in emails.items()}
        tokens["executive"] = local_setup.token("executive@riskplatform.local")
        risks = seed(intake, scoring, tokens["analyst"], division)
        setup = {
            "intake": intake,
            "scoring": scoring,
            "reporting": reporting,
            "division": division,
            "risks": risks,
            "tokens": tokens,
            "users": USERS,
        }
        records = run_locust(setup, seconds)
    finally:
        for email in created:
            local_setup.delete_user(email)
        local_setup.retire_divisions(CODE)  # the register a user opens stays the demo's
    report(records, seconds)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else SECONDS)
