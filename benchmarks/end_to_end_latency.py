"""End-to-end latency on the local stack: from an analyst's POST of an assessment to the
risk counted in the reporting heat map (intake → outbox relay → EventBridge → SQS →
scoring → RiskScored → SQS → reporting), over 100 risks, one at a time."""

from __future__ import annotations

import json
import time
import uuid
from pathlib import Path

import requests

from benchmarks.stats import summary_ms
from scripts import local_setup

ROOT = Path(__file__).resolve().parent.parent
RISKS = 100


def main(risks: int = RISKS) -> None:
    outputs = json.loads((ROOT / ".local/outputs.json").read_text())
    intake, reporting = outputs["IntakeApiUrl"], outputs["ReportingApiUrl"]
    division = local_setup.ensure_division("Benchmark", "BM-" + uuid.uuid4().hex[:8].upper())
    analyst = f"bench-{division[:8]}@riskplatform.local"
    local_setup.create_user(analyst, "analyst", [division])
    session = requests.Session()
    session.headers["Authorization"] = local_setup.token(analyst)
    post_ms, latencies = [], []
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
    local_setup.delete_user(analyst)

    print(f"\nEnd-to-end latency over {risks} risks (POST assessment -> counted in the heat map)")
    print(f"  POST /risks/{{id}}/assessments   {summary_ms(post_ms)}")
    print(f"  POST -> heat map                {summary_ms(latencies)}")


if __name__ == "__main__":
    main()
