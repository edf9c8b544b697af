"""risk-intake's use cases with in-memory repositories: the rules, and the events they
raise, each checked against its published contract."""

from __future__ import annotations

import pytest

from risk_intake.domain import commands
from risk_intake.domain.model import Assessment, Category, Division, Risk
from risk_intake.service_layer import handlers
from riskplatform.contracts import default_contracts
from riskplatform.errors import Conflict, InvalidInput, NotFound
from riskplatform.events import Envelope, MessageContext


class FakeDivisions:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow, self.rows = uow, {}

    def add(self, division: Division) -> None:
        self.rows[division.id] = division
        self.uow.seen.append(division)

    def get(self, division_id: str) -> Division | None:
        return self.rows.get(division_id)

    def code_taken(self, code: str) -> bool:
        return any(d.code == code for d in self.rows.values())


class FakeRisks:
    def __init__(self, uow: FakeUnitOfWork) -> None:
        self.uow, self.rows, self.assessments = uow, {}, []

    def add(self, risk: Risk) -> None:
        self.rows[risk.id] = risk
        self.uow.seen.append(risk)

    def get(self, risk_id: str, *, for_update: bool = False) -> Risk | None:
        risk = self.rows.get(risk_id)
        if risk is not None:
            self.uow.seen.append(risk)
        return risk

    def save_assessment(self, risk: Risk, assessment: Assessment) -> None:
        self.assessments.append((risk.id, risk.version, assessment))


class FakeUnitOfWork:
    """Keeps state in memory; on commit, wraps and contract-checks the raised events."""

    def __init__(self) -> None:
        self.divisions = FakeDivisions(self)
        self.risks = FakeRisks(self)
        self.seen: list = []
        self.published: list[Envelope] = []
        self.commits = 0

    def __enter__(self) -> FakeUnitOfWork:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.seen = []

    def commit(self) -> None:
        self.commits += 1
        for aggregate in self.seen:
            for event in aggregate.events:
                envelope = Envelope.wrap(
                    event, producer="risk-intake", context=MessageContext.new()
                )
                default_contracts().validate(envelope.source, envelope.detail_type, envelope.detail)
                self.published.append(envelope)
            aggregate.events.clear()


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


def register(uow: FakeUnitOfWork, code: str = "REAG", parent: str | None = None) -> Division:
    return handlers.register_division(
        commands.RegisterDivision(code, f"Division {code}", parent), uow
    )


def capture(uow: FakeUnitOfWork, division: Division) -> Risk:
    return handlers.capture_risk(
        commands.CaptureRisk(
            division.id,
            "Cold-chain excursion in EU distribution",
            "Temperature loggers show excursions on summer routes.",
            Category.SUPPLY_CHAIN,
            "qa.lead@example.com",
        ),
        uow,
    )


def detail_types(uow: FakeUnitOfWork) -> list[str]:
    return [e.detail_type for e in uow.published]


def test_a_division_joins_the_tree_under_its_parent(uow):
    parent = register(uow, "LIFE")
    child = register(uow, "REAG", parent.id)

    assert child.parent_id == parent.id
    assert detail_types(uow) == ["DivisionRegistered", "DivisionRegistered"]
    assert uow.published[1].data["parent_id"] == parent.id
    assert uow.published[1].metadata.division_id == child.id


def test_an_unknown_parent_is_refused_naming_the_field(uow):
    with pytest.raises(InvalidInput) as refused:
        register(uow, "REAG", "7c1c1c55-0000-4000-8000-000000000000")
    assert refused.value.field == "parentId"
    assert uow.commits == 0


def test_a_division_code_is_unique(uow):
    register(uow, "REAG")
    with pytest.raises(Conflict) as refused:
        register(uow, "REAG")
    assert refused.value.field == "code"


def test_a_captured_risk_starts_as_a_draft_at_version_1(uow):
    risk = capture(uow, register(uow))

    assert (risk.status, risk.version) == ("draft", 1)
    captured = uow.published[-1]
    assert captured.detail_type == "RiskCaptured"
    assert captured.metadata.aggregate_id == risk.id
    assert captured.metadata.aggregate_version == 1
    assert captured.data["category"] == "supply_chain"


def test_a_risk_needs_an_existing_division(uow):
    ghost = Division("00000000-0000-4000-8000-000000000000", "X", "Ghost", None, 1)
    with pytest.raises(InvalidInput) as refused:
        capture(uow, ghost)
    assert refused.value.field == "divisionId"


def test_each_assessment_raises_the_risk_version_and_keeps_history(uow):
    risk = capture(uow, register(uow))
    for likelihood in (2, 4):
        handlers.assess_risk(
            commands.AssessRisk(risk.id, likelihood, {"safety": 5, "financial": 2}, "a@x.com"), uow
        )

    assert risk.version == 3
    assert [version for _, version, _ in uow.risks.assessments] == [2, 3]
    assessed = [e for e in uow.published if e.detail_type == "RiskAssessed"]
    assert [e.metadata.aggregate_version for e in assessed] == [2, 3]
    assert assessed[-1].data["impact"] == {"safety": 5, "financial": 2}


@pytest.mark.parametrize(
    ("likelihood", "impact", "field"),
    [
        (0, {"safety": 3}, "likelihood"),
        (6, {"safety": 3}, "likelihood"),
        (3, {}, "impact"),
        (3, {"weather": 3}, "impact"),
        (3, {"safety": 9}, "impact.safety"),
    ],
)
def test_an_assessment_outside_the_scales_is_refused(uow, likelihood, impact, field):
    risk = capture(uow, register(uow))
    with pytest.raises(InvalidInput) as refused:
        handlers.assess_risk(commands.AssessRisk(risk.id, likelihood, impact, "a@x.com"), uow)
    assert refused.value.field == field
    assert risk.version == 1


def test_assessing_an_unknown_risk_is_not_found(uow):
    with pytest.raises(NotFound):
        handlers.assess_risk(
            commands.AssessRisk(
                "00000000-0000-4000-8000-000000000000", 3, {"safety": 3}, "a@x.com"
            ),
            uow,
        )
