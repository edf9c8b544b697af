"""The dashboards' reads from the read model in MySQL. Each report is a fixed number of
statements whatever the data size; every one is kept within the caller's scope."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import groupby
from typing import Any

from pymysql.cursors import SSCursor, SSDictCursor

from reporting.adapters.scoping import (
    OPEN,
    accepted,
    active_solutions,
    breach_since,
    linked_risks,
    live_kris,
    register_of,
    review_overdue,
    scoped,
    solutions_of,
    standing,
    today_of,
    tracked,
    valid_at,
)
from reporting.domain.events import Appetite, Grade
from reporting.domain.model import (
    Basis,
    BreachCounts,
    BreachEntry,
    Cell,
    CellCount,
    DayTally,
    DivisionNode,
    DivisionTally,
    KriEntry,
    KriStatus,
    KriStatusCount,
    LevelMovement,
    RegisterEntry,
    RegisterPage,
    RiskFilter,
    RiskSort,
    Scope,
    ScoreSpan,
    SolutionEntry,
    SolutionStatus,
    SolutionTally,
    Standing,
    StateSpan,
    StatusCount,
    Tally,
    sweep_trend,
)


def register_columns(today: str) -> str:
    """The register's columns, overdue and accepted judged on ``today``."""
    return (
        "r.risk_id, r.division_id, r.title, r.category, r.owner_email, r.status, r.treatment,"
        " r.review_due, r.retired, r.score, r.level, r.likelihood, r.impact, r.score_version,"
        " r.scored_at, r.model_id, r.model_version, r.inherent_acceptability,"
        " r.current_likelihood, r.current_impact, r.current_score, r.current_level,"
        " r.current_acceptability, r.target_likelihood, r.target_impact, r.target_score,"
        " r.target_level, r.target_acceptability, r.appetite_status, r.appetite,"
        " r.appetite_tolerance, r.appetite_division_id, r.in_breach, r.breach_changed_at,"
        " r.action_priority, r.rpn, r.next_review_due,"
        f" {standing(today)} AS standing, {review_overdue(today)} AS review_overdue,"
        f" CASE WHEN {accepted(today)} THEN r.acceptance_expires_on END AS accepted_until"
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
    today = today_of(risks.scope)
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
        overdue = review_overdue(today)
        conditions.append(overdue if risks.overdue else f"NOT {overdue}")
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
        conditions.append(f"{standing(today)} = %s")
        params.append(risks.standing.value)
    return "".join(f" AND {c}" for c in conditions), params


STREAM_BATCH = 1_000


def tally_columns(today: str) -> str:
    """A Tally's counts over the rows ``r``, overdue and accepted judged on ``today``.
    ``controlled``: high or critical with a control the current residual credits in
    full (scoring's own count, whoever the caller is)."""
    levels = ", ".join(
        f"SUM(r.current_level <=> '{level}') AS {level}"
        for level in ("low", "medium", "high", "critical")
    )
    return (
        f"COUNT(*) AS risks, {levels}, SUM(r.current_level IS NULL) AS unscored,"
        f" SUM({tracked(today)} AND r.appetite_status <=> 'breach') AS breaches,"
        f" SUM({review_overdue(today)}) AS overdue_reviews,"
        f" SUM({accepted(today)}) AS accepted,"
        f" SUM({HIGH_OR_CRITICAL} AND r.tested_controls > 0) AS controlled"
    )


def tally(row: dict[str, Any]) -> Tally:
    return Tally(**{k: count(row[k]) for k in TALLY_FIELDS})


TALLY_FIELDS = tuple(Tally.__dataclass_fields__)
# The versions of state within the scope that hold at the end of some day of a range
# (parameters: the end of the range's last day, then of its first).
SPANS_OF_STATES = (
    "FROM risk_state_history s WHERE {within}"
    " AND s.valid_from < %s AND (s.valid_to IS NULL OR s.valid_to >= %s)"
)


def day_end(day: date) -> datetime:
    """The end of a day (UTC): the next day's first moment."""
    return datetime.combine(day + timedelta(days=1), time())


def span_day(moment: datetime | None) -> date | None:
    """The first day at whose end a version with this time holds (or no longer does)."""
    return moment.date() if moment is not None else None


def spans(rows: Iterable[tuple[Any, ...]]) -> Iterator[tuple[list[StateSpan], list[ScoreSpan]]]:
    """Each risk's versions of state and score as spans of days, from rows ordered by
    risk (plain tuples, in the trend statement's column order)."""
    for _, versions in groupby(rows, key=lambda row: row[0]):
        states: list[StateSpan] = []
        scores: list[ScoreSpan] = []
        for _, kind, since, until, category, status, retired, expires, *score in versions:
            first, last = span_day(since), span_day(until)
            assert first is not None
            if kind == 0:
                states.append(StateSpan(first, last, category, status, bool(retired), expires))
            else:
                scores.append(ScoreSpan(first, last, *score))
        yield states, scores


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
            f"{with_clause}SELECT r.likelihood, r.impact, COUNT(*) AS n"
            f" FROM {register_of(scope)} r"
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
            f" {cells}, COUNT(*) AS n FROM {register_of(scope)} r"
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
            f"{with_clause}SELECT COUNT(*) AS n FROM {register_of(risks.scope)} r"
            f" WHERE {within}{filters}",
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
        columns = register_columns(today_of(risks.scope))
        solutions = active_solutions(risks.scope)
        if risks.scope.as_of is not None:  # the history's rows are whole already
            query = (
                f"{with_clause}SELECT {columns}, {solutions} AS active_solutions"
                f" FROM {register_of(risks.scope)} r WHERE {within}{filters}"
                f" ORDER BY {order} LIMIT %s OFFSET %s"
            )
        else:
            query = (
                f"{with_clause}SELECT {columns}, {solutions} AS active_solutions"
                f" FROM (SELECT r.risk_id FROM risk_register r WHERE {within}{filters}"
                f" ORDER BY {order} LIMIT %s OFFSET %s) page"
                f" JOIN risk_register r ON r.risk_id = page.risk_id ORDER BY {order}"
            )
        self.cursor.execute(query, [*params, *filter_params, limit, offset])
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
                f"{with_clause}SELECT {register_columns(today_of(risks.scope))},"
                f" {active_solutions(risks.scope)} AS active_solutions"
                f" FROM {register_of(risks.scope)} r WHERE {within}{filters}"
                f" ORDER BY {ORDER[risks.sort]}",
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
        self.cursor.execute(
            f"{with_clause}SELECT r.division_id, {tally_columns(today_of(scope))}"
            f" FROM {register_of(scope)} r WHERE {within} AND {OPEN}"
            " GROUP BY r.division_id ORDER BY r.division_id",
            params,
        )
        return [DivisionTally(row["division_id"], tally(row)) for row in self.cursor.fetchall()]

    def trend_tallies(self, scope: Scope, first: date, last: date) -> list[DayTally]:
        """Each day's open risks per category, as they stood at its end: one statement
        reads the versions of state (within the scope) and score that hold on some day
        of the range, each risk's together, and the domain sweeps them into days."""
        with_clause, within, params = scoped(scope, "s.division_id")
        since, until = day_end(first), day_end(last)
        stream = self.cursor.connection.cursor(SSCursor)
        try:
            stream.execute(
                f"{with_clause}SELECT s.risk_id, 0 AS kind, s.valid_from, s.valid_to,"
                " s.category, s.status, s.retired, s.acceptance_expires_on,"
                " NULL AS current_level, NULL AS appetite_status, NULL AS next_review_due,"
                " NULL AS tested_controls"
                f" {SPANS_OF_STATES.format(within=within)}"
                " UNION ALL SELECT c.risk_id, 1, c.valid_from, c.valid_to, NULL, NULL, NULL,"
                " NULL, c.current_level, c.appetite_status, c.next_review_due,"
                " c.tested_controls FROM risk_score_history c"
                " WHERE c.valid_from < %s AND (c.valid_to IS NULL OR c.valid_to >= %s)"
                f" AND c.risk_id IN (SELECT s.risk_id {SPANS_OF_STATES.format(within=within)})"
                " ORDER BY risk_id, kind, valid_from",
                [*params, until, since, until, since, until, since],
            )
            return sweep_trend(first, last, spans(stream))
        finally:
            stream.close()

    def movements(self, scope: Scope, first: date, last: date) -> list[LevelMovement]:
        """The open risks scored at the end of ``last`` (their state within the scope
        then), per current residual level, by how their current residual score moved
        since the end of ``first``: one statement of key lookups per risk."""
        with_clause, within, params = scoped(scope, "s.division_id")
        since, until = day_end(first), day_end(last)
        self.cursor.execute(
            f"{with_clause}SELECT t.current_level AS level,"
            " SUM(f.current_score IS NULL) AS new,"
            " SUM(t.current_score > f.current_score) AS worsened,"
            " SUM(t.current_score < f.current_score) AS improved,"
            " SUM(t.current_score = f.current_score) AS unchanged"
            " FROM risk_score_history t JOIN risk_state_history s ON s.risk_id = t.risk_id"
            f" AND {valid_at('s', '%s')} LEFT JOIN risk_score_history f"
            f" ON f.risk_id = t.risk_id AND {valid_at('f', '%s')}"
            f" WHERE {valid_at('t', '%s')} AND {within}"
            " AND NOT s.retired AND NOT s.status <=> 'closed'"
            " AND t.current_score IS NOT NULL GROUP BY t.current_level",
            [*params, until, until, since, since, until, until],
        )
        return [
            LevelMovement(
                row["level"],
                count(row["worsened"]),
                count(row["improved"]),
                count(row["unchanged"]),
                count(row["new"]),
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
        today = today_of(scope)
        self.cursor.execute(
            f"{with_clause}SELECT s.status, COUNT(*) AS n,"
            f" SUM(s.status <> '{SolutionStatus.RETIRED}'"
            f" AND COALESCE(s.next_test_due < {today}, FALSE)) AS overdue_tests,"
            f" SUM(s.status IN ('{SolutionStatus.PLANNED}', '{SolutionStatus.IN_PROGRESS}')"
            f" AND COALESCE(s.due_date < {today}, FALSE)) AS overdue_plans"
            f" FROM {solutions_of(scope)} s WHERE {within} GROUP BY s.status",
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
            f" COUNT(*) AS n FROM {solutions_of(scope)} s LEFT JOIN divisions d"
            " ON d.id = s.division_id"
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
        where = f" FROM {solutions_of(scope)} s WHERE {within}"
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

    def kri_counts(self, scope: Scope) -> list[KriStatusCount]:
        with_clause, within, params = scoped(scope, "q.division_id")
        self.cursor.execute(
            f"{with_clause}SELECT q.status, q.stale, COUNT(*) AS n FROM {live_kris(scope)}"
            f" WHERE {within} GROUP BY q.status, q.stale",
            params,
        )
        return [
            KriStatusCount(row["status"], bool(row["stale"]), row["n"])
            for row in self.cursor.fetchall()
        ]

    def kris(
        self, scope: Scope, statuses: frozenset[KriStatus] | None, limit: int, offset: int
    ) -> tuple[KriEntry, ...]:
        """A page of the indicators in scope (of these statuses, if given): red first,
        then amber, green and unread; by name within a status."""
        with_clause, within, params = scoped(scope, "q.division_id")
        wanted = ""
        if statuses is not None:
            wanted = f" AND q.status IN ({', '.join(['%s'] * len(statuses))})"
            params += [status.value for status in sorted(statuses)]
        self.cursor.execute(
            f"{with_clause}SELECT q.* FROM {live_kris(scope)} WHERE {within}{wanted}"
            " ORDER BY CASE q.status WHEN 'red' THEN 0 WHEN 'amber' THEN 1"
            " WHEN 'green' THEN 2 ELSE 3 END, q.name, q.kri_id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        return tuple(
            KriEntry(
                **{
                    **row,
                    "status": KriStatus(row["status"]) if row["status"] else None,
                    "stale": bool(row["stale"]),
                    "latest_observed_at": aware(row["latest_observed_at"]),
                }
            )
            for row in self.cursor.fetchall()
        )

    def breach_counts(self, scope: Scope) -> BreachCounts:
        with_clause, within, params = scoped(scope, "r.division_id")
        today = today_of(scope)
        self.cursor.execute(
            f"{with_clause}SELECT SUM({tracked(today)}) AS in_breach,"
            f" SUM({accepted(today)}) AS accepted FROM {register_of(scope)} r"
            f" WHERE {within} AND {OPEN} AND r.appetite_status <=> 'breach'",
            params,
        )
        row = self.cursor.fetchone()
        return BreachCounts(count(row["in_breach"]), count(row["accepted"]))

    def breaches(self, scope: Scope, limit: int, offset: int) -> tuple[BreachEntry, ...]:
        """A page of the open risks above their tolerance: breaches first, then the
        accepted ones; the largest excess over the tolerance first."""
        with_clause, within, params = scoped(scope, "r.division_id")
        today = today_of(scope)
        self.cursor.execute(
            f"{with_clause}SELECT r.risk_id, r.division_id, r.title, r.category,"
            f" r.owner_email, {standing(today)} AS standing, r.current_likelihood,"
            " r.current_impact, r.current_score, r.current_level, r.current_acceptability,"
            " r.appetite_status, r.appetite, r.appetite_tolerance, r.appetite_division_id,"
            f" CASE WHEN {accepted(today)} THEN r.acceptance_expires_on END AS accepted_until,"
            f" {breach_since()} AS since FROM {register_of(scope)} r"
            f" WHERE {within} AND {OPEN} AND r.appetite_status <=> 'breach'"
            f" ORDER BY {accepted(today)}, r.current_score - r.appetite_tolerance DESC,"
            " r.current_score DESC, r.title, r.risk_id LIMIT %s OFFSET %s",
            [*params, limit, offset],
        )
        found = []
        for row in self.cursor.fetchall():
            appetite = Appetite(
                row["appetite_status"],
                row["appetite"],
                row["appetite_tolerance"],
                row["appetite_division_id"],
            )
            current = grade(row, "current")
            score = current.score if current else appetite.tolerance
            found.append(
                BreachEntry(
                    risk_id=row["risk_id"],
                    division_id=row["division_id"],
                    title=row["title"],
                    category=row["category"],
                    owner_email=row["owner_email"],
                    standing=Standing(row["standing"]),
                    current=current,
                    appetite=appetite,
                    over_tolerance=score - appetite.tolerance,
                    over_appetite=score - appetite.appetite,
                    since=aware(row["since"]),
                    accepted_until=row["accepted_until"],
                )
            )
        return tuple(found)

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
