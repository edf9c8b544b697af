"""End-to-end latency on the local stack: from an analyst's POST of an assessment to the
risk counted in the reporting heat map (intake → outbox relay → EventBridge → SQS →
scoring → RiskScored → SQS → reporting), over 100 risks, one at a time.

The floor is the cheapest request the API can answer, measured in the same run: one its
authorizer refuses (401) before any function runs. The chain invokes four functions (the
POST, scoring, reporting, the heat map's GET) and crosses EventBridge and SQS twice."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import requests

from benchmarks.stats import percentile, summary_ms
from scripts import local_setup

ROOT = Path(__file__).resolve().parent.parent
RISKS = 100
FLOOR_REQUESTS = 30
CODE = "BM-"  # the benchmark's divisions: retired after it (ADR 53)


def main(risks: int = RISKS) -> None:
    outputs = json.loads((ROOT / ".local/outputs.json").read_text())
    intake, reporting = outputs["IntakeApiUrl"], outputs["ReportingApiUrl"]
    division = local_setup.ensure_division("Benchmark", CODE + uuid.uuid4().hex[:8].upper())
    analyst = f"bench-{division[:8]}@riskplatform.local"
    local_setup.create_user(analyst, "analyst", [division])
    try:
        post_ms, latencies = measure(intake, reporting, division, analyst, risks)
        floor = measure_floor(intake)
    finally:
        local_setup.delete_user(analyst)
        local_setup.retire_divisions(CODE)  # the register a user opens stays the demo's

    one = percentile(floor, 50)
    print(f"\nEnd-to-end latency over {risks} risks (POST assessment -> counted in the heat map)")
    print(
        f"  POST /risks/{{id}}/assessments   {summary_ms(post_ms)}"
        f"  (p50 x{percentile(post_ms, 50) / one:.1f} the floor)"
    )
    print(
        f"  POST -> heat map                {summary_ms(latencies)}"
        f"  (p50 x{percentile(latencies, 50) / one:.1f} the floor; 4 functions in the chain)"
    )
    print(f"  floor: refused by authorizer   {summary_ms(floor)}")


def measure(
    intake: str, reporting: str, division: str, analyst: str, risks: int
) -> tuple[list[float], list[float]]:
    """(POST assessment times, times until the risk is counted in the heat map)."""
    session = requests.Session()
    session.headers["Authorization"] = local_setup.token(analyst)
    post_ms: list[float] = []
    latencies: list[float] = []
    for n in range(risks):
        risk = session.post(
            f"{intake}/risks",
            json={
                "divisionId": division,
                "title": f"Benchmark risk {n}",
                "description": "Synthetic risk for the latency benchmark.",
                "category": "operational",
                "ownerEmail": "bench@example.com",
            },
        ).json()["id"]
        started = time.perf_counter()
        response = session.post(
            f"{intake}/risks/{risk}/assessments",
            json={"likelihood": 1 + n % 5, "impact": {"financial": 1 + (n // 5) % 5}},
        )
        post_ms.append(time.perf_counter() - started)
        response.raise_for_status()
        while True:
            heat = session.get(
                f"{reporting}/reports/heatmap", params={"divisionId": division}
            ).json()
            if heat["total"] == n + 1:
                break
            if time.perf_counter() - started > 60:
                raise RuntimeError(f"risk {n} not in the heat map after 60 s")
            time.sleep(0.01)
        latencies.append(time.perf_counter() - started)
    return post_ms, latencies


def measure_floor(intake: str) -> list[float]:
    floor: list[float] = []
    for _ in range(FLOOR_REQUESTS):
        started = time.perf_counter()
        refused = requests.get(f"{intake}/risks", headers={"Authorization": "not-a-token"})
        floor.append(time.perf_counter() - started)
        if refused.status_code != 401:
            raise RuntimeError(f"the floor's request got {refused.status_code}, not 401")
    return floor


if __name__ == "__main__":
    main()
