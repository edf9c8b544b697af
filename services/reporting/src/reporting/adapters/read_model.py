"""The read model in MySQL. Every write is one upsert whose version gates are evaluated by
the server on the row it locks, so concurrent and out-of-order deliveries cannot undo a
newer version."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Any

from reporting.domain.events import (
    DivisionMoved,
    DivisionRegistered,
    DivisionRenamed,
    DivisionRetired,
    LinkChanged,
    RiskScored,
    RiskState,
    SolutionState,
)
from reporting.domain.model import (
    Cell,
    RegisterEntry,
    RegisterPage,
    RiskFilter,
    Scope,
    SolutionEntry,
    SolutionStatus,
    StatusCount,
)


def gated_upsert(
    table: str,
    keys: tuple[str, ...],
    gates: Mapping[str, tuple[str, ...]],
    insert_only: tuple[str, ...] = (),
) -> str:
    """``INSERT ... ON DUPLICATE KEY UPDATE`` that takes each gate's columns only from a
    newer version in that gate's version column. The server assigns left to right and
    later expressions see earlier assignments, so each version column is assigned after
    the columns it gates. Parameters: keys, insert-only columns, then per gate its
    columns and its version."""
    columns = [*keys, *insert_only]
    updates = []
    for version, gated in gates.items():
        columns += [*gated, version]
        newer = f"VALUES({version}) > {version}"
        updates += [f"{c} = IF({newer}, VALUES({c}), {c})" for c in gated]
        updates.append(f"{version} = GREATEST({version}, VALUES({version}))")
    return (
        f"INSERT INTO {table} ({', '.join(columns)})"
        f" VALUES ({', '.join(['%s'] * len(columns))})"
        f" ON DUPLICATE KEY UPDATE {', '.join(updates)}"
    )


DIVISION = ("id",)
SAVE_DIVISION = gated_upsert(
    "divisions",
    DIVISION,
    {"version": ("code",), "name_version": ("name",), "parent_version": ("parent_id",)},
)
RENAME_DIVISION = gated_upsert("divisions", DIVISION, {"name_version": ("name",)})
MOVE_DIVISION = gated_upsert("divisions", DIVISION, {"parent_version": ("parent_id",)})
RETIRE_DIVISION = gated_upsert("divisions", DIVISION, {"retired_version": ("retired",)})
RISK_STATE = (
    "division_id",
    "title",
    "category",
    "owner_email",
    "status",
    "treatment",
    "review_due",
    "retired",
)
SAVE_RISK = gated_upsert("risk_register", ("risk_id",), {"risk_version": RISK_STATE})
# A score's division only counts until the risk's own RiskCaptured arrives.
SAVE_SCORE = gated_upsert(
    "risk_register",
    ("risk_id",),
    {"score_version": ("likelihood", "impact", "score", "level", "scored_at")},
    insert_only=("division_id",),
)
SOLUTION_STATE = (
    "division_id",
    "title",
    "kind",
    "status",
    "design_effectiveness",
    "test_result",
    "tested_on",
    "next_test_due",
    "owner_email",
    "cost",
    "due_date",
)
SAVE_SOLUTION = gated_upsert("solutions", ("solution_id",), {"version": SOLUTION_STATE})
SAVE_LINK = gated_upsert(
    "risk_solution_links", ("risk_id", "solution_id"), {"risk_version": ("linked",)}
)
BUMP_GENERATION = (
    "INSERT INTO read_model_generation (id, epoch, generation) VALUES (1, UUID(), 1)"
    " ON DUPLICATE KEY UPDATE generation = generation + 1"
)
REGISTER_COLUMNS = (
    "r.risk_id, r.division_id, r.title, r.category, r.owner_email, r.status, r.treatment,"
    " r.review_due, r.retired, r.score, r.level, r.likelihood, r.impact, r.score_version,"
    " r.scored_at"
)
SOLUTION_COLUMNS = (
    "s.solution_id, s.division_id, s.title, s.kind, s.status, s.design_effectiveness,"
    " s.test_result, s.tested_on, s.next_test_due, s.owner_email, s.cost, s.due_date"
)
OVERDUE = "r.review_due < UTC_DATE()"


def subtree(name: str, roots: list[str]) -> str:
    """A recursive CTE of the divisions below ``roots``, the roots included (even those
    whose own event has not arrived yet). UNION, not UNION ALL: it stops on a cycle that
    out-of-order moves may show for a while."""
    anchors = " UNION ".join(["SELECT %s"] * len(roots))
    return (
        f"{name} (id) AS ({anchors}"
        f" UNION SELECT d.id FROM divisions d JOIN {name} s ON d.parent_id = s.id)"
    )


def scoped(scope: Scope, column: str) -> tuple[str, str, list[Any]]:
    """The WITH clause, the condition on ``column`` and the WITH clause's parameters
    that keep a query within the scope. The caller's subtrees are the CTE ``readable``."""
    ctes, conditions, params = [], [], []
    if scope.division_id is not None:
        ctes.append(subtree("requested", [scope.division_id]))
        conditions.append(f"{column} IN (SELECT id FROM requested)")
        params.append(scope.division_id)
    if scope.readable_roots:
        ctes.append(subtree("readable", sorted(scope.readable_roots)))
        params += sorted(scope.readable_roots)
    conditions.append(readable(scope, column))
    with_clause = f"WITH RECURSIVE {', '.join(ctes)} " if ctes else ""
    return with_clause, " AND ".join(conditions), params


def readable(scope: Scope, column: str) -> str:
    """The condition that ``column`` is a division the caller may read."""
    if scope.readable_roots is None:
        return "TRUE"
    return f"{column} IN (SELECT id FROM readable)" if scope.readable_roots else "FALSE"


def active_solutions(scope: Scope) -> str:
    """How many active solutions the caller may read are linked to the risk ``r``."""
    return (
        "(SELECT COUNT(*) FROM risk_solution_links l JOIN solutions s"
        " ON s.solution_id = l.solution_id"
        f" WHERE l.risk_id = r.risk_id AND l.linked AND s.status = '{SolutionStatus.ACTIVE}'"
        f" AND {readable(scope, 's.division_id')})"
    )


def linked_risks(scope: Scope) -> str:
    """How many risks the caller may read the solution ``s`` is linked to (for the
    unscoped, also those whose own events have not arrived yet)."""
    if scope.readable_roots is None:
        return (
            "(SELECT COUNT(*) FROM risk_solution_links l"
            " WHERE l.solution_id = s.solution_id AND l.linked)"
        )
    return (
        "(SELECT COUNT(*) FROM risk_solution_links l JOIN risk_register lr"
        " ON lr.risk_id = l.risk_id WHERE l.solution_id = s.solution_id AND l.linked"
        f" AND {readable(scope, 'lr.division_id')})"
    )


def risk_conditions(risks: RiskFilter) -> tuple[str, list[Any]]:
    conditions, params = [], []
    if not risks.include_retired:
        conditions.append("NOT r.retired")
    if risks.status is not None:
        conditions.append("r.status = %s")
        params.append(risks.status.value)
    if risks.category is not None:
        conditions.append("r.category = %s")
        params.append(risks.category.value)
    if risks.overdue is not None:
        conditions.append(OVERDUE if risks.overdue else f"NOT COALESCE({OVERDUE}, FALSE)")
    return "".join(f" AND {c}" for c in conditions), params


class SqlReadModel:
    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def save_division(self, event: DivisionRegistered) -> None:
        v = event.version
        self.cursor.execute(
            SAVE_DIVISION, (event.division_id, event.code, v, event.name, v, event.parent_id, v)
        )

    def rename_division(self, event: DivisionRenamed) -> None:
        self.cursor.execute(RENAME_DIVISION, (event.division_id, event.name, event.version))

    def move_division(self, event: DivisionMoved) -> None:
        self.cursor.execute(MOVE_DIVISION, (event.division_id, event.parent_id, event.version))

    def retire_division(self, event: DivisionRetired) -> None:
        self.cursor.execute(RETIRE_DIVISION, (event.division_id, True, event.version))

    def save_risk(self, event: RiskState) -> None:
        self.cursor.execute(
            SAVE_RISK,
            (
                event.risk_id,
                event.division_id,
                event.title,
                event.category,
                event.owner_email,
                event.status,
                event.treatment,
                event.review_due,
                event.retired,
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

    def save_solution(self, event: SolutionState) -> None:
        self.cursor.execute(
            SAVE_SOLUTION,
            (
                event.solution_id,
                event.division_id,
                event.title,
                event.kind,
                event.status,
                event.design_effectiveness,
                event.test_result,
                event.tested_on,
                event.next_test_due,
                event.owner_email,
                event.cost,
                event.due_date,
                event.version,
            ),
        )

    def save_link(self, event: LinkChanged) -> None:
        self.cursor.execute(
            SAVE_LINK, (event.risk_id, event.solution_id, event.linked, event.risk_version)
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

    def heatmap_cells(self, scope: Scope, include_retired: bool) -> list[Cell]:
        with_clause, within, params = scoped(scope, "r.division_id")
        retired = "" if include_retired else " AND NOT r.retired"
        self.cursor.execute(
            f"{with_clause}SELECT r.likelihood, r.impact, COUNT(*) AS n FROM risk_register r"
            f" WHERE r.score_version > 0 AND {within}{retired}"
            " GROUP BY r.likelihood, r.impact ORDER BY r.likelihood, r.impact",
            params,
        )
        return [Cell(r["likelihood"], r["impact"], r["n"]) for r in self.cursor.fetchall()]

    def register(self, risks: RiskFilter, limit: int, offset: int) -> RegisterPage:
        with_clause, within, params = scoped(risks.scope, "r.division_id")
        filters, filter_params = risk_conditions(risks)
        where = f" FROM risk_register r WHERE {within}{filters}"
        self.cursor.execute(
            f"{with_clause}SELECT {REGISTER_COLUMNS},"
            f" {active_solutions(risks.scope)} AS active_solutions{where}"
            " ORDER BY r.score IS NULL, r.score DESC, r.title, r.risk_id LIMIT %s OFFSET %s",
            [*params, *filter_params, limit, offset],
        )
        items = tuple(self._entry(row) for row in self.cursor.fetchall())
        self.cursor.execute(f"{with_clause}SELECT COUNT(*) AS n{where}", [*params, *filter_params])
        return RegisterPage(items, self.cursor.fetchone()["n"])

    def solution_counts(self, scope: Scope) -> list[StatusCount]:
        with_clause, within, params = scoped(scope, "s.division_id")
        self.cursor.execute(
            f"{with_clause}SELECT s.division_id, d.code, d.name, d.retired, s.status,"
            " COUNT(*) AS n FROM solutions s LEFT JOIN divisions d ON d.id = s.division_id"
            f" WHERE {within} GROUP BY s.division_id, d.code, d.name, d.retired, s.status"
            " ORDER BY d.code IS NULL, d.code, s.division_id",
            params,
        )
        return [
            StatusCount(
                r["division_id"], r["code"], r["name"], bool(r["retired"]), r["status"], r["n"]
            )
            for r in self.cursor.fetchall()
        ]

    def solutions(
        self, scope: Scope, status: SolutionStatus | None, limit: int, offset: int
    ) -> tuple[tuple[SolutionEntry, ...], int]:
        with_clause, within, params = scoped(scope, "s.division_id")
        where = f" FROM solutions s WHERE {within}"
        if status is not None:
            where += " AND s.status = %s"
            params.append(status.value)
        self.cursor.execute(
            f"{with_clause}SELECT {SOLUTION_COLUMNS}, {linked_risks(scope)} AS linked_risks{where}"
            " ORDER BY s.title, s.solution_id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        items = tuple(
            SolutionEntry(**{**row, "cost": None if row["cost"] is None else float(row["cost"])})
            for row in self.cursor.fetchall()
        )
        self.cursor.execute(f"{with_clause}SELECT COUNT(*) AS n{where}", params)
        return items, self.cursor.fetchone()["n"]

    @staticmethod
    def _entry(row: dict[str, Any]) -> RegisterEntry:
        scored_at = row["scored_at"]
        return RegisterEntry(
            **{
                **row,
                "retired": bool(row["retired"]),
                "score_version": row["score_version"] or None,  # 0: not scored yet
                "scored_at": scored_at.replace(tzinfo=UTC) if scored_at else None,
            }
        )
