"""Each division's risk appetite, on the unit of work's cursor."""

from __future__ import annotations

from typing import Any

from metrics_scoring.domain.appetite import Appetite, AppetiteSetting
from riskplatform.timestamps import from_db, to_db


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
