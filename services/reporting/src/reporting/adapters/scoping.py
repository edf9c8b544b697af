"""The SQL that keeps a query within a scope (ADR 40) and the platform's rules on a risk
``r`` of the register, written once for every report that needs them (ADR 27)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from reporting.domain.model import Scope, SolutionStatus

TODAY = "UTC_DATE()"


def accepted(today: str = TODAY) -> str:
    """Accepted within its acceptance: the register's status is accepted and the
    acceptance's last day is ``today`` or later (an acceptance recorded before expiries
    were is open-ended)."""
    return (
        "(r.status <=> 'accepted' AND NOT r.retired"
        f" AND (r.acceptance_expires_on IS NULL OR r.acceptance_expires_on >= {today}))"
    )


def tracked(today: str = TODAY) -> str:
    """In the breach and review-overdue lists: neither retired, closed nor accepted (a
    risk whose capture has not arrived yet is tracked, as in scoring)."""
    return f"(NOT r.retired AND NOT r.status <=> 'closed' AND NOT {accepted(today)})"


def review_overdue(today: str = TODAY) -> str:
    """The one meaning of overdue: scoring's next review date passed before ``today``."""
    return f"({tracked(today)} AND COALESCE(r.next_review_due < {today}, FALSE))"


def standing(today: str = TODAY) -> str:
    """Where the risk stands as the dashboards show it (domain.model.Standing)."""
    return (
        f"(CASE WHEN {accepted(today)} THEN 'accepted'"
        f" WHEN {tracked(today)} THEN r.appetite_status END)"
    )


ACCEPTED = accepted()
TRACKED = tracked()
REVIEW_OVERDUE = review_overdue()
STANDING = standing()
OPEN = "(NOT r.retired AND NOT r.status <=> 'closed')"

# The register's columns the reports read, as the histories keep them (migration 0005).
STATE_COLUMNS = (
    "title, category, owner_email, status, treatment, review_due, acceptance_expires_on,"
    " accepted_by"
)
SCORE_COLUMNS = (
    "likelihood, impact, score, level, scored_at, model_id, model_version,"
    " inherent_acceptability, current_likelihood, current_impact, current_score,"
    " current_level, current_acceptability, target_likelihood, target_impact, target_score,"
    " target_level, target_acceptability, appetite_status, appetite, appetite_tolerance,"
    " appetite_division_id, action_priority, rpn, next_review_due, tested_controls"
)


def prefixed(alias: str, columns: str) -> str:
    return ", ".join(f"{alias}.{c.strip()}" for c in columns.split(","))


def valid_at(alias: str, moment: str) -> str:
    """The version of a history valid at ``moment``: from its time, until the next's."""
    return (
        f"{alias}.valid_from < {moment}"
        f" AND ({alias}.valid_to IS NULL OR {alias}.valid_to >= {moment})"
    )


def register_as_of(day: date) -> str:
    """The register as it stood at the end of ``day`` (UTC), as a derived table with
    the register's columns: each risk's state and score valid then, the division its
    state gives (its score's until the state is known). The breach episode is not kept
    in history (not breaching). ``day`` is a date, so its literal is safe to inline."""
    end = f"'{(day + timedelta(days=1)).isoformat()} 00:00:00'"
    return (
        "(SELECT k.risk_id, COALESCE(s.division_id, c.division_id) AS division_id,"
        f" {prefixed('s', STATE_COLUMNS)}, COALESCE(s.retired, FALSE) AS retired,"
        " COALESCE(s.risk_version, 0) AS risk_version,"
        f" {prefixed('c', SCORE_COLUMNS)}, COALESCE(c.score_version, 0) AS score_version,"
        " FALSE AS in_breach, CAST(NULL AS DATETIME(6)) AS breach_changed_at"
        " FROM (SELECT h.risk_id FROM risk_state_history h"
        f" WHERE {valid_at('h', end)}"
        " UNION SELECT h.risk_id FROM risk_score_history h"
        f" WHERE {valid_at('h', end)}) k"
        " LEFT JOIN risk_state_history s ON s.risk_id = k.risk_id"
        f" AND {valid_at('s', end)}"
        " LEFT JOIN risk_score_history c ON c.risk_id = k.risk_id"
        f" AND {valid_at('c', end)})"
    )


def register_of(scope: Scope) -> str:
    """The register the scope's reports read: today's, or the one its as_of gives."""
    return "risk_register" if scope.as_of is None else register_as_of(scope.as_of)


def today_of(scope: Scope) -> str:
    """The day overdue and accepted are judged on: today (UTC), or the as-of day."""
    return TODAY if scope.as_of is None else f"DATE '{scope.as_of.isoformat()}'"


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
