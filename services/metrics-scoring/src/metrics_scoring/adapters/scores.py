"""Each risk's current score and its history, on the unit of work's cursor."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from pydantic import TypeAdapter

from metrics_scoring.domain.calculation import ScoreResult
from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.model import RiskScore
from riskplatform.db import placeholders
from riskplatform.timestamps import from_db, to_db
from riskplatform.unit_of_work import Track

RESULT = TypeAdapter(ScoreResult)


HISTORY_FIELDS = (
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
    "result",
    "residual_score",
)
CURRENT_FIELDS = (
    *HISTORY_FIELDS,
    "category",
    "residual_level",
    "appetite_status",
    "next_review_due",
    "expires_on",
    "tracked",
    "in_breach",
)
SCORE_SELECT = "SELECT risk_id, score_version, cause_event_id, cause_detail_type, scored_at, result"
CURRENT_SELECT = f"{SCORE_SELECT}, in_breach"
# The current residual score at the start of the trend period: the newest score in the
# history scored by then, else the risk's first one.
BASELINE = (
    "COALESCE((SELECT h.residual_score FROM score_history h"
    " WHERE h.risk_id = risk_scores.risk_id AND h.scored_at <= %s"
    " ORDER BY h.score_version DESC LIMIT 1),"
    " (SELECT h.residual_score FROM score_history h WHERE h.risk_id = risk_scores.risk_id"
    " ORDER BY h.score_version LIMIT 1))"
)
TREND_CONDITIONS = {
    "worsening": f"residual_score > {BASELINE}",
    "improving": f"residual_score < {BASELINE}",
    "stable": f"COALESCE({BASELINE}, residual_score) = residual_score",
}


class SqlScores:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def current(self, risk_ids: Sequence[str]) -> dict[str, RiskScore]:
        if not risk_ids:
            return {}
        self.cursor.execute(
            f"{CURRENT_SELECT} FROM risk_scores WHERE risk_id IN ({placeholders(risk_ids)})",
            list(risk_ids),
        )
        return {row["risk_id"]: _score(row) for row in self.cursor.fetchall()}

    def get(self, risk_id: str, trend_since: datetime | None = None) -> RiskScore | None:
        """The risk's current score; with ``trend_since``, with its trend baseline."""
        if trend_since is None:
            return self.current([risk_id]).get(risk_id)
        self.cursor.execute(
            f"{CURRENT_SELECT}, {BASELINE} AS trend_baseline FROM risk_scores WHERE risk_id = %s",
            (to_db(trend_since), risk_id),
        )
        row = self.cursor.fetchone()
        return _score(row) if row else None

    def save(self, scores: Sequence[RiskScore]) -> None:
        """Upsert the changed scores and append each to the history."""
        rows = [_values(score) for score in scores]
        if not rows:
            return
        updates = ", ".join(f"{f} = VALUES({f})" for f in CURRENT_FIELDS[1:])
        self.cursor.executemany(
            f"INSERT INTO risk_scores ({', '.join(CURRENT_FIELDS)})"
            f" VALUES ({placeholders(CURRENT_FIELDS)}) ON DUPLICATE KEY UPDATE {updates}",
            rows,
        )
        self.cursor.executemany(
            f"INSERT INTO score_history ({', '.join(HISTORY_FIELDS)})"
            f" VALUES ({placeholders(HISTORY_FIELDS)})",
            [row[: len(HISTORY_FIELDS)] for row in rows],
        )
        for score in scores:
            self.track(score)

    def history(self, risk_id: str) -> list[RiskScore]:
        self.cursor.execute(
            f"{SCORE_SELECT} FROM score_history WHERE risk_id = %s ORDER BY score_version DESC",
            (risk_id,),
        )
        return [_score(row) for row in self.cursor.fetchall()]

    def search(
        self,
        divisions: frozenset[str] | None,
        review_due_before: date | None,
        appetite_status: str | None,
        limit: int,
        offset: int,
        trend_since: datetime | None = None,
        trend: str | None = None,
    ) -> tuple[list[RiskScore], int]:
        """A page of the current scores in risk id order, and how many match in all;
        ``divisions`` None is all. With ``trend_since``, each with its trend baseline, and
        only those with ``trend`` when it is given."""
        since = to_db(trend_since) if trend_since is not None else None
        conditions = ["result IS NOT NULL"]
        params: list[Any] = []
        if trend is not None:
            assert since is not None, "a trend is over a period"
            conditions.append(TREND_CONDITIONS[trend])
            params.extend([since])
        if divisions is not None:
            if not divisions:
                return [], 0
            conditions.append(f"division_id IN ({placeholders(list(divisions))})")
            params.extend(sorted(divisions))
        if review_due_before is not None or appetite_status is not None:
            conditions.append("tracked")  # accepted, closed and retired risks are in neither
        if review_due_before is not None:
            conditions.append("next_review_due < %s")
            params.append(review_due_before)
        if appetite_status is not None:
            conditions.append("appetite_status = %s")
            params.append(appetite_status)
        where = " AND ".join(conditions)
        select, selected = CURRENT_SELECT, []
        if since is not None:
            select, selected = f"{CURRENT_SELECT}, {BASELINE} AS trend_baseline", [since]
        self.cursor.execute(
            f"{select} FROM risk_scores WHERE {where} ORDER BY risk_id LIMIT %s OFFSET %s",
            [*selected, *params, limit, offset],
        )
        items = [_score(row) for row in self.cursor.fetchall()]
        self.cursor.execute(f"SELECT COUNT(*) AS n FROM risk_scores WHERE {where}", params)
        return items, int(self.cursor.fetchone()["n"])


def _values(score: RiskScore) -> tuple[Any, ...]:
    result, cause = score.result, score.cause
    assert result is not None and cause is not None and score.scored_at is not None
    inherent = result.inherent
    return (
        score.risk_id,
        result.division_id,
        score.score_version,
        result.inputs.risk_version,
        result.inputs.assessment_id,
        inherent.likelihood,
        json.dumps(dict(result.inputs.impact)),
        inherent.impact,
        inherent.score,
        inherent.level,
        result.model.model_id,
        result.model.version,
        cause.event_id,
        cause.detail_type,
        to_db(score.scored_at),
        RESULT.dump_json(result).decode(),
        result.current_residual.score,
        result.category,
        result.current_residual.level,
        result.appetite.status if result.appetite else None,
        result.next_review_due,
        result.expires_on,
        result.tracked,
        score.in_breach,
    )


def _score(row: dict[str, Any]) -> RiskScore:
    """A score written before results were kept (migration 0003) has none until its
    rescore job has run."""
    return RiskScore(
        risk_id=row["risk_id"],
        score_version=row["score_version"],
        result=RESULT.validate_json(row["result"]) if row["result"] else None,
        cause=Cause(row["cause_event_id"], row["cause_detail_type"]),
        scored_at=from_db(row["scored_at"]),
        in_breach=bool(row.get("in_breach", False)),
        trend_baseline=row.get("trend_baseline"),
    )
