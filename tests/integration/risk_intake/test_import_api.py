"""Bulk import of risks and their solutions from CSV and XLSX through the intake API: a
dry run reports every bad row with its line and reason; an import writes all or nothing."""

from __future__ import annotations

import base64
import io
from datetime import date

import pytest
from openpyxl import Workbook

from tests.integration.risk_intake.support import outbox
from tests.support.db import sql

pytestmark = pytest.mark.integration

HEADER = (
    "Division,Title,Description,Category,Owner Email,Status,Review Due,Tags,"
    "solution_title,solution_kind,solution_design_effectiveness,solution_owner_email"
)


@pytest.fixture
def manager(as_role, tree):
    return as_role("risk-manager", tree["LIFE"], tree["INST"], email="rim@example.com")


def csv_body(*lines: str, dry_run: bool = False) -> dict:
    text = "\n".join((HEADER, *lines)) + "\n"
    return {"format": "csv", "content": base64.b64encode(text.encode()).decode(), "dryRun": dry_run}


def counts(intake_db) -> dict[str, int]:
    tables = ("risks", "solutions", "risk_solutions", "audit_log", "outbox")
    return {t: sql(intake_db, f"SELECT COUNT(*) AS n FROM {t}")[0]["n"] for t in tables}


GOOD = (
    'REAG,Taq single source,"One enzyme supplier, one plant",supply_chain,ana@example.com,'
    "open,2027-03-31,pcr;single-source,Second supplier,preventive,60,buyer@example.com",
    "REAG,Lot release delays,QC backs up,operational,ben@example.com,,,,"
    "Second supplier,preventive,60,buyer@example.com",
    "INST,Firmware recall,Field recall risk,product_safety,dora@example.com,draft,,,,,,",
)


def test_an_import_writes_every_row_with_its_events_in_one_go(manager, tree, intake_db):
    reply = manager.post("/risks/import", csv_body(*GOOD))

    assert reply.status == 201, reply.body
    report = reply.body
    assert (report["imported"], report["rows"], report["risks"], report["solutions"]) == (
        True,
        3,
        3,
        1,
    )
    assert report["problems"] == []
    taq = manager.get(f"/risks/{report['riskIds'][0]}").body
    assert (taq["title"], taq["status"], taq["tags"], taq["reviewDue"]) == (
        "Taq single source",
        "open",
        ["pcr", "single-source"],
        "2027-03-31",
    )
    assert taq["description"] == "One enzyme supplier, one plant"
    shared = manager.get(f"/solutions/{report['solutionIds'][0]}").body
    assert {r["id"] for r in shared["risks"]} == set(report["riskIds"][:2])
    types = [e["detail_type"] for e in outbox(intake_db)]
    assert types.count("RiskCaptured") == 3
    assert (types.count("SolutionRegistered"), types.count("SolutionLinked")) == (1, 2)


def test_a_dry_run_reports_every_bad_row_and_writes_nothing(manager, as_role, tree, intake_db):
    before = counts(intake_db)

    reply = manager.post(
        "/risks/import",
        csv_body(
            GOOD[0],
            "REAG,Unknown category,x,weather,ana@example.com,,,,,,,",
            "REAG,No owner,x,cyber,,,,,,,,",
            "NOPE,Unknown division,x,cyber,ana@example.com,,,,,,,",
            'REAG,"A title over',
            'two lines",x,cyber,ana@example.com,draft,31/12/2027,,,,,',
            "REAG,Bad solution,x,cyber,ana@example.com,,,,Shield,detective,150,buyer@example.com",
            dry_run=True,
        ),
    )

    assert reply.status == 200, reply.body
    report = reply.body
    assert (report["dryRun"], report["imported"], report["rows"], report["risks"]) == (
        True,
        False,
        6,
        1,
    )
    assert [(p["line"], p["field"]) for p in report["problems"]] == [
        (3, "category"),
        (4, "owner_email"),
        (5, "division"),
        (6, "review_due"),
        (8, "solution_design_effectiveness"),
        (8, "solution_kind"),
    ]
    assert all(p["reason"] for p in report["problems"])
    assert report["riskIds"] == []
    assert counts(intake_db) == before


def test_an_import_with_one_bad_row_writes_none(manager, intake_db):
    before = counts(intake_db)

    reply = manager.post(
        "/risks/import", csv_body(*GOOD, "REAG,Bad,x,weather,ana@example.com,,,,,,,")
    )

    assert reply.status == 422
    assert reply.errors == [
        {
            "field": "category",
            "in": "body",
            "reason": reply.errors[0]["reason"],
            "line": 5,
        }
    ]
    assert reply.errors[0]["reason"].startswith("line 5: ")
    assert counts(intake_db) == before


def test_each_row_is_checked_as_its_caller_may_write(as_role, tree, intake_db):
    analyst = as_role("analyst", tree["REAG"])
    before = counts(intake_db)

    reply = analyst.post(
        "/risks/import",
        csv_body(
            "REAG,Mine,x,cyber,ana@example.com,,,,,,,",
            "INST,Not mine,x,cyber,ana@example.com,,,,,,,",
            "REAG,Accepted,x,cyber,ana@example.com,accepted,,,,,,",
            "REAG,With control,x,cyber,ana@example.com,,,,Shield,preventive,50,b@example.com",
            dry_run=True,
        ),
    )

    assert [(p["line"], p["field"]) for p in reply.body["problems"]] == [
        (3, "division"),  # not theirs: like an unknown division
        (4, "division"),  # accepting takes a risk manager
        (5, "solution_title"),  # solutions take a risk manager
    ]
    assert "accept-risks" in reply.body["problems"][1]["reason"]
    assert counts(intake_db) == before


def test_a_solution_named_twice_must_be_described_alike(manager):
    reply = manager.post(
        "/risks/import",
        csv_body(
            "REAG,One,x,cyber,a@example.com,,,,Shield,preventive,50,b@example.com",
            "REAG,Two,x,cyber,a@example.com,,,,Shield,preventive,70,b@example.com",
            dry_run=True,
        ),
    )

    [problem] = reply.body["problems"]
    assert (problem["line"], problem["field"]) == (3, "solution_title")
    assert "line 2 defines this solution differently" in problem["reason"]


def test_unknown_and_missing_columns_are_reported_on_the_header(manager):
    text = "division,title,colour\nREAG,Taq,red\n"
    body = {"format": "csv", "content": base64.b64encode(text.encode()).decode(), "dryRun": True}

    problems = manager.post("/risks/import", body).body["problems"]

    assert [(p["line"], p["field"]) for p in problems if p["line"] == 1] == [
        (1, "category"),  # missing
        (1, "colour"),  # unknown
        (1, "owner_email"),  # missing
    ]


def test_an_xlsx_import_reads_dates_numbers_and_text(manager, tree):
    book = Workbook()
    sheet = book.active
    columns = {
        "division": "IMMU",
        "title": "Cold chain",
        "category": "operational",
        "owner_email": "ben@example.com",
        "review_due": date(2027, 5, 31),
        "solution_title": "Loggers",
        "solution_kind": "mitigating",
        "solution_design_effectiveness": 40,
        "solution_owner_email": "qa@example.com",
        "solution_cost": 1250.5,
        "solution_due_date": date(2027, 1, 15),
    }
    sheet.append(list(columns))
    sheet.append(list(columns.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    body = {"format": "xlsx", "content": base64.b64encode(buffer.getvalue()).decode()}

    reply = manager.post("/risks/import", body)

    assert reply.status == 201, reply.body
    risk = manager.get(f"/risks/{reply.body['riskIds'][0]}").body
    assert (risk["divisionId"], risk["reviewDue"]) == (tree["IMMU"], "2027-05-31")
    [solution] = risk["solutions"]
    assert (solution["designEffectiveness"], solution["cost"], solution["dueDate"]) == (
        40,
        1250.5,
        "2027-01-15",
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"format": "csv", "content": "not base64!"}, "content"),
        ({"format": "xlsx", "content": base64.b64encode(b"not a workbook").decode()}, "content"),
        ({"format": "csv", "content": base64.b64encode(b"\xff\xfe\x00").decode()}, "content"),
        ({"format": "ods", "content": "AAAA"}, "format"),
        ({"format": "csv"}, "content"),
    ],
)
def test_a_file_that_cannot_be_read_is_422_on_its_field(manager, intake_db, body, field):
    before = counts(intake_db)

    reply = manager.post("/risks/import", body)

    assert (reply.status, reply.fields) == (422, {field})
    assert counts(intake_db) == before
