"""The dashboards through the API handler against the real MariaDB and Memcached, on a
small known register whose figures are computed by hand below: the heat maps sized by
the model, the register's dashboard filters, the executive summary (with its division
rollups and mitigation progress) and the exports (CSV, and through the emulator's S3,
XLSX, PDF and a CSV file too large for an answer).

The register (group GRP above DX and LS, DXL below DX; OTH elsewhere)::

    risk  division  status     model        inherent  current   target   appetite  next review
    R1    DX        open       supply-6x6   6x6 crit  4x5 high  2x5 med  breach    yesterday
    R2    DXL       mitigating default-5x5  5x4 crit  5x4 crit  3x4 high breach    in a month
    R3    LS        accepted*  default-5x5  4x4 high  4x4 high  4x4 high breach    long ago
    R4    LS        closed     default-5x5  3x3 med   2x3 med   2x3 med  watch     long ago
    R5    GRP       open       default-5x5  3x5 high  3x3 med   2x3 med  within    long ago
    R6    DX        retired    default-5x5  5x5 crit  5x5 crit  5x5 crit breach    long ago
    R7    DXL       draft      (not scored)
    R8    OTH       open       default-5x5  4x4 high  4x4 high  4x4 high breach    yesterday

    * accepted until next month.

Solutions: S1 (DX, active, passed, next test in a month) answers R1; S2 (DXL, active,
failed, next test due yesterday) answers R2; S3 (LS, planned, due yesterday); S4 (GRP,
retired, next test long ago); S5 (OTH, active, passed) answers R8. R1's and R8's scores
credit their control in full (its test passed and is in date); R2's does not.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import openpyxl
import pytest
import requests
from botocore.config import Config
from pypdf import PdfReader

from reporting import bootstrap
from reporting.adapters import reports
from reporting.domain.model import Scope
from reporting.exports import tables
from reporting.exports.delivery import PART_BYTES, SPOOL_BYTES, S3ExportStore
from reporting.exports.writers import FileFormat, write
from reporting.service_layer.views import report_key
from tests.integration.reporting.conftest import (
    claims,
    deliver,
    division_registered,
    event,
    get,
    grade,
    request,
    risk_changed,
    risk_scored,
    solution_linked,
    solution_registered,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration

TODAY = datetime.datetime.now(datetime.UTC).date()
YESTERDAY = TODAY - datetime.timedelta(days=1)
LONG_AGO = TODAY - datetime.timedelta(days=90)
NEXT_MONTH = TODAY + datetime.timedelta(days=30)
FORMULA_TITLE = '=HYPERLINK("http://example.com/x","Cyber phishing")'


def cell6(likelihood: int, impact: int) -> dict[str, Any]:
    """A cell of the supply 6 x 6 model (bands 1-6, 7-14, 15-24, 25-36)."""
    score = likelihood * impact
    level = (
        "critical" if score >= 25 else "high" if score >= 15 else "medium" if score >= 7 else "low"
    )
    return {"likelihood": likelihood, "impact": impact, "score": score, "level": level}


@dataclass(frozen=True)
class Register:
    GRP: str
    DX: str
    DXL: str
    LS: str
    OTH: str
    R: dict[str, str]
    S: dict[str, str]


def risk(
    register: Register,
    name: str,
    division: str,
    title: str,
    status: str,
    *,
    retired: bool = False,
    acceptance_until: datetime.date | None = None,
) -> dict[str, Any]:
    acceptance = acceptance_until and {
        "accepted_by": "risk-manager@example.com",
        "accepted_at": "2026-10-01T09:00:00Z",
        "rationale": "the cold chain is requalified this winter",
        "expires_on": acceptance_until.isoformat(),
    }
    return risk_changed(
        register.R[name],
        division,
        2,
        title=title,
        status=status,
        retired=retired,
        acceptance=acceptance,
        review_due=None,
    )


def scored(
    register: Register,
    name: str,
    division: str,
    model: str,
    inherent: dict[str, Any],
    current: dict[str, Any],
    target: dict[str, Any],
    appetite: str,
    next_review: datetime.date,
    version: int = 1,
    controls: tuple[tuple[str, str], ...] = (),
) -> dict[str, Any]:
    """RiskScored with these cells, appetite and review date; ``controls`` are the
    linked solutions scoring counted, each (its status, its test)."""
    solutions = [
        {
            "solution_id": new_id(),
            "title": "A control",
            "kind": "preventive",
            "status": status,
            "design_effectiveness": 60,
            "test": test,
            "effectiveness": 0.6 if test == "passed_in_date" else 0.0,
            "target_effectiveness": 0.6,
        }
        for status, test in controls
    ]
    return risk_scored(
        register.R[name],
        division,
        inherent["likelihood"],
        inherent["impact"],
        version,
        inherent=inherent,
        current_residual=current,
        target_residual=target,
        model={"model_id": model, "version": 1},
        appetite={"status": appetite, "appetite": 6, "tolerance": 12, "division_id": division},
        next_review_due=next_review.isoformat(),
        inputs={
            "assessment_id": new_id(),
            "risk_version": 2,
            "likelihood": 3,  # as assessed, on intake's 1-5 scale
            "impact": {"financial": 3},
            "solutions": solutions,
        },
    )


def model_published(model_id: str, size: int) -> dict[str, Any]:
    published = event("ScoringModelPublished", 1, {"division_id": None})
    published["detail"]["data"].update(model_id=model_id, version=1, size=size)
    published["detail"]["metadata"].update(aggregate_id=model_id)
    return published


def breach_event(name: str, risk_id: str, division: str, score_version: int) -> dict[str, Any]:
    data = {"risk_id": risk_id, "division_id": division, "score_version": score_version}
    return event(name, score_version, data | {"scored_at": f"2026-11-2{score_version}T08:00:00Z"})


@pytest.fixture
def known(reporting) -> Register:
    r = Register(
        *(new_id() for _ in range(5)),
        R={f"R{i}": new_id() for i in range(1, 9)},
        S={f"S{i}": new_id() for i in range(1, 6)},
    )
    default = "default-5x5"
    deliver(
        division_registered(r.GRP, None, "GRP"),
        division_registered(r.DX, r.GRP, "DX"),
        division_registered(r.DXL, r.DX, "DXL"),
        division_registered(r.LS, r.GRP, "LS"),
        division_registered(r.OTH, None, "OTH"),
        model_published("supply-6x6", 6),
        risk(r, "R1", r.DX, "Taq supply", "open"),
        risk(r, "R2", r.DXL, "Lot release", "mitigating"),
        risk(r, "R3", r.LS, "Cold chain", "accepted", acceptance_until=NEXT_MONTH),
        risk(r, "R4", r.LS, "Old audit", "closed"),
        risk(r, "R5", r.GRP, FORMULA_TITLE, "open"),
        risk(r, "R6", r.DX, "Retired recall", "open", retired=True),
        risk(r, "R7", r.DXL, "Unscored", "draft"),
        risk(r, "R8", r.OTH, "Elsewhere", "open"),
    )
    tested, failed = ("active", "passed_in_date"), ("active", "failed")
    deliver(
        scored(
            r,
            "R1",
            r.DX,
            "supply-6x6",
            cell6(6, 6),
            cell6(4, 5),
            cell6(2, 5),
            "breach",
            YESTERDAY,
            controls=(tested, ("planned", "untested")),
        ),
        scored(
            r,
            "R2",
            r.DXL,
            default,
            grade(5, 4),
            grade(5, 4),
            grade(3, 4),
            "breach",
            NEXT_MONTH,
            controls=(failed,),
        ),
        scored(r, "R3", r.LS, default, grade(4, 4), grade(4, 4), grade(4, 4), "breach", LONG_AGO),
        scored(r, "R4", r.LS, default, grade(3, 3), grade(2, 3), grade(2, 3), "watch", LONG_AGO),
        scored(r, "R5", r.GRP, default, grade(3, 5), grade(3, 3), grade(2, 3), "within", LONG_AGO),
        scored(r, "R6", r.DX, default, grade(5, 5), grade(5, 5), grade(5, 5), "breach", LONG_AGO),
        scored(
            r,
            "R8",
            r.OTH,
            default,
            grade(4, 4),
            grade(4, 4),
            grade(4, 4),
            "breach",
            YESTERDAY,
            controls=(tested,),
        ),
    )
    solutions = {
        "S1": (r.DX, "active", {"test_result": "passed", "next_test_due": NEXT_MONTH}),
        "S2": (r.DXL, "active", {"test_result": "failed", "next_test_due": YESTERDAY}),
        "S3": (r.LS, "planned", {"due_date": YESTERDAY}),
        "S4": (r.GRP, "retired", {"test_result": "passed", "next_test_due": LONG_AGO}),
        "S5": (r.OTH, "active", {"test_result": "passed", "next_test_due": NEXT_MONTH}),
    }
    for name, (division, status, dates) in solutions.items():
        data = {k: v if isinstance(v, str) else v.isoformat() for k, v in dates.items()}
        tested = {"tested_on": LONG_AGO.isoformat()} if "test_result" in data else {}
        deliver(solution_registered(r.S[name], division, status, **data, **tested))
    deliver(
        solution_linked(r.R["R1"], r.S["S1"], r.DX, 3),
        solution_linked(r.R["R2"], r.S["S2"], r.DXL, 3),
        solution_linked(r.R["R8"], r.S["S5"], r.OTH, 3),
    )
    return r


def ok(path: str, who: dict[str, str] | None = None, **params: Any) -> dict[str, Any]:
    status, body = get(path, who, **params) if who else get(path, **params)
    assert status == 200, body
    return body


def titles(**params: Any) -> list[str]:
    return [i["title"] for i in ok("/reports/risks", **params)["items"]]


# heat maps


def test_the_heatmaps_show_each_model_on_its_own_matrix_side_by_side(known):
    found = ok("/reports/heatmaps", divisionId=known.GRP)

    def cells(*triples: tuple[int, int, int]) -> list[dict[str, int]]:
        return [{"likelihood": lk, "impact": im, "count": n} for lk, im, n in triples]

    assert found == {
        "divisionId": known.GRP,
        "models": [
            {  # R2, R3, R4 (closed, still on the map), R5; R6 is retired
                "modelId": "default-5x5",
                "size": 5,  # never published on the bus: the default 5 x 5
                "scale": [1, 2, 3, 4, 5],
                "inherent": cells((3, 3, 1), (3, 5, 1), (4, 4, 1), (5, 4, 1)),
                "current": cells((2, 3, 1), (3, 3, 1), (4, 4, 1), (5, 4, 1)),
                "target": cells((2, 3, 2), (3, 4, 1), (4, 4, 1)),
                "total": 4,
            },
            {  # R1
                "modelId": "supply-6x6",
                "size": 6,
                "scale": [1, 2, 3, 4, 5, 6],
                "inherent": cells((6, 6, 1)),
                "current": cells((4, 5, 1)),
                "target": cells((2, 5, 1)),
                "total": 1,
            },
        ],
    }
    # the single heat map stays as it was, widened to the 6 x 6 cell it now holds
    single = ok("/reports/heatmap", divisionId=known.GRP)
    assert single["scale"] == [1, 2, 3, 4, 5, 6] and single["total"] == 5


def test_a_model_published_twice_is_kept_once_and_a_cell_click_finds_its_risks(known, reporting):
    deliver(model_published("supply-6x6", 6))
    assert ok("/reports/heatmaps", divisionId=known.DX)["models"][1]["size"] == 6

    assert titles(divisionId=known.GRP, basis="current", likelihood=4, impact=5) == ["Taq supply"]
    assert titles(divisionId=known.GRP, likelihood=4, impact=4) == ["Cold chain"]
    assert titles(divisionId=known.GRP, basis="target", likelihood=2, impact=3) == [
        FORMULA_TITLE,
        "Old audit",
    ]  # inherent 15 before 9


# the register's dashboard filters


def test_the_register_filters_by_level_and_appetite_status_as_the_dashboards_count(known):
    assert titles(divisionId=known.GRP, level="high") == ["Taq supply", "Cold chain"]
    # accepted within its acceptance: shown as accepted, never as a breach
    assert titles(divisionId=known.GRP, appetiteStatus="breach") == ["Taq supply", "Lot release"]
    assert titles(divisionId=known.GRP, appetiteStatus="accepted") == ["Cold chain"]
    # closed: in no appetite list
    assert titles(divisionId=known.GRP, appetiteStatus="watch") == []
    assert titles(divisionId=known.GRP, appetiteStatus="within") == [FORMULA_TITLE]
    assert titles(divisionId=known.GRP, overdue=True) == ["Taq supply", FORMULA_TITLE]


def test_the_register_orders_by_current_residual_on_request(known):
    assert titles(divisionId=known.GRP, sort="-currentResidual") == [
        "Taq supply",  # 20, inherent 36
        "Lot release",  # 20, inherent 20
        "Cold chain",  # 16
        FORMULA_TITLE,  # 9
        "Old audit",  # 6
        "Unscored",
    ]
    assert titles(divisionId=known.GRP)[:2] == ["Taq supply", "Lot release"]  # by inherent


def test_a_register_row_shows_where_it_stands(known):
    (cold,) = ok("/reports/risks", appetiteStatus="accepted", divisionId=known.LS)["items"]
    assert (cold["appetiteStatus"], cold["appetite"]["status"]) == ("accepted", "breach")
    assert (cold["acceptedUntil"], cold["reviewOverdue"]) == (NEXT_MONTH.isoformat(), False)
    assert cold["currentResidual"] == grade(4, 4) | {"acceptability": None}
    old = ok("/reports/risks", divisionId=known.LS, status="closed")["items"][0]
    assert (old["appetiteStatus"], old["reviewOverdue"]) == (None, False)


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/reports/summary", {"top": 0}, "top"),
        ("/reports/summary", {"top": 51}, "top"),
        ("/reports/summary", {"divisionId": "DX"}, "divisionId"),
        ("/reports/summary", {"limit": 5}, "limit"),  # not a parameter of the summary
        ("/reports/heatmaps", {"includeRetired": "maybe"}, "includeRetired"),
        ("/reports/heatmaps", {"basis": "current"}, "basis"),
    ]
    + [
        ("/reports/risks", params, field)
        for params, field in [
            ({"basis": "residual"}, "basis"),
            ({"likelihood": 7}, "likelihood"),
            ({"impact": 0}, "impact"),
            ({"level": "severe"}, "level"),
            ({"appetiteStatus": "ignored"}, "appetiteStatus"),
            ({"sort": "title"}, "sort"),
            ({"format": "xml"}, "format"),
        ]
    ],
)
def test_bad_dashboard_parameters_get_a_422_naming_the_field(reporting, path, params, field):
    status, body = get(path, **params)

    assert status == 422
    assert [(e["field"], e["in"]) for e in body["errors"]] == [(field, "query")]


# appetite breach episodes


def test_a_breach_episode_follows_the_latest_of_breached_and_restored(known, reporting):
    r2, dxl = known.R["R2"], known.DXL
    deliver(
        breach_event("AppetiteRestored", r2, dxl, 3), breach_event("AppetiteBreached", r2, dxl, 2)
    )
    (row,) = ok("/reports/risks", divisionId=dxl, level="critical")["items"]
    assert (row["inBreach"], row["breachChangedAt"]) == (False, "2026-11-23T08:00:00Z")

    deliver(breach_event("AppetiteBreached", r2, dxl, 4))
    (row,) = ok("/reports/risks", divisionId=dxl, level="critical")["items"]
    assert (row["inBreach"], row["breachChangedAt"]) == (True, "2026-11-24T08:00:00Z")


# the executive summary


def tally(risks, low, medium, high, critical, unscored, breaches, overdue, accepted, controlled):
    return {
        "risks": risks,
        "byLevel": {
            "low": low,
            "medium": medium,
            "high": high,
            "critical": critical,
            "unscored": unscored,
        },
        "highOrCritical": high + critical,
        "breaches": breaches,
        "overdueReviews": overdue,
        "accepted": accepted,
        "controlled": controlled,
    }


def test_the_summary_has_the_totals_the_top_risks_the_rollups_and_mitigation(known):
    found = ok("/reports/summary", divisionId=known.GRP, top=3)

    # open: R1, R2, R3, R5, R7 (R4 closed, R6 retired, R8 elsewhere)
    assert found["totals"] == tally(5, 0, 1, 2, 1, 1, 2, 2, 1, 1)
    assert [r["title"] for r in found["top"]] == ["Taq supply", "Lot release", "Cold chain"]
    divisions = found["divisions"]
    assert [(d["code"], d["depth"], d["parentId"]) for d in divisions] == [
        ("GRP", 0, None),
        ("DX", 1, known.GRP),
        ("DXL", 2, known.DX),
        ("LS", 1, known.GRP),
    ]
    assert {d["code"]: d["own"] for d in divisions} == {
        "GRP": tally(1, 0, 1, 0, 0, 0, 0, 1, 0, 0),  # R5
        "DX": tally(1, 0, 0, 1, 0, 0, 1, 1, 0, 1),  # R1
        "DXL": tally(2, 0, 0, 0, 1, 1, 1, 0, 0, 0),  # R2, R7
        "LS": tally(1, 0, 0, 1, 0, 0, 0, 0, 1, 0),  # R3
    }
    assert {d["code"]: d["subtree"] for d in divisions} == {
        "GRP": found["totals"],
        "DX": tally(3, 0, 0, 1, 1, 1, 2, 1, 0, 1),
        "DXL": tally(2, 0, 0, 0, 1, 1, 1, 0, 0, 0),
        "LS": tally(1, 0, 0, 1, 0, 0, 0, 0, 1, 0),
    }
    assert found["mitigation"] == {
        "solutions": {"planned": 1, "in_progress": 0, "active": 2, "degraded": 0, "retired": 1},
        "overdueTests": 1,  # S2 (S4 is retired)
        "overduePlans": 1,  # S3
        "highOrCritical": 3,  # R1, R2, R3
        "controlled": 1,  # R1 (S1); R2's S2 failed its test
        "controlledShare": 0.3333,
    }


def test_the_summary_of_a_scoped_caller_covers_their_subtree_only(known):
    analyst = claims("analyst", known.DX)

    found = ok("/reports/summary", analyst)

    assert [d["code"] for d in found["divisions"]] == ["DX", "DXL"]
    assert found["totals"] == tally(3, 0, 0, 1, 1, 1, 2, 1, 0, 1)
    assert found["mitigation"]["solutions"]["active"] == 2
    everything = ok("/reports/summary")
    assert [d["code"] for d in everything["divisions"]] == ["GRP", "DX", "DXL", "LS", "OTH"]
    assert everything["totals"]["breaches"] == 3  # R8 too


def test_the_cached_summary_is_never_stale(known, reporting):
    before = ok("/reports/summary", divisionId=known.GRP, top=2)
    with reporting.uow() as uow:
        key = report_key("summary.v2", uow.reports.generation(), Scope(None, known.GRP), "top2")
    assert json.loads(bootstrap.report_cache().get(key))["totals"]["risks"] == 5
    assert ok("/reports/summary", divisionId=known.GRP, top=2) == before  # from the cache

    deliver(risk_changed(known.R["R7"], known.DXL, 3, title="Unscored", status="closed"))

    assert ok("/reports/summary", divisionId=known.GRP, top=2)["totals"]["risks"] == 4


class CountingCursor:
    """The read model's cursor, recording every statement it is given."""

    def __init__(self, cursor: Any, statements: list[str]) -> None:
        self.cursor, self.statements = cursor, statements

    def execute(self, sql: str, params: Any = None) -> Any:
        self.statements.append(sql)
        return self.cursor.execute(sql, params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


class NoCacheHere:
    def get(self, key: str) -> None:
        return None

    def set(self, key: str, value: str) -> None:
        pass


def test_the_summary_takes_the_same_statements_whatever_the_data_size(known, monkeypatch):
    statements: list[str] = []
    monkeypatch.setattr(
        "reporting.adapters.unit_of_work.SqlReports",
        lambda cursor: reports.SqlReports(CountingCursor(cursor, statements)),
    )
    monkeypatch.setattr(bootstrap, "report_cache", lambda: NoCacheHere())
    ok("/reports/summary", divisionId=known.GRP)
    small = len(statements)
    for n in range(30):
        division = new_id()
        deliver(division_registered(division, known.GRP, f"X{n:02d}"))
        deliver(risk_changed(new_id(), division, 2, title=f"More {n}", status="open"))

    statements.clear()
    found = ok("/reports/summary", divisionId=known.GRP)

    # the generation, the tallies, the divisions, the top risks, the solutions, the
    # indicators, the risks above tolerance
    assert found["totals"]["risks"] == 35 and len(found["divisions"]) == 34
    assert len(statements) == small == 7


# exports


def test_the_register_exports_as_csv_scoped_and_neutralised(known):
    response = request(
        "/reports/risks", divisionId=known.GRP, sort="-currentResidual", format="csv"
    )

    assert response["statusCode"] == 200
    headers = response["multiValueHeaders"]
    assert headers["Content-Type"] == ["text/csv; charset=utf-8"]
    assert headers["Content-Disposition"] == ['attachment; filename="risks.csv"']
    rows = list(csv.DictReader(io.StringIO(response["body"])))
    assert [r["title"] for r in rows] == [
        "Taq supply",
        "Lot release",
        "Cold chain",
        "'" + FORMULA_TITLE,  # a spreadsheet shows it as text, never runs it
        "Old audit",
        "Unscored",
    ]
    assert rows[0]["currentScore"] == "20" and rows[0]["appetiteStatus"] == "breach"
    assert rows[2]["appetiteStatus"] == "accepted"
    assert rows[0]["reviewOverdue"] == "true" and rows[5]["currentScore"] == ""


def test_a_scoped_callers_export_holds_their_risks_only(known):
    analyst = claims("analyst", known.LS)

    response = request("/reports/risks", analyst, format="csv")

    assert [r["title"] for r in csv.DictReader(io.StringIO(response["body"]))] == [
        "Cold chain",
        "Old audit",
    ]


@pytest.fixture
def export_bucket(monkeypatch) -> Iterator[str]:
    """A bucket of the emulator's S3 that the API stores exports in, emptied and removed
    after the test."""
    s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}))
    bucket = f"reporting-exports-test-{uuid.uuid4().hex[:12]}"
    s3.create_bucket(Bucket=bucket)
    monkeypatch.setattr(bootstrap, "export_store", lambda: S3ExportStore(bucket))
    yield bucket
    for found in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
        s3.delete_object(Bucket=bucket, Key=found["Key"])
    s3.delete_bucket(Bucket=bucket)


def downloaded(response: dict[str, Any]) -> requests.Response:
    """The file a 201's link leads to, fetched without a token, as a browser would."""
    assert response["statusCode"] == 201
    link = json.loads(response["body"])
    assert response["multiValueHeaders"]["Location"] == [link["url"]]
    fetched = requests.get(link["url"], timeout=30)
    assert fetched.status_code == 200
    assert fetched.headers["Content-Disposition"] == f'attachment; filename="{link["fileName"]}"'
    assert len(fetched.content) == link["bytes"]
    return fetched


def test_a_csv_export_larger_than_an_answer_is_fetched_from_the_bucket(
    known, export_bucket, monkeypatch
):
    monkeypatch.setattr("reporting.entrypoints.export.INLINE_MAX_BYTES", 200)  # 6 risks: more

    response = request(
        "/reports/risks", divisionId=known.GRP, sort="-currentResidual", format="csv"
    )

    rows = list(csv.DictReader(io.StringIO(downloaded(response).text)))
    assert [r["title"] for r in rows] == [
        "Taq supply",
        "Lot release",
        "Cold chain",
        "'" + FORMULA_TITLE,
        "Old audit",
        "Unscored",
    ]


def test_the_register_as_xlsx_is_scoped_and_its_formula_like_title_stays_text(known, export_bucket):
    response = request(
        "/reports/risks", divisionId=known.GRP, sort="-currentResidual", format="xlsx"
    )

    fetched = downloaded(response)
    assert fetched.headers["Content-Type"] == FileFormat.XLSX.media_type
    sheet = openpyxl.load_workbook(io.BytesIO(fetched.content))["Risks"]
    header = [c.value for c in sheet[1]]
    titles = [sheet.cell(r, header.index("title") + 1) for r in range(2, sheet.max_row + 1)]
    assert [t.value for t in titles] == [
        "Taq supply",
        "Lot release",
        "Cold chain",
        FORMULA_TITLE,
        "Old audit",
        "Unscored",
    ]
    assert (titles[3].data_type, titles[3].quotePrefix) == ("s", True)  # text, never a formula
    assert sheet.cell(2, header.index("currentScore") + 1).value == 20


def test_the_heat_maps_as_pdf_draw_each_models_grids(known, export_bucket):
    response = request("/reports/heatmaps", divisionId=known.GRP, format="pdf")

    fetched = downloaded(response)
    assert fetched.headers["Content-Type"] == "application/pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(fetched.content)).pages)
    for basis in ("inherent", "current", "target"):
        assert f"default-5x5 {basis}" in text and f"supply-6x6 {basis}" in text
    assert "Heat maps" in text and f"Division {known.GRP}" in text


def test_a_large_file_goes_to_the_bucket_in_parts_and_comes_back_whole(export_bucket):
    """A 20 MB file (three parts of 8 MB) uploaded a part at a time from a spooled file."""
    rows = [(n, f"Risk {n}", "x" * 180) for n in range(100_000)]
    document = tables.Document(
        "big", "Big", "all", "now", (tables.Table("Rows", ("n", "title", "pad"), rows),)
    )
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        write(document, FileFormat.CSV, spool)
        size = spool.tell()
        spool.seek(0)
        link = S3ExportStore(export_bucket).keep(spool, "big.csv", FileFormat.CSV.media_type)
        spool.seek(0)
        expected = spool.read()

    assert size > 2 * PART_BYTES
    fetched = requests.get(link.url, timeout=60)
    assert fetched.status_code == 200 and fetched.content == expected
    s3 = boto3.client("s3", config=Config(s3={"addressing_style": "path"}))
    [stored] = s3.list_objects_v2(Bucket=export_bucket)["Contents"]
    assert stored["Key"].startswith("exports/") and stored["Key"].endswith("/big.csv")
    assert "-" in s3.head_object(Bucket=export_bucket, Key=stored["Key"])["ETag"]  # multipart
