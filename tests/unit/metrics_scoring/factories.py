"""Test data for metrics-scoring: the default model as its migration ships it, and
RiskAssessed envelopes as risk-intake publishes them."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

from metrics_scoring.domain.scoring import ScoringModel
from risk_intake.domain.events import RiskAssessed
from riskplatform.events import Envelope, MessageContext

SEED = (
    Path(__file__).resolve().parents[3]
    / "services/metrics-scoring/migrations/0002_default_scoring_model.sql"
)
DIVISION_ID = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"


def default_definition() -> dict[str, Any]:
    """The JSON definition inside the seed migration's INSERT."""
    sql = SEED.read_text()
    return dict(json.loads(sql[sql.index("'{") + 1 : sql.rindex("}'") + 1]))


def default_model() -> ScoringModel:
    return ScoringModel.from_definition("default-5x5", 1, default_definition())


def assessed(
    risk_id: str,
    version: int,
    likelihood: int = 3,
    impact: dict[str, int] | None = None,
    assessment_id: str | None = None,
) -> Envelope:
    event = RiskAssessed(
        risk_id=risk_id,
        division_id=DIVISION_ID,
        assessment_id=assessment_id or str(uuid.uuid4()),
        likelihood=likelihood,
        impact=impact or {"safety": 2, "supply": 4},
        assessed_by="j.meyer@example.com",
        assessed_at="2026-11-20T09:31:44.887Z",
        justification=None,
        version=version,
    )
    return Envelope.wrap(event, producer="risk-intake", context=MessageContext.new())
