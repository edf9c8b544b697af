"""The scoring models and their versions, on the unit of work's cursor."""

from __future__ import annotations

import json
from typing import Any

from metrics_scoring.domain.catalog import ModelVersion
from metrics_scoring.domain.scoring import ScoringModel
from riskplatform.timestamps import from_db, to_db
from riskplatform.unit_of_work import Track


class SqlModels:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def published(self) -> list[ScoringModel]:
        """The published version of every model (its newest published one)."""
        self.cursor.execute(
            "SELECT m.model_id, m.version, m.definition FROM scoring_models m JOIN"
            " (SELECT model_id, MAX(version) AS version FROM scoring_models"
            "  WHERE published_at IS NOT NULL GROUP BY model_id) p"
            " ON p.model_id = m.model_id AND p.version = m.version ORDER BY m.model_id"
        )
        return [
            ScoringModel.from_definition(r["model_id"], r["version"], json.loads(r["definition"]))
            for r in self.cursor.fetchall()
        ]

    def versions(
        self, model_id: str | None = None, *, for_update: bool = False
    ) -> list[ModelVersion]:
        """Every version of one model (or of all), oldest first."""
        where, params = ("WHERE model_id = %s", [model_id]) if model_id else ("", [])
        lock = " FOR UPDATE" if for_update else ""
        self.cursor.execute(
            "SELECT model_id, version, definition, created_by, created_at, published_by,"
            f" published_at FROM scoring_models {where} ORDER BY model_id, version{lock}",
            params,
        )
        versions = [
            ModelVersion(
                model=ScoringModel.from_definition(
                    row["model_id"], row["version"], json.loads(row["definition"])
                ),
                created_by=row["created_by"],
                created_at=from_db(row["created_at"]),
                published_by=row["published_by"],
                published_at=from_db(row["published_at"]),
            )
            for row in self.cursor.fetchall()
        ]
        for version in versions:
            self.track(version)
        return versions

    def add(self, version: ModelVersion) -> None:
        model = version.model
        self.cursor.execute(
            "INSERT INTO scoring_models (model_id, version, definition, created_by, created_at)"
            " VALUES (%s, %s, %s, %s, %s)",
            (
                model.model_id,
                model.version,
                json.dumps(model.definition()),
                version.created_by,
                to_db(version.created_at),
            ),
        )
        self.track(version)

    def save_publication(self, version: ModelVersion) -> None:
        assert version.published_at is not None
        self.cursor.execute(
            "UPDATE scoring_models SET published_by = %s, published_at = %s"
            " WHERE model_id = %s AND version = %s",
            (
                version.published_by,
                to_db(version.published_at),
                version.model.model_id,
                version.model.version,
            ),
        )
