"""Loads the demo register into the local stack through the intake API, as its users
would: the admin registers the divisions; a risk manager of the top divisions captures
products, suppliers, sites, risks with their assessments, and solutions linked to the
risks they answer. Skipped when the demo divisions already hold risks. Then the key risk
indicators of scripts/demo/kris.py, those the demo risks lack, and the appetites of
scripts/demo/appetites.py, those the top divisions lack.

    python -m scripts.demo.load [--risks 300] [--solutions 150]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from scripts import local_setup
from scripts.demo import company
from scripts.demo.appetites import load_appetites
from scripts.demo.generate import Plan, PlannedRisk, PlannedSolution, plan
from scripts.demo.kris import load_kris

LOADER = "demo-loader@riskplatform.local"
WORKERS = 4
THROTTLED_ATTEMPTS = 10


class Intake:
    def __init__(self, email: str) -> None:
        self.base = json.loads(local_setup.OUTPUTS.read_text())["IntakeApiUrl"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = local_setup.token(email)

    def call(self, method: str, path: str, body: Any = None, version: int | None = None) -> Any:
        """One request; a throttled one (429) waits and goes again, as API clients should."""
        headers = {"If-Match": f'"{version}"'} if version is not None else {}
        for attempt in range(THROTTLED_ATTEMPTS):
            reply = self.session.request(
                method, self.base + path, json=body, headers=headers, timeout=60
            )
            if reply.status_code != 429:
                break
            time.sleep(random.uniform(0, min(5.0, 0.1 * 2**attempt)))
        if reply.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.text}")
        return reply.json()


def load(demo: Plan) -> None:
    divisions: dict[str, str] = {}
    for code, (name, parent) in demo.divisions.items():  # parents come first
        divisions[code] = local_setup.ensure_division(name, code, divisions.get(parent or ""))
    roots = [divisions[c] for c, (_, parent) in demo.divisions.items() if parent is None]
    local_setup.create_user(LOADER, "risk-manager", roots)
    intake = Intake(LOADER)
    held = sum(intake.call("GET", f"/risks?divisionId={r}&limit=1")["total"] for r in roots)
    if held >= len(demo.risks):
        print(f"demo data already loaded ({held} risks in the demo divisions)")
        print(f"demo indicators: {load_kris(demo.risks, roots, LOADER)} defined")
        print(f"demo appetites: {load_appetites(roots)} set")
        return
    started = time.perf_counter()
    entities = register_entities(intake, demo, divisions)
    with ThreadPoolExecutor(WORKERS) as pool:
        risks = list(pool.map(lambda r: capture(intake, r, divisions, entities), demo.risks))
        list(pool.map(lambda s: solve(intake, s, divisions, risks), demo.solutions))
    print(
        f"demo data: {len(divisions)} divisions, {len(entities)} products, suppliers and"
        f" sites, {len(risks)} risks, {len(demo.solutions)} solutions"
        f" in {time.perf_counter() - started:.0f} s"
    )
    print(f"demo indicators: {load_kris(demo.risks, roots, LOADER)} defined")
    print(f"demo appetites: {load_appetites(roots)} set")


def register_entities(intake: Intake, demo: Plan, divisions: dict[str, str]) -> dict[str, str]:
    """Products, suppliers and sites by name -> id, with their relationships."""
    ids: dict[str, str] = {}
    versions: dict[str, int] = {}

    def register(path: str, name: str, body: dict[str, Any]) -> None:
        made = intake.call("POST", path, body)
        ids[name], versions[name] = made["id"], made["version"]

    for number, products in enumerate(demo.products.values()):
        for n, product in enumerate(products):
            register("/products", product, {"code": f"P{number:02d}{n}", "name": product})
    for supplier in demo.suppliers:
        register("/suppliers", supplier, {"name": supplier})
    for site, (country, _) in demo.sites.items():
        register("/sites", site, {"name": site, "country": country})

    def relate(kind: str, name: str, relation: str, to_kind: str, to: str) -> None:
        body = {
            "fromType": kind,
            "fromId": ids[name],
            "relation": relation,
            "toType": to_kind,
            "toId": ids[to],
        }
        versions[name] = intake.call("POST", "/relationships", body, versions[name])["fromVersion"]

    for code, products in demo.products.items():
        division_version = intake.call("GET", f"/divisions/{divisions[code]}")["version"]
        for product in products:
            body = {
                "fromType": "division",
                "fromId": divisions[code],
                "relation": "sells",
                "toType": "product",
                "toId": ids[product],
            }
            division_version = intake.call("POST", "/relationships", body, division_version)[
                "fromVersion"
            ]
    for product, suppliers in company.DEPENDS_ON.items():
        for supplier in suppliers:
            relate("product", product, "depends_on", "supplier", supplier)
    for product, site in company.MADE_AT.items():
        relate("product", product, "made_at", "site", site)
    return ids


def capture(
    intake: Intake, risk: PlannedRisk, divisions: dict[str, str], entities: dict[str, str]
) -> dict[str, Any]:
    made = intake.call(
        "POST",
        "/risks",
        {
            "divisionId": divisions[risk.division],
            "title": risk.title,
            "description": risk.description,
            "category": risk.category,
            "ownerEmail": risk.owner_email,
            "status": "open",
        },
    )
    assessment = {
        "likelihood": risk.likelihood,
        "impact": risk.impact,
        "justification": "Initial assessment at the register's set-up.",
        **({"fmea": risk.fmea} if risk.fmea else {}),
    }
    version = intake.call("POST", f"/risks/{made['id']}/assessments", assessment)["riskVersion"]
    if risk.affects:
        kind, name = risk.affects
        body = {
            "fromType": "risk",
            "fromId": made["id"],
            "relation": "affects",
            "toType": kind,
            "toId": entities[name],
        }
        version = intake.call("POST", "/relationships", body, version)["fromVersion"]
    return {"id": made["id"], "version": version}


def solve(
    intake: Intake,
    solution: PlannedSolution,
    divisions: dict[str, str],
    risks: list[dict[str, Any]],
) -> None:
    retired = solution.status == "retired"  # a solution is retired after it served
    made = intake.call(
        "POST",
        "/solutions",
        {
            "divisionId": divisions[solution.division],
            "title": solution.title,
            "description": solution.description,
            "kind": solution.kind,
            "status": "active" if retired else solution.status,
            "designEffectiveness": solution.design_effectiveness,
            "testResult": solution.test_result,
            "testedOn": solution.tested_on,
            "nextTestDue": solution.next_test_due,
            "ownerEmail": solution.owner_email,
            "cost": solution.cost,
            "dueDate": solution.due_date,
        },
    )
    for index in solution.risks:
        risk = intake.call("GET", f"/risks/{risks[index]['id']}")
        intake.call(
            "POST", f"/risks/{risk['id']}/solutions", {"solutionId": made["id"]}, risk["version"]
        )
    if retired:
        intake.call("DELETE", f"/solutions/{made['id']}", version=made["version"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--risks", type=int, default=300)
    parser.add_argument("--solutions", type=int, default=150)
    args = parser.parse_args()
    load(plan(risks=args.risks, solutions=args.solutions))


if __name__ == "__main__":
    main()
