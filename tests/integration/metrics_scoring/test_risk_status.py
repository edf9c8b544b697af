"""A risk's workflow status, retired flag and acceptance, as RiskCaptured and RiskChanged
tell scoring: accepted, closed and retired risks leave the breach and review-overdue lists
(issue 12: they stayed in both), version-gated like the other inputs; an accepted risk
comes back when its acceptance expires."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime, timedelta

import pytest

from metrics_scoring.service_layer import rescoring
from riskplatform.events import MessageContext
from tests.support.db import sql
from tests.support.ids import new_id
from tests.unit.metrics_scoring.factories import assessed, captured, changed, division

pytestmark = pytest.mark.integration
LONG_AGO = "2026-01-05T10:00:00Z"  # its review (every 90 days for a high residual) is overdue


def listed(call, division_id: str, **query: str) -> set[str]:
    status, page = call("GET", "/scores", query={"divisionId": division_id, **query})
    assert status == 200, page
    return {item["riskId"] for item in page["items"]}


@pytest.fixture
def breaching(deliver, call) -> tuple[str, str]:
    """A division with an appetite for cyber risks, and a risk there in breach whose
    review is overdue."""
    root, risk_id = new_id(), new_id()
    deliver(division(root, None))
    status, _ = call(
        "POST",
        "/appetites",
        body={"divisionId": root, "category": "cyber", "appetite": 4, "tolerance": 8},
    )
    assert status == 200
    deliver(
        captured(risk_id, "cyber", root, status="open"),
        assessed(risk_id, 2, 4, {"financial": 4}, division_id=root, assessed_at=LONG_AGO),
    )
    assert listed(call, root, appetiteStatus="breach") == {risk_id}
    assert listed(call, root, reviewOverdue="true") == {risk_id}
    return root, risk_id


@pytest.mark.parametrize(
    ("status", "retired"), [("accepted", False), ("closed", False), ("mitigating", True)]
)
def test_accepted_closed_and_retired_risks_leave_the_breach_and_overdue_lists(
    scoring, deliver, call, breaching, status, retired
):
    root, risk_id = breaching
    assert deliver(changed(risk_id, 3, "cyber", root, status=status, retired=retired)) == {
        "batchItemFailures": []
    }

    assert listed(call, root, appetiteStatus="breach") == set()
    assert listed(call, root, reviewOverdue="true") == set()
    assert listed(call, root) == {risk_id}  # still scored, and listed without those filters
    body = call("GET", f"/scores/{risk_id}")[1]
    assert (body["riskStatus"], body["retired"], body["tracked"]) == (status, retired, False)
    assert body["reviewOverdue"] is False
    assert body["explanation"][-1] == (
        f"The risk is {'retired' if retired else status}: it is left out of the breach and"
        " review-overdue lists."
    )
    [row] = sql(scoring.db, "SELECT tracked FROM risk_scores WHERE risk_id = %s", risk_id)
    assert not row["tracked"]


def test_a_reopened_risk_comes_back_and_an_older_change_arriving_late_changes_nothing(
    scoring, deliver, call, breaching
):
    root, risk_id = breaching
    accepted = changed(risk_id, 3, "cyber", root, status="accepted")
    reopened = changed(risk_id, 4, "cyber", root, status="open")
    deliver(reopened)
    deliver(accepted)  # older: ignored

    assert listed(call, root, appetiteStatus="breach") == {risk_id}
    assert call("GET", f"/scores/{risk_id}")[1]["riskStatus"] == "open"
    [row] = sql(
        scoring.db, "SELECT status, category_version FROM risks WHERE risk_id = %s", risk_id
    )
    assert (row["status"], row["category_version"]) == ("open", 4)


def test_an_assessment_keeps_the_status_it_does_not_carry(scoring, deliver, call, breaching):
    root, risk_id = breaching
    deliver(changed(risk_id, 3, "cyber", root, status="closed"))
    deliver(assessed(risk_id, 4, 5, {"financial": 5}, division_id=root, assessed_at=LONG_AGO))
    assert call("GET", f"/scores/{risk_id}")[1]["riskStatus"] == "closed"
    assert listed(call, root, appetiteStatus="breach") == set()


def acceptance(expires_on: date) -> dict[str, str]:
    return {
        "accepted_by": "risk.manager@example.com",
        "accepted_at": "2026-11-23T14:05:00.000Z",
        "rationale": "Release holds cover the gap.",
        "expires_on": expires_on.isoformat(),
    }


def test_an_accepted_risk_shows_as_accepted_until_its_acceptance_expires(
    scoring, deliver, call, breaching
):
    root, risk_id = breaching
    today = datetime.now(UTC).date()
    deliver(changed(risk_id, 3, "cyber", root, status="accepted", acceptance=acceptance(today)))

    body = call("GET", f"/scores/{risk_id}")[1]
    assert (body["tracked"], body["appetite"]["status"], body["appetite"]["accepted"]) == (
        False,
        "breach",
        True,
    )
    assert (body["acceptance"]["expiresOn"], body["acceptance"]["expired"]) == (
        today.isoformat(),
        False,
    )
    assert listed(call, root, appetiteStatus="breach") == set()
    [row] = sql(scoring.db, "SELECT expires_on FROM risk_scores WHERE risk_id = %s", risk_id)
    assert row["expires_on"] == today + timedelta(days=1)

    def new_uow(context: MessageContext):
        return scoring.uow(context)

    tomorrow = datetime.now(UTC) + timedelta(days=1)
    assert rescoring.open_expiry_job(new_uow, tomorrow)
    assert rescoring.run_unfinished(new_uow, time.monotonic() + 30, clock=lambda: tomorrow) == 0
    [row] = sql(
        scoring.db, "SELECT tracked, appetite_status FROM risk_scores WHERE risk_id = %s", risk_id
    )
    assert (bool(row["tracked"]), row["appetite_status"]) == (True, "breach")


def test_an_expired_acceptance_brings_the_risk_back_into_the_lists(
    scoring, deliver, call, breaching
):
    root, risk_id = breaching
    yesterday = datetime.now(UTC).date() - timedelta(days=1)
    deliver(changed(risk_id, 3, "cyber", root, status="accepted", acceptance=acceptance(yesterday)))

    body = call("GET", f"/scores/{risk_id}")[1]
    assert (body["tracked"], body["acceptance"]["expired"], body["appetite"]["accepted"]) == (
        True,
        True,
        False,
    )
    assert (body["nextReviewDue"], body["reviewOverdue"]) == ("2026-04-05", True)  # 90 days
    assert listed(call, root, appetiteStatus="breach") == {risk_id}
    assert listed(call, root, reviewOverdue="true") == {risk_id}
