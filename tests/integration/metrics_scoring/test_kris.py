"""Key risk indicators: defined per risk, read through the API and from downstream
systems' events; a red one raises the risk's likelihood and its return lowers it."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime

import pytest

from riskplatform.contracts import default_contracts
from tests.integration.metrics_scoring.support import analyst, sql
from tests.unit.metrics_scoring.factories import DIVISION_ID, assessed, division, kri_reading

pytestmark = pytest.mark.integration
ON_TIME = {
    "name": "Supplier on-time delivery",
    "unit": "%",
    "direction": "lower_is_worse",
    "amber": 95,
    "red": 90,
}
ANALYST = analyst(DIVISION_ID)


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
    scoring, call, risk_with_kri
):
    risk_id, kri_id = risk_with_kri
    assert likelihood(call, risk_id) == (3, 0)

    status, kri = call(
        "POST",
        f"/kris/{kri_id}/readings",
        body={"value": 87.5, "observedAt": "2026-11-20T23:00:00Z"},
        claims=ANALYST,
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
        claims=ANALYST,
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


def test_a_reading_sent_twice_with_its_id_is_recorded_once(scoring, call, risk_with_kri):
    risk_id, kri_id = risk_with_kri
    reading = {"value": 85, "observedAt": "2026-11-20T23:00:00Z", "readingId": str(uuid.uuid4())}
    for _ in range(2):
        assert call("POST", f"/kris/{kri_id}/readings", body=reading, claims=ANALYST)[0] == 201
    assert len(sql(scoring.db, "SELECT 1 FROM kri_readings")) == 1
    versions = sql(scoring.db, "SELECT score_version FROM risk_scores WHERE risk_id = %s", risk_id)
    assert versions == [{"score_version": 2}]


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


def test_who_may_define_read_and_record(call, risk_with_kri):
    risk_id, kri_id = risk_with_kri
    reading = {"value": 85, "observedAt": "2026-11-20T23:00:00Z"}
    assert call("POST", f"/risks/{risk_id}/kris", body=ON_TIME, claims=ANALYST)[0] == 403
    assert (
        call("POST", f"/kris/{kri_id}/readings", body=reading, claims=analyst(str(uuid.uuid4())))[0]
        == 403
    )
    assert call("GET", f"/risks/{risk_id}/kris", claims=ANALYST)[0] == 200
    assert call("GET", f"/risks/{risk_id}/kris", claims=analyst(str(uuid.uuid4())))[0] == 403
    assert call("POST", f"/risks/{uuid.uuid4()}/kris", body=ON_TIME)[0] == 404
    assert call("POST", f"/kris/{uuid.uuid4()}/readings", body=reading, claims=ANALYST)[0] == 404
