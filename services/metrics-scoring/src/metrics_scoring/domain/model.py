"""A risk's score: its latest inputs, the inherent score they give, and how often it was
scored. Pure Python."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from metrics_scoring.domain.events import Cause, RiskScored
from metrics_scoring.domain.scoring import (
    InherentScore,
    Inputs,
    ModelRef,
    ScoringModel,
    inherent_score,
)
from riskplatform.events import DomainEvent


def iso(moment: datetime) -> str:
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass
class RiskScore:
    risk_id: str
    division_id: str
    score_version: int
    inputs: Inputs
    model: ModelRef
    inherent: InherentScore
    cause: Cause
    scored_at: datetime
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def last_input_version(self) -> int:
        """The risk version of the newest assessment scored so far."""
        return self.inputs.risk_version

    @classmethod
    def first(
        cls,
        risk_id: str,
        division_id: str,
        inputs: Inputs,
        model: ScoringModel,
        cause: Cause,
        now: datetime,
    ) -> RiskScore:
        inherent = inherent_score(model, inputs.likelihood, inputs.impact)
        score = cls(risk_id, division_id, 1, inputs, model.ref, inherent, cause, now)
        score._announce()
        return score

    def rescore(
        self, division_id: str, inputs: Inputs, model: ScoringModel, cause: Cause, now: datetime
    ) -> bool:
        """Score newer inputs. Inputs no newer than the last scored ones (an older
        assessment arriving late) change nothing: returns False."""
        if inputs.risk_version <= self.last_input_version:
            return False
        self.inherent = inherent_score(model, inputs.likelihood, inputs.impact)
        self.division_id = division_id
        self.inputs = inputs
        self.model = model.ref
        self.cause = cause
        self.scored_at = now
        self.score_version += 1
        self._announce()
        return True

    def _announce(self) -> None:
        self.events.append(
            RiskScored(
                risk_id=self.risk_id,
                division_id=self.division_id,
                score_version=self.score_version,
                inherent=self.inherent,
                model=self.model,
                inputs=self.inputs,
                cause=self.cause,
                scored_at=iso(self.scored_at),
            )
        )
