"""Key risk indicators and their readings, on the unit of work's cursor."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from metrics_scoring.domain.kri import Kri, KriRecord, Reading
from riskplatform.timestamps import from_db, to_db
from riskplatform.unit_of_work import Track


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
