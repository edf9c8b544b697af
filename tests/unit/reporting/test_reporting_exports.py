"""reporting's exports, pure: each report written as CSV, XLSX and PDF from a small known
data set (the files opened again with csv, openpyxl and pypdf), formula-like user text
neutralised in CSV and XLSX, and an export answered whole or as a link by its size."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import IO, Any

import openpyxl
import pytest
from pypdf import PdfReader

from reporting.domain.events import Appetite, Grade
from reporting.domain.model import (
    Basis,
    BreachCounts,
    BreachEntry,
    CellCount,
    DivisionNode,
    DivisionSolutions,
    DivisionTally,
    KriCounts,
    KriEntry,
    KriStatus,
    RegisterEntry,
    Scope,
    SolutionEntry,
    SolutionStatus,
    SolutionTally,
    Standing,
    Tally,
    heatmaps_of,
    summary_of,
)
from reporting.entrypoints import export
from reporting.exports import delivery, tables
from reporting.exports.delivery import Link
from reporting.exports.writers import FileFormat, neutralised, write

NOW = datetime(2026, 11, 27, 13, 30, tzinfo=UTC)
FORMULA = "=cmd|' /C calc'!A0"


def entry(title: str, **fields: Any) -> RegisterEntry:
    base: dict[str, Any] = {
        "risk_id": "r-" + title,
        "division_id": "d",
        "title": title,
        "category": "cyber",
        "owner_email": "o@example.com",
        "status": "open",
        "treatment": None,
        "review_due": None,
        "retired": False,
        "score": 12,
        "level": "high",
        "likelihood": 3,
        "impact": 4,
        "score_version": 2,
        "scored_at": datetime(2026, 11, 20, 9, 0, tzinfo=UTC),
        "active_solutions": 1,
    }
    return RegisterEntry(**(base | fields))


RISKS = [
    entry(FORMULA, current=Grade(2, 2, 4, "low", "acceptable")),
    entry("+44 supplier", standing=Standing.ACCEPTED, accepted_until=date(2027, 1, 31)),
    entry("Plain"),
]


def risks() -> tables.Document:
    return tables.risks_document(Scope(None, "d-1"), iter(RISKS), NOW)


def written(document: tables.Document, file_format: FileFormat) -> bytes:
    out = io.BytesIO()
    write(document, file_format, out)
    return out.getvalue()


def heatmaps() -> tables.Document:
    counts = [
        CellCount("default-5x5", 5, Basis.INHERENT, 5, 5, 2),
        CellCount("default-5x5", 5, Basis.INHERENT, 1, 2, 1),
        CellCount("default-5x5", 5, Basis.CURRENT, 2, 2, 3),
    ]
    return tables.heatmaps_document(Scope(None), heatmaps_of(None, counts), NOW)


def summary() -> tables.Document:
    tallies = [
        DivisionTally("a", Tally(risks=3, low=1, high=2, breaches=1)),
        DivisionTally("b", Tally(risks=2, medium=1, critical=1, overdue_reviews=1)),
    ]
    nodes = [
        DivisionNode("a", None, "A", "Alpha", False),
        DivisionNode("b", "a", "B", "Beta", False),
    ]
    solutions = [SolutionTally("active", 4, 1, 0), SolutionTally("planned", 2, 0, 1)]
    found = summary_of(None, tallies, nodes, (RISKS[0],), solutions)
    return tables.summary_document(Scope(None), found, NOW)


# neutralisation


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_is_neutralised(start):
    assert neutralised(f"{start}1+1") == f"'{start}1+1"


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("Taq supply", "Taq supply"),
        ("a=b", "a=b"),
        (None, ""),
        (True, "true"),
        (12, "12"),
        (date(2027, 2, 18), "2027-02-18"),
    ],
)
def test_other_cells_are_written_as_they_are(value, cell):
    assert neutralised(value) == cell


# CSV


def test_the_register_csv_has_a_header_and_a_row_per_risk_with_formulas_neutralised():
    text = written(risks(), FileFormat.CSV).decode()

    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["title"] for r in rows] == [f"'{FORMULA}", "'+44 supplier", "Plain"]
    assert (rows[0]["currentScore"], rows[0]["currentLevel"], rows[1]["currentScore"]) == (
        "4",
        "low",
        "",
    )
    assert (rows[1]["appetiteStatus"], rows[1]["acceptedUntil"]) == ("accepted", "2027-01-31")
    assert rows[0]["scoredAt"] == "2026-11-20T09:00:00+00:00"
    assert text.endswith("\r\n") and text.count("\r\n") == 4


def test_a_report_of_several_tables_is_csv_sections_each_under_its_name():
    lines = list(csv.reader(io.StringIO(written(summary(), FileFormat.CSV).decode())))

    assert lines[:3] == [["Totals"], ["measure", "count"], ["risks", "5"]]
    assert ["high", "2"] in lines and ["critical", "1"] in lines  # 2 + 0, 0 + 1
    sections = [lines[n + 1][0] for n, line in enumerate(lines[:-1]) if line == []]
    assert sections == ["Top risks", "Divisions", "Mitigation"]
    assert ["solutions active", "4"] in lines and ["overdue plans", "1"] in lines


# XLSX


def workbook(document: tables.Document) -> Any:
    return openpyxl.load_workbook(io.BytesIO(written(document, FileFormat.XLSX)))


def test_the_register_xlsx_keeps_types_and_writes_formula_like_text_as_text():
    book = workbook(risks())

    assert book.sheetnames == ["Risks", "About"]
    sheet = book["Risks"]
    header = [c.value for c in sheet[1]]
    assert header == list(tables.REGISTER_NAMES)
    title = sheet.cell(2, header.index("title") + 1)
    assert (title.value, title.data_type, title.quotePrefix) == (FORMULA, "s", True)
    plus = sheet.cell(3, header.index("title") + 1)
    assert (plus.value, plus.data_type, plus.quotePrefix) == ("+44 supplier", "s", True)
    plain = sheet.cell(4, header.index("title") + 1)
    assert (plain.value, plain.quotePrefix) == ("Plain", False)
    assert sheet.cell(2, header.index("inherentScore") + 1).value == 12
    assert sheet.cell(2, header.index("retired") + 1).value is False
    assert sheet.cell(3, header.index("acceptedUntil") + 1).value == datetime(2027, 1, 31)
    assert sheet.cell(2, header.index("scoredAt") + 1).value == datetime(2026, 11, 20, 9, 0)
    assert sheet.max_row == 4
    about = book["About"]
    assert [about.cell(r, 2).value for r in (1, 2, 3)] == [
        "Risk register",
        "Division d-1 and the divisions below it (those the caller may read)",
        "As of 2026-11-27 13:30 UTC",
    ]


def test_the_heat_maps_xlsx_has_a_grid_sheet_per_model_and_basis():
    book = workbook(heatmaps())

    assert book.sheetnames == [
        "default-5x5 inherent",
        "default-5x5 current",
        "default-5x5 target",
        "About",
    ]
    rows = [[c.value for c in row] for row in book["default-5x5 inherent"].iter_rows()]
    assert rows[0] == ["likelihood \\ impact", "1", "2", "3", "4", "5"]
    assert rows[1] == [5, 0, 0, 0, 0, 2]  # likelihood 5 first
    assert rows[5] == [1, 0, 1, 0, 0, 0]
    current = [[c.value for c in row] for row in book["default-5x5 current"].iter_rows()]
    assert current[4] == [2, 0, 3, 0, 0, 0]
    target = [[c.value for c in row] for row in book["default-5x5 target"].iter_rows()]
    assert sum(v for row in target[1:] for v in row[1:]) == 0


def test_the_summary_xlsx_has_a_sheet_per_part_and_the_rollup_of_each_division():
    book = workbook(summary())

    assert book.sheetnames == ["Totals", "Top risks", "Divisions", "Mitigation", "About"]
    divisions = [[c.value for c in row] for row in book["Divisions"].iter_rows()]
    header = divisions[0]
    assert header[:6] == ["divisionId", "code", "name", "depth", "retired", "of"]
    alpha = {row[5]: row for row in divisions[1:] if row[0] == "a"}
    risks_at = header.index("risks")
    assert (alpha["own"][risks_at], alpha["subtree"][risks_at]) == (3, 5)  # 3, then 3 + 2
    mitigation = {row[0].value: row[1].value for row in book["Mitigation"].iter_rows(min_row=2)}
    # 2 high and 1 critical risks, none with a tested control
    assert (mitigation["high or critical risks"], mitigation["controlled share"]) == (3, 0)
    assert mitigation["solutions active"] == 4 and mitigation["overdue tests"] == 1


def test_the_breaches_xlsx_has_the_counts_and_every_risk_above_tolerance():
    breach = BreachEntry(
        risk_id="r1",
        division_id="d-1",
        title=FORMULA,
        category="supply_chain",
        owner_email="owner@example.com",
        standing=Standing.BREACH,
        current=Grade(4, 4, 16, "high"),
        appetite=Appetite("breach", 6, 12, "d-0"),
        over_tolerance=4,
        over_appetite=10,
        since=datetime(2026, 11, 4, 10, 0, tzinfo=UTC),
        accepted_until=None,
    )
    document = tables.breaches_document(Scope(None), BreachCounts(1, 0), [breach], NOW)

    book = workbook(document)

    assert book.sheetnames == ["Counts", "Above tolerance", "About"]
    assert [[c.value for c in row] for row in book["Counts"].iter_rows()] == [
        ["appetiteStatus", "risks"],
        ["breach", 1],
        ["accepted", 0],
    ]
    rows = [[c.value for c in row] for row in book["Above tolerance"].iter_rows()]
    found = dict(zip(rows[0], rows[1], strict=True))
    assert {k: found[k] for k in ("title", "currentScore", "tolerance", "overTolerance")} == {
        "title": FORMULA,  # written as text, never run
        "currentScore": 16,
        "tolerance": 12,
        "overTolerance": 4,
    }
    assert (found["appetiteSetAt"], found["breachSince"]) == ("d-0", datetime(2026, 11, 4, 10))


def test_the_kri_csv_lists_the_counts_then_every_indicator():
    kri = KriEntry(
        kri_id="k1",
        name="@SUM(A1)",
        unit="%",
        direction="lower_is_worse",
        amber=95.0,
        red=90.0,
        stale_after_days=30,
        risk_id="r1",
        risk_title="Supplier",
        division_id="d-1",
        status=KriStatus.RED,
        stale=False,
        latest_value=89.0,
        latest_observed_at=datetime(2026, 11, 4, 8, 0, tzinfo=UTC),
        latest_source="portal",
    )
    document = tables.kris_document(Scope(None), KriCounts(red=1), [kri], NOW)

    lines = list(csv.reader(io.StringIO(written(document, FileFormat.CSV).decode())))

    assert lines[:3] == [["Counts"], ["status", "indicators"], ["red", "1"]]
    start = lines.index(["Indicators"])
    indicator = dict(zip(lines[start + 1], lines[start + 2], strict=True))
    assert (indicator["name"], indicator["status"], indicator["latestValue"]) == (
        "'@SUM(A1)",
        "red",
        "89.0",
    )


def test_a_sheet_name_excel_refuses_is_made_valid_and_unique():
    document = tables.Document(
        "x",
        "X",
        "s",
        "a",
        (
            tables.Table("a/b:c", ("n",), [(1,)]),
            tables.Table("a b c", ("n",), [(2,)]),
            tables.Table("y" * 40, ("n",), [(3,)]),
        ),
    )
    assert workbook(document).sheetnames == ["a b c", "a b c 2", "y" * 31, "About"]


# PDF


def pdf_text(document: tables.Document) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(written(document, FileFormat.PDF)))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


def test_the_register_pdf_has_its_title_scope_day_and_rows():
    pages, text = pdf_text(risks())

    assert pages == 1
    assert "Risk register" in text
    assert "Division d-1 and the divisions below it" in text
    assert "As of 2026-11-27 13:30 UTC" in text
    assert "Plain" in text and "+44 supplier" in text
    assert "appetiteStatus" in text and "riskId" not in text  # the brief columns only


def test_the_heat_map_pdf_draws_each_grid_with_its_counts():
    pdf = written(heatmaps(), FileFormat.PDF)
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)

    for name in ("default-5x5 inherent", "default-5x5 current", "default-5x5 target"):
        assert name in text
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert content.count(b" re") >= 3 * 25  # three grids of 5 x 5 filled rectangles
    assert b"(2) Tj" in content and b"(3) Tj" in content  # the counts in their cells


def test_a_long_register_runs_over_pages_each_with_its_header():
    many = [entry(f"Risk {n:04d}") for n in range(200)]
    document = tables.risks_document(Scope(None), iter(many), NOW)
    reader = PdfReader(io.BytesIO(written(document, FileFormat.PDF)))

    assert len(reader.pages) > 3
    for page in reader.pages:
        assert "appetiteStatus" in page.extract_text()
    assert "Risk 0199" in reader.pages[-1].extract_text()


# the answer


class FakeStore:
    def __init__(self) -> None:
        self.kept: list[tuple[bytes, str, str]] = []

    def keep(self, file: IO[bytes], name: str, media_type: str) -> Link:
        self.kept.append((file.read(), name, media_type))
        return Link("https://exports.example/risks.xlsx?sig", NOW)


def test_a_csv_file_that_fits_in_an_answer_is_the_answer_itself():
    store = FakeStore()

    answer = export.file_response(risks(), FileFormat.CSV, store)

    assert (answer.status_code, answer.content_type) == (200, "text/csv; charset=utf-8")
    assert answer.body.startswith("riskId,divisionId,title")  # text, not base64
    assert answer.headers["Content-Disposition"] == 'attachment; filename="risks.csv"'
    assert store.kept == []


@pytest.mark.parametrize("file_format", [FileFormat.XLSX, FileFormat.PDF])
def test_a_binary_file_is_stored_and_answered_with_a_link(file_format):
    store = FakeStore()

    answer = export.file_response(risks(), file_format, store)

    [(content, name, media_type)] = store.kept
    assert (name, media_type) == (f"risks.{file_format}", file_format.media_type)
    assert content[:4] in (b"PK\x03\x04", b"%PDF")
    assert (answer.status_code, answer.content_type) == (201, "application/json")
    assert answer.headers["Location"] == "https://exports.example/risks.xlsx?sig"
    assert json.loads(answer.body) == {
        "url": "https://exports.example/risks.xlsx?sig",
        "fileName": f"risks.{file_format}",
        "mediaType": file_format.media_type,
        "bytes": len(content),
        "expiresAt": "2026-11-27T13:30:00Z",
    }


def test_a_csv_file_larger_than_an_answer_is_stored_too(monkeypatch):
    monkeypatch.setattr(export, "INLINE_MAX_BYTES", 100)
    store = FakeStore()

    answer = export.file_response(risks(), FileFormat.CSV, store)

    [(content, name, _)] = store.kept
    assert (answer.status_code, name) == (201, "risks.csv")
    assert content.startswith(b"riskId,") and len(content) > 100


def test_the_inline_limit_leaves_room_for_the_headers_within_an_answer():
    assert delivery.INLINE_MAX_BYTES < 6 * 1024 * 1024 - 64 * 1024


def test_the_solutions_export_lists_the_divisions_counts_and_every_solution():
    divisions = [DivisionSolutions("d", "D", "Dee", False, {SolutionStatus.ACTIVE: 2})]
    items = [
        SolutionEntry(
            "s1", "d", "@SUM(A1)", "control", "active", 3, "passed", date(2026, 10, 1),
            date(2027, 4, 1), "o@example.com", 1200.5, None, 4,
        )
    ]  # fmt: skip
    document = tables.solutions_document(Scope(None), divisions, iter(items), NOW)
    lines = list(csv.reader(io.StringIO(written(document, FileFormat.CSV).decode())))

    assert lines[0] == ["Divisions"]
    assert lines[2][:5] == ["d", "D", "Dee", "false", "0"]  # planned 0 ... active 2
    assert lines[2][-1] == "2"
    solution = lines[lines.index(["Solutions"]) + 2]
    assert solution[2] == "'@SUM(A1)"
    assert (solution[10], solution[12]) == ("1200.5", "4")


class Uploads:
    """The uploading client: records what was uploaded, and signs as S3 itself would."""

    def __init__(self) -> None:
        self.keys: list[str] = []

    def upload_fileobj(self, file: Any, bucket: str, key: str, **_: Any) -> None:
        self.keys.append(key)

    def generate_presigned_url(self, *_: Any, **__: Any) -> str:
        return "https://s3.amazonaws.com/not-the-endpoint"


@pytest.fixture
def signing_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)


def test_on_aws_a_link_names_the_s3_interface_endpoint_not_s3(signing_credentials):
    from urllib.parse import urlparse

    from reporting.exports.delivery import S3ExportStore

    uploads = Uploads()
    endpoint = "https://bucket.vpce-0abc123-xyz.s3.eu-west-1.vpce.amazonaws.com"
    store = S3ExportStore("exports-bucket", client=uploads, link_endpoint=endpoint)
    link = store.keep(io.BytesIO(b"a,b\r\n"), "risks.csv", "text/csv")
    url = urlparse(link.url)
    assert url.hostname == "exports-bucket.bucket.vpce-0abc123-xyz.s3.eu-west-1.vpce.amazonaws.com"
    assert url.path.lstrip("/") == uploads.keys[0]  # the object just uploaded
    assert "X-Amz-Signature=" in url.query and "X-Amz-Expires=300" in url.query


def test_locally_a_link_is_signed_by_the_uploading_client(signing_credentials):
    from reporting.exports.delivery import S3ExportStore

    uploads = Uploads()
    link = S3ExportStore("exports-bucket", client=uploads).keep(
        io.BytesIO(b"a"), "risks.csv", "text/csv"
    )
    assert link.url == "https://s3.amazonaws.com/not-the-endpoint"
