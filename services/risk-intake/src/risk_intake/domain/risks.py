"""Risks: their fields, their status workflow, their assessments and their links to the
solutions that answer them. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any, TypedDict

from risk_intake.domain.base import Aggregate, new_id
from risk_intake.domain.divisions import Division
from risk_intake.domain.events import (
    RiskAssessed,
    RiskCaptured,
    RiskChanged,
    SolutionLinked,
    SolutionUnlinked,
)
from risk_intake.domain.solutions import Solution
from riskplatform.errors import Conflict, InvalidInput, NotFound
from riskplatform.timestamps import iso
from riskplatform.vocabulary import SAFETY_CATEGORIES, Category

# The safety guard (ADR 29): SAFETY_CATEGORIES are always rated for safety, and an FMEA
# severity of 9-10 with a safety impact below 4 (or none) needs a justification.
SEVERE_FMEA_SEVERITY = 9
SEVERE_SAFETY_IMPACT = 4


class RiskStatus(StrEnum):
    DRAFT = "draft"
    OPEN = "open"
    MITIGATING = "mitigating"
    ACCEPTED = "accepted"
    CLOSED = "closed"


class Treatment(StrEnum):
    MITIGATE = "mitigate"
    ACCEPT = "accept"
    AVOID = "avoid"
    TRANSFER = "transfer"


# The workflow: draft -> open -> mitigating -> accepted | closed, with the ways back a
# review needs (a closed risk reopens; an accepted one may need mitigating after all).
TRANSITIONS: Mapping[RiskStatus, tuple[RiskStatus, ...]] = {
    RiskStatus.DRAFT: (RiskStatus.OPEN,),
    RiskStatus.OPEN: (RiskStatus.MITIGATING, RiskStatus.ACCEPTED, RiskStatus.CLOSED),
    RiskStatus.MITIGATING: (RiskStatus.OPEN, RiskStatus.ACCEPTED, RiskStatus.CLOSED),
    RiskStatus.ACCEPTED: (RiskStatus.OPEN, RiskStatus.MITIGATING, RiskStatus.CLOSED),
    RiskStatus.CLOSED: (RiskStatus.OPEN,),
}

IMPACT_DIMENSIONS = ("safety", "regulatory", "financial", "supply", "reputation")
SCALE = range(1, 6)
FMEA_FACTORS = ("severity", "occurrence", "detection")
FMEA_SCALE = range(1, 11)


def tag_set(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags are a set: stored and compared sorted, each once."""
    return tuple(sorted(set(tags)))


class IllegalTransition(Conflict):
    def __init__(self, current: RiskStatus, wanted: RiskStatus) -> None:
        allowed = ", ".join(TRANSITIONS[current]) or "nothing"
        super().__init__(
            f"a risk in status {current} cannot become {wanted}; it can become: {allowed}",
            field="status",
        )
        self.allowed = TRANSITIONS[current]


class AcceptanceTerms(TypedDict):
    """What a risk manager states when accepting a risk: why, and until when."""

    rationale: str
    expires_on: date


class RiskChanges(TypedDict, total=False):
    """The fields a change sets; a field left out stays as it is."""

    title: str
    description: str
    category: Category
    owner_email: str
    status: RiskStatus
    treatment: Treatment | None
    review_due: date | None
    tags: tuple[str, ...]
    division_id: str
    acceptance: AcceptanceTerms  # with status accepted (or to renew an acceptance)


# A formal acceptance holds for a limited time, at most this long, and this long when the
# one accepting gives no expiry (ADR 27).
MAX_ACCEPTANCE = timedelta(days=3 * 366)
DEFAULT_ACCEPTANCE = timedelta(days=365)


@dataclass(frozen=True)
class Acceptance:
    """A risk formally accepted: by whom (a risk manager or above), when, why, and until
    when. When it expires the risk is back in review and in the breach lists."""

    accepted_by: str
    accepted_at: datetime
    rationale: str | None  # None: accepted without one (a client that sends no terms)
    expires_on: date

    @classmethod
    def given(cls, terms: AcceptanceTerms, actor: str, now: datetime) -> Acceptance:
        rationale, expires_on = terms["rationale"].strip(), terms["expires_on"]
        if not rationale:
            raise InvalidInput("say why the risk is accepted", field="acceptance.rationale")
        if not now.date() < expires_on <= (now + MAX_ACCEPTANCE).date():
            raise InvalidInput(
                f"an acceptance expires after today and within {MAX_ACCEPTANCE.days} days",
                field="acceptance.expiresOn",
            )
        return cls(actor, now, rationale, expires_on)

    @classmethod
    def by_default(cls, actor: str, now: datetime) -> Acceptance:
        return cls(actor, now, None, (now + DEFAULT_ACCEPTANCE).date())

    def published(self) -> dict[str, str | None]:
        return {
            "accepted_by": self.accepted_by,
            "accepted_at": iso(self.accepted_at),
            "rationale": self.rationale,
            "expires_on": self.expires_on.isoformat(),
        }


@dataclass(frozen=True)
class Assessment:
    """One assessment: immutable history. ``fmea`` holds severity, occurrence and
    detection (1-10) when the risk is a product or process risk."""

    id: str
    likelihood: int
    impact: dict[str, int]
    assessed_by: str
    assessed_at: datetime
    justification: str | None
    fmea: dict[str, int] | None = None

    def __post_init__(self) -> None:
        if self.likelihood not in SCALE:
            raise InvalidInput("likelihood must be between 1 and 5", field="likelihood")
        if not self.impact:
            raise InvalidInput("rate at least one impact dimension", field="impact")
        for dimension, rating in self.impact.items():
            if dimension not in IMPACT_DIMENSIONS:
                raise InvalidInput(f"unknown impact dimension {dimension!r}", field="impact")
            if rating not in SCALE:
                raise InvalidInput(
                    "impact ratings are between 1 and 5", field=f"impact.{dimension}"
                )
        if self.fmea is not None:
            if set(self.fmea) != set(FMEA_FACTORS):
                raise InvalidInput("fmea needs severity, occurrence and detection", field="fmea")
            for factor, rating in self.fmea.items():
                if rating not in FMEA_SCALE:
                    raise InvalidInput("FMEA ratings are between 1 and 10", field=f"fmea.{factor}")
            safety = self.impact.get("safety")
            if (
                self.fmea["severity"] >= SEVERE_FMEA_SEVERITY
                and (safety is None or safety < SEVERE_SAFETY_IMPACT)
                and not (self.justification or "").strip()
            ):
                raise InvalidInput(
                    f"FMEA severity {self.fmea['severity']} is a safety or regulatory effect:"
                    f" with a safety impact below {SEVERE_SAFETY_IMPACT}"
                    f" ({'not rated' if safety is None else safety}), say why in a"
                    " justification",
                    field="justification",
                )

    def inputs(self) -> dict[str, Any]:
        return {
            "assessment_id": self.id,
            "likelihood": self.likelihood,
            "impact": dict(self.impact),
            "fmea": dict(self.fmea) if self.fmea else None,
        }


@dataclass(kw_only=True)
class Risk(Aggregate):
    entity_type = "risk"

    division_id: str
    title: str
    description: str
    category: Category
    owner_email: str
    status: RiskStatus
    treatment: Treatment | None
    review_due: date | None
    tags: tuple[str, ...]
    captured_at: datetime
    updated_at: datetime
    retired: bool = False
    acceptance: Acceptance | None = None  # set while formally accepted
    solution_ids: set[str] = field(default_factory=set)
    latest_assessment: Assessment | None = None

    @property
    def next_statuses(self) -> tuple[RiskStatus, ...]:
        """The statuses the workflow lets it move to now (none once retired)."""
        return () if self.retired else TRANSITIONS[self.status]

    @classmethod
    def capture(
        cls,
        division: Division,
        fields: RiskChanges,
        actor: str,
        now: datetime,
    ) -> Risk:
        """A new risk in ``division``, as a draft unless ``fields`` says otherwise (an
        import may bring a risk that is already open)."""
        division.ensure_active(field="divisionId")
        risk = cls(
            id=new_id(),
            version=1,
            division_id=division.id,
            title=fields["title"],
            description=fields["description"],
            category=fields["category"],
            owner_email=fields["owner_email"],
            status=fields.get("status", RiskStatus.DRAFT),
            treatment=fields.get("treatment"),
            review_due=fields.get("review_due"),
            tags=tag_set(fields.get("tags", ())),
            captured_at=now,
            updated_at=now,
        )
        if risk.status == RiskStatus.ACCEPTED:  # captured (imported) as accepted: a year
            risk.acceptance = Acceptance.by_default(actor, now)
        risk.events.append(RiskCaptured(**risk._published(), captured_at=iso(now)))
        risk.record(
            "captured", {name: (None, value) for name, value in risk.state().items()}, actor, now
        )
        return risk

    def state(self) -> dict[str, Any]:
        """The fields a change may touch, by name."""
        return {
            "division_id": self.division_id,
            "title": self.title,
            "description": self.description,
            "category": self.category,
            "owner_email": self.owner_email,
            "status": self.status,
            "treatment": self.treatment,
            "review_due": self.review_due,
            "tags": self.tags,
        }

    def ensure_live(self) -> None:
        if self.retired:
            raise Conflict("this risk is retired and no longer changes")

    def change(
        self,
        changes: RiskChanges,
        actor: str,
        now: datetime,
        division: Division | None = None,
    ) -> list[str]:
        """Apply the changes that differ from the current state; ``division`` is the
        target when ``division_id`` changes. Returns the names of the changed fields."""
        self.ensure_live()
        before = self.state()
        wanted: dict[str, Any] = dict(changes)
        terms = wanted.pop("acceptance", None)
        if "tags" in wanted:
            wanted["tags"] = tag_set(wanted["tags"])
        differing = {name: value for name, value in wanted.items() if value != before[name]}
        if "status" in differing:
            status = RiskStatus(str(differing["status"]))
            if status not in TRANSITIONS[self.status]:
                raise IllegalTransition(self.status, status)
        acceptance = self._acceptance_after(differing, terms, actor, now)
        if acceptance != self.acceptance:
            differing["acceptance"] = acceptance
        if not differing:
            return []
        if "division_id" in differing:
            if division is None or division.id != differing["division_id"]:
                raise InvalidInput("no division has this id", field="divisionId")
            division.ensure_active(field="divisionId")
        before["acceptance"] = self.acceptance
        for name, value in differing.items():
            setattr(self, name, value)
        self.version += 1
        self.updated_at = now
        self._changed(list(differing), previous_division=before["division_id"])
        self.record(
            "changed",
            {name: (_audited(before[name]), _audited(getattr(self, name))) for name in differing},
            actor,
            now,
        )
        return list(differing)

    def _acceptance_after(
        self,
        differing: Mapping[str, Any],
        terms: AcceptanceTerms | None,
        actor: str,
        now: datetime,
    ) -> Acceptance | None:
        """Accepting records an acceptance: with the terms given (why, until when), else
        for DEFAULT_ACCEPTANCE without a rationale. Terms go with the accepted status
        only, and leaving it ends the acceptance. Terms equal to the current ones change
        nothing."""
        status = RiskStatus(str(differing.get("status", self.status)))
        if status != RiskStatus.ACCEPTED:
            if terms is not None:
                raise InvalidInput(
                    "an acceptance goes with the status accepted", field="acceptance"
                )
            return None
        if terms is None:
            if "status" in differing:  # accepted with no terms: who and when, for a year
                return Acceptance.by_default(actor, now)
            return self.acceptance
        current = self.acceptance
        if (
            current is not None
            and current.rationale == terms["rationale"].strip()
            and current.expires_on == terms["expires_on"]
        ):
            return current
        return Acceptance.given(terms, actor, now)

    def retire(self, actor: str, now: datetime) -> None:
        """Risks are retired, never deleted: the history stays."""
        self.ensure_live()
        self.retired = True
        self.version += 1
        self.updated_at = now
        self._changed(["retired"], previous_division=self.division_id)
        self.record("retired", {"retired": (False, True)}, actor, now)

    def assess(self, assessment: Assessment) -> None:
        """Record a new assessment; earlier ones stay as history. A product-safety or EHS
        risk is always rated for safety (ADR 29)."""
        self.ensure_live()
        if self.category in SAFETY_CATEGORIES and "safety" not in assessment.impact:
            raise InvalidInput(
                f"a {self.category} risk needs a safety rating", field="impact.safety"
            )
        self.version += 1
        self.updated_at = assessment.assessed_at
        self.latest_assessment = assessment
        self.events.append(
            RiskAssessed(
                risk_id=self.id,
                division_id=self.division_id,
                assessment_id=assessment.id,
                likelihood=assessment.likelihood,
                impact=dict(assessment.impact),
                fmea=dict(assessment.fmea) if assessment.fmea else None,
                assessed_by=assessment.assessed_by,
                assessed_at=iso(assessment.assessed_at),
                justification=assessment.justification,
                version=self.version,
            )
        )
        self.record(
            "assessed",
            {"assessment": (None, assessment.inputs())},
            assessment.assessed_by,
            assessment.assessed_at,
        )

    def link(self, solution: Solution, actor: str, now: datetime) -> None:
        self.ensure_live()
        solution.ensure_live(field="solutionId")
        if solution.id in self.solution_ids:
            raise Conflict("this solution is already linked to this risk", field="solutionId")
        self.solution_ids.add(solution.id)
        self.version += 1
        self.updated_at = now
        self.events.append(
            SolutionLinked(
                risk_id=self.id,
                solution_id=solution.id,
                division_id=self.division_id,
                risk_version=self.version,
            )
        )
        self.record("linked", {"solutions": (None, solution.id)}, actor, now)

    def unlink(self, solution_id: str, actor: str, now: datetime) -> None:
        self.ensure_live()
        if solution_id not in self.solution_ids:
            raise NotFound(
                "this solution is not linked to this risk", field="solution_id", location="path"
            )
        self.solution_ids.discard(solution_id)
        self.version += 1
        self.updated_at = now
        self.events.append(
            SolutionUnlinked(
                risk_id=self.id,
                solution_id=solution_id,
                division_id=self.division_id,
                risk_version=self.version,
            )
        )
        self.record("unlinked", {"solutions": (solution_id, None)}, actor, now)

    def _published(self) -> dict[str, Any]:
        """The risk's state as its events carry it (RiskCaptured and RiskChanged)."""
        return {
            "risk_id": self.id,
            "division_id": self.division_id,
            "title": self.title,
            "description": self.description,
            "category": self.category.value,
            "owner_email": self.owner_email,
            "status": self.status.value,
            "treatment": self.treatment.value if self.treatment else None,
            "review_due": self.review_due.isoformat() if self.review_due else None,
            "tags": list(self.tags),
            "version": self.version,
            "acceptance": self.acceptance.published() if self.acceptance else None,
        }

    def _changed(self, changed: list[str], previous_division: str) -> None:
        self.events.append(
            RiskChanged(
                **self._published(),
                retired=self.retired,
                changed=changed,
                previous_division_id=(
                    previous_division if previous_division != self.division_id else None
                ),
            )
        )


def _audited(value: Any) -> Any:
    """An acceptance as the audit trail keeps it; other values as they are."""
    return value.published() if isinstance(value, Acceptance) else value
