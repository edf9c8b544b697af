"""Each API answers as its committed OpenAPI document says (ADR 61): schemathesis, with
every check, generates requests from the document and sends them to the deployed local
stack, a bounded number per operation.

It signs in as the seeded executive, who reads everything and may write nothing: every
write it generates is refused (403), and every id it draws names nothing, so the
register a user opens is left as it was (ADR 53): the test checks that no write
succeeded.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from scripts import local_setup
from tests.e2e.conftest import Api

ROOT = Path(__file__).resolve().parents[2]
CONFIG = Path(__file__).with_name("schemathesis.toml")
ST = Path(sys.executable).with_name("st")
URLS = {
    "risk-intake": "IntakeApiUrl",
    "metrics-scoring": "ScoringApiUrl",
    "graph-sync": "GraphApiUrl",
    "reporting": "ReportingApiUrl",
}
MAX_EXAMPLES = 5  # per operation and phase
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
SEED = os.environ.get("SCHEMATHESIS_SEED", "61")  # fixed, so a run can be repeated


@pytest.fixture(scope="module")
def reader() -> str:
    return local_setup.token("executive@riskplatform.local")


def writes_that_succeeded(har: Path) -> list[str]:
    """Each request of the run that changed something: a write answered 2xx."""
    entries = json.loads(har.read_text())["log"]["entries"]
    return [
        f"{e['request']['method']} {e['request']['url']} -> {e['response']['status']}"
        for e in entries
        if e["request"]["method"] in WRITES and 200 <= e["response"]["status"] < 300
    ]


def warm_up(api: Api, service: str) -> None:
    """One request to each of two execution environments first, so that the run measures
    answers (its response-time check allows 10 s) rather than cold starts."""
    document = json.loads((ROOT / "services" / service / "openapi.json").read_text())
    path = next(p for p, ops in document["paths"].items() if "get" in ops and "{" not in p)
    with ThreadPoolExecutor(2) as pool:
        list(pool.map(lambda _: api.get(path), range(2)))


@pytest.mark.timeout(600)
@pytest.mark.parametrize("service", sorted(URLS))
def test_the_api_answers_as_its_openapi_document_says(service, outputs, reader, tmp_path):
    warm_up(Api(outputs[URLS[service]], reader), service)
    started = time.monotonic()
    run = subprocess.run(
        [
            str(ST),
            "--config-file",
            str(CONFIG),
            "run",
            str(ROOT / "services" / service / "openapi.json"),
            "--url",
            outputs[URLS[service]],
            "--header",
            f"Authorization: {reader}",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--workers",
            "2",
            "--seed",
            SEED,
            "--request-timeout",
            "20",
            "--generation-database",
            "none",
            "--no-color",
            "--report",
            "har",
            "--report-har-path",
            str(tmp_path / "run.har"),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # where schemathesis keeps its cache of crashes
        check=False,
    )
    summary = run.stdout[-6000:]
    print(f"{service}: schemathesis took {time.monotonic() - started:.0f} s\n{summary}")
    assert run.returncode == 0, summary
    assert writes_that_succeeded(tmp_path / "run.har") == [], "the run changed the register"
