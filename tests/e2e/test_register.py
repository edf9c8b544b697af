"""The complete register through the deployed local stack, as its users see it: users
whose Cognito groups and division memberships decide what they may do where (each test
signs up its own users in the emulator's user pool, for divisions it creates)."""

from __future__ import annotations

import base64
import uuid

import pytest

pytestmark = pytest.mark.e2e


def code() -> str:
    return "E2E-" + uuid.uuid4().hex[:8].upper()


@pytest.fixture
def divisions(intake) -> dict[str, str]:
    """A division with a sub-division, and another division: ids by name."""
    top = intake.post("/divisions", {"name": "Molecular Diagnostics", "code": code()})
    assert top.status_code == 201, top.text
    sub = intake.post(
        "/divisions", {"name": "PCR Reagents", "code": code(), "parentId": top.json()["id"]}
    )
    other = intake.post("/divisions", {"name": "Instruments", "code": code()})
    assert sub.status_code == other.status_code == 201
    return {"top": top.json()["id"], "sub": sub.json()["id"], "other": other.json()["id"]}


def test_a_risk_goes_through_its_workflow_with_its_solution_and_audit(sign_up, divisions):
    analyst = sign_up("analyst", divisions["top"])
    manager = sign_up("risk-manager", divisions["top"])
    outsider = sign_up("analyst", divisions["other"])
    title = f"Single-source Taq polymerase {uuid.uuid4().hex[:6]}"

    captured = analyst.post(
        "/risks",
        {
            "divisionId": divisions["sub"],
            "title": title,
            "description": "All master-mix lots depend on one enzyme supplier.",
            "category": "supply_chain",
            "ownerEmail": "qa.lead@example.com",
            "tags": ["pcr"],
        },
    )
    assert captured.status_code == 201, captured.text
    assert captured.headers["ETag"] == '"1"'
    risk = captured.json()
    path = f"/risks/{risk['id']}"

    assert analyst.patch(path, {"status": "open"}, 1).status_code == 200
    assert analyst.patch(path, {"title": "Stale"}, 1).status_code == 412
    assert analyst.patch(path, {"status": "accepted"}, 2).status_code == 403
    solution = manager.post(
        "/solutions",
        {
            "divisionId": divisions["top"],
            "title": "Qualify a second enzyme supplier",
            "kind": "preventive",
            "designEffectiveness": 60,
            "ownerEmail": "sourcing@example.com",
        },
    )
    assert solution.status_code == 201, solution.text
    linked = analyst.post_if(f"{path}/solutions", {"solutionId": solution.json()["id"]}, 2)
    assert linked.status_code == 200, linked.text
    accepted = manager.patch(path, {"status": "accepted", "treatment": "accept"}, 3)
    assert accepted.status_code == 200, accepted.text

    stored = analyst.get(path).json()
    assert (stored["status"], stored["version"]) == ("accepted", 4)
    assert [s["title"] for s in stored["solutions"]] == ["Qualify a second enzyme supplier"]
    audit = analyst.get(f"{path}/audit").json()["items"]
    changes = [(e["field"], e["new"]) for e in audit if e["action"] == "changed"]
    assert [c for c in changes if c[0] != "acceptance"][-2:] == [
        ("status", "accepted"),
        ("treatment", "accept"),
    ]
    assert changes[-1][0] == "acceptance"  # who, when, for a year (ADR 27)
    found = analyst.get("/risks", divisionId=divisions["top"], q="polymerase").json()["items"]
    assert risk["id"] in {r["id"] for r in found}
    assert outsider.get(path).status_code == 404
    assert risk["id"] not in {r["id"] for r in outsider.get("/risks").json()["items"]}


def test_an_import_dry_run_names_each_bad_row_and_writes_nothing(sign_up, divisions, intake):
    manager = sign_up("risk-manager", divisions["top"])
    division_code = intake.get(f"/divisions/{divisions['sub']}").json()["code"]
    csv = (
        "division,title,category,owner_email\n"
        f"{division_code},Lot release delays,operational,qc@example.com\n"
        f"{division_code},Unknown category,weather,qc@example.com\n"
    )
    body = {"format": "csv", "content": base64.b64encode(csv.encode()).decode(), "dryRun": True}

    report = manager.post("/risks/import", body)

    assert report.status_code == 200, report.text
    assert [(p["line"], p["field"]) for p in report.json()["problems"]] == [(3, "category")]
    assert manager.get("/risks", divisionId=divisions["sub"]).json()["total"] == 0
