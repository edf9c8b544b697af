"""The read model in MySQL. Every write is one upsert whose version gate is evaluated by
the server on the row it locks, so concurrent and out-of-order deliveries cannot undo a
newer version."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from reporting.domain.events import DivisionRegistered, RiskCaptured, RiskScored
from reporting.domain.model import Cell, RegisterEntry, RegisterPage


def gated_upsert(
    table: str, key: str, gated: tuple[str, ...], version: str, insert_only: tuple[str, ...] = ()
) -> str:
    """``INSERT ... ON DUPLICATE KEY UPDATE`` that takes the ``gated`` columns only from
    a newer ``version``. The server assigns left to right and later expressions see
    earlier assignments, so the version column is assigned last."""
    columns = (key, *insert_only, *gated, version)
    newer = f"VALUES({version}) > {version}"
    updates = [f"{c} = IF({newer}, VALUES({c}), {c})" for c in gated]
    updates.append(f"{version} = GREATEST({version}, VALUES({version}))")
    return (
        f"INSERT INTO {table} ({', '.join(columns)})"
        f" VALUES ({', '.join(['%s'] * len(columns))})"
        f" ON DUPLICATE KEY UPDATE {', '.join(updates)}"
    )


SAVE_DIVISION = gated_upsert("divisions", "id", ("parent_id", "code", "name"), "version")
SAVE_CAPTURE = gated_upsert(
    "risk_register",
    "risk_id",
    ("division_id", "title", "category", "owner_email", "status"),
    "risk_version",
)
# A score's division only counts until the risk's own RiskCaptured arrives.
SAVE_SCORE = gated_upsert(
    "risk_register",
    "risk_id",
    ("likelihood", "impact", "score", "level", "scored_at"),
    "score_version",
    insert_only=("division_id",),
)
BUMP_GENERATION = (
    "INSERT INTO read_model_generation (id, epoch, generation) VALUES (1, UUID(), 1)"
    " ON DUPLICATE KEY UPDATE generation = generation + 1"
)
# UNION, not UNION ALL: it stops on a cycle that out-of-order moves may show for a while.
SUBTREE = (
    "WITH RECURSIVE subtree (id) AS (SELECT %s"
    " UNION SELECT d.id FROM divisions d JOIN subtree s ON d.parent_id = s.id) "
)
IN_SUBTREE = " AND division_id IN (SELECT id FROM subtree)"
REGISTER_COLUMNS = (
    "risk_id, division_id, title, category, owner_email, status, score, level,"
    " likelihood, impact, score_version, scored_at"
)


class SqlReadModel:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def save_division(self, event: DivisionRegistered) -> None:
        self.cursor.execute(
            SAVE_DIVISION,
            (event.division_id, event.parent_id, event.code, event.name, event.version),
        )

    def save_capture(self, event: RiskCaptured) -> None:
        self.cursor.execute(
            SAVE_CAPTURE,
            (
                event.risk_id,
                event.division_id,
                event.title,
                event.category,
                event.owner_email,
                event.status,
                event.risk_version,
            ),
        )

    def save_score(self, event: RiskScored) -> None:
        self.cursor.execute(
            SAVE_SCORE,
            (
                event.risk_id,
                event.division_id,
                event.likelihood,
                event.impact,
                event.score,
                event.level,
                event.scored_at.astimezone(UTC).replace(tzinfo=None),
                event.score_version,
            ),
        )

    def bump_generation(self) -> None:
        self.cursor.execute(BUMP_GENERATION)


class SqlReports:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def generation(self) -> str | None:
        self.cursor.execute("SELECT epoch, generation FROM read_model_generation WHERE id = 1")
        row = self.cursor.fetchone()
        return f"{row['epoch']}.{row['generation']}" if row else None

    def heatmap_cells(self, division_id: str | None) -> list[Cell]:
        cte, scope, params = self._scope(division_id)
        self.cursor.execute(
            f"{cte}SELECT likelihood, impact, COUNT(*) AS n FROM risk_register"
            f" WHERE score_version > 0{scope}"
            " GROUP BY likelihood, impact ORDER BY likelihood, impact",
            params,
        )
        return [Cell(r["likelihood"], r["impact"], r["n"]) for r in self.cursor.fetchall()]

    def register(self, division_id: str | None, limit: int, offset: int) -> RegisterPage:
        cte, scope, params = self._scope(division_id)
        self.cursor.execute(
            f"{cte}SELECT {REGISTER_COLUMNS} FROM risk_register WHERE TRUE{scope}"
            " ORDER BY score IS NULL, score DESC, title, risk_id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        items = tuple(self._entry(row) for row in self.cursor.fetchall())
        self.cursor.execute(
            f"{cte}SELECT COUNT(*) AS n FROM risk_register WHERE TRUE{scope}", params
        )
        return RegisterPage(items, self.cursor.fetchone()["n"])

    @staticmethod
    def _scope(division_id: str | None) -> tuple[str, str, list[str]]:
        return (SUBTREE, IN_SUBTREE, [division_id]) if division_id else ("", "", [])

    @staticmethod
    def _entry(row: dict[str, Any]) -> RegisterEntry:
        scored_at = row["scored_at"]
        return RegisterEntry(
            **{
                **row,
                "score_version": row["score_version"] or None,  # 0: not scored yet
                "scored_at": scored_at.replace(tzinfo=UTC) if scored_at else None,
            }
        )
