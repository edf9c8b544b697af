"""reporting's consumer against the real MariaDB: events arrive at least once and in any
order, and the read model ends up the same."""

from __future__ import annotations

import json

import pytest

from tests.integration.reporting.conftest import (
    consume,
    deliver,
    division_registered,
    get,
    risk_captured,
    risk_scored,
    sqs_batch,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


def register(**params: str | int) -> list[dict]:
    status, body = get("/reports/risks", **params)
    assert status == 200
    return body["items"]


def without_id(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k != "riskId"}


def count(reporting, table: str) -> int:
    connection = reporting.db.connection()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) AS n FROM {table}")
        n = int(cursor.fetchone()["n"])
    connection.commit()
    return n


def generation(reporting) -> str:
    with reporting.uow() as uow:
        return uow.reports.generation()


def test_captured_and_scored_risks_appear_in_the_register_and_the_heatmap(reporting, publisher):
    division, taq, lot, audit = new_id(), new_id(), new_id(), new_id()
    deliver(
        division_registered(division, None, "REAG"),
        risk_captured(taq, division, "Taq supply"),
        risk_scored(taq, division, 3, 5),
        risk_captured(lot, division, "Lot release delay"),
        risk_scored(lot, division, 3, 5),
        risk_captured(audit, division, "Audit finding"),
    )

    items = register()
    assert [i["title"] for i in items] == ["Lot release delay", "Taq supply", "Audit finding"]
    assert without_id(items[1]) == {
        "divisionId": division,
        "title": "Taq supply",
        "category": "supply_chain",
        "ownerEmail": "j.meyer@example.com",
        "status": "draft",
        "treatment": None,
        "reviewDue": None,
        "retired": False,
        "score": 15,
        "level": "high",
        "likelihood": 3,
        "impact": 5,
        "scoreVersion": 1,
        "scoredAt": "2026-11-20T09:31:01.019000Z",
        "activeSolutions": 0,
        # the rest of what RiskScored carries (the contract's example)
        "modelId": "default-5x5",
        "modelVersion": 1,
        "inherentAcceptability": None,  # this test's inherent cell names none
        "currentResidual": {
            "likelihood": 2,
            "impact": 5,
            "score": 10,
            "level": "high",
            "acceptability": "reduce_as_far_as_practicable",
        },
        "targetResidual": {
            "likelihood": 2,
            "impact": 3,
            "score": 6,
            "level": "medium",
            "acceptability": "reduce_as_far_as_practicable",
        },
        "appetite": {
            "status": "watch",
            "appetite": 6,
            "tolerance": 12,
            "divisionId": "7d1e3f5a-9b2c-4d6e-8f0a-1b3c5d7e9f2a",
        },
        "appetiteStatus": "watch",
        "inBreach": False,
        "breachChangedAt": None,
        "actionPriority": "medium",
        "rpn": 160,
        "nextReviewDue": "2027-02-18",
        "reviewOverdue": False,
        "acceptedUntil": None,
    }
    assert items[2]["score"] is None and items[2]["scoreVersion"] is None
    status, heatmap = get("/reports/heatmap")
    assert status == 200
    assert heatmap == {
        "divisionId": None,
        "scale": [1, 2, 3, 4, 5],
        "cells": [{"likelihood": 3, "impact": 5, "count": 2}],
        "total": 2,
    }
    assert publisher.sent == [] and count(reporting, "outbox") == 0


def test_the_register_is_sorted_by_score_then_title_and_paged(reporting):
    division = new_id()
    risks = {"b": (2, 2), "a": (2, 2), "c": (5, 5), "d": None}
    for title, rating in risks.items():
        risk = new_id()
        deliver(risk_captured(risk, division, title))
        if rating:
            deliver(risk_scored(risk, division, *rating))

    assert [i["title"] for i in register()] == ["c", "a", "b", "d"]
    status, page = get("/reports/risks", limit=2, offset=1)
    assert status == 200
    assert ([i["title"] for i in page["items"]], page["total"]) == (["a", "b"], 4)
    assert (page["limit"], page["offset"]) == (2, 1)


def test_a_division_filter_includes_its_subtree_and_nothing_else(reporting):
    root, child, grandchild, other = new_id(), new_id(), new_id(), new_id()
    in_root, in_grandchild, in_other = new_id(), new_id(), new_id()
    deliver(
        division_registered(root, None, "ROOT"),
        division_registered(other, None, "OTHER"),
        risk_captured(in_root, root, "root risk"),
        risk_scored(in_root, root, 1, 2),
        risk_captured(in_grandchild, grandchild, "grandchild risk"),
        risk_scored(in_grandchild, grandchild, 4, 4),
        risk_captured(in_other, other, "other risk"),
        risk_scored(in_other, other, 5, 5),
    )
    _, before = get("/reports/heatmap", divisionId=root)
    assert before["cells"] == [{"likelihood": 1, "impact": 2, "count": 1}]

    # the tree fills in later: the grandchild's branch arrives after its risks
    deliver(
        division_registered(grandchild, child, "GRAND"), division_registered(child, root, "CHILD")
    )

    assert {i["title"] for i in register(divisionId=root)} == {"root risk", "grandchild risk"}
    assert [i["title"] for i in register(divisionId=child)] == ["grandchild risk"]
    _, heatmap = get("/reports/heatmap", divisionId=root)
    assert heatmap["divisionId"] == root
    assert heatmap["cells"] == [
        {"likelihood": 1, "impact": 2, "count": 1},
        {"likelihood": 4, "impact": 4, "count": 1},
    ]
    assert heatmap["total"] == 2
    _, unknown = get("/reports/heatmap", divisionId=new_id())
    assert (unknown["cells"], unknown["total"]) == ([], 0)


def test_the_same_event_twice_is_handled_once(reporting):
    division, risk = new_id(), new_id()
    scored = risk_scored(risk, division, 2, 3)
    deliver(risk_captured(risk, division, "Taq supply"), scored)
    handled = generation(reporting)

    replayed = scored | {"id": new_id()}  # an EventBridge replay: new id, same event_id
    deliver(scored, replayed)

    assert generation(reporting) == handled
    assert count(reporting, "inbox") == 2
    assert [i["scoreVersion"] for i in register()] == [1]


def test_score_versions_3_then_2_end_like_2_then_3(reporting):
    division, late, timely = new_id(), new_id(), new_id()
    deliver(
        risk_captured(late, division, "same"),
        risk_scored(late, division, 4, 5, version=3),
        risk_scored(late, division, 1, 1, version=2),
        risk_captured(timely, division, "same"),
        risk_scored(timely, division, 1, 1, version=2),
        risk_scored(timely, division, 4, 5, version=3),
    )

    first, second = register()
    assert without_id(first) == without_id(second)
    assert (first["score"], first["scoreVersion"]) == (20, 3)


def test_a_newer_capture_wins_whatever_the_order(reporting):
    division, moved_to, late, timely = new_id(), new_id(), new_id(), new_id()
    for risk, versions in ((late, (2, 1)), (timely, (1, 2))):
        deliver(
            *(
                risk_captured(
                    risk, moved_to if v == 2 else division, "same", v, "open" if v == 2 else "draft"
                )
                for v in versions
            )
        )

    first, second = register()
    assert without_id(first) == without_id(second)
    assert (first["status"], first["divisionId"]) == ("open", moved_to)


def test_a_score_before_its_capture_ends_as_in_order(reporting):
    division, early, timely = new_id(), new_id(), new_id()
    deliver(risk_scored(early, division, 3, 4))

    (partial,) = register()
    assert (partial["title"], partial["score"], partial["divisionId"]) == (None, 12, division)
    _, heatmap = get("/reports/heatmap")
    assert heatmap["total"] == 1

    deliver(
        risk_captured(early, division, "same"),
        risk_captured(timely, division, "same"),
        risk_scored(timely, division, 3, 4),
    )
    first, second = register()
    assert without_id(first) == without_id(second)
    assert first["title"] == "same"


def test_a_poison_record_fails_alone(reporting):
    division, risk = new_id(), new_id()
    broken = risk_scored(risk, division, 3, 3)
    broken["detail"]["data"]["inherent"]["likelihood"] = 9  # breaks the contract
    batch = sqs_batch(
        json.dumps(risk_captured(risk, division, "Taq supply")),
        json.dumps(broken),
        "{not json",
        json.dumps(risk_scored(risk, division, 2, 2)),
    )

    response = consume(batch)

    poisoned = [r["messageId"] for r in batch["Records"][1:3]]
    assert response["batchItemFailures"] == [{"itemIdentifier": m} for m in poisoned]
    assert [(i["title"], i["score"]) for i in register()] == [("Taq supply", 4)]
    assert count(reporting, "inbox") == 2
