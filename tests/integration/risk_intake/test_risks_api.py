"""Risks through the intake API against the real MariaDB: the workflow, optimistic
concurrency, the audit trail and the events, each change all or nothing."""

from __future__ import annotations

import pytest

from tests.integration.risk_intake.support import outbox, risk_body
from tests.support.db import sql

pytestmark = pytest.mark.integration


@pytest.fixture
def analyst(as_role, tree):
    return as_role("analyst", tree["REAG"], email="ana@example.com")


@pytest.fixture
def manager(as_role, tree):
    return as_role("risk-manager", tree["REAG"], email="rim@example.com")


@pytest.fixture
def risk(analyst, tree) -> dict:
    reply = analyst.post("/risks", risk_body(tree["IMMU"], tags=["single-source", "pcr"]))
    assert reply.status == 201, reply.body
    return reply.body


def writes(intake_db) -> tuple[int, int, int]:
    """How many risk versions, events and audit entries there are: a refused request
    changes none of them."""
    [row] = sql(
        intake_db,
        "SELECT (SELECT COALESCE(SUM(version), 0) FROM risks) AS versions,"
        " (SELECT COUNT(*) FROM outbox) AS events, (SELECT COUNT(*) FROM audit_log) AS audit",
    )
    return int(row["versions"]), int(row["events"]), int(row["audit"])


def test_a_captured_risk_is_a_draft_with_its_fields_its_event_and_its_audit(
    analyst, tree, intake_db
):
    reply = analyst.post(
        "/risks",
        risk_body(tree["IMMU"], treatment="mitigate", reviewDue="2027-03-31", tags=["pcr", "dual"]),
    )

    assert reply.status == 201
    assert reply.headers["ETag"] == '"1"'
    body = reply.body
    assert (body["status"], body["nextStatuses"], body["version"]) == ("draft", ["open"], 1)
    assert (body["treatment"], body["reviewDue"], body["tags"]) == (
        "mitigate",
        "2027-03-31",
        ["dual", "pcr"],
    )
    assert (body["retired"], body["solutions"], body["latestAssessment"]) == (False, [], None)
    captured = outbox(intake_db)[-1]
    assert captured["detail_type"] == "RiskCaptured"
    assert captured["data"]["tags"] == ["dual", "pcr"]
    assert captured["metadata"]["division_id"] == tree["IMMU"]
    audit = analyst.get(f"/risks/{body['id']}/audit").body["items"]
    assert {(e["action"], e["field"], e["old"], e["actor"]) for e in audit} >= {
        ("captured", "status", None, "ana@example.com"),
        ("captured", "title", None, "ana@example.com"),
    }
    assert next(e["new"] for e in audit if e["field"] == "tags") == ["dual", "pcr"]


def test_the_workflow_moves_a_risk_along_legal_transitions_only(analyst, manager, risk):
    path = f"/risks/{risk['id']}"

    opened = analyst.patch(path, {"status": "open"}, 1)
    assert opened.status == 200, opened.body
    assert opened.body["nextStatuses"] == ["mitigating", "accepted", "closed"]
    mitigating = analyst.patch(path, {"status": "mitigating", "treatment": "mitigate"}, 2)
    assert mitigating.status == 200
    accepted = manager.patch(path, {"status": "accepted", "treatment": "accept"}, 3)
    assert accepted.status == 200
    assert (accepted.body["status"], accepted.body["version"]) == ("accepted", 4)
    assert accepted.headers["ETag"] == '"4"'


def test_an_illegal_transition_is_refused_naming_the_allowed_ones(analyst, risk, intake_db):
    before = writes(intake_db)

    reply = analyst.patch(f"/risks/{risk['id']}", {"status": "closed"}, 1)

    assert reply.status == 409
    [error] = reply.errors
    assert error["field"] == "status"
    assert "it can become: open" in error["reason"]
    assert writes(intake_db) == before


def test_only_a_risk_manager_accepts_a_risk(analyst, risk, intake_db):
    analyst.patch(f"/risks/{risk['id']}", {"status": "open"}, 1)
    before = writes(intake_db)

    reply = analyst.patch(f"/risks/{risk['id']}", {"status": "accepted"}, 2)

    assert reply.status == 403
    assert "accept-risks" in reply.body["message"]
    assert writes(intake_db) == before


def test_a_change_raises_one_risk_changed_with_the_whole_state_and_what_changed(
    analyst, risk, intake_db
):
    reply = analyst.patch(
        f"/risks/{risk['id']}",
        {"status": "open", "reviewDue": "2027-01-15", "tags": ["pcr", "single-source"]},
        1,
    )

    assert reply.status == 200
    changed = outbox(intake_db)[-1]
    assert changed["detail_type"] == "RiskChanged"
    assert changed["metadata"]["aggregate_version"] == 2
    assert changed["data"]["changed"] == ["status", "review_due"]  # the tags were the same
    assert changed["data"]["review_due"] == "2027-01-15"
    assert changed["data"]["previous_division_id"] is None
    assert changed["data"]["title"] == risk["title"]


def test_a_change_that_changes_nothing_keeps_the_version_and_raises_nothing(
    analyst, risk, intake_db
):
    before = writes(intake_db)

    reply = analyst.patch(f"/risks/{risk['id']}", {"title": risk["title"]}, 1)

    assert (reply.status, reply.body["version"]) == (200, 1)
    assert writes(intake_db) == before


def test_a_change_without_if_match_is_refused_with_428(analyst, risk, intake_db):
    before = writes(intake_db)

    reply = analyst.patch(f"/risks/{risk['id']}", {"status": "open"}, None)

    assert reply.status == 428
    assert reply.errors == [{"field": "If-Match", "in": "header", "reason": reply.body["message"]}]
    assert writes(intake_db) == before


def test_a_change_against_a_stale_version_is_refused_with_412_and_writes_nothing(
    analyst, manager, risk, intake_db
):
    assert analyst.patch(f"/risks/{risk['id']}", {"status": "open"}, 1).status == 200
    before = writes(intake_db)

    stale = manager.patch(f"/risks/{risk['id']}", {"title": "Renamed elsewhere"}, 1)

    assert stale.status == 412
    assert stale.fields == {"If-Match"}
    assert "version 2, not 1" in stale.body["message"]
    assert writes(intake_db) == before
    assert analyst.get(f"/risks/{risk['id']}").body["title"] == risk["title"]


@pytest.mark.parametrize("header", ["3x", '"abc"', ""])
def test_an_if_match_that_names_no_version_is_422(analyst, risk, header):
    reply = analyst.call(
        "PATCH", f"/risks/{risk['id']}", {"status": "open"}, headers={"If-Match": header}
    )

    assert reply.status == 422
    assert reply.fields == {"If-Match"}


def test_the_audit_trail_says_who_changed_what_from_which_value_to_which(analyst, manager, risk):
    analyst.patch(f"/risks/{risk['id']}", {"status": "open", "ownerEmail": "new@example.com"}, 1)
    manager.patch(f"/risks/{risk['id']}", {"status": "accepted"}, 2)

    audit = analyst.get(f"/risks/{risk['id']}/audit").body["items"]
    changes = [
        (e["version"], e["field"], e["old"], e["new"], e["actor"])
        for e in audit
        if e["action"] == "changed" and e["field"] != "acceptance"
    ]
    assert changes == [
        (2, "owner_email", "qa.lead@example.com", "new@example.com", "ana@example.com"),
        (2, "status", "draft", "open", "ana@example.com"),
        (3, "status", "open", "accepted", "rim@example.com"),
    ]
    [accepted] = [e for e in audit if e["field"] == "acceptance"]  # ADR 27
    assert (accepted["version"], accepted["old"], accepted["new"]["accepted_by"]) == (
        3,
        None,
        "rim@example.com",
    )
    assert all(e["at"] for e in audit)


def test_moving_a_risk_names_the_division_it_left(analyst, as_role, tree, risk, intake_db):
    both = as_role("analyst", tree["REAG"], tree["INST"])

    reply = both.patch(f"/risks/{risk['id']}", {"divisionId": tree["INST"]}, 1)

    assert reply.status == 200
    assert reply.body["divisionId"] == tree["INST"]
    moved = outbox(intake_db)[-1]
    assert moved["data"]["changed"] == ["division_id"]
    assert moved["data"]["previous_division_id"] == tree["IMMU"]
    assert moved["metadata"]["division_id"] == tree["INST"]
    assert analyst.get(f"/risks/{risk['id']}").status == 404  # now outside their subtree


def test_moving_a_risk_needs_write_access_in_the_target_division(analyst, tree, risk, intake_db):
    before = writes(intake_db)

    reply = analyst.patch(f"/risks/{risk['id']}", {"divisionId": tree["INST"]}, 1)

    assert reply.status == 403
    assert writes(intake_db) == before


def test_a_retired_risk_keeps_its_history_and_changes_no_more(analyst, risk, intake_db):
    retired = analyst.delete(f"/risks/{risk['id']}", 1)

    assert retired.status == 200
    assert (retired.body["retired"], retired.body["version"]) == (True, 2)
    event = outbox(intake_db)[-1]
    assert (event["detail_type"], event["data"]["changed"]) == ("RiskChanged", ["retired"])
    assert event["data"]["retired"] is True
    assert analyst.get(f"/risks/{risk['id']}").body["retired"] is True
    refused = analyst.patch(f"/risks/{risk['id']}", {"status": "open"}, 2)
    assert refused.status == 409
    assert analyst.delete(f"/risks/{risk['id']}", 2).status == 409
    assert sql(intake_db, "SELECT COUNT(*) AS n FROM risks")[0]["n"] == 1


def test_assessments_are_an_immutable_history_with_optional_fmea(analyst, risk, intake_db):
    first = analyst.post(
        f"/risks/{risk['id']}/assessments",
        {"likelihood": 2, "impact": {"supply": 4}, "justification": "one supplier"},
    )
    second = analyst.post(
        f"/risks/{risk['id']}/assessments",
        {
            "likelihood": 4,
            "impact": {"supply": 5, "financial": 3},
            "fmea": {"severity": 7, "occurrence": 4, "detection": 3},
        },
        headers={"If-Match": '"2"'},
    )

    assert (first.status, second.status) == (201, 201)
    assert second.headers["ETag"] == '"3"'
    history = analyst.get(f"/risks/{risk['id']}/assessments").body["items"]
    assert [(a["riskVersion"], a["likelihood"], a["fmea"]) for a in history] == [
        (3, 4, {"severity": 7, "occurrence": 4, "detection": 3}),
        (2, 2, None),
    ]
    assert history[1]["justification"] == "one supplier"
    assert all(a["assessedBy"] == "ana@example.com" for a in history)
    assessed = [e for e in outbox(intake_db) if e["detail_type"] == "RiskAssessed"]
    assert [e["data"]["fmea"] for e in assessed] == [
        None,
        {"severity": 7, "occurrence": 4, "detection": 3},
    ]
    latest = analyst.get(f"/risks/{risk['id']}").body["latestAssessment"]
    assert latest["id"] == second.body["id"]


def test_an_assessment_against_a_stale_version_writes_nothing(analyst, risk, intake_db):
    before = writes(intake_db)

    reply = analyst.post(
        f"/risks/{risk['id']}/assessments",
        {"likelihood": 2, "impact": {"supply": 4}},
        headers={"If-Match": '"7"'},
    )

    assert reply.status == 412
    assert writes(intake_db) == before
