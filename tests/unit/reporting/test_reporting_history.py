"""The history's, the as-of reads' and the trends' pure parts: the time a risk's state
holds from, the cache key of a past day, the SQL that reads the register as it stood,
and a trend's days folded from the counts."""

from __future__ import annotations

from datetime import UTC, date, datetime

from reporting.adapters.read_model import CLOSE_SCORE, RECORD_STATE, history_insert
from reporting.adapters.scoping import register_as_of, register_of, today_of
from reporting.domain.model import (
    DayTally,
    LevelMovement,
    Scope,
    ScoreSpan,
    StateSpan,
    Tally,
    TrendDay,
    standing_tally,
    sweep_trend,
    trends_of,
)
from reporting.service_layer import handlers, views
from tests.unit.reporting.test_reporting_logic import FakeCache, FakeUnitOfWork, envelope


def test_a_risks_state_holds_from_the_intake_events_own_time_not_its_processing():
    uow = FakeUnitOfWork()

    handlers.handle(envelope("RiskChanged"), uow)  # its metadata: 2026-11-23T11:00:07.250Z

    [(method, state)] = uow.read_model.saved
    assert method == "save_risk"
    assert state.occurred_at == datetime(2026, 11, 23, 11, 0, 7, 250_000, tzinfo=UTC)


def test_a_past_day_is_cached_apart_from_now_and_from_other_days():
    now = Scope(None, "d").cache_part()
    first = Scope(None, "d", date(2026, 11, 1)).cache_part()
    second = Scope(None, "d", date(2026, 11, 2)).cache_part()
    assert now == "d:all"  # today's keys are unchanged
    assert len({now, first, second}) == 3 and first.endswith(":2026-11-01")


def test_as_of_a_day_reads_the_history_valid_at_its_end_and_judges_on_that_day():
    sql = register_as_of(date(2026, 11, 4))
    # valid at the end of the 4th: from before midnight, until midnight or later
    assert "valid_from < '2026-11-05 00:00:00'" in sql
    assert "valid_to IS NULL OR s.valid_to >= '2026-11-05 00:00:00'" in sql
    assert register_of(Scope(None)) == "risk_register"
    assert today_of(Scope(None)) == "UTC_DATE()"
    assert today_of(Scope(None, None, date(2026, 11, 4))) == "DATE '2026-11-04'"


def test_each_version_is_kept_once_and_valid_until_the_next_versions_time():
    assert RECORD_STATE.startswith("INSERT IGNORE INTO risk_state_history (risk_id, division_id,")
    assert history_insert("h", "v", ("a",)) == (
        "INSERT IGNORE INTO h (risk_id, a, v, valid_from) VALUES (%s, %s, %s, %s)"
    )
    assert "LEAD(valid_from) OVER (ORDER BY score_version)" in CLOSE_SCORE


def test_a_trend_lists_every_day_its_categories_by_name_and_the_movements_by_level():
    first, last = date(2026, 11, 1), date(2026, 11, 3)
    rows = [
        DayTally(date(2026, 11, 1), "operational", Tally(risks=2, low=2)),
        DayTally(date(2026, 11, 1), "cyber", Tally(risks=1, high=1, breaches=1)),
        DayTally(date(2026, 11, 3), None, Tally(risks=1, unscored=1)),
        DayTally(date(2026, 11, 3), "cyber", Tally(risks=1, critical=1, breaches=1)),
    ]
    moves = [LevelMovement("critical", worsened=1), LevelMovement("low", improved=2, new=1)]

    found = trends_of("d", first, last, rows, moves)

    assert [d.day for d in found.days] == [first, date(2026, 11, 2), last]
    assert [c.category for c in found.days[0].categories] == ["cyber", "operational"]
    assert found.days[0].total == Tally(risks=3, low=2, high=1, breaches=1)
    assert found.days[1] == TrendDay(date(2026, 11, 2), Tally(), ())
    assert [c.category for c in found.days[2].categories] == ["cyber", None]
    assert [m.level for m in found.movements_by_level] == ["low", "critical"]
    assert found.movements == LevelMovement(None, worsened=1, improved=2, unchanged=0, new=1)


class TrendReports:
    def __init__(self) -> None:
        self.calls: list[str] = []

    def generation(self) -> str:
        return "epoch.1"

    def trend_tallies(self, scope: Scope, first: date, last: date) -> list[DayTally]:
        self.calls.append("trend_tallies")
        return []

    def movements(self, scope: Scope, first: date, last: date) -> list[LevelMovement]:
        self.calls.append("movements")
        return []


class TrendUnitOfWork:
    def __init__(self) -> None:
        self.reports = TrendReports()

    def __enter__(self) -> TrendUnitOfWork:
        return self

    def __exit__(self, *exc_info: object) -> None:
        pass


def test_a_trend_is_two_reads_whatever_its_range_and_is_cached_per_range():
    uow, cache = TrendUnitOfWork(), FakeCache()
    scope = Scope(None, "d")
    year = views.trends(scope, date(2025, 11, 2), date(2026, 11, 1), uow, cache)  # type: ignore[arg-type]
    assert len(year.days) == 365 and uow.reports.calls == ["trend_tallies", "movements"]

    again = views.trends(scope, date(2025, 11, 2), date(2026, 11, 1), uow, cache)  # type: ignore[arg-type]
    assert again == year and len(uow.reports.calls) == 2  # from the cache
    views.trends(scope, date(2026, 11, 1), date(2026, 11, 1), uow, cache)  # type: ignore[arg-type]
    assert len(uow.reports.calls) == 4
    assert sorted(cache.entries) == [
        "reporting:trends:v1:epoch.1:d:all:2025-11-02:2026-11-01",
        "reporting:trends:v1:epoch.1:d:all:2026-11-01:2026-11-01",
    ]


def test_the_sweep_counts_each_day_as_it_stood_at_its_end_from_the_spans():
    first, last = date(2026, 11, 1), date(2026, 11, 5)
    d = {n: date(2026, 11, n) for n in range(1, 6)}
    long_ago = date(2026, 10, 20)
    x = (
        [
            StateSpan(long_ago, d[3], "operational", "open", False, None),
            StateSpan(d[3], None, "operational", "accepted", False, d[4]),  # last day the 4th
        ],
        [
            ScoreSpan(long_ago, d[2], "high", "breach", d[1], 1),
            ScoreSpan(d[2], d[2], "critical", "breach", None, 0),  # replaced the same day
            ScoreSpan(d[2], None, "low", "within", d[3], 0),  # overdue from the 4th
        ],
    )
    scored_only = ([], [ScoreSpan(long_ago, None, "critical", "breach", None, 0)])
    z = (
        [
            StateSpan(d[2], d[4], "cyber", "open", False, None),
            StateSpan(d[4], None, "cyber", "open", True, None),  # retired on the 4th
        ],
        [],
    )

    rows = sweep_trend(first, last, [x, scored_only, z])

    found = {(r.day, r.category): r.tally for r in rows}
    assert found == {
        (d[1], "operational"): Tally(risks=1, high=1, breaches=1, controlled=1),
        (d[2], "operational"): Tally(risks=1, low=1),
        (d[3], "operational"): Tally(risks=1, low=1, accepted=1),  # not overdue: accepted
        (d[4], "operational"): Tally(risks=1, low=1, accepted=1),
        (d[5], "operational"): Tally(risks=1, low=1, overdue_reviews=1),  # tracked again
        (d[2], "cyber"): Tally(risks=1, unscored=1),
        (d[3], "cyber"): Tally(risks=1, unscored=1),
    }


def test_standing_tally_follows_the_platforms_rules():
    today = date(2026, 11, 4)
    open_state = StateSpan(today, None, "cyber", "open", False, None)
    breach = ScoreSpan(today, None, "critical", "breach", date(2026, 11, 3), 2)
    assert standing_tally(open_state, breach, today) == Tally(
        risks=1, critical=1, breaches=1, overdue_reviews=1, controlled=1
    )
    closed = StateSpan(today, None, "cyber", "closed", False, None)
    assert standing_tally(closed, breach, today) is None
    open_ended = StateSpan(today, None, "cyber", "accepted", False, None)  # no expiry kept
    assert standing_tally(open_ended, breach, today) == Tally(
        risks=1, critical=1, accepted=1, controlled=1
    )
