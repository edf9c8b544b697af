"""Solutions (controls, mitigations) and their many-to-many links to risks, through the
intake API against the real MariaDB."""

from __future__ import annotations

import pytest

from tests.integration.risk_intake.support import outbox, risk_body, solution_body

pytestmark = pytest.mark.integration


@pytest.fixture
def manager(as_role, tree):
    return as_role("risk-manager", tree["REAG"], email="rim@example.com")


@pytest.fixture
def analyst(as_role, tree):
    return as_role("analyst", tree["REAG"], email="ana@example.com")


@pytest.fixture
def solution(manager, tree) -> dict:
    reply = manager.post(
        "/solutions",
        solution_body(
            tree["REAG"],
            cost="12500.50",
            dueDate="2027-06-30",
            status="in_progress",
        ),
    )
    assert reply.status == 201, reply.body
    return reply.body


def new_risk(client, division: str, title: str) -> dict:
    reply = client.post("/risks", risk_body(division, title=title))
    assert reply.status == 201, reply.body
    return reply.body


def test_a_registered_solution_has_its_fields_and_its_event(solution, tree, intake_db):
    assert solution["kind"] == "preventive"
    assert (solution["status"], solution["nextStatuses"]) == (
        "in_progress",
        ["planned", "active", "retired"],
    )
    assert (solution["designEffectiveness"], solution["cost"], solution["dueDate"]) == (
        60,
        12500.5,
        "2027-06-30",
    )
    assert (solution["testResult"], solution["testedOn"], solution["risks"]) == (None, None, [])
    registered = outbox(intake_db)[-1]
    assert registered["detail_type"] == "SolutionRegistered"
    assert registered["metadata"]["aggregate_id"] == solution["id"]
    assert registered["data"]["cost"] == 12500.5
    assert registered["data"]["division_id"] == tree["REAG"]


def test_a_test_result_changes_the_solution_and_says_what_changed(manager, solution, intake_db):
    reply = manager.patch(
        f"/solutions/{solution['id']}",
        {
            "status": "active",
            "testResult": "passed",
            "testedOn": "2026-11-02",
            "nextTestDue": "2027-05-02",
        },
        1,
    )

    assert reply.status == 200, reply.body
    assert (reply.body["version"], reply.headers["ETag"]) == (2, '"2"')
    changed = outbox(intake_db)[-1]
    assert changed["detail_type"] == "SolutionChanged"
    assert changed["data"]["changed"] == ["status", "test_result", "tested_on", "next_test_due"]
    assert changed["data"]["test_result"] == "passed"
    audit = manager.get(f"/solutions/{solution['id']}/audit").body["items"]
    assert ("status", "in_progress", "active", "rim@example.com") in [
        (e["field"], e["old"], e["new"], e["actor"]) for e in audit
    ]


def test_a_solution_follows_its_status_workflow(manager, solution):
    path = f"/solutions/{solution['id']}"
    assert manager.patch(path, {"status": "active"}, 1).status == 200
    assert manager.patch(path, {"status": "degraded"}, 2).status == 200

    refused = manager.patch(path, {"status": "planned"}, 3)

    assert refused.status == 409
    assert refused.fields == {"status"}
    assert "it can become: active, retired" in refused.errors[0]["reason"]


def test_a_stale_solution_change_is_412(manager, solution):
    assert (
        manager.patch(f"/solutions/{solution['id']}", {"designEffectiveness": 70}, 1).status == 200
    )
    stale = manager.patch(f"/solutions/{solution['id']}", {"designEffectiveness": 80}, 1)

    assert stale.status == 412
    assert manager.get(f"/solutions/{solution['id']}").body["designEffectiveness"] == 70


def test_linking_is_many_to_many_and_raises_the_risk_version(
    analyst, manager, solution, tree, intake_db
):
    second = manager.post("/solutions", solution_body(tree["REAG"], title="Safety stock")).body
    first_risk = new_risk(analyst, tree["IMMU"], "Taq supply")
    other_risk = new_risk(analyst, tree["REAG"], "Buffer supply")

    linked = analyst.post(
        f"/risks/{first_risk['id']}/solutions",
        {"solutionId": solution["id"]},
        headers={"If-Match": '"1"'},
    )
    analyst.post(
        f"/risks/{first_risk['id']}/solutions",
        {"solutionId": second["id"]},
        headers={"If-Match": '"2"'},
    )
    analyst.post(
        f"/risks/{other_risk['id']}/solutions",
        {"solutionId": solution["id"]},
        headers={"If-Match": '"1"'},
    )

    assert linked.status == 200, linked.body
    assert linked.body["version"] == 2
    assert [s["id"] for s in linked.body["solutions"]] == [solution["id"]]
    risk_now = analyst.get(f"/risks/{first_risk['id']}").body
    assert risk_now["version"] == 3
    assert {s["title"] for s in risk_now["solutions"]} == {solution["title"], "Safety stock"}
    affected = analyst.get(f"/solutions/{solution['id']}").body["risks"]
    assert {r["id"] for r in affected} == {first_risk["id"], other_risk["id"]}
    event = next(e for e in outbox(intake_db) if e["detail_type"] == "SolutionLinked")
    assert event["metadata"]["aggregate_id"] == first_risk["id"]
    assert event["metadata"]["aggregate_version"] == event["data"]["risk_version"] == 2
    assert event["data"]["solution_id"] == solution["id"]


def test_unlinking_raises_the_risk_version_and_its_event(analyst, solution, tree, intake_db):
    risk = new_risk(analyst, tree["IMMU"], "Taq supply")
    analyst.post(
        f"/risks/{risk['id']}/solutions",
        {"solutionId": solution["id"]},
        headers={"If-Match": '"1"'},
    )

    unlinked = analyst.delete(f"/risks/{risk['id']}/solutions/{solution['id']}", 2)

    assert unlinked.status == 200
    assert (unlinked.body["version"], unlinked.body["solutions"]) == (3, [])
    event = outbox(intake_db)[-1]
    assert event["detail_type"] == "SolutionUnlinked"
    assert event["data"]["risk_version"] == 3
    audit = analyst.get(f"/risks/{risk['id']}/audit").body["items"]
    assert [(e["action"], e["old"], e["new"]) for e in audit if e["field"] == "solutions"] == [
        ("linked", None, solution["id"]),
        ("unlinked", solution["id"], None),
    ]


def test_a_link_twice_is_409_and_a_stale_link_is_412(analyst, solution, tree):
    risk = new_risk(analyst, tree["IMMU"], "Taq supply")
    path = f"/risks/{risk['id']}/solutions"
    body = {"solutionId": solution["id"]}
    assert analyst.post(path, body, headers={"If-Match": '"1"'}).status == 200

    assert analyst.post(path, body, headers={"If-Match": '"2"'}).status == 409
    assert analyst.post(path, body, headers={"If-Match": '"1"'}).status == 412
    assert analyst.post(path, body).status == 428


def test_a_retired_solution_changes_no_more_and_takes_no_new_links(
    manager, analyst, solution, tree
):
    retired = manager.delete(f"/solutions/{solution['id']}", 1)
    assert (retired.status, retired.body["status"], retired.body["nextStatuses"]) == (
        200,
        "retired",
        [],
    )
    risk = new_risk(analyst, tree["IMMU"], "Taq supply")

    assert manager.patch(f"/solutions/{solution['id']}", {"title": "Again"}, 2).status == 409
    linking = analyst.post(
        f"/risks/{risk['id']}/solutions",
        {"solutionId": solution["id"]},
        headers={"If-Match": '"1"'},
    )
    assert linking.status == 409
    assert linking.fields == {"solutionId"}
