"""Appetite per division and category through the API: inherited down the division tree,
with AppetiteBreached and AppetiteRestored on each crossing."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest

from riskplatform.contracts import default_contracts
from tests.support.db import sql
from tests.support.ids import new_id
from tests.unit.metrics_scoring.factories import (
    assessed,
    captured,
    changed,
    division,
    kri_reading,
    linked,
    solution,
)

pytestmark = pytest.mark.integration


def announced(db, detail_type: str) -> list[dict]:
    rows = sql(db, "SELECT detail FROM outbox WHERE detail_type = %s ORDER BY id", detail_type)
    details = [json.loads(row["detail"]) for row in rows]
    for detail in details:
        default_contracts().validate("riskplatform.metrics-scoring", detail_type, detail)
    return [d["data"] for d in details]


def status_of(db, risk_id: str) -> str | None:
    [row] = sql(db, "SELECT appetite_status FROM risk_scores WHERE risk_id = %s", risk_id)
    return row["appetite_status"]


def test_an_appetite_holds_for_the_subtree_and_crossings_are_announced(scoring, deliver, call):
    root, child, risk_id, control = new_id(), new_id(), new_id(), new_id()
    deliver(division(root, None), division(child, root))
    deliver(
        captured(risk_id, "cyber", child),
        assessed(risk_id, 2, 3, {"financial": 3}, division_id=child),
    )
    assert status_of(scoring.db, risk_id) is None

    status, body = call(
        "POST",
        "/appetites",
        body={"divisionId": root, "category": "cyber", "appetite": 4, "tolerance": 8},
    )

    assert status == 200, body
    assert (body["setBy"], body["rescoreJob"]["done"], body["rescoreJob"]["changed"]) == (
        "admin@example.com",
        True,
        1,
    )
    assert status_of(scoring.db, risk_id) == "breach"  # 3 x 3 = 9 > 8
    [breached] = announced(scoring.db, "AppetiteBreached")
    assert (breached["risk_id"], breached["previous_status"], breached["status"]) == (
        risk_id,
        None,
        "breach",
    )
    assert (breached["appetite_division_id"], breached["residual_score"]) == (root, 9)

    deliver(
        solution(control, "preventive", "active", 50, "passed", date(2099, 1, 1)),
        linked(risk_id, control, 3, division_id=child),
    )
    assert status_of(scoring.db, risk_id) == "watch"  # 2 x 3 = 6
    assert announced(scoring.db, "AppetiteRestored") == []  # watch is still above appetite

    call(
        "POST",
        "/appetites",
        body={"divisionId": child, "category": "cyber", "appetite": 4, "tolerance": 6},
    )
    assert status_of(scoring.db, risk_id) == "watch"  # the nearest setting applies
    call(
        "POST",
        "/appetites",
        body={"divisionId": root, "category": "cyber", "appetite": 6, "tolerance": 8},
    )
    call(
        "POST",
        "/appetites",
        body={
            "divisionId": child,
            "category": "cyber",
            "appetite": 6,
            "tolerance": 6,
            "hysteresis": 0,
        },
    )
    assert status_of(scoring.db, risk_id) == "within"  # 6, and no band: restored
    [restored] = announced(scoring.db, "AppetiteRestored")
    assert (restored["previous_status"], restored["status"], restored["residual_score"]) == (
        "watch",
        "within",
        6,
    )
    assert restored["cause"]["detail_type"] == "AppetiteSet"
    status, listed = call("GET", "/appetites")
    assert {(a["divisionId"], a["appetite"], a["hysteresis"]) for a in listed} == {
        (root, 6, 1),
        (child, 6, 0),
    }


def test_a_division_moved_under_another_takes_that_appetite(scoring, deliver, call):
    strict, lenient, moving, risk_id = new_id(), new_id(), new_id(), new_id()
    deliver(division(strict, None), division(lenient, None), division(moving, strict))
    deliver(
        captured(risk_id, "ehs", moving), assessed(risk_id, 2, 4, {"safety": 4}, division_id=moving)
    )
    call(
        "POST",
        "/appetites",
        body={"divisionId": strict, "category": "ehs", "appetite": 2, "tolerance": 4},
    )
    call(
        "POST",
        "/appetites",
        body={"divisionId": lenient, "category": "ehs", "appetite": 16, "tolerance": 20},
    )
    assert status_of(scoring.db, risk_id) == "breach"

    assert deliver(division(moving, lenient, version=2)) == {"batchItemFailures": []}

    assert status_of(scoring.db, risk_id) == "within"  # 16, not at most 16 - 1: no restore
    assert announced(scoring.db, "AppetiteRestored") == []
    [scored] = [
        d
        for d in announced(scoring.db, "RiskScored")
        if d["cause"]["detail_type"] == "DivisionMoved"
    ]
    assert scored["appetite"]["division_id"] == lenient


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"appetite": 9, "tolerance": 4}, "tolerance"),
        ({"appetite": 0, "tolerance": 4}, "appetite"),
        ({"appetite": 4, "tolerance": 40}, "tolerance"),
        ({"category": "weather"}, "category"),
        ({"divisionId": "not-a-uuid"}, "divisionId"),
        ({"divisionId": "5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8e0b2d"}, "divisionId"),  # unknown
        ({"hysteresis": -1}, "hysteresis"),
        ({"hysteresis": 36}, "hysteresis"),
    ],
)
def test_a_bad_appetite_is_422_naming_the_field_and_writes_nothing(
    scoring, deliver, call, body, field
):
    root = new_id()
    deliver(division(root, None))
    request = {"divisionId": root, "category": "cyber", "appetite": 4, "tolerance": 8} | body
    status, refused = call("POST", "/appetites", body=request)
    assert status == 422, refused
    assert field in {error["field"] for error in refused["errors"]}
    assert sql(scoring.db, "SELECT 1 FROM appetites") == []


def test_only_admins_set_appetite_and_readers_see_what_is_theirs(scoring, deliver, call, analyst):
    mine, theirs = new_id(), new_id()
    deliver(division(mine, None), division(theirs, None))
    request = {"divisionId": mine, "category": "cyber", "appetite": 4, "tolerance": 8}
    assert call("POST", "/appetites", body=request, claims=analyst(mine))[0] == 403
    call("POST", "/appetites", body=request)
    call("POST", "/appetites", body=request | {"divisionId": theirs})
    status, listed = call("GET", "/appetites", claims=analyst(mine))
    assert (status, [a["divisionId"] for a in listed]) == (200, [mine])


def test_a_child_appetite_looser_than_its_parents_is_422_naming_the_field(scoring, deliver, call):
    root, child, grandchild = new_id(), new_id(), new_id()
    deliver(division(root, None), division(child, root), division(grandchild, child))

    def set_(division_id: str, appetite: int, tolerance: int) -> tuple[int, dict]:
        return call(
            "POST",
            "/appetites",
            body={
                "divisionId": division_id,
                "category": "cyber",
                "appetite": appetite,
                "tolerance": tolerance,
            },
        )

    assert set_(root, 6, 12)[0] == 200
    for appetite, tolerance, field in ((8, 12, "appetite"), (6, 15, "tolerance")):
        status, refused = set_(grandchild, appetite, tolerance)  # inherits root's: 6 / 12
        assert status == 422, refused
        assert [e["field"] for e in refused["errors"]] == [field]
        assert f"set on division {root} above" in refused["message"]
    assert set_(grandchild, 4, 9)[0] == 200
    status, refused = set_(root, 3, 12)  # would leave the grandchild looser
    assert (status, [e["field"] for e in refused["errors"]]) == (422, ["appetite"])
    assert grandchild in refused["message"]
    rows = sql(scoring.db, "SELECT division_id, appetite, tolerance FROM appetites")
    assert {(r["division_id"], r["appetite"], r["tolerance"]) for r in rows} == {
        (root, 6, 12),
        (grandchild, 4, 9),
    }


def test_a_risk_moved_to_a_category_without_appetite_announces_nothing_misleading(
    scoring, deliver, call
):
    root, risk_id = new_id(), new_id()
    deliver(division(root, None))
    call(
        "POST",
        "/appetites",
        body={"divisionId": root, "category": "cyber", "appetite": 4, "tolerance": 8},
    )
    deliver(
        captured(risk_id, "cyber", root),
        assessed(risk_id, 2, 3, {"financial": 3}, division_id=root),
    )
    assert status_of(scoring.db, risk_id) == "breach"

    deliver(changed(risk_id, 3, "financial", root))

    assert status_of(scoring.db, risk_id) is None
    assert announced(scoring.db, "AppetiteRestored") == []  # issue 12: Restored, status null
    assert len(announced(scoring.db, "AppetiteBreached")) == 1


def test_a_kri_alternating_around_red_raises_one_breach_not_six_crossings(scoring, deliver, call):
    root, risk_id = new_id(), new_id()
    deliver(division(root, None))
    call(
        "POST",
        "/appetites",
        body={"divisionId": root, "category": "cyber", "appetite": 9, "tolerance": 9},
    )
    deliver(
        captured(risk_id, "cyber", root),
        assessed(risk_id, 2, 3, {"financial": 3}, division_id=root),
    )
    status, kri = call(
        "POST",
        f"/risks/{risk_id}/kris",
        body={
            "name": "Phishing clicks",
            "unit": "%",
            "direction": "higher_is_worse",
            "amber": 3,
            "red": 5,
        },
    )
    assert status == 201, kri
    for day, value in enumerate((6, 2, 6, 2, 6, 2), start=1):  # 4 x 3 = 12 breach, 3 x 3 = 9
        observed = datetime(2026, 11, day, 8, tzinfo=UTC)
        assert deliver(kri_reading(kri["kriId"], value, observed)) == {"batchItemFailures": []}
    assert len(announced(scoring.db, "AppetiteBreached")) == 1
    assert announced(scoring.db, "AppetiteRestored") == []


def test_an_appetite_set_by_level_is_read_on_the_risks_own_model(scoring, deliver, call):
    """ "Within up to medium, watch up to high": on the default 5 x 5 model that is 9 and
    16, so a residual of 12 is on watch and the score says which levels it came from."""
    root, risk_id = new_id(), new_id()
    deliver(division(root, None))
    deliver(
        captured(risk_id, "cyber", root),
        assessed(risk_id, 3, 4, {"financial": 4}, division_id=root),
    )

    status, body = call(
        "POST",
        "/appetites",
        body={
            "divisionId": root,
            "category": "cyber",
            "appetiteLevel": "medium",
            "toleranceLevel": "high",
        },
    )

    assert status == 200, body
    assert (body["appetite"], body["appetiteLevel"], body["toleranceLevel"]) == (
        None,
        "medium",
        "high",
    )
    assert status_of(scoring.db, risk_id) == "watch"  # 3 x 4 = 12: above 9, within 16
    status, score = call("GET", f"/scores/{risk_id}")
    assert status == 200, score
    assert {k: score["appetite"][k] for k in ("appetite", "tolerance", "appetiteLevel")} == {
        "appetite": 9,
        "tolerance": 16,
        "appetiteLevel": "medium",
    }
    [scored] = [s for s in announced(scoring.db, "RiskScored") if s["risk_id"] == risk_id][-1:]
    assert (scored["appetite"]["appetite_level"], scored["appetite"]["tolerance"]) == ("medium", 16)


@pytest.mark.parametrize(
    ("below", "field"),
    [
        ({"appetite": 4, "tolerance": 9}, "appetiteLevel"),  # set differently from above
        ({"appetiteLevel": "medium", "toleranceLevel": "critical"}, "toleranceLevel"),  # looser
        (
            {"appetite": 4, "tolerance": 9, "appetiteLevel": "low", "toleranceLevel": "low"},
            "appetite",
        ),
    ],
)
def test_an_appetite_by_level_below_one_set_by_level_is_checked(
    scoring, deliver, call, below, field
):
    root, child = new_id(), new_id()
    deliver(division(root, None), division(child, root))
    status, _ = call(
        "POST",
        "/appetites",
        body={
            "divisionId": root,
            "category": "ehs",
            "appetiteLevel": "medium",
            "toleranceLevel": "high",
        },
    )
    assert status == 200

    status, body = call(
        "POST", "/appetites", body={"divisionId": child, "category": "ehs", **below}
    )

    assert status == 422, body
    assert [e["field"] for e in body["errors"]] == [field]
