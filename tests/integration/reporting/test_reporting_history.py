"""The risks' history by event time and the dashboards as of a past day, through the API
handler against the real MariaDB and Memcached, on a small known history whose figures
are computed by hand below; and a replay of the same events into an emptied read model,
in another order, that gives the same history and the same figures.

Division A (root) above B. Every risk is captured on 1 November at 09:00 and first scored
at 10:00 on the default 5 x 5 model (target 1x1 low throughout)::

    risk       div  category     inherent  1 Nov (current)        later
    Worsened   A    operational  5x4       2x3 med   within       3 Nov 10:00: 4x4 high breach
    Improved   B    cyber        5x5       5x4 crit  breach       4 Nov 10:00: 2x2 low within
    Accepted   A    financial    4x5       4x4 high  breach       2 Nov 12:00: accepted, last
                                                                   day 3 Nov (a breach again
                                                                   from 4 Nov)
    Retired    B    operational  3x4       3x3 med   watch        3 Nov 15:00: retired
    Overdue    A    operational  3x3       2x2 low   within       its next review, 3 Nov, is
                                                                   overdue from 4 Nov

Every other next review is in 2099. As of the end of each day (open risks)::

    day     risks  low  med  high  crit  breaches        accepted  overdue
    31 Oct  0      (nothing captured yet)
    1 Nov   5      1    2    1     1     2 (Imp, Acc)    0         0
    2 Nov   5      1    2    1     1     1 (Imp)         1         0
    3 Nov   4      1    0    2     1     2 (Wor, Imp)    1         0
    4 Nov   4      2    0    2     0     2 (Wor, Acc)    0         1 (Overdue)
    now     as on 4 November

Per category (operational: Worsened, Retired, Overdue; cyber: Improved; financial:
Accepted)::

    day     operational                    cyber               financial
    1 Nov   3: low 1, med 2                1: crit, breach     1: high, breach
    2 Nov   3: low 1, med 2                1: crit, breach     1: high, accepted
    3 Nov   2: low 1, high 1, breach 1     1: crit, breach     1: high, accepted
    4 Nov   2: low 1, high 1, breach 1,    1: low              1: high, breach
               overdue 1

Two key risk indicators (for the replay): Drift on Worsened, redefined on 3 November and
read on the 1st and the 4th, and Gone on Improved, retired on 2 November.

Score movements from 1 to 4 November (current residual): Worsened 6 -> 16 (worsened,
high), Improved 20 -> 4 (improved, low), Accepted 16 -> 16 and Overdue 4 -> 4
(unchanged, high and low); Retired is no longer open.

One solution, Sensor, in A: registered on 1 November at 09:30, planned and due on the
1st; active (tested, passed) from 3 November at 09:00. Linked to Worsened on 1 November
at 11:00, unlinked on 4 November at 08:00. As of the end of each day::

    day     Sensor     linked risks  overdue plans  Worsened's active solutions
    31 Oct  -          -             0              -
    1 Nov   planned    1             0 (due today)  0 (planned, not active)
    2 Nov   planned    1             1              0
    3 Nov   active     1             0              1
    4 Nov   active     0             0              0
"""

from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass
from typing import Any

import pytest

from tests.integration.reporting.conftest import (
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
    solution_changed,
    solution_linked,
    solution_registered,
    solution_unlinked,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration

FAR = "2099-12-31"
TOMORROW = datetime.datetime.now(datetime.UTC).date() + datetime.timedelta(days=1)


@dataclass(frozen=True)
class History:
    A: str
    B: str
    R: dict[str, str]
    events: tuple[dict[str, Any], ...]


def occurred(built: dict[str, Any], at: str) -> dict[str, Any]:
    """The intake event as raised at ``at`` (its metadata's own time)."""
    built["detail"]["metadata"]["occurred_at"] = at
    return built


def captured(risk_id: str, division: str, title: str, category: str) -> dict[str, Any]:
    built = risk_captured(risk_id, division, title, status="open")
    built["detail"]["data"].update(category=category)
    return occurred(built, "2026-11-01T09:00:00Z")


def changed(
    risk_id: str, division: str, title: str, category: str, at: str, **data: Any
) -> dict[str, Any]:
    state = {"title": title, "category": category, "review_due": None, "acceptance": None}
    return occurred(risk_changed(risk_id, division, 2, **(state | data)), at)


def scored(
    risk_id: str,
    division: str,
    version: int,
    at: str,
    inherent: tuple[int, int],
    current: tuple[int, int],
    appetite: str,
    next_review: str = FAR,
) -> dict[str, Any]:
    return event(
        "RiskScored",
        version,
        {
            "risk_id": risk_id,
            "division_id": division,
            "score_version": version,
            "scored_at": at,
            "inherent": grade(*inherent),
            "current_residual": grade(*current),
            "target_residual": grade(1, 1),
            "model": {"model_id": "default-5x5", "version": 1},
            "appetite": {
                "status": appetite,
                "appetite": 6,
                "tolerance": 12,
                "division_id": division,
            },
            "next_review_due": next_review,
        },
    )


def known_events() -> History:
    a, b = new_id(), new_id()
    r = {name: new_id() for name in ("Worsened", "Improved", "Accepted", "Retired", "Overdue")}
    first = "2026-11-01T10:00:00Z"
    drift, gone, sensor = new_id(), new_id(), new_id()
    drifting = {"direction": "higher_is_worse", "amber": 5, "red": 8, "stale_after_days": 3660}
    acceptance = {
        "accepted_by": "risk-manager@example.com",
        "accepted_at": "2026-11-02T12:00:00Z",
        "rationale": "insured",
        "expires_on": "2026-11-03",
    }
    events = (
        division_registered(a, None, "A"),
        division_registered(b, a, "B"),
        captured(r["Worsened"], a, "Worsened", "operational"),
        captured(r["Improved"], b, "Improved", "cyber"),
        captured(r["Accepted"], a, "Accepted", "financial"),
        captured(r["Retired"], b, "Retired", "operational"),
        captured(r["Overdue"], a, "Overdue", "operational"),
        scored(r["Worsened"], a, 1, first, (5, 4), (2, 3), "within"),
        scored(r["Improved"], b, 1, first, (5, 5), (5, 4), "breach"),
        scored(r["Accepted"], a, 1, first, (4, 5), (4, 4), "breach"),
        scored(r["Retired"], b, 1, first, (3, 4), (3, 3), "watch"),
        scored(r["Overdue"], a, 1, first, (3, 3), (2, 2), "within", next_review="2026-11-03"),
        changed(
            r["Accepted"],
            a,
            "Accepted",
            "financial",
            "2026-11-02T12:00:00Z",
            status="accepted",
            acceptance=acceptance,
        ),
        scored(r["Worsened"], a, 2, "2026-11-03T10:00:00Z", (5, 4), (4, 4), "breach"),
        changed(
            r["Retired"],
            b,
            "Retired",
            "operational",
            "2026-11-03T15:00:00Z",
            status="open",
            retired=True,
        ),
        scored(r["Improved"], b, 2, "2026-11-04T10:00:00Z", (5, 5), (2, 2), "within"),
        # key risk indicators: one redefined and read twice, one retired
        kri_defined(drift, r["Worsened"], a, "Drift", first, **drifting),
        kri_reading(drift, 5, "2026-11-01T11:00:00Z"),
        kri_defined(
            drift,
            r["Worsened"],
            a,
            "Drift",
            "2026-11-03T10:00:00Z",
            version=2,
            kind="KriChanged",
            **(drifting | {"amber": 4, "red": 6}),
        ),
        kri_reading(drift, 7, "2026-11-04T09:00:00Z"),
        kri_defined(gone, r["Improved"], b, "Gone", first, **drifting),
        kri_defined(gone, r["Improved"], b, "Gone", "2026-11-02T10:00:00Z", 2, "KriRetired"),
        # a solution planned, then active; linked to Worsened, then unlinked
        occurred(
            solution_registered(sensor, a, "planned", title="Sensor", due_date="2026-11-01"),
            "2026-11-01T09:30:00Z",
        ),
        occurred(
            solution_changed(
                sensor,
                a,
                2,
                "active",
                title="Sensor",
                due_date="2026-11-01",
                test_result="passed",
                tested_on="2026-11-02",
                next_test_due="2027-05-02",
            ),
            "2026-11-03T09:00:00Z",
        ),
        occurred(solution_linked(r["Worsened"], sensor, a, 2), "2026-11-01T11:00:00Z"),
        occurred(solution_unlinked(r["Worsened"], sensor, a, 3), "2026-11-04T08:00:00Z"),
    )
    return History(a, b, r, events)


@pytest.fixture
def history(reporting) -> History:
    known = known_events()
    deliver(*known.events)
    return known


def ok(path: str, **params: Any) -> dict[str, Any]:
    status, body = get(path, **params)
    assert status == 200, body
    return body


def totals(as_of: str | None, division: str) -> dict[str, int]:
    params = {"divisionId": division} | ({"asOf": as_of} if as_of else {})
    found = ok("/reports/summary", **params)["totals"]
    found |= found.pop("byLevel")
    keys = ("risks", "low", "medium", "high", "critical", "breaches", "overdueReviews", "accepted")
    return {k: found[k] for k in keys}


def tally(*counts: int) -> dict[str, int]:
    keys = ("risks", "low", "medium", "high", "critical", "breaches", "overdueReviews", "accepted")
    return dict(zip(keys, counts, strict=True))


EXPECTED = {
    "2026-10-31": tally(0, 0, 0, 0, 0, 0, 0, 0),
    "2026-11-01": tally(5, 1, 2, 1, 1, 2, 0, 0),
    "2026-11-02": tally(5, 1, 2, 1, 1, 1, 0, 1),
    "2026-11-03": tally(4, 1, 0, 2, 1, 2, 0, 1),
    "2026-11-04": tally(4, 2, 0, 2, 0, 2, 1, 0),
    None: tally(4, 2, 0, 2, 0, 2, 1, 0),
}


def test_the_summary_as_of_each_day_counts_what_stood_at_its_end(history):
    for as_of, expected in EXPECTED.items():
        assert totals(as_of, history.A) == expected, as_of
    # the subtree of B alone: Improved and Retired, then Improved only
    assert totals("2026-11-01", history.B) == tally(2, 0, 1, 0, 1, 1, 0, 0)
    assert totals("2026-11-04", history.B) == tally(1, 1, 0, 0, 0, 0, 0, 0)


def test_the_register_as_of_a_day_shows_each_risk_as_it_stood(history):
    def register(as_of: str, **params: Any) -> list[tuple[str, Any, Any, Any]]:
        found = ok(
            "/reports/risks", divisionId=history.A, asOf=as_of, sort="-currentResidual", **params
        )
        return [
            (i["title"], i["currentResidual"]["level"], i["appetiteStatus"], i["reviewOverdue"])
            for i in found["items"]
        ]

    assert register("2026-11-01") == [
        ("Improved", "critical", "breach", False),  # 20
        ("Accepted", "high", "breach", False),  # 16
        ("Retired", "medium", "watch", False),  # 9
        ("Worsened", "medium", "within", False),  # 6
        ("Overdue", "low", "within", False),  # 4
    ]
    assert register("2026-11-03") == [
        ("Improved", "critical", "breach", False),
        ("Accepted", "high", "accepted", False),  # 16, inherent 20: by title
        ("Worsened", "high", "breach", False),  # 16, inherent 20
        ("Overdue", "low", "within", False),
    ]
    assert register("2026-11-04") == [
        ("Accepted", "high", "breach", False),  # its acceptance ended on the 3rd
        ("Worsened", "high", "breach", False),
        ("Improved", "low", "within", False),  # 4, inherent 25
        ("Overdue", "low", "within", True),  # 4, inherent 9
    ]
    assert register("2026-11-04", overdue=True) == [("Overdue", "low", "within", True)]
    assert register("2026-11-02", appetiteStatus="accepted") == [
        ("Accepted", "high", "accepted", False)
    ]
    retired = ok("/reports/risks", asOf="2026-11-03", includeRetired=True, divisionId=history.B)
    assert [(i["title"], i["retired"]) for i in retired["items"]] == [
        ("Improved", False),
        ("Retired", True),
    ]
    assert ok("/reports/risks", asOf="2026-10-31")["total"] == 0
    exported = request("/reports/risks", divisionId=history.A, asOf="2026-11-03", format="csv")
    lines = exported["body"].splitlines()
    assert exported["statusCode"] == 200 and len(lines) == 1 + 4  # Retired left on the 3rd


def test_the_heatmaps_as_of_a_day_place_each_risk_in_its_cell_then(history):
    def current(as_of: str | None) -> list[tuple[int, int, int]]:
        params = {"divisionId": history.A} | ({"asOf": as_of} if as_of else {})
        models = ok("/reports/heatmaps", **params)["models"]
        if not models:
            return []
        assert [m["modelId"] for m in models] == ["default-5x5"]
        return [(c["likelihood"], c["impact"], c["count"]) for c in models[0]["current"]]

    assert current("2026-10-31") == []
    assert current("2026-11-01") == [(2, 2, 1), (2, 3, 1), (3, 3, 1), (4, 4, 1), (5, 4, 1)]
    assert current("2026-11-03") == [(2, 2, 1), (4, 4, 2), (5, 4, 1)]  # Retired left
    assert current("2026-11-04") == [(2, 2, 2), (4, 4, 2)]
    assert current(None) == current("2026-11-04")


SOLUTIONS_EXPECTED = {
    # day: (Sensor's status and linked risks, overdue plans, Worsened's active solutions)
    "2026-10-31": ([], 0, None),
    "2026-11-01": ([("Sensor", "planned", 1)], 0, 0),
    "2026-11-02": ([("Sensor", "planned", 1)], 1, 0),
    "2026-11-03": ([("Sensor", "active", 1)], 0, 1),
    "2026-11-04": ([("Sensor", "active", 0)], 0, 0),
    None: ([("Sensor", "active", 0)], 0, 0),
}


def test_the_solutions_and_mitigation_as_of_a_day_are_as_they_stood(history):
    for as_of, (listed, overdue_plans, active) in SOLUTIONS_EXPECTED.items():
        params = {"divisionId": history.A} | ({"asOf": as_of} if as_of else {})
        found = ok("/reports/solutions", **params)
        assert [(i["title"], i["status"], i["linkedRisks"]) for i in found["items"]] == listed
        assert found["total"] == len(listed)
        counts = {d["divisionId"]: d["counts"] for d in found["divisions"]}
        assert sum(sum(c.values()) for c in counts.values()) == len(listed), as_of
        mitigation = ok("/reports/summary", **params)["mitigation"]
        assert mitigation["overduePlans"] == overdue_plans, as_of
        assert sum(mitigation["solutions"].values()) == len(listed), as_of
        worsened = [
            r["activeSolutions"]
            for r in ok("/reports/risks", **params)["items"]
            if r["riskId"] == history.R["Worsened"]
        ]
        assert worsened == ([] if active is None else [active]), as_of


def test_a_future_or_malformed_as_of_is_a_422_naming_it(history):
    # "0" is not a day, though pydantic alone would read it as 1970-01-01
    for bad in (TOMORROW.isoformat(), "2026-13-01", "yesterday", "0", "20261101"):
        for path in ("/reports/summary", "/reports/heatmaps", "/reports/risks"):
            status, body = get(path, asOf=bad)
            assert status == 422, (path, bad, body)
            assert [(e["field"], e["in"]) for e in body["errors"]] == [("asOf", "query")]


def test_each_day_is_cached_under_its_own_key(history):
    assert totals("2026-11-01", history.A)["risks"] == 5
    assert totals("2026-11-04", history.A)["risks"] == 4  # not the 1st's cached answer
    assert totals("2026-11-01", history.A)["risks"] == 5


def trend_tally(found: dict[str, Any]) -> dict[str, int]:
    flat = found | found["byLevel"]
    keys = ("risks", "low", "medium", "high", "critical", "breaches", "overdueReviews", "accepted")
    return {k: flat[k] for k in keys}


def test_the_trend_counts_each_day_per_category_and_the_score_movements(history):
    found = ok(
        "/reports/trends", divisionId=history.A, **{"from": "2026-11-01", "to": "2026-11-04"}
    )

    assert (found["divisionId"], found["fromDay"], found["toDay"]) == (
        history.A,
        "2026-11-01",
        "2026-11-04",
    )
    days = {
        day["day"]: {c["category"]: trend_tally(c["tally"]) for c in day["categories"]}
        for day in found["days"]
    }
    assert days == {
        "2026-11-01": {
            "cyber": tally(1, 0, 0, 0, 1, 1, 0, 0),
            "financial": tally(1, 0, 0, 1, 0, 1, 0, 0),
            "operational": tally(3, 1, 2, 0, 0, 0, 0, 0),
        },
        "2026-11-02": {
            "cyber": tally(1, 0, 0, 0, 1, 1, 0, 0),
            "financial": tally(1, 0, 0, 1, 0, 0, 0, 1),
            "operational": tally(3, 1, 2, 0, 0, 0, 0, 0),
        },
        "2026-11-03": {
            "cyber": tally(1, 0, 0, 0, 1, 1, 0, 0),
            "financial": tally(1, 0, 0, 1, 0, 0, 0, 1),
            "operational": tally(2, 1, 0, 1, 0, 1, 0, 0),
        },
        "2026-11-04": {
            "cyber": tally(1, 1, 0, 0, 0, 0, 0, 0),
            "financial": tally(1, 0, 0, 1, 0, 1, 0, 0),
            "operational": tally(2, 1, 0, 1, 0, 1, 1, 0),
        },
    }
    # each day's total is the summary as of that day
    for day in found["days"]:
        assert trend_tally(day["total"]) == EXPECTED[day["day"]], day["day"]
    assert found["movements"] == {
        "level": None,
        "worsened": 1,
        "improved": 1,
        "unchanged": 2,
        "new": 0,
    }
    assert found["movementsByLevel"] == [
        {"level": "low", "worsened": 0, "improved": 1, "unchanged": 1, "new": 0},
        {"level": "high", "worsened": 1, "improved": 0, "unchanged": 1, "new": 0},
    ]
    # from a day before anything was captured, every open risk is new
    since = ok(
        "/reports/trends", divisionId=history.B, **{"from": "2026-10-31", "to": "2026-11-04"}
    )
    assert [d["total"]["risks"] for d in since["days"]] == [0, 2, 2, 1, 1]
    assert since["days"][0]["categories"] == []
    assert since["movements"] == {
        "level": None,
        "worsened": 0,
        "improved": 0,
        "unchanged": 0,
        "new": 1,
    }


def test_a_bad_trend_range_is_a_422_naming_the_field(history):
    today = datetime.datetime.now(datetime.UTC).date()
    for params, field in (
        ({"to": TOMORROW.isoformat()}, "to"),
        ({"from": "2026-11-04", "to": "2026-11-01"}, "from"),
        ({"from": "2025-10-31", "to": "2026-11-01"}, "to"),  # 367 days: one too many
        ({"from": "2026-11-31"}, "from"),
        ({"from": "0"}, "from"),
    ):
        status, body = get("/reports/trends", **params)
        assert status == 422, (params, body)
        assert [(e["field"], e["in"]) for e in body["errors"]] == [(field, "query")]
    longest = ok("/reports/trends", **{"from": "2025-11-01", "to": "2026-11-01"})
    assert len(longest["days"]) == 366
    default = ok("/reports/trends")
    assert (default["toDay"], len(default["days"])) == (today.isoformat(), 30)


def history_rows(reporting) -> dict[str, list[dict[str, Any]]]:
    rows = {}
    uow = reporting.uow()
    with uow:
        for table, order in (
            ("risk_state_history", "risk_id, risk_version"),
            ("risk_score_history", "risk_id, score_version"),
            ("kri_history", "kri_id, version"),
            ("kri_readings", "reading_id"),
            ("solution_history", "solution_id, version"),
            ("link_history", "risk_id, solution_id, risk_version"),
        ):
            uow.cursor.execute(f"SELECT * FROM {table} ORDER BY {order}")
            rows[table] = uow.cursor.fetchall()
    return rows


def figures(known: History) -> str:
    found = {}
    for as_of in ("2026-11-01", "2026-11-02", "2026-11-03", "2026-11-04", None):
        params = {"divisionId": known.A} | ({"asOf": as_of} if as_of else {})
        found[str(as_of)] = [
            ok("/reports/summary", **params),
            ok("/reports/heatmaps", **params),
            ok("/reports/risks", includeRetired=True, **params),
            ok("/reports/kris", **params),
            ok("/reports/breaches", **params),
            ok("/reports/solutions", **params),
        ]
    found["trends"] = [
        ok("/reports/trends", divisionId=known.A, **{"from": "2026-10-31", "to": "2026-11-05"})
    ]
    return json.dumps(found, sort_keys=True)


@pytest.mark.parametrize("order", ["reversed", "shuffled"])
def test_a_replay_into_an_empty_read_model_in_another_order_gives_the_same_history(
    reporting, service_db, order
):
    known = known_events()
    deliver(*known.events)
    before_rows, before_figures = history_rows(reporting), figures(known)
    assert len(before_rows["risk_state_history"]) == 7
    assert len(before_rows["risk_score_history"]) == 7
    assert (len(before_rows["kri_history"]), len(before_rows["kri_readings"])) == (4, 2)
    assert (len(before_rows["solution_history"]), len(before_rows["link_history"])) == (2, 2)
    # Drift: 5 against amber 5 / red 8, then 7 against amber 4 / red 6; Gone: retired
    # on the 2nd, unread until then
    for as_of, expected in (
        ("2026-11-01", [("Drift", "amber", 5.0), ("Gone", None, None)]),
        ("2026-11-03", [("Drift", "amber", 5.0)]),
        ("2026-11-04", [("Drift", "red", 7.0)]),
    ):
        found = ok("/reports/kris", divisionId=known.A, asOf=as_of)["items"]
        assert [(i["name"], i["status"], i["latestValue"]) for i in found] == expected
    closed = [r for r in before_rows["risk_score_history"] if r["valid_to"] is not None]
    assert sorted(str(r["valid_to"]) for r in closed) == [
        "2026-11-03 10:00:00",
        "2026-11-04 10:00:00",
    ]

    service_db("reporting")  # empties the read model and its inbox
    replay = list(known.events)
    if order == "reversed":
        replay.reverse()
    else:
        random.Random(14).shuffle(replay)
    for one in replay:  # one at a time: each is its own delivery
        deliver(one)
    deliver(*known.events)  # and once more: every delivery after the first is a no-op

    assert history_rows(reporting) == before_rows
    assert figures(known) == before_figures
