"""The scoring API's response bodies (camelCase on the wire)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from metrics_scoring.domain.model import RiskScore
from riskplatform.api import ApiModel


class InherentOut(ApiModel):
    likelihood: int
    impact: int
    score: int
    level: str


class ModelOut(ApiModel):
    model_id: str
    version: int


class InputsOut(ApiModel):
    assessment_id: str
    risk_version: int
    likelihood: int
    impact: dict[str, int]


class CauseOut(ApiModel):
    event_id: str
    detail_type: str


class HistoryOut(ApiModel):
    score_version: int
    score: int
    level: str
    scored_at: datetime
    cause: CauseOut

    @classmethod
    def of(cls, score: RiskScore) -> HistoryOut:
        return cls(
            score_version=score.score_version,
            score=score.inherent.score,
            level=score.inherent.level,
            scored_at=score.scored_at,
            cause=CauseOut(**asdict(score.cause)),
        )


class ScoreOut(ApiModel):
    risk_id: str
    division_id: str
    score_version: int
    inherent: InherentOut
    model: ModelOut
    inputs: InputsOut
    scored_at: datetime
    history: list[HistoryOut]

    @classmethod
    def of(cls, score: RiskScore, history: list[RiskScore]) -> ScoreOut:
        return cls(
            risk_id=score.risk_id,
            division_id=score.division_id,
            score_version=score.score_version,
            inherent=InherentOut(**asdict(score.inherent)),
            model=ModelOut(**asdict(score.model)),
            inputs=InputsOut(**asdict(score.inputs)),
            scored_at=score.scored_at,
            history=[HistoryOut.of(past) for past in history],
        )
