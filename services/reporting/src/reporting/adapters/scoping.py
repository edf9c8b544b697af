"""The SQL that keeps a query within a scope (ADR 40) and the platform's rules on a risk
``r`` of the register, written once for every report that needs them (ADR 27)."""

from __future__ import annotations

from typing import Any

from reporting.domain.model import Scope, SolutionStatus

# Accepted within its acceptance: the register's status is accepted and the acceptance's
# last day is today or later (an acceptance recorded before expiries were is open-ended).
ACCEPTED = (
    "(r.status <=> 'accepted' AND NOT r.retired"
    " AND (r.acceptance_expires_on IS NULL OR r.acceptance_expires_on >= UTC_DATE()))"
)
# In the breach and review-overdue lists: neither retired, closed nor accepted (a risk
# whose capture has not arrived yet is tracked, as in scoring).
TRACKED = f"(NOT r.retired AND NOT r.status <=> 'closed' AND NOT {ACCEPTED})"
# The one meaning of overdue: scoring's next review date passed before today (UTC).
REVIEW_OVERDUE = f"({TRACKED} AND COALESCE(r.next_review_due < UTC_DATE(), FALSE))"
# Where the risk stands as the dashboards show it (domain.model.Standing).
STANDING = f"(CASE WHEN {ACCEPTED} THEN 'accepted' WHEN {TRACKED} THEN r.appetite_status END)"
OPEN = "(NOT r.retired AND NOT r.status <=> 'closed')"


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
