"""Key risk indicators: defined per risk, read through the API and from downstream
systems' events; a red one raises the risk's likelihood and its return lowers it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from metrics_scoring.entrypoints import api
from riskplatform.contracts import default_contracts
from tests.integration.metrics_scoring.support import api_request
from tests.support.db import sql
from tests.unit.metrics_scoring.factories import DIVISION_ID, assessed, division, kri_reading

pytestmark = pytest.mark.integration
ON_TIME = {
    "name": "Supplier on-time delivery",
    "unit": "%",
    "direction": "lower_is_worse",
    "amber": 95,
    "red": 90,
}


@pytest.fixture
def analyst_here(analyst) -> dict[str, str]:
    """An analyst working in the division the risk is in."""
    return analyst(DIVISION_ID)


@pytest.fixture
def risk_with_kri(scoring, deliver, call) -> tuple[str, str]:
    risk_id = str(uuid.uuid4())
    deliver(division(DIVISION_ID, None), assessed(risk_id, 2, 3, {"supply": 4}))
    status, kri = call("POST", f"/risks/{risk_id}/kris", body=ON_TIME)
    assert status == 201, kri
    assert (kri["status"], kri["latestValue"], kri["definedBy"]) == (
        None,
        None,
        "admin@example.com",
    )
    return risk_id, kri["kriId"]


def likelihood(call, risk_id: str) -> tuple[int, int]:
    body = call("GET", f"/scores/{risk_id}")[1]
    return body["inherent"]["likelihood"], body["inputs"]["kriUplift"]


def test_a_red_reading_raises_the_likelihood_and_a_green_one_lowers_it(
    scoring, call, risk_with_kri, analyst_here
):
    risk_id, kri_id = risk_with_kri
    assert likelihood(call, risk_id) == (3, 0)

    status, kri = call(
        "POST",
        f"/kris/{kri_id}/readings",
        body={"value": 87.5, "observedAt": "2026-11-20T23:00:00Z"},
        claims=analyst_here,
    )
    assert (status, kri["status"], kri["latestValue"]) == (201, "red", 87.5)
    assert likelihood(call, risk_id) == (4, 1)
    body = call("GET", f"/scores/{risk_id}")[1]
    assert body["cause"]["detailType"] == "KriReadingRecorded"
    assert any("red: Supplier on-time delivery" in line for line in body["explanation"])

    call(
        "POST",
        f"/kris/{kri_id}/readings",
        body={"value": 93, "observedAt": "2026-11-21T23:00:00Z"},
        claims=analyst_here,
    )
    assert likelihood(call, risk_id) == (3, 0)  # amber: no step
    rows = sql(scoring.db, "SELECT detail FROM outbox WHERE detail_type = 'KriReadingRecorded'")
    readings = [json.loads(row["detail"]) for row in rows]
    for detail in readings:
        default_contracts().validate("riskplatform.metrics-scoring", "KriReadingRecorded", detail)
    assert [(r["data"]["value"], r["data"]["source"]) for r in readings] == [
        (87.5, "api"),
        (93.0, "api"),
    ]


def test_readings_from_downstream_systems_count_latest_first_and_once(
    scoring, deliver, call, risk_with_kri
):
    risk_id, kri_id = risk_with_kri
    newer = kri_reading(kri_id, 80, datetime(2026, 11, 22, tzinfo=UTC))
    older = kri_reading(kri_id, 99, datetime(2026, 11, 21, tzinfo=UTC))
    assert deliver(newer, older, newer) == {"batchItemFailures": []}

    assert likelihood(call, risk_id) == (4, 1)  # the older green reading came late
    assert len(sql(scoring.db, "SELECT 1 FROM kri_readings")) == 2
    [kri] = call("GET", f"/risks/{risk_id}/kris")[1]
    assert (kri["status"], kri["latestValue"]) == ("red", 80)


def test_a_reading_sent_twice_with_its_id_is_recorded_once(
    scoring, call, risk_with_kri, analyst_here
):
    risk_id, kri_id = risk_with_kri
    reading = {"value": 85, "observedAt": "2026-11-20T23:00:00Z", "readingId": str(uuid.uuid4())}
    for _ in range(2):
        assert call("POST", f"/kris/{kri_id}/readings", body=reading, claims=analyst_here)[0] == 201
    assert len(sql(scoring.db, "SELECT 1 FROM kri_readings")) == 1
    versions = sql(scoring.db, "SELECT score_version FROM risk_scores WHERE risk_id = %s", risk_id)
    assert versions == [{"score_version": 2}]


def test_a_reading_from_the_future_is_refused_naming_observed_at(
    scoring, call, deliver, risk_with_kri, analyst_here
):
    """Dated 2099 it would stay the latest reading for good and hide every real one."""
    _, kri_id = risk_with_kri
    ahead = datetime.now(UTC) + timedelta(hours=1)
    body = {"value": 99, "observedAt": ahead.isoformat()}
    status, refused = call("POST", f"/kris/{kri_id}/readings", body=body, claims=analyst_here)
    assert status == 422, refused
    assert [e["field"] for e in refused["errors"]] == ["observedAt"]
    far = {"value": 99, "observedAt": "2099-01-01T00:00:00Z"}
    assert call("POST", f"/kris/{kri_id}/readings", body=far, claims=analyst_here)[0] == 422
    assert sql(scoring.db, "SELECT 1 FROM kri_readings") == []
    skewed = datetime.now(UTC) + timedelta(minutes=2)  # a clock a little ahead is fine
    from_downstream = deliver(kri_reading(kri_id, 99, ahead), kri_reading(kri_id, 98, skewed))
    assert len(from_downstream["batchItemFailures"]) == 1  # the future one, towards the DLQ
    assert sql(scoring.db, "SELECT value FROM kri_readings") == [{"value": 98}]


def test_a_reading_for_an_unknown_indicator_fails_its_record_alone(scoring, deliver, risk_with_kri):
    """SQS retries it, then moves it to the DLQ, where the alarm calls for a look."""
    _, kri_id = risk_with_kri
    unknown = kri_reading(str(uuid.uuid4()), 80, datetime(2026, 11, 22, tzinfo=UTC))
    known = kri_reading(kri_id, 80, datetime(2026, 11, 22, tzinfo=UTC))
    result = deliver(unknown, known)
    assert len(result["batchItemFailures"]) == 1
    assert sql(scoring.db, "SELECT kri_id FROM kri_readings") == [{"kri_id": kri_id}]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"red": 97}, "red"),
        ({"direction": "sideways"}, "direction"),
        ({"name": ""}, "name"),
    ],
)
def test_a_bad_indicator_is_422_naming_the_field(scoring, call, risk_with_kri, body, field):
    risk_id, _ = risk_with_kri
    status, refused = call("POST", f"/risks/{risk_id}/kris", body=ON_TIME | body)
    assert status == 422
    assert field in {e["field"] for e in refused["errors"]}
    assert len(sql(scoring.db, "SELECT 1 FROM kris")) == 1


def test_who_may_define_read_and_record(call, risk_with_kri, analyst, analyst_here):
    risk_id, kri_id = risk_with_kri
    reading = {"value": 85, "observedAt": "2026-11-20T23:00:00Z"}
    assert call("POST", f"/risks/{risk_id}/kris", body=ON_TIME, claims=analyst_here)[0] == 403
    assert (
        call("POST", f"/kris/{kri_id}/readings", body=reading, claims=analyst(str(uuid.uuid4())))[0]
        == 403
    )
    assert call("GET", f"/risks/{risk_id}/kris", claims=analyst_here)[0] == 200
    assert call("GET", f"/risks/{risk_id}/kris", claims=analyst(str(uuid.uuid4())))[0] == 403
    assert call("POST", f"/risks/{uuid.uuid4()}/kris", body=ON_TIME)[0] == 404
    unknown = f"/kris/{uuid.uuid4()}/readings"
    status, refused = call("POST", unknown, body=reading, claims=analyst_here)
    assert (status, [(e["field"], e["in"]) for e in refused["errors"]]) == (
        404,
        [("kri_id", "path")],
    )


def respond(context, method: str, path: str, **request) -> tuple[int, dict, dict]:
    """The status, the body and the headers the API answers."""
    response = api.handler(api_request(method, path, **request), context)
    headers = {k: v[0] for k, v in (response.get("multiValueHeaders") or {}).items()}
    return (
        response["statusCode"],
        json.loads(response["body"]),
        headers | (response.get("headers") or {}),
    )


def announced(db, detail_type: str) -> list[dict]:
    rows = sql(db, "SELECT detail FROM outbox WHERE detail_type = %s ORDER BY id", detail_type)
    details = [json.loads(row["detail"]) for row in rows]
    for detail in details:
        default_contracts().validate("riskplatform.metrics-scoring", detail_type, detail)
    return [d["data"] for d in details]


def test_an_indicator_is_defined_with_an_etag_and_announced(scoring, context, risk_with_kri):
    risk_id, kri_id = risk_with_kri
    status, kri, headers = respond(context, "GET", f"/kris/{kri_id}")
    assert (status, headers["ETag"], kri["version"]) == (200, '"1"', 1)
    assert (kri["staleAfterDays"], kri["amberSteps"], kri["stale"], kri["retired"]) == (
        90,
        0,
        False,
        False,
    )
    [defined] = announced(scoring.db, "KriDefined")
    assert (defined["kri_id"], defined["risk_id"], defined["version"]) == (kri_id, risk_id, 1)


def test_changing_an_indicator_needs_if_match_and_rescores_its_risk(
    scoring, context, call, deliver, risk_with_kri
):
    risk_id, kri_id = risk_with_kri
    amber = kri_reading(kri_id, 93, datetime.now(UTC) - timedelta(days=1))
    assert deliver(amber) == {"batchItemFailures": []}
    assert likelihood(call, risk_id) == (3, 0)  # amber counts nothing by default
    path = f"/kris/{kri_id}"

    status, refused, _ = respond(context, "PATCH", path, body={"red": 94})
    assert (status, [e["field"] for e in refused["errors"]]) == (428, ["If-Match"])
    status, refused, _ = respond(
        context, "PATCH", path, body={"red": 94}, headers={"If-Match": '"7"'}
    )
    assert (status, [e["field"] for e in refused["errors"]]) == (412, ["If-Match"])
    status, refused, _ = respond(
        context, "PATCH", path, body={"red": 97}, headers={"If-Match": '"1"'}
    )
    assert (status, [e["field"] for e in refused["errors"]]) == (422, ["red"])
    status, refused, _ = respond(
        context, "PATCH", path, body={"amberSteps": 2}, headers={"If-Match": "1"}
    )
    assert (status, [e["field"] for e in refused["errors"]]) == (422, ["amberSteps"])
    assert announced(scoring.db, "KriChanged") == []

    status, kri, headers = respond(
        context, "PATCH", path, body={"red": 94, "amber": 96}, headers={"If-Match": '"1"'}
    )
    assert (status, headers["ETag"], kri["status"], kri["changedBy"]) == (
        200,
        '"2"',
        "red",  # 93 is red now that red is 94
        "admin@example.com",
    )
    assert likelihood(call, risk_id) == (4, 1)
    assert call("GET", f"/scores/{risk_id}")[1]["cause"] == {
        "eventId": kri_id,
        "detailType": "KriChanged",
    }
    [change] = announced(scoring.db, "KriChanged")
    assert (change["changed"], change["version"], change["red"]) == (["amber", "red"], 2, 94)

    status, same, headers = respond(
        context, "PATCH", path, body={"red": 94}, headers={"If-Match": '"2"'}
    )
    assert (status, same["version"], headers["ETag"]) == (200, 2, '"2"')  # nothing changed
    assert len(announced(scoring.db, "KriChanged")) == 1


def test_amber_counts_when_the_indicator_says_so(scoring, context, call, deliver, risk_with_kri):
    risk_id, kri_id = risk_with_kri
    status, _, _ = respond(
        context, "PATCH", f"/kris/{kri_id}", body={"amberSteps": 1}, headers={"If-Match": '"1"'}
    )
    assert status == 200
    observed = datetime.now(UTC) - timedelta(days=1)
    assert deliver(kri_reading(kri_id, 93, observed)) == {"batchItemFailures": []}
    assert likelihood(call, risk_id) == (4, 1)
    explanation = call("GET", f"/scores/{risk_id}")[1]["explanation"]
    assert (
        "Raised to 4 (at most 5) because these key risk indicators are amber, which counts for"
        " them: Supplier on-time delivery." in explanation
    )


def test_a_stale_reading_raises_nothing_and_shows_as_stale(
    scoring, context, call, deliver, risk_with_kri
):
    risk_id, kri_id = risk_with_kri
    long_ago = datetime.now(UTC) - timedelta(days=120)
    assert deliver(kri_reading(kri_id, 80, long_ago)) == {"batchItemFailures": []}  # red
    assert likelihood(call, risk_id) == (3, 0)  # older than 90 days: stale
    status, kri, _ = respond(context, "GET", f"/kris/{kri_id}")
    assert (kri["status"], kri["stale"]) == ("red", True)
    body = call("GET", f"/scores/{risk_id}")[1]
    assert body["inputs"]["kris"][0]["stale"] is True
    assert any(line.startswith("No longer counted") for line in body["explanation"])

    status, kri, _ = respond(
        context,
        "PATCH",
        f"/kris/{kri_id}",
        body={"staleAfterDays": 365},
        headers={"If-Match": '"1"'},
    )
    assert (status, kri["stale"]) == (200, False)
    assert likelihood(call, risk_id) == (4, 1)
    [row] = sql(scoring.db, "SELECT expires_on FROM risk_scores WHERE risk_id = %s", risk_id)
    assert row["expires_on"] == long_ago.date() + timedelta(days=366)  # the day it goes stale


def test_a_retired_indicator_counts_no_more_and_takes_no_readings(
    scoring, context, call, deliver, risk_with_kri, analyst_here
):
    risk_id, kri_id = risk_with_kri
    deliver(kri_reading(kri_id, 80, datetime.now(UTC) - timedelta(days=1)))
    assert likelihood(call, risk_id) == (4, 1)

    assert respond(context, "DELETE", f"/kris/{kri_id}")[0] == 428
    status, kri, headers = respond(
        context, "DELETE", f"/kris/{kri_id}", headers={"If-Match": '"1"'}
    )
    assert (status, kri["retired"], headers["ETag"]) == (200, True, '"2"')
    assert likelihood(call, risk_id) == (3, 0)
    [retired] = announced(scoring.db, "KriRetired")
    assert (retired["retired"], retired["version"]) == (True, 2)

    reading = {"value": 80, "observedAt": "2026-11-21T23:00:00Z"}
    status, refused, _ = respond(
        context, "POST", f"/kris/{kri_id}/readings", body=reading, claims=analyst_here
    )
    assert (status, [e["field"] for e in refused["errors"]]) == (409, ["kri_id"])
    status, refused, _ = respond(
        context, "PATCH", f"/kris/{kri_id}", body={"red": 85}, headers={"If-Match": '"2"'}
    )
    assert status == 409
    assert respond(context, "DELETE", f"/kris/{kri_id}", headers={"If-Match": '"2"'})[0] == 409
    late = kri_reading(kri_id, 70, datetime.now(UTC))  # a downstream system not caught up
    assert deliver(late) == {"batchItemFailures": []}
    assert likelihood(call, risk_id) == (3, 0)


def test_only_admins_change_indicators_and_others_do_not_see_them(
    context, risk_with_kri, analyst, analyst_here
):
    _, kri_id = risk_with_kri
    patch = {"body": {"red": 85}, "headers": {"If-Match": '"1"'}}
    assert respond(context, "PATCH", f"/kris/{kri_id}", claims=analyst_here, **patch)[0] == 403
    assert respond(context, "GET", f"/kris/{kri_id}", claims=analyst_here)[0] == 200
    assert respond(context, "GET", f"/kris/{kri_id}", claims=analyst(str(uuid.uuid4())))[0] == 404
    assert respond(context, "GET", f"/kris/{uuid.uuid4()}")[0] == 404
