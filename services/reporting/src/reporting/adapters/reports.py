"""The dashboards' reads from the read model in MySQL. Each report is a fixed number of
statements whatever the data size; every one is kept within the caller's scope."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC
from typing import Any

from pymysql.cursors import SSDictCursor

from reporting.adapters.scoping import (
    ACCEPTED,
    OPEN,
    REVIEW_OVERDUE,
    STANDING,
    TRACKED,
    active_solutions,
    linked_risks,
    scoped,
)
from reporting.domain.events import Appetite, Grade
from reporting.domain.model import (
    Basis,
    Cell,
    CellCount,
    DivisionNode,
    DivisionTally,
    RegisterEntry,
    RegisterPage,
    RiskFilter,
    RiskSort,
    Scope,
    SolutionEntry,
    SolutionStatus,
    SolutionTally,
    Standing,
    StatusCount,
    Tally,
)

REGISTER_COLUMNS = (
    "r.risk_id, r.division_id, r.title, r.category, r.owner_email, r.status, r.treatment,"
    " r.review_due, r.retired, r.score, r.level, r.likelihood, r.impact, r.score_version,"
    " r.scored_at, r.model_id, r.model_version, r.inherent_acceptability,"
    " r.current_likelihood, r.current_impact, r.current_score, r.current_level,"
    " r.current_acceptability, r.target_likelihood, r.target_impact, r.target_score,"
    " r.target_level, r.target_acceptability, r.appetite_status, r.appetite,"
    " r.appetite_tolerance, r.appetite_division_id, r.in_breach, r.breach_changed_at,"
    " r.action_priority, r.rpn, r.next_review_due,"
    f" {STANDING} AS standing, {REVIEW_OVERDUE} AS review_overdue,"
    f" CASE WHEN {ACCEPTED} THEN r.acceptance_expires_on END AS accepted_until"
)
SOLUTION_COLUMNS = (
    "s.solution_id, s.division_id, s.title, s.kind, s.status, s.design_effectiveness,"
    " s.test_result, s.tested_on, s.next_test_due, s.owner_email, s.cost, s.due_date"
)
CELL_COLUMNS = {
    Basis.INHERENT: ("r.likelihood", "r.impact"),
    Basis.CURRENT: ("r.current_likelihood", "r.current_impact"),
    Basis.TARGET: ("r.target_likelihood", "r.target_impact"),
}
# Descending puts NULLs (not scored yet) last; each order is an index (migration 0004).
ORDER = {
    RiskSort.SCORE: "r.score DESC, r.title, r.risk_id",
    RiskSort.CURRENT_RESIDUAL: "r.current_score DESC, r.score DESC, r.title, r.risk_id",
}
HIGH_OR_CRITICAL = "r.current_level IN ('high', 'critical')"


def risk_conditions(risks: RiskFilter) -> tuple[str, list[Any]]:
    conditions: list[str] = []
    params: list[Any] = []
    if not risks.include_retired:
        conditions.append("NOT r.retired")
    if risks.open_only:
        conditions.append(OPEN)
    if risks.status is not None:
        conditions.append("r.status = %s")
        params.append(risks.status.value)
    if risks.category is not None:
        conditions.append("r.category = %s")
        params.append(risks.category.value)
    if risks.overdue is not None:
        conditions.append(REVIEW_OVERDUE if risks.overdue else f"NOT {REVIEW_OVERDUE}")
    likelihood, impact = CELL_COLUMNS[risks.basis]
    if risks.likelihood is not None:
        conditions.append(f"{likelihood} = %s")
        params.append(risks.likelihood)
    if risks.impact is not None:
        conditions.append(f"{impact} = %s")
        params.append(risks.impact)
    if risks.level is not None:
        conditions.append("r.current_level = %s")
        params.append(risks.level.value)
    if risks.standing is not None:
        conditions.append(f"{STANDING} = %s")
        params.append(risks.standing.value)
    return "".join(f" AND {c}" for c in conditions), params


STREAM_BATCH = 1_000


def count(value: Any) -> int:
    """SUM() over no rows is NULL and otherwise a Decimal in pymysql."""
    return int(value or 0)


def grade(row: dict[str, Any], prefix: str) -> Grade | None:
    if row[f"{prefix}_score"] is None:
        return None
    return Grade(
        row[f"{prefix}_likelihood"],
        row[f"{prefix}_impact"],
        row[f"{prefix}_score"],
        row[f"{prefix}_level"],
        row[f"{prefix}_acceptability"],
    )


def aware(moment: Any) -> Any:
    return moment.replace(tzinfo=UTC) if moment else None


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

    def heatmap_counts(self, scope: Scope, include_retired: bool) -> list[CellCount]:
        """The three heat maps' counts per model in one statement: one pass over the
        cells index, grouped by all three cells at once, then split per basis."""
        with_clause, within, params = scoped(scope, "r.division_id")
        retired = "" if include_retired else " AND NOT r.retired"
        cells = ", ".join(f"{lk}, {im}" for lk, im in CELL_COLUMNS.values())
        self.cursor.execute(
            f"{with_clause}SELECT g.*, m.size FROM (SELECT r.model_id, r.model_version,"
            f" {cells}, COUNT(*) AS n FROM risk_register r"
            f" WHERE r.score_version > 0 AND {within}{retired}"
            f" GROUP BY r.model_id, r.model_version, {cells}) g LEFT JOIN scoring_models m"
            " ON m.model_id = g.model_id AND m.version = g.model_version",
            params,
        )
        found = []
        for row in self.cursor.fetchall():
            for basis, (likelihood, impact) in CELL_COLUMNS.items():
                at = (row[likelihood.removeprefix("r.")], row[impact.removeprefix("r.")])
                if at[0] is not None and at[1] is not None:
                    found.append(CellCount(row["model_id"], row["size"], basis, *at, row["n"]))
        return found

    def register(self, risks: RiskFilter, limit: int, offset: int) -> RegisterPage:
        return RegisterPage(self.register_items(risks, limit, offset), self.register_count(risks))

    def register_count(self, risks: RiskFilter) -> int:
        with_clause, within, params = scoped(risks.scope, "r.division_id")
        filters, filter_params = risk_conditions(risks)
        self.cursor.execute(
            f"{with_clause}SELECT COUNT(*) AS n FROM risk_register r WHERE {within}{filters}",
            [*params, *filter_params],
        )
        return int(self.cursor.fetchone()["n"])

    def register_items(
        self, risks: RiskFilter, limit: int, offset: int
    ) -> tuple[RegisterEntry, ...]:
        """A page, found on the narrow ids first and only then read whole: sorting the
        scope's wide rows to keep ten costs several times more (deferred join)."""
        with_clause, within, params = scoped(risks.scope, "r.division_id")
        filters, filter_params = risk_conditions(risks)
        order = ORDER[risks.sort]
        self.cursor.execute(
            f"{with_clause}SELECT {REGISTER_COLUMNS},"
            f" {active_solutions(risks.scope)} AS active_solutions"
            f" FROM (SELECT r.risk_id FROM risk_register r WHERE {within}{filters}"
            f" ORDER BY {order} LIMIT %s OFFSET %s) page"
            f" JOIN risk_register r ON r.risk_id = page.risk_id ORDER BY {order}",
            [*params, *filter_params, limit, offset],
        )
        return tuple(self._entry(row) for row in self.cursor.fetchall())

    def register_stream(self, risks: RiskFilter) -> Iterator[RegisterEntry]:
        """Every risk the filters keep, in the register's order, in one statement whose
        rows the server sends as they are read (an unbuffered cursor on the same
        connection and transaction), a batch at a time."""
        with_clause, within, params = scoped(risks.scope, "r.division_id")
        filters, filter_params = risk_conditions(risks)
        stream = self.cursor.connection.cursor(SSDictCursor)
        try:
            stream.execute(
                f"{with_clause}SELECT {REGISTER_COLUMNS},"
                f" {active_solutions(risks.scope)} AS active_solutions"
                f" FROM risk_register r WHERE {within}{filters} ORDER BY {ORDER[risks.sort]}",
                [*params, *filter_params],
            )
            while batch := stream.fetchmany(STREAM_BATCH):
                yield from (self._entry(row) for row in batch)
        finally:
            stream.close()

    def division_tallies(self, scope: Scope) -> list[DivisionTally]:
        """Each division's own open risks, counted (one statement over the tally index).
        ``controlled``: high or critical with a control the current residual credits in
        full (scoring's own count, whoever the caller is)."""
        with_clause, within, params = scoped(scope, "r.division_id")
        levels = ", ".join(
            f"SUM(r.current_level <=> '{level}') AS {level}"
            for level in ("low", "medium", "high", "critical")
        )
        self.cursor.execute(
            f"{with_clause}SELECT r.division_id, COUNT(*) AS risks, {levels},"
            " SUM(r.current_level IS NULL) AS unscored,"
            f" SUM({TRACKED} AND r.appetite_status <=> 'breach') AS breaches,"
            f" SUM({REVIEW_OVERDUE}) AS overdue_reviews,"
            f" SUM({ACCEPTED}) AS accepted,"
            f" SUM({HIGH_OR_CRITICAL} AND r.tested_controls > 0) AS controlled"
            f" FROM risk_register r WHERE {within} AND {OPEN}"
            " GROUP BY r.division_id ORDER BY r.division_id",
            params,
        )
        return [
            DivisionTally(
                row["division_id"],
                Tally(**{k: count(v) for k, v in row.items() if k != "division_id"}),
            )
            for row in self.cursor.fetchall()
        ]

    def divisions(self, scope: Scope) -> list[DivisionNode]:
        with_clause, within, params = scoped(scope, "d.id")
        self.cursor.execute(
            f"{with_clause}SELECT d.id, d.parent_id, d.code, d.name, d.retired"
            f" FROM divisions d WHERE {within}",
            params,
        )
        return [
            DivisionNode(r["id"], r["parent_id"], r["code"], r["name"], bool(r["retired"]))
            for r in self.cursor.fetchall()
        ]

    def solution_tallies(self, scope: Scope) -> list[SolutionTally]:
        with_clause, within, params = scoped(scope, "s.division_id")
        self.cursor.execute(
            f"{with_clause}SELECT s.status, COUNT(*) AS n,"
            f" SUM(s.status <> '{SolutionStatus.RETIRED}'"
            " AND COALESCE(s.next_test_due < UTC_DATE(), FALSE)) AS overdue_tests,"
            f" SUM(s.status IN ('{SolutionStatus.PLANNED}', '{SolutionStatus.IN_PROGRESS}')"
            " AND COALESCE(s.due_date < UTC_DATE(), FALSE)) AS overdue_plans"
            f" FROM solutions s WHERE {within} GROUP BY s.status",
            params,
        )
        return [
            SolutionTally(r["status"], r["n"], count(r["overdue_tests"]), count(r["overdue_plans"]))
            for r in self.cursor.fetchall()
        ]

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
        appetite = (
            Appetite(
                row["appetite_status"],
                row["appetite"],
                row["appetite_tolerance"],
                row["appetite_division_id"],
            )
            if row["appetite_status"] is not None
            else None
        )
        return RegisterEntry(
            risk_id=row["risk_id"],
            division_id=row["division_id"],
            title=row["title"],
            category=row["category"],
            owner_email=row["owner_email"],
            status=row["status"],
            treatment=row["treatment"],
            review_due=row["review_due"],
            retired=bool(row["retired"]),
            score=row["score"],
            level=row["level"],
            likelihood=row["likelihood"],
            impact=row["impact"],
            score_version=row["score_version"] or None,  # 0: not scored yet
            scored_at=aware(row["scored_at"]),
            active_solutions=row["active_solutions"],
            model_id=row["model_id"],
            model_version=row["model_version"],
            inherent_acceptability=row["inherent_acceptability"],
            current=grade(row, "current"),
            target=grade(row, "target"),
            appetite=appetite,
            standing=Standing(row["standing"]) if row["standing"] else None,
            in_breach=bool(row["in_breach"]),
            breach_changed_at=aware(row["breach_changed_at"]),
            action_priority=row["action_priority"],
            rpn=row["rpn"],
            next_review_due=row["next_review_due"],
            review_overdue=bool(row["review_overdue"]),
            accepted_until=row["accepted_until"],
        )
