"""Risks: capture, the status workflow, changes and their events and audit entries,
assessments, links, retirement, and optimistic concurrency. Pure domain logic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from risk_intake.domain.base import StaleVersion
from risk_intake.domain.risks import (
    TRANSITIONS,
    Assessment,
    Category,
    IllegalTransition,
    Risk,
    RiskStatus,
    Treatment,
)
from riskplatform.errors import Conflict, InvalidInput, NotFound
from tests.unit.risk_intake.factories import ACTOR, NOW, division, published, risk, solution

IN_A_YEAR = NOW.date() + timedelta(days=365)


def assessment(**fields) -> Assessment:
    return Assessment(
        **{
            "id": "a1",
            "likelihood": 3,
            "impact": {"safety": 2},
            "assessed_by": ACTOR,
            "assessed_at": NOW,
            "justification": None,
            **fields,
        }
    )


def test_a_captured_risk_is_a_draft_at_version_1_with_its_event_and_audit():
    where = division()
    captured = Risk.capture(
        where,
        {
            "title": "Taq supply",
            "description": "one supplier",
            "category": Category.SUPPLY_CHAIN,
            "owner_email": "a@x.com",
            "tags": ("pcr", "dual", "pcr"),
        },
        ACTOR,
        NOW,
    )

    assert (captured.status, captured.version, captured.tags) == ("draft", 1, ("dual", "pcr"))
    [envelope] = published(*captured.events)
    assert envelope.detail_type == "RiskCaptured"
    assert (envelope.metadata.aggregate_id, envelope.metadata.division_id) == (
        captured.id,
        where.id,
    )
    assert envelope.data["tags"] == ["dual", "pcr"]
    trail = [(e.field, e.old, e.new) for e in captured.audit]
    assert ("status", None, "draft") in trail
    assert ("tags", None, ["dual", "pcr"]) in trail
    assert ("division_id", None, where.id) in trail
    assert {e.action for e in captured.audit} == {"captured"}


def test_a_retired_division_takes_no_new_risk():
    retired = division()
    retired.retired = True
    with pytest.raises(Conflict) as refused:
        risk(retired)
    assert refused.value.field == "divisionId"


@pytest.mark.parametrize("current", list(RiskStatus))
@pytest.mark.parametrize("wanted", list(RiskStatus))
def test_the_workflow_allows_only_its_transitions(current, wanted):
    if current == wanted:
        return
    subject = risk(status=current)
    if wanted in TRANSITIONS[current]:
        if wanted == RiskStatus.ACCEPTED:  # accepting needs an acceptance (ADR 27)
            terms = {"rationale": "Within the benefit-risk file.", "expires_on": IN_A_YEAR}
            changes = {"status": wanted, "acceptance": terms}
            assert subject.change(changes, ACTOR, NOW) == ["status", "acceptance"]
        else:  # leaving accepted ends the acceptance
            ended = ["acceptance"] if current == RiskStatus.ACCEPTED else []
            assert subject.change({"status": wanted}, ACTOR, NOW) == ["status", *ended]
        assert (subject.status, subject.version) == (wanted, 2)
    else:
        with pytest.raises(IllegalTransition) as refused:
            subject.change({"status": wanted}, ACTOR, NOW)
        assert refused.value.field == "status"
        assert refused.value.allowed == TRANSITIONS[current]
        assert (subject.status, subject.version, subject.events) == (current, 1, [])


def test_the_workflow_leads_from_draft_to_accepted_or_closed():
    assert TRANSITIONS[RiskStatus.DRAFT] == (RiskStatus.OPEN,)
    assert RiskStatus.MITIGATING in TRANSITIONS[RiskStatus.OPEN]
    assert {RiskStatus.ACCEPTED, RiskStatus.CLOSED} <= set(TRANSITIONS[RiskStatus.MITIGATING])


def test_a_change_raises_risk_changed_with_the_whole_state_and_audits_each_field():
    subject = risk()

    changed = subject.change(
        {
            "status": RiskStatus.OPEN,
            "treatment": Treatment.MITIGATE,
            "review_due": date(2027, 2, 28),
            "title": subject.title,  # the same: not a change
        },
        "rim@example.com",
        NOW,
    )

    assert changed == ["status", "treatment", "review_due"]
    [envelope] = published(*subject.events)
    assert envelope.detail_type == "RiskChanged"
    assert envelope.metadata.aggregate_version == 2
    assert envelope.data["changed"] == changed
    assert envelope.data["review_due"] == "2027-02-28"
    assert envelope.data["previous_division_id"] is None
    assert [(e.field, e.old, e.new, e.actor, e.entity_version) for e in subject.audit] == [
        ("status", "draft", "open", "rim@example.com", 2),
        ("treatment", None, "mitigate", "rim@example.com", 2),
        ("review_due", None, "2027-02-28", "rim@example.com", 2),
    ]


def test_a_change_to_the_same_values_changes_nothing():
    subject = risk(tags=("pcr", "qc"))

    assert subject.change({"tags": ("qc", "pcr"), "title": subject.title}, ACTOR, NOW) == []
    assert (subject.version, subject.events, subject.audit) == (1, [], [])


def test_moving_a_risk_names_the_division_it_left():
    origin, target = division("REAG"), division("INST")
    subject = risk(origin)

    subject.change({"division_id": target.id}, ACTOR, NOW, division=target)

    [envelope] = published(*subject.events)
    assert envelope.data["previous_division_id"] == origin.id
    assert envelope.metadata.division_id == target.id


def test_a_risk_moves_only_into_a_known_active_division():
    subject, target = risk(), division("INST")
    with pytest.raises(InvalidInput):
        subject.change({"division_id": target.id}, ACTOR, NOW)
    target.retired = True
    with pytest.raises(Conflict):
        subject.change({"division_id": target.id}, ACTOR, NOW, division=target)
    assert subject.version == 1


def test_a_retired_risk_changes_no_more():
    subject = risk()
    subject.retire(ACTOR, NOW)

    [envelope] = published(*subject.events)
    assert (envelope.data["changed"], envelope.data["retired"]) == (["retired"], True)
    for attempt in (
        lambda: subject.change({"status": RiskStatus.OPEN}, ACTOR, NOW),
        lambda: subject.retire(ACTOR, NOW),
        lambda: subject.assess(assessment()),
        lambda: subject.link(solution(), ACTOR, NOW),
    ):
        with pytest.raises(Conflict):
            attempt()
    assert subject.version == 2


def test_a_change_against_another_version_is_stale():
    subject = risk()
    subject.expect_version(1)
    with pytest.raises(StaleVersion) as stale:
        subject.expect_version(2)
    assert (stale.value.status, stale.value.field, stale.value.location) == (
        412,
        "If-Match",
        "header",
    )


def test_an_assessment_raises_the_version_and_carries_its_fmea_inputs():
    subject = risk()
    subject.assess(assessment(fmea={"severity": 7, "occurrence": 4, "detection": 3}))

    [envelope] = published(*subject.events)
    assert envelope.data["fmea"] == {"severity": 7, "occurrence": 4, "detection": 3}
    assert envelope.metadata.aggregate_version == subject.version == 2
    [entry] = subject.audit
    assert (entry.action, entry.new["likelihood"]) == ("assessed", 3)


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"likelihood": 0}, "likelihood"),
        ({"likelihood": 6}, "likelihood"),
        ({"impact": {}}, "impact"),
        ({"impact": {"weather": 3}}, "impact"),
        ({"impact": {"safety": 9}}, "impact.safety"),
        ({"fmea": {"severity": 3, "occurrence": 3}}, "fmea"),
        ({"fmea": {"severity": 0, "occurrence": 3, "detection": 3}}, "fmea.severity"),
        ({"fmea": {"severity": 3, "occurrence": 11, "detection": 3}}, "fmea.occurrence"),
    ],
)
def test_an_assessment_outside_its_scales_is_refused(fields, field):
    with pytest.raises(InvalidInput) as refused:
        assessment(**fields)
    assert refused.value.field == field


def test_linking_and_unlinking_raise_the_risk_version_and_their_events():
    subject, control = risk(), solution()

    subject.link(control, ACTOR, NOW)
    subject.unlink(control.id, ACTOR, NOW)

    linked, unlinked = published(*subject.events)
    assert (linked.detail_type, unlinked.detail_type) == ("SolutionLinked", "SolutionUnlinked")
    assert (linked.metadata.aggregate_id, linked.metadata.aggregate_version) == (subject.id, 2)
    assert unlinked.data["risk_version"] == subject.version == 3
    assert [(e.action, e.old, e.new) for e in subject.audit] == [
        ("linked", None, control.id),
        ("unlinked", control.id, None),
    ]


def test_a_link_is_made_once_and_only_to_a_live_solution():
    subject, control = risk(), solution()
    subject.link(control, ACTOR, NOW)
    with pytest.raises(Conflict):
        subject.link(control, ACTOR, NOW)
    with pytest.raises(NotFound) as not_linked:
        subject.unlink("not-linked", ACTOR, NOW)
    assert (not_linked.value.field, not_linked.value.location) == ("solution_id", "path")
    retired = solution()
    retired.retire(ACTOR, NOW)
    with pytest.raises(Conflict) as refused:
        subject.link(retired, ACTOR, NOW)
    assert refused.value.field == "solutionId"
    assert subject.version == 2


@pytest.mark.parametrize("category", [Category.PRODUCT_SAFETY, Category.EHS])
def test_a_safety_risk_is_assessed_with_a_safety_rating(category):
    subject = risk(category=category)
    with pytest.raises(InvalidInput) as refused:
        subject.assess(assessment(impact={"regulatory": 4}))
    assert refused.value.field == "impact.safety"
    assert (subject.version, subject.events) == (1, [])
    subject.assess(assessment(impact={"regulatory": 4, "safety": 1}))
    risk().assess(assessment(impact={"regulatory": 4}))  # supply chain: safety optional


@pytest.mark.parametrize(
    ("severity", "impact", "justification", "refused"),
    [
        (9, {"safety": 3}, None, True),
        (10, {"regulatory": 5}, "  ", True),
        (10, {"safety": 3}, "Worst case is a delayed result.", False),
        (9, {"safety": 4}, None, False),
        (8, {"safety": 1}, None, False),
    ],
)
def test_fmea_severity_9_to_10_with_a_low_safety_impact_needs_a_justification(
    severity, impact, justification, refused
):
    fields = {
        "impact": impact,
        "fmea": {"severity": severity, "occurrence": 3, "detection": 3},
        "justification": justification,
    }
    if refused:
        with pytest.raises(InvalidInput) as error:
            assessment(**fields)
        assert error.value.field == "justification"
    else:
        assessment(**fields)


TERMS = {"rationale": "Residual risk is within the benefit-risk file.", "expires_on": IN_A_YEAR}


def test_accepting_records_who_when_why_and_until_when_and_announces_it():
    subject = risk(status=RiskStatus.MITIGATING)
    assert subject.change({"status": RiskStatus.ACCEPTED, "acceptance": TERMS}, ACTOR, NOW) == [
        "status",
        "acceptance",
    ]
    assert subject.acceptance is not None
    assert (subject.acceptance.accepted_by, subject.acceptance.expires_on) == (ACTOR, IN_A_YEAR)
    [envelope] = published(*subject.events)
    assert envelope.data["acceptance"] == {
        "accepted_by": ACTOR,
        "accepted_at": "2026-11-20T09:30:00.000Z",
        "rationale": TERMS["rationale"],
        "expires_on": IN_A_YEAR.isoformat(),
    }
    assert [e.field for e in subject.audit] == ["status", "acceptance"]


def test_accepting_without_terms_holds_a_year_and_leaving_accepted_ends_it():
    subject = risk(status=RiskStatus.OPEN)
    subject.change({"status": RiskStatus.ACCEPTED}, ACTOR, NOW)
    assert subject.acceptance is not None
    assert (subject.acceptance.rationale, subject.acceptance.expires_on) == (None, IN_A_YEAR)
    assert subject.change({"status": RiskStatus.MITIGATING}, ACTOR, NOW) == ["status", "acceptance"]
    assert subject.acceptance is None
    assert published(*subject.events)[-1].data["acceptance"] is None


def test_an_acceptance_is_renewed_while_accepted_and_the_same_terms_change_nothing():
    subject = risk(status=RiskStatus.OPEN)
    subject.change({"status": RiskStatus.ACCEPTED, "acceptance": TERMS}, ACTOR, NOW)
    assert subject.change({"acceptance": TERMS}, ACTOR, NOW) == []
    later = {"rationale": "Reviewed again.", "expires_on": IN_A_YEAR + timedelta(days=90)}
    assert subject.change({"acceptance": later}, ACTOR, NOW) == ["acceptance"]
    assert subject.acceptance is not None and subject.acceptance.rationale == "Reviewed again."


@pytest.mark.parametrize(
    ("status", "terms", "field"),
    [
        (RiskStatus.CLOSED, TERMS, "acceptance"),  # terms go with the accepted status only
        (RiskStatus.ACCEPTED, TERMS | {"rationale": "  "}, "acceptance.rationale"),
        (RiskStatus.ACCEPTED, TERMS | {"expires_on": NOW.date()}, "acceptance.expiresOn"),
        (
            RiskStatus.ACCEPTED,
            TERMS | {"expires_on": NOW.date() + timedelta(days=4 * 365)},
            "acceptance.expiresOn",
        ),
    ],
)
def test_bad_acceptance_terms_are_refused_naming_the_field(status, terms, field):
    subject = risk(status=RiskStatus.OPEN)
    with pytest.raises(InvalidInput) as refused:
        subject.change({"status": status, "acceptance": terms}, ACTOR, NOW)
    assert refused.value.field == field
    assert (subject.status, subject.version, subject.acceptance) == (RiskStatus.OPEN, 1, None)


def test_a_risk_captured_as_accepted_is_accepted_for_a_year():
    subject = Risk.capture(
        division(),
        {
            "title": "Legacy accepted risk",
            "description": "Imported from the old register.",
            "category": Category.OPERATIONAL,
            "owner_email": "a@x.com",
            "status": RiskStatus.ACCEPTED,
        },
        ACTOR,
        NOW,
    )
    assert subject.acceptance is not None
    assert (subject.acceptance.accepted_by, subject.acceptance.expires_on) == (ACTOR, IN_A_YEAR)
    [envelope] = published(*subject.events)
    assert envelope.data["acceptance"]["expires_on"] == IN_A_YEAR.isoformat()
