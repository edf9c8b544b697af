"""Scoring models through the API: drafts, versions, publishing, and the rescore a
publish starts, over a synthetic register, without losing or repeating a risk."""

from __future__ import annotations

import json
import time
import uuid
from datetime import UTC, datetime
from typing import Any

import pytest

from metrics_scoring.domain.jobs import RescoreJob, Scope
from metrics_scoring.service_layer import management, rescoring
from riskplatform.access import Caller
from riskplatform.contracts import default_contracts
from riskplatform.events import MessageContext
from tests.integration.metrics_scoring.support import ADMIN
from tests.support.db import sql
from tests.unit.metrics_scoring.factories import assessed, captured

pytestmark = pytest.mark.integration
DIMENSIONS = ["safety", "regulatory", "financial", "supply", "reputation"]
FOUR_BANDS = [
    {"level": "low", "min": 1, "max": 4},
    {"level": "medium", "min": 5, "max": 9},
    {"level": "high", "min": 10, "max": 16},
    {"level": "critical", "min": 17, "max": 25},
]


def definition(**changes: Any) -> dict[str, Any]:
    return {
        "scale": {"min": 1, "max": 5},
        "impactDimensions": DIMENSIONS,
        "bands": FOUR_BANDS,
    } | changes


SUPPLY_6X6 = definition(
    scale={"min": 1, "max": 6},
    bands=[
        {"level": "low", "min": 1, "max": 6},
        {"level": "medium", "min": 7, "max": 14},
        {"level": "high", "min": 15, "max": 24},
        {"level": "critical", "min": 25, "max": 36},
    ],
    impactAggregation="weighted",
    impactWeights={"supply": 3, "financial": 1},
    categories=["supply_chain"],
)


def outbox(db, detail_type: str) -> list[dict]:
    rows = sql(db, "SELECT detail FROM outbox WHERE detail_type = %s ORDER BY id", detail_type)
    details = [json.loads(row["detail"]) for row in rows]
    for detail in details:
        default_contracts().validate("riskplatform.metrics-scoring", detail_type, detail)
    return [d["data"] for d in details]


def test_a_model_is_created_as_a_draft_and_versions_are_added(call, analyst):
    status, draft = call(
        "POST", "/models", body={"modelId": "supply-6x6", "definition": SUPPLY_6X6}
    )
    assert status == 201, draft
    assert (draft["version"], draft["status"], draft["createdBy"]) == (
        1,
        "draft",
        "admin@example.com",
    )
    assert draft["definition"]["impactWeights"] == {"supply": 3, "financial": 1}
    status, second = call(
        "POST",
        "/models/supply-6x6/versions",
        body={"definition": SUPPLY_6X6 | {"impactWeights": {"supply": 1}}},
    )
    assert (status, second["version"]) == (201, 2)

    status, model = call("GET", "/models/supply-6x6", claims=analyst())
    assert status == 200
    assert (model["publishedVersion"], [v["status"] for v in model["versions"]]) == (
        None,
        ["draft", "draft"],
    )
    status, models = call("GET", "/models")
    assert [(m["modelId"], m["publishedVersion"]) for m in models] == [
        ("default-5x5", 1),
        ("supply-6x6", None),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"bands": FOUR_BANDS[:3]}, "definition.bands"),
        ({"scale": {"min": 1, "max": 8}}, "definition.scale"),
        ({"scale": {"min": 1, "max": 3}}, "definition.fromAssessment"),
        ({"impactAggregation": "weighted"}, "definition.impactWeights"),
        ({"impactDimensions": ["safety"]}, "definition.impactDimensions"),
        ({"reviewCadenceDays": {"low": 30}}, "definition.reviewCadenceDays"),
        ({"categories": ["weather"]}, "definition.categories"),
        ({"colour": "red"}, "definition.colour"),
    ],
)
def test_a_definition_that_makes_no_sense_is_422_naming_the_field_and_writes_nothing(
    scoring, call, changes, field
):
    status, body = call(
        "POST", "/models", body={"modelId": "broken", "definition": definition(**changes)}
    )
    assert status == 422, body
    assert any(error["field"].startswith(field) for error in body["errors"]), body
    assert sql(scoring.db, "SELECT 1 FROM scoring_models WHERE model_id = 'broken'") == []


def test_only_admins_manage_models(call, analyst):
    for method, path, body in [
        ("POST", "/models", {"modelId": "mine", "definition": definition()}),
        ("POST", "/models/default-5x5/versions", {"definition": definition()}),
        ("POST", "/models/default-5x5/versions/1/publish", None),
    ]:
        status, refused = call(method, path, body=body, claims=analyst())
        assert status == 403, (path, refused)


def test_a_taken_id_is_409_and_an_unknown_model_or_version_404(call):
    assert (
        call("POST", "/models", body={"modelId": "default-5x5", "definition": definition()})[0]
        == 409
    )
    assert call("POST", "/models/nothing/versions", body={"definition": definition()})[0] == 404
    assert call("POST", "/models/default-5x5/versions/7/publish")[0] == 404
    assert call("GET", "/models/nothing")[0] == 404


def test_publishing_rescores_the_risks_it_covers_and_announces_itself(scoring, deliver, call):
    supply, cyber = str(uuid.uuid4()), str(uuid.uuid4())
    deliver(captured(supply, "supply_chain"), assessed(supply, 2, 4, {"supply": 5, "financial": 2}))
    deliver(captured(cyber, "cyber"), assessed(cyber, 2, 4, {"supply": 5}))
    call("POST", "/models", body={"modelId": "supply-6x6", "definition": SUPPLY_6X6})

    status, publication = call("POST", "/models/supply-6x6/versions/1/publish")

    assert status == 202, publication
    job = publication["rescoreJob"]
    assert (publication["model"]["status"], job["done"], job["rescored"], job["changed"]) == (
        "published",
        True,
        2,
        1,
    )
    [published] = outbox(scoring.db, "ScoringModelPublished")
    assert (published["model_id"], published["version"], published["categories"]) == (
        "supply-6x6",
        1,
        ["supply_chain"],
    )
    assert published["rescore_job_id"] == job["jobId"]
    by_risk = {d["risk_id"]: d for d in outbox(scoring.db, "RiskScored")}
    assert by_risk[supply]["model"] == {"model_id": "supply-6x6", "version": 1}
    assert by_risk[supply]["inherent"]["impact"] == 4  # (3 x 5 + 1 x 2) / 4 = 4.25
    assert by_risk[supply]["cause"] == {
        "event_id": job["jobId"],
        "detail_type": "ScoringModelPublished",
    }
    assert by_risk[cyber]["model"]["model_id"] == "default-5x5"  # not covered: no new score
    status, progress = call("GET", f"/rescore-jobs/{job['jobId']}")
    assert (status, progress["done"]) == (200, True)


def test_publishing_refuses_conflicts_and_old_or_repeated_versions(call):
    call("POST", "/models", body={"modelId": "supply-6x6", "definition": SUPPLY_6X6})
    assert call("POST", "/models/supply-6x6/versions/1/publish")[0] == 202
    status, body = call("POST", "/models/supply-6x6/versions/1/publish")
    assert (status, body["errors"][0]["field"]) == (409, "version")

    call("POST", "/models/supply-6x6/versions", body={"definition": SUPPLY_6X6})
    call("POST", "/models/supply-6x6/versions", body={"definition": SUPPLY_6X6})
    assert call("POST", "/models/supply-6x6/versions/3/publish")[0] == 202
    assert call("POST", "/models/supply-6x6/versions/2/publish")[0] == 409

    call("POST", "/models", body={"modelId": "rival", "definition": SUPPLY_6X6})
    status, body = call("POST", "/models/rival/versions/1/publish")
    assert status == 409
    assert body["errors"] == [
        {
            "field": "definition.categories",
            "in": "body",
            "reason": "model supply-6x6 already scores supply_chain",
        }
    ]
    call("POST", "/models", body={"modelId": "second-default", "definition": definition()})
    status, body = call("POST", "/models/second-default/versions/1/publish")
    assert (status, body["message"]) == (
        409,
        "model default-5x5 already scores every unclaimed category",
    )


RISKS = 1_200


def synthetic_register(db, risks: int) -> list[str]:
    """Risks as the projection holds them after their assessments: written directly, to
    make a register big enough to need many batches quickly."""
    ids = sorted(str(uuid.uuid4()) for _ in range(risks))
    connection = db.connection()
    with connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO risks (risk_id, division_id, division_version, category,"
            " category_version, assessment_version, assessment_id, likelihood, impact_ratings,"
            " assessed_at) VALUES (%s, %s, 2, 'operational', 1, 2, %s, %s, %s, %s)",
            [
                (
                    risk_id,
                    "division",
                    str(uuid.uuid4()),
                    1 + n % 5,
                    json.dumps({"financial": 1 + n // 5 % 5}),
                    datetime(2026, 11, 20),
                )
                for n, risk_id in enumerate(ids)
            ],
        )
    connection.commit()
    return ids


def test_a_publish_rescores_a_register_in_batches_and_a_crash_loses_or_repeats_no_risk(
    scoring, monkeypatch
):
    ids = synthetic_register(scoring.db, RISKS)
    admin = Caller.from_claims(ADMIN)

    def new_uow(context: MessageContext):
        return scoring.uow(context)

    now = datetime.now(UTC)
    initial = RescoreJob.open(Scope(), "ScoresMigrated", "test", now)
    with scoring.uow() as uow:
        uow.jobs.add(initial)
        uow.commit()
    rescoring.run_job(initial.job_id, new_uow, time.monotonic() + 60, batch_size=250)

    management.add_model_version(
        "default-5x5",
        definition(
            bands=[{"level": "low", "min": 1, "max": 6}, {"level": "high", "min": 7, "max": 25}]
        )
        | {"impact_dimensions": DIMENSIONS},
        admin,
        scoring.uow(),
        now,
    )
    _, job = management.publish_model("default-5x5", 2, admin, scoring.uow(), now)

    batches, real_rescore = [], rescoring.rescore

    def crash_on_the_third_batch(uow, risk_ids, cause, when):
        batches.append(len(risk_ids))
        if len(batches) == 3:
            raise ConnectionError("the function was stopped mid-batch")
        return real_rescore(uow, risk_ids, cause, when)

    monkeypatch.setattr(rescoring, "rescore", crash_on_the_third_batch)
    with pytest.raises(ConnectionError):
        rescoring.run_job(job.job_id, new_uow, time.monotonic() + 60, batch_size=100)
    [halfway] = sql(scoring.db, "SELECT * FROM rescore_jobs WHERE job_id = %s", job.job_id)
    assert (halfway["rescored"], halfway["after_risk_id"]) == (200, ids[199])
    monkeypatch.setattr(rescoring, "rescore", real_rescore)
    rescoring.run_job(job.job_id, new_uow, time.monotonic() + 60, batch_size=100)

    [done] = sql(scoring.db, "SELECT * FROM rescore_jobs WHERE job_id = %s", job.job_id)
    assert (done["rescored"], done["changed"], done["finished_at"] is not None) == (
        RISKS,
        RISKS,
        True,
    )
    per_risk = sql(
        scoring.db,
        "SELECT risk_id, COUNT(*) AS n FROM score_history WHERE model_version = 2 GROUP BY risk_id",
    )
    assert sorted(row["risk_id"] for row in per_risk) == ids
    assert {row["n"] for row in per_risk} == {1}
    assert sql(scoring.db, "SELECT DISTINCT model_version, score_version FROM risk_scores") == [
        {"model_version": 2, "score_version": 2}
    ]
    scored = sql(scoring.db, "SELECT COUNT(*) AS n FROM outbox WHERE detail_type = 'RiskScored'")
    assert scored == [{"n": 2 * RISKS}]


def test_a_publish_that_would_leave_risks_without_a_model_is_refused(scoring, deliver, call):
    """A new version of the catch-all model that claims only some categories would stop
    scoring every other one: 422 naming them, and the old version goes on scoring."""
    narrow = definition(categories=["cyber", "financial"])
    assert call("POST", "/models/default-5x5/versions", body={"definition": narrow})[0] == 201
    status, body = call("POST", "/models/default-5x5/versions/2/publish")
    assert status == 422, body
    reason = body["errors"][0]["reason"]
    assert body["errors"][0]["field"] == "definition.categories"
    assert "supply_chain" in reason and "regulatory_quality" in reason and "cyber" not in reason
    assert sql(scoring.db, "SELECT 1 FROM outbox WHERE detail_type = 'ScoringModelPublished'") == []

    risk = str(uuid.uuid4())
    scored = deliver(captured(risk, "supply_chain"), assessed(risk, 2))
    assert scored["batchItemFailures"] == []
    status, score = call("GET", f"/scores/{risk}")
    assert status == 200 and score["model"]["version"] == 1
