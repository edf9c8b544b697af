"""Division, risk and solution changes through reporting's consumer against the real
MariaDB: delivered twice and out of order, they end as an in-order delivery does, and
the register, heat map and solutions report show them."""

from __future__ import annotations

import datetime
import itertools

import pytest

from tests.integration.reporting.conftest import (
    deliver,
    division_moved,
    division_registered,
    division_renamed,
    division_retired,
    get,
    risk_captured,
    risk_changed,
    risk_scored,
    solution_changed,
    solution_linked,
    solution_registered,
    solution_unlinked,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


def register(**params: str | int | bool) -> list[dict]:
    status, body = get("/reports/risks", **params)
    assert status == 200, body
    return body["items"]


def solutions_report(**params: str | int | bool) -> dict:
    status, body = get("/reports/solutions", **params)
    assert status == 200, body
    return body


def row(reporting, table: str, key: str, value: str) -> dict | None:
    connection = reporting.db.connection()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE {key} = %s", (value,))
        found = cursor.fetchone()
    connection.commit()
    return found


def inbox_size(reporting) -> int:
    connection = reporting.db.connection()
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) AS n FROM inbox")
        n = int(cursor.fetchone()["n"])
    connection.commit()
    return n


# divisions


@pytest.mark.parametrize("order", list(itertools.permutations(range(4)))[::5])
def test_a_divisions_history_in_any_order_ends_as_in_order(reporting, order):
    division, old_parent, new_parent = new_id(), new_id(), new_id()
    history = [
        division_registered(division, old_parent, "REAG-EU"),
        division_renamed(division, "Reagents EMEA", 2),
        division_moved(division, new_parent, 3),
        division_retired(division, 4),
    ]

    deliver(*(history[i] for i in order), *(history[i] for i in order))

    found = row(reporting, "divisions", "id", division)
    assert found is not None
    assert (found["code"], found["name"], found["parent_id"], found["retired"]) == (
        "REAG-EU",
        "Reagents EMEA",
        new_parent,
        1,
    )
    assert inbox_size(reporting) == 4


def test_a_moved_division_takes_its_risks_to_its_new_parents_reports(reporting):
    left, right, division, risk = new_id(), new_id(), new_id(), new_id()
    deliver(
        division_registered(left, None, "LEFT"),
        division_registered(right, None, "RIGHT"),
        division_registered(division, left, "MOVER"),
        risk_captured(risk, division, "Taq supply"),
        risk_scored(risk, division, 3, 5),
    )
    assert [i["riskId"] for i in register(divisionId=left)] == [risk]

    deliver(division_moved(division, right, 2))

    assert register(divisionId=left) == []
    assert [i["riskId"] for i in register(divisionId=right)] == [risk]
    assert get("/reports/heatmap", divisionId=right)[1]["total"] == 1


# risks


def test_a_risk_change_shows_its_new_state(reporting):
    division, risk = new_id(), new_id()
    deliver(risk_captured(risk, division, "Taq supply"))

    deliver(
        risk_changed(
            risk, division, 2, status="mitigating", treatment="mitigate", review_due="2027-02-28"
        )
    )

    (item,) = register()
    assert (item["status"], item["treatment"], item["reviewDue"], item["retired"]) == (
        "mitigating",
        "mitigate",
        "2027-02-28",
        False,
    )


def test_a_move_then_an_older_change_does_not_move_it_back(reporting):
    division, other, risk = new_id(), new_id(), new_id()
    moved = risk_changed(risk, other, 6, status="mitigating", previous_division_id=division)
    older = risk_changed(risk, division, 5, status="open")

    deliver(moved, older, risk_captured(risk, division, "Taq supply"), moved)

    (item,) = register()
    assert (item["divisionId"], item["status"]) == (other, "mitigating")
    assert register(divisionId=division) == []
    assert inbox_size(reporting) == 3


def test_a_score_keeps_the_division_the_risk_moved_to(reporting):
    division, other, risk = new_id(), new_id(), new_id()
    deliver(risk_changed(risk, other, 3, previous_division_id=division))

    deliver(risk_scored(risk, division, 4, 4))  # scored before the move, delivered after

    (item,) = register()
    assert (item["divisionId"], item["score"]) == (other, 16)


def test_retired_risks_leave_the_heatmap_and_register_unless_asked_for(reporting):
    division, kept, retired = new_id(), new_id(), new_id()
    deliver(
        risk_captured(kept, division, "kept"),
        risk_scored(kept, division, 2, 2),
        risk_captured(retired, division, "retired"),
        risk_scored(retired, division, 5, 5),
        risk_changed(retired, division, 2, title="retired", retired=True),
    )

    assert [i["title"] for i in register()] == ["kept"]
    assert [i["title"] for i in register(includeRetired=True)] == ["retired", "kept"]
    assert register(includeRetired=True)[0]["retired"] is True
    assert get("/reports/heatmap")[1]["cells"] == [{"likelihood": 2, "impact": 2, "count": 1}]
    _, everything = get("/reports/heatmap", includeRetired=True)
    assert everything["total"] == 2


def test_the_register_filters_by_status_category_and_overdue(reporting):
    """Overdue is scoring's next review date passed, for tracked risks only (ADR 27):
    intake's planned review date plays no part, and closed, retired and accepted risks
    are never overdue, unless the acceptance has lapsed."""
    division = new_id()
    today = datetime.datetime.now(datetime.UTC).date()
    yesterday, long_ago = today - datetime.timedelta(days=1), today - datetime.timedelta(days=30)
    risks = {
        # title: (status, category, scoring's next review, acceptance's last day)
        "late cyber": ("open", "cyber", yesterday, None),
        "due today": ("open", "supply_chain", today, None),
        "unscored": ("mitigating", "cyber", None, None),
        "late draft": ("draft", "supply_chain", long_ago, None),
        "late closed": ("closed", "supply_chain", long_ago, None),
        "late accepted": ("accepted", "cyber", long_ago, today),
        "lapsed acceptance": ("accepted", "supply_chain", long_ago, yesterday),
    }
    for title, (status, category, next_review, accepted_until) in risks.items():
        risk = new_id()
        acceptance = accepted_until and {
            "accepted_by": "risk-manager@example.com",
            "accepted_at": "2026-01-05T10:00:00Z",
            "rationale": "cost of control exceeds the exposure",
            "expires_on": accepted_until.isoformat(),
        }
        deliver(
            risk_changed(
                risk,
                division,
                2,
                title=title,
                status=status,
                category=category,
                review_due=long_ago.isoformat(),  # the owner's planned date: not "overdue"
                acceptance=acceptance,
            )
        )
        if next_review:
            deliver(risk_scored(risk, division, 2, 2, next_review_due=next_review.isoformat()))

    def titles(**params: str | bool) -> set[str]:
        return {i["title"] for i in register(**params)}

    assert titles(status="open") == {"late cyber", "due today"}
    assert titles(category="cyber") == {"late cyber", "unscored", "late accepted"}
    assert titles(overdue=True) == {"late cyber", "late draft", "lapsed acceptance"}
    assert titles(overdue=False) == {"due today", "unscored", "late closed", "late accepted"}
    assert titles(status="open", category="cyber", overdue=True) == {"late cyber"}
    by_title = {i["title"]: i for i in register()}
    assert by_title["late accepted"]["acceptedUntil"] == today.isoformat()
    assert by_title["lapsed acceptance"]["acceptedUntil"] is None  # lapsed: tracked again
    assert by_title["late cyber"]["reviewOverdue"] is True
    assert by_title["late closed"]["reviewOverdue"] is False
    status, body = get("/reports/risks", status="retired")
    assert (status, body["errors"][0]["field"]) == (422, "status")


# solutions and links


def test_solutions_in_any_order_end_in_their_latest_state(reporting):
    division, solution = new_id(), new_id()
    registered = solution_registered(solution, division, title="Second Taq supplier")
    changed = solution_changed(
        solution,
        division,
        2,
        "active",
        title="Second Taq supplier",
        test_result="passed",
        tested_on="2026-11-18",
    )

    deliver(changed, registered, changed, registered)

    report = solutions_report()
    (item,) = report["items"]
    assert item == {
        "solutionId": solution,
        "divisionId": division,
        "title": "Second Taq supplier",
        "kind": "preventive",
        "status": "active",
        "designEffectiveness": 60,
        "testResult": "passed",
        "testedOn": "2026-11-18",
        "nextTestDue": "2027-05-18",
        "ownerEmail": "procurement.lead@example.com",
        "cost": 85000.0,
        "dueDate": "2027-03-31",
        "linkedRisks": 0,
    }
    assert inbox_size(reporting) == 2


def test_the_solutions_report_counts_each_divisions_solutions_per_status(reporting):
    root, child = new_id(), new_id()
    deliver(division_registered(root, None, "ROOT"), division_registered(child, root, "CHILD"))
    for status in ("planned", "active", "active"):
        deliver(solution_registered(new_id(), child, title=f"{status} control", status=status))
    deliver(solution_registered(new_id(), root, title="root control", status="degraded"))

    report = solutions_report(divisionId=root)

    assert report["total"] == 4
    by_code = {d["code"]: d for d in report["divisions"]}
    assert by_code["CHILD"]["counts"] == {
        "planned": 1,
        "in_progress": 0,
        "active": 2,
        "degraded": 0,
        "retired": 0,
    }
    assert (by_code["CHILD"]["total"], by_code["ROOT"]["total"]) == (3, 1)
    assert (by_code["CHILD"]["retired"], by_code["ROOT"]["retired"]) == (False, False)
    assert by_code["ROOT"]["name"] == "Division ROOT"
    assert [d["code"] for d in solutions_report(divisionId=child)["divisions"]] == ["CHILD"]
    active = solutions_report(divisionId=root, status="active")
    assert (active["total"], {i["status"] for i in active["items"]}) == (2, {"active"})
    assert active["divisions"] == report["divisions"]  # the counts are of every status
    paged = solutions_report(divisionId=root, limit=1, offset=1)
    assert ([i["title"] for i in paged["items"]], paged["total"]) == (["active control"], 4)


def test_a_retired_division_keeps_its_solutions_and_says_it_is_retired(reporting):
    division = new_id()
    deliver(
        division_retired(division, 2),
        solution_registered(new_id(), division, status="active"),
        division_registered(division, None, "OLD"),
    )

    (summary,) = solutions_report()["divisions"]

    assert (summary["code"], summary["retired"], summary["total"]) == ("OLD", True, 1)


@pytest.mark.parametrize("order", [(0, 1), (1, 0)], ids=["link-unlink", "unlink-link"])
def test_link_then_unlink_in_either_order_ends_unlinked(reporting, order):
    division, risk, solution = new_id(), new_id(), new_id()
    deliver(
        risk_captured(risk, division, "Taq supply"),
        solution_registered(solution, division, status="active"),
    )
    pair = [
        solution_linked(risk, solution, division, 3),
        solution_unlinked(risk, solution, division, 4),
    ]

    deliver(*(pair[i] for i in order), *(pair[i] for i in order))

    assert register()[0]["activeSolutions"] == 0
    assert solutions_report()["items"][0]["linkedRisks"] == 0
    link = row(reporting, "risk_solution_links", "risk_id", risk)
    assert (link["linked"], link["risk_version"]) == (0, 4)


def test_the_register_counts_the_active_solutions_linked_to_each_risk(reporting):
    division, risk, other_risk = new_id(), new_id(), new_id()
    active, planned, degrading = new_id(), new_id(), new_id()
    deliver(
        risk_captured(risk, division, "Taq supply"),
        risk_captured(other_risk, division, "Audit finding"),
        solution_registered(active, division, status="active"),
        solution_registered(planned, division, status="planned"),
        solution_registered(degrading, division, status="active"),
        solution_linked(risk, active, division, 2),
        solution_linked(risk, planned, division, 3),
        solution_linked(risk, degrading, division, 4),
        solution_linked(other_risk, active, division, 2),
    )
    counts = {i["title"]: i["activeSolutions"] for i in register()}
    assert counts == {"Taq supply": 2, "Audit finding": 1}

    deliver(solution_changed(degrading, division, 2, "degraded"))

    assert {i["title"]: i["activeSolutions"] for i in register()} == {
        "Taq supply": 1,
        "Audit finding": 1,
    }
    linked = {i["solutionId"]: i["linkedRisks"] for i in solutions_report()["items"]}
    assert linked == {active: 2, planned: 1, degrading: 1}


def test_a_link_before_the_risk_and_the_solution_counts_once_they_arrive(reporting):
    division, risk, solution = new_id(), new_id(), new_id()
    deliver(solution_linked(risk, solution, division, 2))
    assert register() == []

    deliver(
        solution_registered(solution, division, status="active"),
        risk_captured(risk, division, "Taq supply"),
    )

    assert register()[0]["activeSolutions"] == 1
