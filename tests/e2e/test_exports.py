"""Every report as CSV, XLSX and PDF through the deployed local stack (ADR 64): two risks
captured and assessed in a new division, then each report downloaded in each format,
inline or through the link to the export bucket (fetched without a token, as a browser
follows it), and opened: the CSV read, the workbook opened, the PDF's text extracted.
What the test makes is retired after the suite (tests/e2e/conftest.py, ADR 53)."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
import requests
from pypdf import PdfReader

from tests.e2e.conftest import Api, eventually
from tests.e2e.test_dashboards import FORMULA_TITLE, capture_and_assess, unique_code

pytestmark = pytest.mark.e2e

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
REPORTS = ("/reports/heatmaps", "/reports/summary", "/reports/trends", "/reports/solutions")


def download(reporting: Api, path: str, file_format: str, **params: str) -> requests.Response:
    """The file: the answer itself (a CSV file that fits) or what its link leads to."""
    answer = reporting.get(path, format=file_format, **params)
    if answer.status_code == 200:
        assert file_format == "csv"
        file = answer
    else:
        assert answer.status_code == 201, answer.text
        link = answer.json()
        assert answer.headers["Location"] == link["url"]
        file = requests.get(link["url"], timeout=30)  # no token: the link is the grant
        assert file.status_code == 200, file.text
        assert len(file.content) == link["bytes"]
    name = path.rsplit("/", 1)[1]
    assert file.headers["Content-Disposition"] == f'attachment; filename="{name}.{file_format}"'
    return file


def test_every_report_downloads_as_csv_xlsx_and_pdf(intake, sign_up, reporting):
    top = intake.post("/divisions", {"name": "Exports e2e", "code": unique_code()}).json()
    analyst = sign_up("analyst", top["id"])
    capture_and_assess(analyst, top["id"], "Instrument recall", 4, 5)  # 20 critical
    capture_and_assess(analyst, top["id"], FORMULA_TITLE, 2, 2)  # 4 low

    def scored() -> bool:
        totals = reporting.get("/reports/summary", divisionId=top["id"]).json()["totals"]
        return totals["risks"] == 2 and totals["byLevel"]["unscored"] == 0

    eventually(scored, timeout=60)
    mine = {"divisionId": top["id"]}

    rows = list(
        csv.DictReader(io.StringIO(download(reporting, "/reports/risks", "csv", **mine).text))
    )
    assert [(r["title"], r["currentScore"]) for r in rows] == [
        ("Instrument recall", "20"),
        ("'" + FORMULA_TITLE, "4"),
    ]

    book = openpyxl.load_workbook(
        io.BytesIO(download(reporting, "/reports/risks", "xlsx", **mine).content)
    )
    sheet = book["Risks"]
    header = [c.value for c in sheet[1]]
    titles = [sheet.cell(r, header.index("title") + 1) for r in (2, 3)]
    assert [t.value for t in titles] == ["Instrument recall", FORMULA_TITLE]
    assert (titles[1].data_type, titles[1].quotePrefix) == ("s", True)
    assert book["About"]["B2"].value.startswith(f"Division {top['id']}")

    pdf = PdfReader(io.BytesIO(download(reporting, "/reports/risks", "pdf", **mine).content))
    text = pdf.pages[0].extract_text()
    assert "Risk register" in text and "Instrument recall" in text

    for path in REPORTS:
        lines = list(csv.reader(io.StringIO(download(reporting, path, "csv", **mine).text)))
        assert len(lines) > 1
        workbook = download(reporting, path, "xlsx", **mine)
        assert workbook.headers["Content-Type"] == XLSX
        assert openpyxl.load_workbook(io.BytesIO(workbook.content)).sheetnames[-1] == "About"
        document = download(reporting, path, "pdf", **mine)
        assert document.headers["Content-Type"] == "application/pdf"
        assert len(PdfReader(io.BytesIO(document.content)).pages) >= 1

    heatmaps = download(reporting, "/reports/heatmaps", "xlsx", **mine).content
    grids = openpyxl.load_workbook(io.BytesIO(heatmaps))
    current = [[c.value for c in row] for row in grids[grids.sheetnames[1]].iter_rows()]
    assert current[0][1:] == ["1", "2", "3", "4", "5"]
    counts = {(row[0], impact): n for row in current[1:] for impact, n in enumerate(row[1:], 1)}
    assert (counts[(4, 5)], counts[(2, 2)], sum(counts.values())) == (1, 1, 2)
