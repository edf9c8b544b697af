"""Every score's trend over the last 30 days, and the list of worsening risks (issue 12,
ADR 29), against the real database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from tests.support.db import sql
from tests.support.ids import new_id
from tests.unit.metrics_scoring.factories import assessed, division

pytestmark = pytest.mark.integration


def listed(call, division_id: str, trend: str) -> set[str]:
    status, page = call("GET", "/scores", query={"divisionId": division_id, "trend": trend})
    assert status == 200, page
    return {item["riskId"] for item in page["items"]}


def test_each_score_carries_its_trend_and_worsening_risks_are_listed(scoring, deliver, call):
    root = new_id()
    worse, better, same = new_id(), new_id(), new_id()
    deliver(division(root, None))
    for risk_id, first, second in ((worse, 3, 4), (better, 3, 2), (same, 3, None)):
        deliver(assessed(risk_id, 2, first, {"supply": 3}, division_id=root))
        if second is not None:
            deliver(assessed(risk_id, 3, second, {"supply": 3}, division_id=root))

    trends = {
        risk_id: (body["trend"], body["trendBaseline"], body["currentResidual"]["score"])
        for risk_id in (worse, better, same)
        for body in [call("GET", f"/scores/{risk_id}")[1]]
    }
    assert trends == {
        worse: ("worsening", 9, 12),
        better: ("improving", 9, 6),
        same: ("stable", 9, 9),
    }
    assert listed(call, root, "worsening") == {worse}
    assert listed(call, root, "improving") == {better}
    assert listed(call, root, "stable") == {same}
    page = call("GET", "/scores", query={"divisionId": root})[1]
    assert {i["riskId"]: i["trend"] for i in page["items"]} == {
        worse: "worsening",
        better: "improving",
        same: "stable",
    }


def test_the_trend_compares_with_the_score_at_the_start_of_the_period(scoring, deliver, call):
    root, risk_id = new_id(), new_id()
    deliver(division(root, None))
    for version, likelihood in ((2, 2), (3, 4), (4, 4)):
        deliver(
            assessed(
                risk_id,
                version,
                likelihood,
                {"supply": 3, "financial": version},
                division_id=root,
            )
        )
    now = datetime.now(UTC).replace(tzinfo=None)
    for version, days_ago in ((1, 45), (2, 35)):  # 6 then 12, both before the period
        sql(
            scoring.db,
            "UPDATE score_history SET scored_at = %s WHERE risk_id = %s AND score_version = %s",
            now - timedelta(days=days_ago),
            risk_id,
            version,
        )

    body = call("GET", f"/scores/{risk_id}")[1]
    assert (body["scoreVersion"], body["currentResidual"]["score"]) == (3, 16)
    assert (body["trend"], body["trendBaseline"]) == ("worsening", 12)  # not 6: 35 days ago
    assert listed(call, root, "worsening") == {risk_id}

    sql(
        scoring.db,
        "UPDATE score_history SET scored_at = %s WHERE risk_id = %s AND score_version = 3",
        now - timedelta(days=31),
        risk_id,
    )
    body = call("GET", f"/scores/{risk_id}")[1]
    assert (body["trend"], body["trendBaseline"]) == ("stable", 16)  # no change in 30 days
    assert listed(call, root, "worsening") == set()
    assert listed(call, root, "stable") == {risk_id}


def test_an_unknown_trend_is_422(scoring, call):
    status, refused = call("GET", "/scores", query={"trend": "sideways"})
    assert (status, [e["field"] for e in refused["errors"]]) == (422, ["trend"])
