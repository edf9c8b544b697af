"""Test data for metrics-scoring: the default model as its migration ships it, and the
events it consumes, built on the published examples in events-schema/ (so they follow
the contracts as those evolve) and checked against their schemas."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from metrics_scoring.domain.scoring import ScoringModel
from riskplatform.contracts import default_contracts
from riskplatform.events import Envelope

ROOT = Path(__file__).resolve().parents[3]
SEED = ROOT / "services/metrics-scoring/migrations/0002_default_scoring_model.sql"
DIVISION_ID = "3b9f1f7e-2c4d-4e8a-9b1c-5d6e7f8a9b0c"
ASSESSED_AT = "2026-11-20T09:31:44.887Z"


def default_definition() -> dict[str, Any]:
    """The JSON definition inside the seed migration's INSERT."""
    sql = SEED.read_text()
    return dict(json.loads(sql[sql.index("'{") + 1 : sql.rindex("}'") + 1]))


def default_model() -> ScoringModel:
    return ScoringModel.from_definition("default-5x5", 1, default_definition())


def event(
    detail_type: str,
    changes: dict[str, Any],
    *,
    aggregate: tuple[str, int],
    division_id: str | None,
    service: str = "risk-intake",
    producer: str | None = None,
) -> Envelope:
    """The published example of ``detail_type`` with its data changed as given, a new
    event_id and the given aggregate; checked against the contract."""
    example = json.loads(
        (ROOT / f"events-schema/{service}/examples/{detail_type}.v1.json").read_text()
    )
    detail = example["detail"]
    detail["data"].update(changes)
    detail["metadata"].update(
        event_id=str(uuid.uuid4()),
        correlation_id=str(uuid.uuid4()),
        causation_id=None,
        producer=producer or service,
        aggregate_id=aggregate[0],
        aggregate_version=aggregate[1],
        division_id=division_id,
    )
    default_contracts().validate(example["source"], detail_type, detail)
    return Envelope.from_eventbridge(example)


def assessed(
    risk_id: str,
    version: int,
    likelihood: int = 3,
    impact: dict[str, int] | None = None,
    *,
    assessment_id: str | None = None,
    fmea: dict[str, int] | None = None,
    division_id: str = DIVISION_ID,
    assessed_at: str = ASSESSED_AT,
) -> Envelope:
    return event(
        "RiskAssessed",
        {
            "risk_id": risk_id,
            "division_id": division_id,
            "assessment_id": assessment_id or str(uuid.uuid4()),
            "likelihood": likelihood,
            "impact": impact or {"safety": 2, "supply": 4},
            "fmea": fmea,
            "assessed_at": assessed_at,
            "version": version,
        },
        aggregate=(risk_id, version),
        division_id=division_id,
    )


def captured(
    risk_id: str, category: str, division_id: str = DIVISION_ID, *, status: str = "draft"
) -> Envelope:
    return event(
        "RiskCaptured",
        {
            "risk_id": risk_id,
            "division_id": division_id,
            "category": category,
            "status": status,
            "version": 1,
        },
        aggregate=(risk_id, 1),
        division_id=division_id,
    )


def changed(
    risk_id: str,
    version: int,
    category: str,
    division_id: str = DIVISION_ID,
    *,
    status: str = "mitigating",
    retired: bool = False,
    acceptance: dict[str, Any] | None = None,
) -> Envelope:
    return event(
        "RiskChanged",
        {
            "risk_id": risk_id,
            "division_id": division_id,
            "category": category,
            "status": status,
            "retired": retired,
            "acceptance": acceptance,
            "version": version,
            "changed": ["category"],
        },
        aggregate=(risk_id, version),
        division_id=division_id,
    )


def solution(
    solution_id: str,
    kind: str = "preventive",
    status: str = "active",
    design_effectiveness: int = 50,
    test_result: str | None = "passed",
    next_test_due: date | None = None,
    *,
    version: int = 1,
    title: str = "Incoming inspection",
    division_id: str = DIVISION_ID,
) -> Envelope:
    """SolutionRegistered for version 1, SolutionChanged after."""
    data = {
        "solution_id": solution_id,
        "division_id": division_id,
        "title": title,
        "kind": kind,
        "status": status,
        "design_effectiveness": design_effectiveness,
        "test_result": test_result,
        "tested_on": "2026-10-01" if test_result else None,
        "next_test_due": next_test_due.isoformat() if next_test_due else None,
        "version": version,
    }
    if version == 1:
        return event(
            "SolutionRegistered", data, aggregate=(solution_id, 1), division_id=division_id
        )
    data["changed"] = ["status"]
    return event("SolutionChanged", data, aggregate=(solution_id, version), division_id=division_id)


def linked(
    risk_id: str,
    solution_id: str,
    risk_version: int,
    *,
    link: bool = True,
    division_id: str = DIVISION_ID,
) -> Envelope:
    return event(
        "SolutionLinked" if link else "SolutionUnlinked",
        {
            "risk_id": risk_id,
            "solution_id": solution_id,
            "division_id": division_id,
            "risk_version": risk_version,
        },
        aggregate=(risk_id, risk_version),
        division_id=division_id,
    )


def division(division_id: str, parent_id: str | None, version: int = 1) -> Envelope:
    """DivisionRegistered for version 1, DivisionMoved after."""
    if version == 1:
        data = {"division_id": division_id, "parent_id": parent_id, "version": 1}
        return event(
            "DivisionRegistered", data, aggregate=(division_id, 1), division_id=division_id
        )
    data = {
        "division_id": division_id,
        "parent_id": parent_id,
        "previous_parent_id": None,
        "version": version,
    }
    return event("DivisionMoved", data, aggregate=(division_id, version), division_id=division_id)


def kri_reading(
    kri_id: str,
    value: float,
    observed_at: datetime,
    reading_id: str | None = None,
    source: str = "supplier-quality-portal",
) -> Envelope:
    reading_id = reading_id or str(uuid.uuid4())
    return event(
        "KriReadingRecorded",
        {
            "reading_id": reading_id,
            "kri_id": kri_id,
            "value": value,
            "observed_at": observed_at.astimezone(UTC).isoformat().replace("+00:00", "Z"),
            "source": source,
        },
        aggregate=(reading_id, 1),
        division_id=None,
        service="metrics-scoring",
        producer="external",
    )
