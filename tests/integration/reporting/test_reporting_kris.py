"""The KRI and appetite-breach dashboards and the summary's counts of them, through the
API handler against the real MariaDB and Memcached, on a small known history whose
figures are computed by hand below, now and as of past days.

Division A (root) above B; C elsewhere. Risks, each captured on 1 November at 09:00
(open) and scored at 10:00 with appetite 6 and tolerance 12 (default 5 x 5 model)::

    risk        div  current residual by score version           state
    Supplier    A    1 Nov 16 breach, 2 Nov 6 within,            open
                     4 Nov 20 breach, 5 Nov 16 breach
    Sterility   B    1 Nov 15 breach                             accepted 2 Nov 12:00
                                                                  (until 2099-12-31)
    Complaints  A    1 Nov 25 breach                             closed 3 Nov 12:00
    Elsewhere   C    1 Nov 20 breach                             open

Indicators, each defined on 1 November at 10:00::

    kri          risk        direction  amber  red  stale after  readings
    Delivery     Supplier    lower      95     90   3660 days    96 (2 Nov), 89 (4 Nov);
                                                                 changed 5 Nov: 97 / 93
    Bioburden    Sterility   higher     10     20   2 days       12 (1 Nov 12:00)
    CAPAs        Supplier    higher     5      8    3660 days    none; retired 4 Nov 12:00
    Complaints   Complaints  higher     1      3    3660 days    5 (2 Nov)
    Other        Elsewhere   higher     1      3    3660 days    9 (2 Nov)

In A's subtree, as of the end of each day::

    day     Delivery  Bioburden      CAPAs   Complaints       red amber green unread stale
    31 Oct  -         -              -       -                0   0     0     0      0
    1 Nov   unread    amber          unread  unread           0   1     0     3      0
    2 Nov   green     amber          unread  red              1   1     1     1      0
    3 Nov   green     amber          unread  (risk closed)    0   1     1     1      0
    4 Nov   red       amber, stale   (ret.)  -                1   1     0     0      1
    now     red (89 <= 93)  amber, stale                      1   1     0     0      1

    breaches (over tolerance)                       in breach  accepted
    1 Nov   Complaints 13, Supplier 4, Sterility 3   3          0
    2 Nov   Complaints 13; Sterility accepted 3      1          1
    3 Nov   Sterility accepted                       0          1
    4 Nov   Supplier 8 (since 4 Nov 10:00); Sterility accepted   1   1
    now     Supplier 4 (since 4 Nov 10:00); Sterility accepted (since 1 Nov 10:00)
"""

from __future__ import annotations

import csv
import datetime
import io
from dataclasses import dataclass
from typing import Any

import pytest

from reporting import bootstrap
from reporting.adapters import reports
from tests.integration.reporting.conftest import (
    claims,
    deliver,
    division_registered,
    event,
    get,
    grade,
    kri_defined,
    kri_reading,
    request,
    risk_captured,
    risk_changed,
)
from tests.integration.reporting.test_reporting_dashboards import CountingCursor, NoCacheHere
from tests.support.ids import new_id

pytestmark = pytest.mark.integration

TOMORROW = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=1)
DEFINED = "2026-11-01T10:00:00Z"
KRI_DAYS = ("2026-10-31", "2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", None)


@dataclass(frozen=True)
class Known:
    A: str
    B: str
    C: str
    R: dict[str, str]
    K: dict[str, str]
    events: tuple[dict[str, Any], ...]


def captured(risk_id: str, division: str, title: str) -> dict[str, Any]:
    built = risk_captured(risk_id, division, title, status="open")
    built["detail"]["metadata"]["occurred_at"] = "2026-11-01T09:00:00Z"
    return built


def changed(risk_id: str, division: str, title: str, at: str, **data: Any) -> dict[str, Any]:
    state = {"title": title, "review_due": None, "acceptance": None}
    built = risk_changed(risk_id, division, 2, **(state | data))
    built["detail"]["metadata"]["occurred_at"] = at
    return built


def scored(
    risk_id: str, division: str, version: int, at: str, current: tuple[int, int], appetite: str
) -> dict[str, Any]:
    return event(
        "RiskScored",
        version,
        {
            "risk_id": risk_id,
            "division_id": division,
            "score_version": version,
            "scored_at": at,
            "inherent": grade(5, 5),
            "current_residual": grade(*current),
            "target_residual": grade(1, 1),
            "model": {"model_id": "default-5x5", "version": 1},
            "appetite": {
                "status": appetite,
                "appetite": 6,
                "tolerance": 12,
                "division_id": division,
            },
            "next_review_due": "2099-12-31",
        },
    )


def higher(kri: str, risk: str, division: str, name: str, **data: Any) -> dict[str, Any]:
    thresholds = {"direction": "higher_is_worse", "amber": 1, "red": 3, "stale_after_days": 3660}
    return kri_defined(kri, risk, division, name, DEFINED, **(thresholds | data))


def known_events() -> Known:
    a, b, c = new_id(), new_id(), new_id()
    r = {name: new_id() for name in ("Supplier", "Sterility", "Complaints", "Elsewhere")}
    k = {name: new_id() for name in ("Delivery", "Bioburden", "CAPAs", "Complaints", "Other")}
    acceptance = {
        "accepted_by": "risk-manager@example.com",
        "accepted_at": "2026-11-02T12:00:00Z",
        "rationale": "validated sterilisation",
        "expires_on": "2099-12-31",
    }
    delivery = {"direction": "lower_is_worse", "amber": 95, "red": 90, "stale_after_days": 3660}
    events = (
        division_registered(a, None, "A"),
        division_registered(b, a, "B"),
        division_registered(c, None, "C"),
        captured(r["Supplier"], a, "Supplier"),
        captured(r["Sterility"], b, "Sterility"),
        captured(r["Complaints"], a, "Complaints"),
        captured(r["Elsewhere"], c, "Elsewhere"),
        scored(r["Supplier"], a, 1, DEFINED, (4, 4), "breach"),
        scored(r["Supplier"], a, 2, "2026-11-02T10:00:00Z", (2, 3), "within"),
        scored(r["Supplier"], a, 3, "2026-11-04T10:00:00Z", (4, 5), "breach"),
        scored(r["Supplier"], a, 4, "2026-11-05T10:00:00Z", (4, 4), "breach"),
        scored(r["Sterility"], b, 1, DEFINED, (3, 5), "breach"),
        scored(r["Complaints"], a, 1, DEFINED, (5, 5), "breach"),
        scored(r["Elsewhere"], c, 1, DEFINED, (4, 5), "breach"),
        changed(
            r["Sterility"],
            b,
            "Sterility",
            "2026-11-02T12:00:00Z",
            status="accepted",
            acceptance=acceptance,
        ),
        changed(r["Complaints"], a, "Complaints", "2026-11-03T12:00:00Z", status="closed"),
        kri_defined(k["Delivery"], r["Supplier"], a, "Delivery", DEFINED, **delivery),
        kri_reading(k["Delivery"], 89, "2026-11-04T08:00:00Z"),  # the latest arrives first
        kri_reading(k["Delivery"], 96, "2026-11-02T08:00:00Z"),
        kri_defined(
            k["Delivery"],
            r["Supplier"],
            a,
            "Delivery",
            "2026-11-05T10:00:00Z",
            version=2,
            kind="KriChanged",
            **(delivery | {"amber": 97, "red": 93}),
        ),
        higher(
            k["Bioburden"], r["Sterility"], b, "Bioburden", amber=10, red=20, stale_after_days=2
        ),
        kri_reading(k["Bioburden"], 12, "2026-11-01T12:00:00Z"),
        higher(k["CAPAs"], r["Supplier"], a, "CAPAs", amber=5, red=8),
        kri_defined(
            k["CAPAs"],
            r["Supplier"],
            a,
            "CAPAs",
            "2026-11-04T12:00:00Z",
            version=2,
            kind="KriRetired",
            direction="higher_is_worse",
            amber=5,
            red=8,
            stale_after_days=3660,
        ),
        higher(k["Complaints"], r["Complaints"], a, "Complaints"),
        kri_reading(k["Complaints"], 5, "2026-11-02T08:00:00Z"),
        higher(k["Other"], r["Elsewhere"], c, "Other"),
        kri_reading(k["Other"], 9, "2026-11-02T08:00:00Z"),
    )
    return Known(a, b, c, r, k, events)


@pytest.fixture
def known(reporting) -> Known:
    found = known_events()
    deliver(*found.events)
    return found


def ok(path: str, who: dict[str, str] | None = None, **params: Any) -> dict[str, Any]:
    params = {k: v for k, v in params.items() if v is not None}
    status, body = get(path, who, **params) if who else get(path, **params)
    assert status == 200, body
    return body


def counts(red: int, amber: int, green: int, unread: int, stale: int) -> dict[str, int]:
    return {"red": red, "amber": amber, "green": green, "unread": unread, "stale": stale}


KRI_COUNTS = {
    "2026-10-31": counts(0, 0, 0, 0, 0),
    "2026-11-01": counts(0, 1, 0, 3, 0),
    "2026-11-02": counts(1, 1, 1, 1, 0),
    "2026-11-03": counts(0, 1, 1, 1, 0),
    "2026-11-04": counts(1, 1, 0, 0, 1),
    None: counts(1, 1, 0, 0, 1),
}


def test_the_kri_counts_as_of_each_day_are_what_stood_at_its_end(known):
    for as_of, expected in KRI_COUNTS.items():
        found = ok("/reports/kris", divisionId=known.A, asOf=as_of)
        assert found["counts"] == expected, as_of
        assert found["total"] == sum(expected[s] for s in ("red", "amber", "green", "unread"))
        summary = ok("/reports/summary", divisionId=known.A, asOf=as_of)
        assert summary["kris"] == expected, as_of


def listed(found: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(i["name"], i["status"], i["stale"], i["latestValue"]) for i in found["items"]]


def test_the_kri_list_shows_each_indicator_red_first_with_its_latest_reading(known):
    now = ok("/reports/kris", divisionId=known.A, status="red,amber")

    assert listed(now) == [("Delivery", "red", False, 89.0), ("Bioburden", "amber", True, 12.0)]
    delivery = now["items"][0]
    assert delivery | {"kriId": None} == {
        "kriId": None,
        "name": "Delivery",
        "unit": "%",
        "direction": "lower_is_worse",
        "amber": 97.0,
        "red": 93.0,
        "staleAfterDays": 3660,
        "riskId": known.R["Supplier"],
        "riskTitle": "Supplier",
        "divisionId": known.A,
        "status": "red",
        "stale": False,
        "latestValue": 89.0,
        "latestObservedAt": "2026-11-04T08:00:00Z",
        "latestSource": "supplier-quality-portal",
    }
    assert (now["total"], now["divisionId"]) == (2, known.A)
    assert listed(ok("/reports/kris", divisionId=known.A, status="red")) == [
        ("Delivery", "red", False, 89.0)
    ]
    assert ok("/reports/kris", divisionId=known.A, status="green")["total"] == 0
    # as of a day: the definition and the latest reading then
    assert listed(ok("/reports/kris", divisionId=known.A, asOf="2026-11-02")) == [
        ("Complaints", "red", False, 5.0),
        ("Bioburden", "amber", False, 12.0),
        ("Delivery", "green", False, 96.0),  # 96 > 95
        ("CAPAs", None, False, None),
    ]
    as_of_4 = ok("/reports/kris", divisionId=known.A, asOf="2026-11-04")["items"][0]
    assert (as_of_4["name"], as_of_4["amber"], as_of_4["red"]) == ("Delivery", 95.0, 90.0)
    # paging: the counts are of every indicator, the page is one
    page = ok("/reports/kris", divisionId=known.A, asOf="2026-11-02", limit=1, offset=1)
    assert (listed(page), page["total"]) == ([("Bioburden", "amber", False, 12.0)], 4)


def test_the_kri_list_keeps_to_the_callers_divisions(known):
    assert [i["name"] for i in ok("/reports/kris", divisionId=known.B)["items"]] == ["Bioburden"]
    everything = ok("/reports/kris")
    assert [i["name"] for i in everything["items"]] == ["Delivery", "Other", "Bioburden"]
    in_c = claims("analyst", known.C)
    assert [i["name"] for i in ok("/reports/kris", in_c)["items"]] == ["Other"]
    outside = ok("/reports/kris", in_c, divisionId=known.A)  # not theirs: empty, not 403
    assert (outside["items"], outside["counts"]) == ([], counts(0, 0, 0, 0, 0))


def breaches(as_of: str | None, division: str) -> list[tuple[Any, ...]]:
    found = ok("/reports/breaches", divisionId=division, asOf=as_of)
    return [
        (i["title"], i["appetiteStatus"], i["overTolerance"], i["breachSince"])
        for i in found["items"]
    ]


def test_the_breach_list_shows_each_risk_above_tolerance_since_when_and_by_how_much(known):
    first = "2026-11-01T10:00:00Z"
    assert breaches("2026-10-31", known.A) == []
    assert breaches("2026-11-01", known.A) == [
        ("Complaints", "breach", 13, first),
        ("Supplier", "breach", 4, first),
        ("Sterility", "breach", 3, first),
    ]
    assert breaches("2026-11-02", known.A) == [
        ("Complaints", "breach", 13, first),
        ("Sterility", "accepted", 3, first),  # accepted, not a breach
    ]
    assert breaches("2026-11-03", known.A) == [("Sterility", "accepted", 3, first)]
    assert breaches("2026-11-04", known.A) == [
        ("Supplier", "breach", 8, "2026-11-04T10:00:00Z"),  # back in breach since then
        ("Sterility", "accepted", 3, first),
    ]
    now = ok("/reports/breaches", divisionId=known.A)
    assert (now["total"], now["counts"]) == (2, {"inBreach": 1, "accepted": 1})
    supplier, sterility = now["items"]
    assert supplier == {
        "riskId": known.R["Supplier"],
        "divisionId": known.A,
        "title": "Supplier",
        "category": "supply_chain",
        "ownerEmail": supplier["ownerEmail"],
        "appetiteStatus": "breach",
        "currentResidual": {
            "likelihood": 4,
            "impact": 4,
            "score": 16,
            "level": "high",
            "acceptability": None,
        },
        "appetite": {"status": "breach", "appetite": 6, "tolerance": 12, "divisionId": known.A},
        "overTolerance": 4,
        "overAppetite": 10,
        "breachSince": "2026-11-04T10:00:00Z",
        "acceptedUntil": None,
    }
    assert (sterility["appetiteStatus"], sterility["acceptedUntil"]) == ("accepted", "2099-12-31")
    assert breaches(None, known.B) == [("Sterility", "accepted", 3, first)]


def csv_sections(body: str) -> dict[str, list[dict[str, str]]]:
    """A CSV export's tables by name: each section is its name, its header and its rows."""
    sections: dict[str, list[dict[str, str]]] = {}
    for block in body.replace("\r\n", "\n").strip("\n").split("\n\n"):
        name, rest = block.split("\n", 1)
        sections[next(csv.reader([name]))[0]] = list(csv.DictReader(io.StringIO(rest)))
    return sections


def test_the_breach_and_kri_lists_export_every_item_with_their_counts(known):
    """A file holds the whole list (not a page), scoped and dated like the JSON."""
    breached = request("/reports/breaches", divisionId=known.A, limit=1, format="csv")
    assert breached["statusCode"] == 200
    disposition = breached["multiValueHeaders"]["Content-Disposition"]
    assert disposition == ['attachment; filename="breaches.csv"']
    found = csv_sections(breached["body"])
    assert found["Counts"] == [
        {"appetiteStatus": "breach", "risks": "1"},
        {"appetiteStatus": "accepted", "risks": "1"},
    ]
    assert [
        (r["title"], r["appetiteStatus"], r["currentScore"], r["tolerance"], r["overTolerance"])
        for r in found["Above tolerance"]
    ] == [("Supplier", "breach", "16", "12", "4"), ("Sterility", "accepted", "15", "12", "3")]

    as_of = request("/reports/kris", divisionId=known.A, asOf="2026-11-02", format="csv")
    found = csv_sections(as_of["body"])
    assert found["Counts"] == [
        {"status": s, "indicators": n}
        for s, n in (("red", "1"), ("amber", "1"), ("green", "1"), ("unread", "1"), ("stale", "0"))
    ]
    assert [(r["name"], r["status"], r["latestValue"]) for r in found["Indicators"]] == [
        ("Complaints", "red", "5.0"),
        ("Bioburden", "amber", "12.0"),
        ("Delivery", "green", "96.0"),
        ("CAPAs", "", ""),
    ]
    in_c = claims("analyst", known.C)
    theirs = csv_sections(request("/reports/kris", in_c, format="csv")["body"])
    assert [r["name"] for r in theirs["Indicators"]] == ["Other"]


def test_the_summary_counts_the_breaches_as_the_breach_list_does(known):
    for as_of, in_breach, accepted in (("2026-11-01", 3, 0), ("2026-11-02", 1, 1), (None, 1, 1)):
        summary = ok("/reports/summary", divisionId=known.A, asOf=as_of)
        listed_counts = ok("/reports/breaches", divisionId=known.A, asOf=as_of)["counts"]
        assert summary["breaches"] == listed_counts == {"inBreach": in_breach, "accepted": accepted}
        assert summary["totals"]["breaches"] == in_breach
    everything = ok("/reports/summary")
    assert everything["breaches"] == {"inBreach": 2, "accepted": 1}  # Elsewhere too
    assert everything["kris"] == counts(2, 1, 0, 0, 1)


def test_a_reading_delivered_again_or_late_changes_nothing_it_should_not(known):
    again = [e for e in known.events if e["detail-type"] == "KriReadingRecorded"]
    deliver(*again)  # redelivered: each is in the inbox
    assert KRI_COUNTS[None] == ok("/reports/kris", divisionId=known.A)["counts"]
    repeated = kri_reading(known.K["Delivery"], 89, "2026-11-04T08:00:00Z")
    repeated["detail"]["data"]["reading_id"] = again[0]["detail"]["data"]["reading_id"]
    deliver(repeated)  # the same reading in a new event: kept once
    older = kri_reading(known.K["Delivery"], 99, "2026-11-03T08:00:00Z")
    deliver(older)  # observed before the latest: the status stays red
    assert listed(ok("/reports/kris", divisionId=known.A, status="red")) == [
        ("Delivery", "red", False, 89.0)
    ]
    as_of_3 = ok("/reports/kris", divisionId=known.A, asOf="2026-11-03")["items"]
    assert [(i["status"], i["latestValue"]) for i in as_of_3 if i["name"] == "Delivery"] == [
        ("green", 99.0)  # on the 3rd, 99 was the latest
    ]
    stale_definition = kri_defined(
        known.K["Delivery"], known.R["Supplier"], known.A, "Old name", DEFINED, amber=1, red=0
    )
    deliver(stale_definition)  # version 1 again, in a new event: the gate keeps version 2
    item = ok("/reports/kris", divisionId=known.A, status="red")["items"][0]
    assert (item["name"], item["red"]) == ("Delivery", 93.0)


def test_a_cached_kri_list_is_never_stale(known):
    before = ok("/reports/kris", divisionId=known.A)
    assert ok("/reports/kris", divisionId=known.A) == before  # from the cache
    deliver(kri_reading(known.K["Bioburden"], 25, datetime.datetime.now(datetime.UTC).isoformat()))
    after = ok("/reports/kris", divisionId=known.A)
    assert after["counts"] == counts(2, 0, 0, 0, 0)  # Bioburden red, and fresh


def test_bad_filters_are_422s_naming_the_field(known):
    for path, params, field in (
        ("/reports/kris", {"status": "purple"}, "status"),
        ("/reports/kris", {"status": "red,"}, "status"),
        ("/reports/kris", {"asOf": TOMORROW.isoformat()}, "asOf"),
        ("/reports/kris", {"limit": 0}, "limit"),
        ("/reports/breaches", {"asOf": "2026-13-01"}, "asOf"),
        ("/reports/breaches", {"offset": -1}, "offset"),
    ):
        status, body = get(path, **params)
        assert status == 422, (path, params, body)
        assert [(e["field"], e["in"]) for e in body["errors"]] == [(field, "query")]


@pytest.mark.parametrize("path", ["/reports/kris", "/reports/breaches"])
def test_each_list_takes_the_same_statements_whatever_the_page_or_data_size(
    known, monkeypatch, path
):
    statements: list[str] = []
    monkeypatch.setattr(
        "reporting.adapters.unit_of_work.SqlReports",
        lambda cursor: reports.SqlReports(CountingCursor(cursor, statements)),
    )
    monkeypatch.setattr(bootstrap, "report_cache", lambda: NoCacheHere())
    ok(path, divisionId=known.A, limit=1)
    small = len(statements)
    for n in range(20):
        risk = new_id()
        deliver(scored(risk, known.B, 1, DEFINED, (5, 5), "breach"))
        deliver(higher(new_id(), risk, known.B, f"More {n:02d}"))
        deliver(kri_reading(known.K["Delivery"], 80 + n, f"2026-11-0{1 + n % 4}T0{n % 10}:00:00Z"))

    statements.clear()
    found = ok(path, divisionId=known.A, limit=100)

    assert found["total"] == 22 and len(found["items"]) == 22
    assert len(statements) == small == 3  # the generation, the counts, the page
