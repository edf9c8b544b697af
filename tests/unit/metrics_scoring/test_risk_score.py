"""A risk's score over time: what makes a new score version, and what it announces."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest
from pydantic import TypeAdapter

from metrics_scoring.domain.appetite import Appetite
from metrics_scoring.domain.calculation import (
    Assessment,
    FmeaRatings,
    RiskFacts,
    ScoreResult,
    ScoringContext,
    compute,
)
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.events import AppetiteBreached, AppetiteRestored, Cause, RiskScored
from metrics_scoring.domain.kri import KriStatus
from metrics_scoring.domain.model import RiskScore
from riskplatform.contracts import default_contracts
from riskplatform.events import Envelope, MessageContext
from tests.unit.metrics_scoring.factories import default_model

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)
CAUSE = Cause("5b7d9f1a-3c5e-4a7b-9d1f-2e4a6c8e0b2d", "RiskAssessed")
APPETITE = Appetite("division", "supply_chain", 6, 12)
CONTEXT = ScoringContext(
    (default_model(),), DivisionTree({"division": None}), {("division", "supply_chain"): APPETITE}
)
FACTS = RiskFacts(
    "a4c8e2f6-9b1d-4f3a-8e5c-7d9b1f3a5c7e",
    "division",
    "supply_chain",
    Assessment(
        "assessment",
        2,
        4,
        {"supply": 4, "safety": 1},
        FmeaRatings(8, 5, 4),
        datetime(2026, 11, 20, 9, 31, 44, 887000, tzinfo=UTC),
    ),
    (Solution("second", "Second source", "preventive", "active", 60, "passed", date(2027, 5, 1)),),
    (KriStatus("otd", "On-time delivery", "amber"),),
)


def result(facts: RiskFacts = FACTS) -> ScoreResult:
    return compute(facts, CONTEXT, date(2026, 11, 25))


def test_the_first_result_is_score_version_1_announced_within_its_contract():
    score = RiskScore.unscored(FACTS.risk_id)
    assert score.update(result(), CAUSE, NOW)
    assert score.score_version == 1
    [scored] = score.events
    assert isinstance(scored, RiskScored)
    envelope = Envelope.wrap(scored, producer="metrics-scoring", context=MessageContext.new())
    default_contracts().validate(envelope.source, envelope.detail_type, envelope.detail)
    data = envelope.data
    assert data["inherent"] == {
        "likelihood": 4,
        "impact": 4,
        "score": 16,
        "level": "high",
        "acceptability": "reduce_as_far_as_practicable",
    }
    assert data["current_residual"]["score"] == 8
    assert data["fmea"] == {
        "severity": 8,
        "occurrence": 5,
        "detection": 4,
        "rpn": 160,
        "action_priority": "medium",
    }
    assert data["appetite"]["status"] == "watch"
    assert data["cause"] == {"event_id": CAUSE.event_id, "detail_type": "RiskAssessed"}
    assert (envelope.metadata.aggregate_id, envelope.metadata.aggregate_version) == (
        FACTS.risk_id,
        1,
    )


def test_the_same_result_again_makes_no_new_version():
    score = RiskScore.unscored(FACTS.risk_id)
    score.update(result(), CAUSE, NOW)
    assert not score.update(result(), Cause("another", "SolutionChanged"), NOW)
    assert (score.score_version, len(score.events), score.cause) == (1, 1, CAUSE)


def test_a_result_survives_its_round_trip_through_json_unchanged():
    adapter = TypeAdapter(ScoreResult)
    assert adapter.validate_json(adapter.dump_json(result())) == result()


def breach_facts() -> RiskFacts:
    failed = replace(FACTS.solutions[0], test_result="failed")
    return replace(FACTS, solutions=(failed,))


@pytest.mark.parametrize("first", ["within", "watch"])
def test_a_breach_is_announced_once_and_restored_only_back_within_appetite(first):
    score = RiskScore.unscored(FACTS.risk_id)
    lower = replace(FACTS, assessment=replace(FACTS.assessment, likelihood=2))
    score.update(result(lower if first == "within" else FACTS), CAUSE, NOW)
    assert score.appetite_status == first

    score.update(result(breach_facts()), CAUSE, NOW)  # 4 x 4 = 16 > 12
    breached = score.events[-1]
    assert isinstance(breached, AppetiteBreached)
    assert (breached.status, breached.previous_status, breached.residual_score) == (
        "breach",
        first,
        16,
    )
    assert (breached.appetite, breached.tolerance, breached.appetite_division_id) == (
        6,
        12,
        "division",
    )

    worse = replace(breach_facts(), assessment=replace(FACTS.assessment, likelihood=5))
    score.update(result(worse), CAUSE, NOW)  # still in breach: nothing more to say
    assert isinstance(score.events[-1], RiskScored)

    score.update(result(), CAUSE, NOW)  # 8: back to watch, still above the appetite
    assert isinstance(score.events[-1], RiskScored)  # issue 12: this announced a restore
    assert score.in_breach

    lower = replace(FACTS, assessment=replace(FACTS.assessment, likelihood=2))
    score.update(result(lower), CAUSE, NOW)  # 1 x 4 = 4: within, below 6 - 1
    restored = score.events[-1]
    assert isinstance(restored, AppetiteRestored)
    assert (restored.status, restored.previous_status, restored.residual_score) == (
        "within",
        "watch",
        4,
    )
    assert not score.in_breach
    for event in (breached, restored):
        envelope = Envelope.wrap(event, producer="metrics-scoring", context=MessageContext.new())
        default_contracts().validate(envelope.source, envelope.detail_type, envelope.detail)


def test_a_first_score_in_breach_is_a_breach():
    score = RiskScore.unscored(FACTS.risk_id)
    score.update(result(breach_facts()), CAUSE, NOW)
    assert [type(e).__name__ for e in score.events] == ["RiskScored", "AppetiteBreached"]
    assert score.events[-1].previous_status is None


def test_review_is_overdue_the_day_after_it_was_due():
    score = RiskScore.unscored(FACTS.risk_id)
    score.update(result(), CAUSE, NOW)
    assert score.result is not None
    due = score.result.next_review_due
    assert due == date(2027, 5, 19)  # 180 days after 2026-11-20, for a medium residual
    assert not score.review_overdue(due)
    assert score.review_overdue(date.fromordinal(due.toordinal() + 1))


@pytest.mark.parametrize(
    ("baseline", "trend"), [(None, "stable"), (8, "stable"), (12, "improving"), (4, "worsening")]
)
def test_a_score_moves_against_its_baseline(baseline, trend):
    score = RiskScore.unscored(FACTS.risk_id)
    score.update(result(), CAUSE, NOW)  # current residual 8
    score.trend_baseline = baseline
    assert score.trend == trend
