"""MySQL repositories of metrics-scoring. They run on the unit of work's cursor.

Projections of other services' events are upserted version-gated (ADR 6): a column
group takes the incoming values only when their version is newer than the stored one,
and its version column is assigned last."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import asdict
from datetime import date, datetime
from typing import Any

from pydantic import TypeAdapter

from metrics_scoring.domain.appetite import Appetite, AppetiteSetting
from metrics_scoring.domain.calculation import (
    Acceptance,
    Assessment,
    FmeaRatings,
    RiskFacts,
    ScoreResult,
)
from metrics_scoring.domain.catalog import ModelVersion
from metrics_scoring.domain.controls import Solution
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.jobs import RescoreJob, Scope
from metrics_scoring.domain.kri import Kri, KriRecord, KriStatus, Reading
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.domain.scoring import ScoringModel
from riskplatform.db import placeholders
from riskplatform.timestamps import from_db, parse, to_db
from riskplatform.unit_of_work import Track

RESULT = TypeAdapter(ScoreResult)


class SqlInputs:
    """What scores depend on, as risk-intake's events told it."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def record_division(self, division_id: str, parent_id: str | None, version: int) -> bool:
        self.cursor.execute(
            "INSERT INTO divisions (division_id, parent_id, version) VALUES (%s, %s, %s)"
            " ON DUPLICATE KEY UPDATE"
            " parent_id = IF(VALUES(version) > version, VALUES(parent_id), parent_id),"
            " version = GREATEST(version, VALUES(version))",
            (division_id, parent_id, version),
        )
        return bool(self.cursor.rowcount)

    def division_tree(self) -> DivisionTree:
        self.cursor.execute("SELECT division_id, parent_id FROM divisions")
        return DivisionTree(
            {row["division_id"]: row["parent_id"] for row in self.cursor.fetchall()}
        )

    def record_risk(
        self,
        risk_id: str,
        division_id: str,
        version: int,
        category: str | None = None,
        *,
        status: str | None = None,
        retired: bool = False,
        acceptance: Mapping[str, Any] | None = None,
    ) -> None:
        """The risk's division as of ``version``; and, from an event with the whole risk
        state (one with a category), its category, status, retired flag and acceptance."""
        self.cursor.execute(
            "INSERT INTO risks (risk_id, division_id, division_version, category,"
            " status, retired, acceptance, category_version)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s)"
            " ON DUPLICATE KEY UPDATE"
            " division_id = IF(VALUES(division_version) > division_version,"
            "  VALUES(division_id), division_id),"
            " division_version = GREATEST(division_version, VALUES(division_version)),"
            " category = IF(VALUES(category_version) > category_version,"
            "  VALUES(category), category),"
            " status = IF(VALUES(category_version) > category_version, VALUES(status), status),"
            " retired = IF(VALUES(category_version) > category_version,"
            "  VALUES(retired), retired),"
            " acceptance = IF(VALUES(category_version) > category_version,"
            "  VALUES(acceptance), acceptance),"
            " category_version = GREATEST(category_version, VALUES(category_version))",
            (
                risk_id,
                division_id,
                version,
                category,
                status if category else None,
                retired if category else False,
                json.dumps(dict(acceptance)) if category and acceptance else None,
                version if category else 0,
            ),
        )

    def record_assessment(self, risk_id: str, division_id: str, assessment: Assessment) -> None:
        self.record_risk(risk_id, division_id, assessment.risk_version)
        fmea = assessment.fmea
        self.cursor.execute(
            "UPDATE risks SET"
            " assessment_id = IF(%s > assessment_version, %s, assessment_id),"
            " likelihood = IF(%s > assessment_version, %s, likelihood),"
            " impact_ratings = IF(%s > assessment_version, %s, impact_ratings),"
            " fmea = IF(%s > assessment_version, %s, fmea),"
            " assessed_at = IF(%s > assessment_version, %s, assessed_at),"
            " assessment_version = GREATEST(assessment_version, %s)"
            " WHERE risk_id = %s",
            (
                *(assessment.risk_version, assessment.assessment_id),
                *(assessment.risk_version, assessment.likelihood),
                *(assessment.risk_version, json.dumps(dict(assessment.impact))),
                *(assessment.risk_version, json.dumps(asdict(fmea)) if fmea else None),
                *(assessment.risk_version, to_db(assessment.assessed_at)),
                assessment.risk_version,
                risk_id,
            ),
        )

    def record_link(
        self, risk_id: str, solution_id: str, division_id: str, risk_version: int, linked: bool
    ) -> None:
        self.record_risk(risk_id, division_id, risk_version)
        self.cursor.execute(
            "INSERT INTO risk_solutions (risk_id, solution_id, linked, risk_version)"
            " VALUES (%s, %s, %s, %s) ON DUPLICATE KEY UPDATE"
            " linked = IF(VALUES(risk_version) > risk_version, VALUES(linked), linked),"
            " risk_version = GREATEST(risk_version, VALUES(risk_version))",
            (risk_id, solution_id, linked, risk_version),
        )

    def record_solution(self, solution: Solution, version: int) -> bool:
        fields = ("title", "kind", "status", "design_effectiveness", "test_result", "next_test_due")
        gated = ", ".join(f"{f} = IF(VALUES(version) > version, VALUES({f}), {f})" for f in fields)
        values = (
            solution.solution_id,
            solution.title,
            solution.kind,
            solution.status,
            solution.design_effectiveness,
            solution.test_result,
            solution.next_test_due,
            version,
        )
        self.cursor.execute(
            f"INSERT INTO solutions (solution_id, {', '.join(fields)}, version)"
            f" VALUES ({placeholders(values)}) ON DUPLICATE KEY UPDATE {gated},"
            " version = GREATEST(version, VALUES(version))",
            values,
        )
        return bool(self.cursor.rowcount)

    def division_of(self, risk_id: str) -> str | None:
        """The division of a risk heard of, else None."""
        self.cursor.execute("SELECT division_id FROM risks WHERE risk_id = %s", (risk_id,))
        row = self.cursor.fetchone()
        return row["division_id"] if row else None

    def facts(self, risk_ids: Sequence[str]) -> dict[str, RiskFacts]:
        """What is known of these risks, locking them until the transaction ends so that
        each risk is scored by one transaction at a time."""
        if not risk_ids:
            return {}
        ids = sorted(set(risk_ids))
        self.cursor.execute(
            "SELECT risk_id, division_id, category, status, retired, acceptance,"
            " assessment_version,"
            " assessment_id, likelihood, impact_ratings, fmea, assessed_at FROM risks"
            f" WHERE risk_id IN ({placeholders(ids)}) ORDER BY risk_id FOR UPDATE",
            ids,
        )
        risks = self.cursor.fetchall()
        solutions: dict[str, list[Solution]] = {}
        self.cursor.execute(
            "SELECT l.risk_id, s.solution_id, s.title, s.kind, s.status,"
            " s.design_effectiveness, s.test_result, s.next_test_due"
            " FROM risk_solutions l JOIN solutions s ON s.solution_id = l.solution_id"
            f" WHERE l.linked AND l.risk_id IN ({placeholders(ids)})",
            ids,
        )
        for row in self.cursor.fetchall():
            risk_id = row.pop("risk_id")
            solutions.setdefault(risk_id, []).append(Solution(**row))
        kris: dict[str, list[KriStatus]] = {}
        self.cursor.execute(
            "SELECT risk_id, kri_id, name, status, latest_observed_at, stale_after_days,"
            " amber_steps FROM kris"
            f" WHERE status IS NOT NULL AND NOT retired AND risk_id IN ({placeholders(ids)})",
            ids,
        )
        for row in self.cursor.fetchall():
            observed = row["latest_observed_at"]
            kris.setdefault(row["risk_id"], []).append(
                KriStatus(
                    row["kri_id"],
                    row["name"],
                    row["status"],
                    observed.date() if observed else None,
                    row["stale_after_days"],
                    row["amber_steps"],
                )
            )
        return {
            row["risk_id"]: RiskFacts(
                risk_id=row["risk_id"],
                division_id=row["division_id"],
                category=row["category"],
                assessment=_assessment(row),
                solutions=tuple(solutions.get(row["risk_id"], ())),
                kris=tuple(kris.get(row["risk_id"], ())),
                status=row["status"],
                retired=bool(row["retired"]),
                acceptance=_acceptance(row["acceptance"]),
            )
            for row in risks
        }

    def risk_ids(self, scope: Scope, after: str, limit: int) -> list[str]:
        """The next assessed risks in scope after the cursor, in id order."""
        conditions = ["r.risk_id > %s", "r.assessment_version > 0"]
        params: list[Any] = [after]
        for column, allowed in (("division_id", scope.divisions), ("category", scope.categories)):
            if allowed is not None:
                if not allowed:
                    return []
                conditions.append(f"r.{column} IN ({placeholders(list(allowed))})")
                params.extend(sorted(allowed))
        if scope.solution_id is not None:
            conditions.append(
                "r.risk_id IN (SELECT risk_id FROM risk_solutions"
                " WHERE solution_id = %s AND linked)"
            )
            params.append(scope.solution_id)
        if scope.expires_by is not None:
            conditions.append(
                "r.risk_id IN (SELECT risk_id FROM risk_scores WHERE expires_on <= %s)"
            )
            params.append(scope.expires_by)
        self.cursor.execute(
            f"SELECT r.risk_id FROM risks r WHERE {' AND '.join(conditions)}"
            " ORDER BY r.risk_id LIMIT %s",
            [*params, limit],
        )
        return [row["risk_id"] for row in self.cursor.fetchall()]


def _acceptance(stored: str | None) -> Acceptance | None:
    if not stored:
        return None
    given = json.loads(stored)
    return Acceptance(
        accepted_by=given["accepted_by"],
        accepted_at=parse(given["accepted_at"]),
        rationale=given.get("rationale"),
        expires_on=date.fromisoformat(given["expires_on"]),
    )


def _assessment(row: dict[str, Any]) -> Assessment | None:
    if not row["assessment_version"]:
        return None
    fmea = json.loads(row["fmea"]) if row["fmea"] else None
    return Assessment(
        assessment_id=row["assessment_id"],
        risk_version=row["assessment_version"],
        likelihood=row["likelihood"],
        impact=json.loads(row["impact_ratings"]),
        fmea=FmeaRatings(**fmea) if fmea else None,
        assessed_at=from_db(row["assessed_at"]),
    )


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


class SqlAppetites:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def put(self, setting: AppetiteSetting) -> None:
        a = setting.appetite
        self.cursor.execute(
            "INSERT INTO appetites (division_id, category, appetite, tolerance, hysteresis,"
            " appetite_level, tolerance_level, set_by, set_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) ON DUPLICATE KEY UPDATE"
            " appetite = VALUES(appetite), tolerance = VALUES(tolerance),"
            " hysteresis = VALUES(hysteresis), appetite_level = VALUES(appetite_level),"
            " tolerance_level = VALUES(tolerance_level), set_by = VALUES(set_by),"
            " set_at = VALUES(set_at)",
            (
                a.division_id,
                a.category,
                a.appetite,
                a.tolerance,
                a.hysteresis,
                a.appetite_level,
                a.tolerance_level,
                setting.set_by,
                to_db(setting.set_at),
            ),
        )

    def settings(self) -> list[AppetiteSetting]:
        self.cursor.execute(
            "SELECT division_id, category, appetite, tolerance, hysteresis, appetite_level,"
            " tolerance_level, set_by, set_at FROM appetites ORDER BY division_id, category"
        )
        return [
            AppetiteSetting(
                Appetite(
                    r["division_id"],
                    r["category"],
                    r["appetite"],
                    r["tolerance"],
                    r["hysteresis"],
                    r["appetite_level"],
                    r["tolerance_level"],
                ),
                r["set_by"],
                from_db(r["set_at"]),
            )
            for r in self.cursor.fetchall()
        ]


class SqlKris:
    def __init__(self, cursor: Any, track: Track) -> None:
        self.cursor = cursor
        self.track = track

    def add(self, kri: Kri, defined_by: str, defined_at: datetime) -> None:
        self.cursor.execute(
            "INSERT INTO kris (kri_id, risk_id, name, unit, direction, amber, red,"
            " stale_after_days, amber_steps, defined_by, defined_at)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (
                kri.kri_id,
                kri.risk_id,
                kri.name,
                kri.unit,
                kri.direction,
                kri.amber,
                kri.red,
                kri.stale_after_days,
                kri.amber_steps,
                defined_by,
                to_db(defined_at),
            ),
        )

    def get(self, kri_id: str, *, for_update: bool = False) -> KriRecord | None:
        lock = " FOR UPDATE" if for_update else ""
        self.cursor.execute(f"{KRI_SELECT} WHERE kri_id = %s{lock}", (kri_id,))
        row = self.cursor.fetchone()
        return _kri(row) if row else None

    def for_risk(self, risk_id: str) -> list[KriRecord]:
        self.cursor.execute(f"{KRI_SELECT} WHERE risk_id = %s ORDER BY name, kri_id", (risk_id,))
        return [_kri(row) for row in self.cursor.fetchall()]

    def add_reading(self, reading: Reading, recorded_at: datetime) -> bool:
        """False when this reading was recorded before."""
        self.cursor.execute(
            "INSERT IGNORE INTO kri_readings (reading_id, kri_id, value, observed_at, source,"
            " recorded_at) VALUES (%s, %s, %s, %s, %s, %s)",
            (
                reading.reading_id,
                reading.kri_id,
                reading.value,
                to_db(reading.observed_at),
                reading.source,
                to_db(recorded_at),
            ),
        )
        return bool(self.cursor.rowcount)

    def save(self, record: KriRecord) -> None:
        """A changed or retired definition, with the status taken again."""
        kri = record.kri
        self.cursor.execute(
            "UPDATE kris SET name = %s, unit = %s, direction = %s, amber = %s, red = %s,"
            " stale_after_days = %s, amber_steps = %s, status = %s, version = %s,"
            " retired = %s, changed_by = %s, changed_at = %s WHERE kri_id = %s",
            (
                kri.name,
                kri.unit,
                kri.direction,
                kri.amber,
                kri.red,
                kri.stale_after_days,
                kri.amber_steps,
                record.status,
                record.version,
                record.retired,
                record.changed_by,
                to_db(record.changed_at) if record.changed_at else None,
                kri.kri_id,
            ),
        )
        self.track(record)

    def set_latest(self, reading: Reading, status: str) -> None:
        self.cursor.execute(
            "UPDATE kris SET latest_reading_id = %s, latest_value = %s, latest_observed_at = %s,"
            " status = %s WHERE kri_id = %s",
            (
                reading.reading_id,
                reading.value,
                to_db(reading.observed_at),
                status,
                reading.kri_id,
            ),
        )


KRI_SELECT = (
    "SELECT kri_id, risk_id, name, unit, direction, amber, red, stale_after_days, amber_steps,"
    " defined_by, defined_at, latest_reading_id, latest_value, latest_observed_at, status,"
    " version, retired, changed_by, changed_at FROM kris"
)


def _kri(row: dict[str, Any]) -> KriRecord:
    kri = Kri(
        row["kri_id"],
        row["risk_id"],
        row["name"],
        row["unit"],
        row["direction"],
        row["amber"],
        row["red"],
        row["stale_after_days"],
        row["amber_steps"],
    )
    latest = None
    if row["latest_reading_id"]:
        latest = Reading(
            row["latest_reading_id"],
            kri.kri_id,
            row["latest_value"],
            from_db(row["latest_observed_at"]),
            "",
        )
    return KriRecord(
        kri,
        row["defined_by"],
        from_db(row["defined_at"]),
        latest,
        row["status"],
        version=row["version"],
        retired=bool(row["retired"]),
        changed_by=row["changed_by"],
        changed_at=from_db(row["changed_at"]),
    )


# risk_scores holds each risk's current score; score_history every score it had. The
# first fields are in both tables, in the order ``_values`` gives them.
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
        after: str,
        limit: int,
        trend_since: datetime | None = None,
        trend: str | None = None,
    ) -> list[RiskScore]:
        """Current scores in risk id order after ``after``; ``divisions`` None is all.
        With ``trend_since``, each with its trend baseline, and only those with ``trend``
        when it is given."""
        since = to_db(trend_since) if trend_since is not None else None
        conditions = ["risk_id > %s", "result IS NOT NULL"]
        params: list[Any] = [after]
        if trend is not None:
            assert since is not None, "a trend is over a period"
            conditions.append(TREND_CONDITIONS[trend])
            params.extend([since])
        if divisions is not None:
            if not divisions:
                return []
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
        select, selected = CURRENT_SELECT, []
        if since is not None:
            select, selected = f"{CURRENT_SELECT}, {BASELINE} AS trend_baseline", [since]
        self.cursor.execute(
            f"{select} FROM risk_scores WHERE {' AND '.join(conditions)} ORDER BY risk_id LIMIT %s",
            [*selected, *params, limit],
        )
        return [_score(row) for row in self.cursor.fetchall()]


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


class SqlJobs:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def add(self, job: RescoreJob) -> bool:
        """False when a job with this id exists (today's expiry job, say)."""
        self.cursor.execute(
            "INSERT IGNORE INTO rescore_jobs (job_id, scope, cause_event_id, cause_detail_type,"
            " correlation_id, created_at) VALUES (%s, %s, %s, %s, %s, %s)",
            (
                job.job_id,
                json.dumps(job.scope.to_json()),
                job.cause.event_id,
                job.cause.detail_type,
                job.correlation_id,
                to_db(job.created_at),
            ),
        )
        return bool(self.cursor.rowcount)

    def get(self, job_id: str) -> RescoreJob | None:
        self.cursor.execute(f"{JOB_SELECT} WHERE job_id = %s", (job_id,))
        row = self.cursor.fetchone()
        return _job(row) if row else None

    def lock_unfinished(self, job_id: str) -> RescoreJob | None:
        """The job, locked for this transaction; None when it is finished or another
        transaction is working on it."""
        self.cursor.execute(
            f"{JOB_SELECT} WHERE job_id = %s AND finished_at IS NULL FOR UPDATE SKIP LOCKED",
            (job_id,),
        )
        row = self.cursor.fetchone()
        return _job(row) if row else None

    def unfinished(self) -> list[str]:
        self.cursor.execute(
            "SELECT job_id FROM rescore_jobs WHERE finished_at IS NULL ORDER BY created_at"
        )
        return [row["job_id"] for row in self.cursor.fetchall()]

    def save(self, job: RescoreJob) -> None:
        self.cursor.execute(
            "UPDATE rescore_jobs SET after_risk_id = %s, rescored = %s, changed = %s,"
            " finished_at = %s WHERE job_id = %s",
            (
                job.after_risk_id,
                job.rescored,
                job.changed,
                to_db(job.finished_at) if job.finished_at else None,
                job.job_id,
            ),
        )


JOB_SELECT = (
    "SELECT job_id, scope, cause_event_id, cause_detail_type, correlation_id, after_risk_id,"
    " rescored, changed, created_at, finished_at FROM rescore_jobs"
)


def _job(row: dict[str, Any]) -> RescoreJob:
    return RescoreJob(
        job_id=row["job_id"],
        scope=Scope.from_json(json.loads(row["scope"])),
        cause=Cause(row["cause_event_id"], row["cause_detail_type"]),
        correlation_id=row["correlation_id"],
        after_risk_id=row["after_risk_id"],
        rescored=row["rescored"],
        changed=row["changed"],
        created_at=from_db(row["created_at"]),
        finished_at=from_db(row["finished_at"]),
    )
