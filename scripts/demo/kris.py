"""Key risk indicators for the demo register, so that the KRI dashboard has something to
show: one indicator on the first risk of each category (two for supply chain), with
readings that leave some red, some amber, some green, one stale and one unread. The
admin defines them in metrics-scoring; the demo loader, a risk manager of the top
divisions, records the readings. Indicators a risk already has (by name) are left
alone, so running it again changes nothing.

    python -m scripts.demo.kris
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import requests

from scripts import local_setup
from scripts.demo.generate import PlannedRisk, plan


@dataclass(frozen=True)
class KriTemplate:
    category: str
    name: str
    unit: str
    direction: str
    amber: float
    red: float
    readings: tuple[tuple[float, int], ...]  # (value, days before today), oldest first
    stale_after_days: int = 90


HIGHER, LOWER = "higher_is_worse", "lower_is_worse"
TEMPLATES = (
    KriTemplate("supply_chain", "Supplier on-time delivery", "%", LOWER, 95, 90,
                ((96.5, 40), (88.0, 6))),  # red
    KriTemplate("supply_chain", "Single-sourced critical materials", "%", HIGHER, 20, 35,
                ()),  # unread
    KriTemplate("product_safety", "Complaints per 10,000 units", "per 10k", HIGHER, 2, 4,
                ((1.5, 35), (3.1, 5))),  # amber
    KriTemplate("regulatory_quality", "Open CAPAs past due", "count", HIGHER, 3, 6,
                ((2, 30), (7, 3))),  # red
    KriTemplate("operational", "Instrument field failures per month", "count", HIGHER, 5, 10,
                ((4, 31), (6, 1))),  # amber
    KriTemplate("cyber", "Unpatched critical vulnerabilities", "count", HIGHER, 5, 15,
                ((9, 20), (2, 2))),  # green
    KriTemplate("ehs", "Lost-time incidents (12 months)", "count", HIGHER, 2, 4,
                ((3, 200),)),  # amber, stale
    KriTemplate("financial", "Days sales outstanding", "days", HIGHER, 60, 75,
                ((58, 60), (64, 30))),  # amber
    KriTemplate("reputational", "Net promoter score", "points", LOWER, 30, 20,
                ((35, 60), (41, 10))),  # green
    KriTemplate("strategic", "Revenue share of the top product line", "%", HIGHER, 40, 50,
                ((52, 14),)),  # red
)  # fmt: skip


def assigned(risks: list[PlannedRisk]) -> list[tuple[str, KriTemplate]]:
    """Each template with the title of the first planned risk of its category."""
    first: dict[str, str] = {}
    for risk in risks:
        first.setdefault(risk.category, risk.title)
    return [(first[t.category], t) for t in TEMPLATES if t.category in first]


class Client:
    def __init__(self, output: str, email: str) -> None:
        self.base = json.loads(local_setup.OUTPUTS.read_text())[output]
        self.session = requests.Session()
        self.session.headers["Authorization"] = local_setup.token(email)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        reply = self.session.request(method, self.base + path, json=body, timeout=60)
        if reply.status_code >= 400:
            raise RuntimeError(f"{method} {path}: {reply.status_code} {reply.text}")
        return reply.json()


def risk_ids(intake: Client, roots: list[str]) -> dict[str, str]:
    """The demo risks' ids by title, a page of 200 at a time."""
    found: dict[str, str] = {}
    for root in roots:
        offset, total = 0, 1
        while offset < total:
            page = intake.call("GET", f"/risks?divisionId={root}&limit=200&offset={offset}")
            found |= {item["title"]: item["id"] for item in page["items"]}
            offset, total = offset + 200, page["total"]
    return found


def load_kris(risks: list[PlannedRisk], roots: list[str], loader: str) -> int:
    """Defines the templates' indicators the demo risks lack and records their readings;
    how many it defined."""
    admin = Client("IntakeApiUrl", "admin@riskplatform.local")
    scoring_admin = Client("ScoringApiUrl", "admin@riskplatform.local")
    scoring_loader = Client("ScoringApiUrl", loader)
    ids = risk_ids(admin, roots)
    now = datetime.now(UTC).replace(microsecond=0)
    made = 0
    for title, template in assigned(risks):
        risk_id = ids.get(title)
        if risk_id is None:
            continue
        held = scoring_admin.call("GET", f"/risks/{risk_id}/kris")
        if any(k["name"] == template.name for k in held):
            continue
        kri = scoring_admin.call(
            "POST",
            f"/risks/{risk_id}/kris",
            {
                "name": template.name,
                "unit": template.unit,
                "direction": template.direction,
                "amber": template.amber,
                "red": template.red,
                "staleAfterDays": template.stale_after_days,
            },
        )
        for value, days in template.readings:
            observed = (now - timedelta(days=days)).isoformat().replace("+00:00", "Z")
            scoring_loader.call(
                "POST", f"/kris/{kri['kriId']}/readings", {"value": value, "observedAt": observed}
            )
        made += 1
    return made


def top_divisions() -> list[str]:
    """The ids of the demo company's top divisions (registered if missing)."""
    return [
        local_setup.ensure_division(name, code, None)
        for code, (name, parent) in plan().divisions.items()
        if parent is None
    ]


def main() -> None:
    from scripts.demo.load import LOADER  # load imports this module

    print(f"demo indicators: {load_kris(plan().risks, top_divisions(), LOADER)} defined")


if __name__ == "__main__":
    main()
