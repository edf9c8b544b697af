"""MySQL repositories of metrics-scoring. They run on the unit of work's cursor."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC
from typing import Any

from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.domain.scoring import InherentScore, Inputs, ModelRef, ScoringModel

Track = Callable[[Any], None]

# risk_scores holds each risk's current score; score_history every score it had.
# Both tables have these columns, in the order ``_values`` gives them.
SCORE_FIELDS = (
    "risk_id",
    "division_id",
    "score_version",
    "last_input_version",
    "assessment_id",
    "likelihood",
    "impact_ratings",
    "impact",
    "score",
    "level",
    "model_id",
    "model_version",
    "cause_event_id",
    "cause_detail_type",
    "scored_at",
)
SCORE_COLUMNS = ", ".join(SCORE_FIELDS)
SCORE_MARKS = ", ".join(["%s"] * len(SCORE_FIELDS))
SCORE_ASSIGNMENTS = ", ".join(f"{field} = %s" for field in SCORE_FIELDS)


class SqlScoringModelRepository:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def latest(self, model_id: str) -> ScoringModel:
        self.cursor.execute(
            "SELECT model_id, version, definition FROM scoring_models"
            " WHERE model_id = %s ORDER BY version DESC LIMIT 1",
            (model_id,),
        )
        row = self.cursor.fetchone()
        if row is None:
            raise LookupError(f"no scoring model {model_id!r} is published")
        return ScoringModel.from_definition(
            row["model_id"], row["version"], json.loads(row["definition"])
        )


class SqlRiskScoreRepository:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, score: RiskScore) -> None:
        self.cursor.execute(
            f"INSERT INTO risk_scores ({SCORE_COLUMNS}) VALUES ({SCORE_MARKS})", _values(score)
        )
        self._append_history(score)
        self.track(score)

    def get(self, risk_id: str, *, for_update: bool = False) -> RiskScore | None:
        lock = " FOR UPDATE" if for_update else ""
        self.cursor.execute(
            f"SELECT {SCORE_COLUMNS} FROM risk_scores WHERE risk_id = %s{lock}", (risk_id,)
        )
        row = self.cursor.fetchone()
        if row is None:
            return None
        score = _score(row)
        self.track(score)
        return score

    def save(self, score: RiskScore) -> None:
        self.cursor.execute(
            f"UPDATE risk_scores SET {SCORE_ASSIGNMENTS} WHERE risk_id = %s",
            (*_values(score), score.risk_id),
        )
        self._append_history(score)

    def history(self, risk_id: str) -> list[RiskScore]:
        self.cursor.execute(
            f"SELECT {SCORE_COLUMNS} FROM score_history WHERE risk_id = %s"
            " ORDER BY score_version DESC",
            (risk_id,),
        )
        return [_score(row) for row in self.cursor.fetchall()]

    def _append_history(self, score: RiskScore) -> None:
        self.cursor.execute(
            f"INSERT INTO score_history ({SCORE_COLUMNS}) VALUES ({SCORE_MARKS})", _values(score)
        )


def _values(score: RiskScore) -> tuple[Any, ...]:
    return (
        score.risk_id,
        score.division_id,
        score.score_version,
        score.last_input_version,
        score.inputs.assessment_id,
        score.inputs.likelihood,
        json.dumps(score.inputs.impact),
        score.inherent.impact,
        score.inherent.score,
        score.inherent.level,
        score.model.model_id,
        score.model.version,
        score.cause.event_id,
        score.cause.detail_type,
        score.scored_at,
    )


def _score(row: dict[str, Any]) -> RiskScore:
    return RiskScore(
        risk_id=row["risk_id"],
        division_id=row["division_id"],
        score_version=row["score_version"],
        inputs=Inputs(
            assessment_id=row["assessment_id"],
            risk_version=row["last_input_version"],
            likelihood=row["likelihood"],
            impact=json.loads(row["impact_ratings"]),
        ),
        model=ModelRef(row["model_id"], row["model_version"]),
        inherent=InherentScore(row["likelihood"], row["impact"], row["score"], row["level"]),
        cause=Cause(row["cause_event_id"], row["cause_detail_type"]),
        scored_at=row["scored_at"].replace(tzinfo=UTC),  # DATETIME holds UTC without a zone
    )
