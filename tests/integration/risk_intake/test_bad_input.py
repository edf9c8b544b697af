"""Bad input anywhere in the intake API gets a 4xx that names the field and the reason,
and writes nothing."""

from __future__ import annotations

import json

import pytest

from tests.integration.risk_intake.support import risk_body, solution_body
from tests.support.db import sql

pytestmark = pytest.mark.integration

GHOST = "00000000-0000-4000-8000-000000000000"


@pytest.fixture
def manager(as_role, tree):
    return as_role("risk-manager", tree["REAG"])


@pytest.fixture
def things(manager, tree) -> dict[str, str]:
    risk = manager.post("/risks", risk_body(tree["IMMU"])).body
    solution = manager.post("/solutions", solution_body(tree["IMMU"])).body
    return {"risk": risk["id"], "solution": solution["id"], "division": tree["IMMU"]}


def everything(intake_db) -> str:
    """A fingerprint of every table a request could write to."""
    tables = ("divisions", "risks", "risk_tags", "assessments", "solutions", "risk_solutions",
              "audit_log", "outbox")  # fmt: skip
    return json.dumps(
        {t: sql(intake_db, f"SELECT * FROM {t} ORDER BY 1") for t in tables}, default=str
    )


CASES = [
    # (method, path, body, status, fields)
    ("POST", "/risks", {"divisionId": "{division}"}, 422,
     {"title", "description", "category", "ownerEmail"}),
    ("POST", "/risks", risk_body("{division}", colour="red"), 422, {"colour"}),
    ("POST", "/risks", risk_body("{division}", category="weather", ownerEmail="nobody"), 422,
     {"category", "ownerEmail"}),
    ("POST", "/risks", risk_body("not-a-uuid"), 422, {"divisionId"}),
    ("POST", "/risks", risk_body(GHOST), 422, {"divisionId"}),
    ("POST", "/risks", risk_body("{division}", title="   "), 422, {"title"}),
    ("POST", "/risks", risk_body("{division}", tags="pcr"), 422, {"tags"}),
    ("POST", "/risks", risk_body("{division}", description="x" * 10_001), 422, {"description"}),
    ("POST", "/risks", risk_body("{division}", tags=["Bad Tag"]), 422, {"tags.0"}),
    ("POST", "/risks", risk_body("{division}", reviewDue="31/03/2027"), 422, {"reviewDue"}),
    ("POST", "/risks", risk_body("{division}", treatment="ignore"), 422, {"treatment"}),
    ("PATCH", "/risks/{risk}", {}, 422, {"body"}),
    ("PATCH", "/risks/{risk}", {"title": None}, 422, {"title"}),
    ("PATCH", "/risks/{risk}", {"status": "opened"}, 422, {"status"}),
    ("PATCH", "/risks/{risk}", {"version": 1}, 422, {"version"}),
    ("PATCH", "/risks/{risk}", {"divisionId": GHOST}, 422, {"divisionId"}),
    ("PATCH", "/risks/not-a-uuid", {"title": "x"}, 422, {"risk_id"}),
    ("PATCH", f"/risks/{GHOST}", {"title": "x"}, 404, {"risk_id"}),
    ("DELETE", f"/risks/{GHOST}", None, 404, {"risk_id"}),
    ("POST", "/risks/{risk}/assessments", {"likelihood": "high", "impact": {"supply": 3}}, 422,
     {"likelihood"}),
    ("POST", "/risks/{risk}/assessments", {"likelihood": 3}, 422, {"impact"}),
    ("POST", "/risks/{risk}/assessments", {"likelihood": 3, "impact": {}}, 422, {"impact"}),
    ("POST", "/risks/{risk}/assessments",
     {"likelihood": 3, "impact": {"supply": 3}, "fmea": {"severity": 11, "occurrence": 2}}, 422,
     {"fmea.severity", "fmea.detection"}),
    ("POST", "/risks/{risk}/solutions", {"solutionId": GHOST}, 422, {"solutionId"}),
    ("POST", "/risks/{risk}/solutions", {"solution": "{solution}"}, 422,
     {"solutionId", "solution"}),
    ("DELETE", "/risks/{risk}/solutions/{solution}", None, 404, {"solution_id"}),
    ("POST", "/solutions", solution_body("{division}", designEffectiveness=150), 422,
     {"designEffectiveness"}),
    ("POST", "/solutions", solution_body("{division}", kind="detective", cost=-5), 422,
     {"kind", "cost"}),
    ("POST", "/solutions", solution_body("{division}", testResult="passed"), 422, {"testedOn"}),
    ("POST", "/solutions", solution_body("{division}", testedOn="2026-10-01",
                                         testResult="passed", nextTestDue="2026-09-01"), 422,
     {"nextTestDue"}),
    ("POST", "/solutions", solution_body("{division}", status="retired"), 422, {"status"}),
    ("PATCH", "/solutions/{solution}", {"status": "active", "unknown": 1}, 422, {"unknown"}),
    ("PATCH", "/solutions/{solution}", {"kind": None}, 422, {"kind"}),
    ("POST", "/divisions", {"name": "Lower", "code": "lower case"}, 422, {"code"}),
    ("POST", "/divisions", {"name": "Twin", "code": "REAG"}, 409, {"code"}),
    ("POST", "/divisions", {"name": "Orphan", "code": "ORPH", "parentId": GHOST}, 422,
     {"parentId"}),
    ("PATCH", "/divisions/{division}", {"parentId": "{division}"}, 422, {"parentId"}),
]  # fmt: skip


def fill(value, things):
    text = json.dumps(value)
    for name, id_ in things.items():
        text = text.replace("{" + name + "}", id_)
    return json.loads(text)


@pytest.mark.parametrize(("method", "path", "body", "status", "fields"), CASES)
def test_bad_input_is_refused_naming_the_fields_and_writes_nothing(
    manager, admin, things, intake_db, method, path, body, status, fields
):
    caller = admin if path.startswith("/divisions") else manager
    before = everything(intake_db)

    reply = caller.call(method, fill(path, things), fill(body, things), headers={"If-Match": '"1"'})

    assert reply.status == status, reply.body
    assert reply.fields == fields
    assert all(error["reason"] for error in reply.errors)
    assert everything(intake_db) == before


def test_a_body_that_is_not_json_is_422(manager, things, intake_db):
    before = everything(intake_db)

    reply = manager.call("POST", "/risks", raw_body='{"title": ')

    assert reply.status == 422
    assert everything(intake_db) == before


def test_an_oversize_body_is_413_and_writes_nothing(manager, things, intake_db):
    before = everything(intake_db)
    padded = json.dumps(risk_body(things["division"])) + " " * 70_000  # valid, but too big

    reply = manager.call("POST", "/risks", raw_body=padded)

    assert reply.status == 413
    assert reply.fields == {"body"}
    assert everything(intake_db) == before


@pytest.mark.parametrize(
    ("path", "query", "fields"),
    [
        ("/risks", {"limit": 0}, {"limit"}),
        ("/risks", {"limit": 501, "offset": -1}, {"limit", "offset"}),
        ("/risks", {"status": "bogus"}, {"status.0"}),
        ("/risks", {"sort": "colour"}, {"sort"}),
        ("/risks", {"divisionId": "REAG"}, {"divisionId"}),
        ("/risks", {"plannedReviewPassed": "perhaps"}, {"plannedReviewPassed"}),
        ("/risks", {"stauts": "open"}, {"stauts"}),
        ("/risks", {"q": "the of a"}, {"q"}),
        ("/solutions", {"kind": "detective"}, {"kind.0"}),
        ("/solutions", {"q": ""}, {"q"}),
        ("/divisions", {"sort": "-colour"}, {"sort"}),
    ],
)
def test_bad_query_parameters_are_refused_naming_them(manager, things, path, query, fields):
    reply = manager.get(path, **query)

    assert reply.status == 422, reply.body
    assert reply.fields == fields
    assert {e["in"] for e in reply.errors} == {"query"}


def test_a_path_id_that_is_no_uuid_is_named(manager):
    reply = manager.get("/risks/REAG-12")

    assert reply.status == 422
    assert reply.errors[0]["field"] == "risk_id"
    assert reply.errors[0]["in"] == "path"
