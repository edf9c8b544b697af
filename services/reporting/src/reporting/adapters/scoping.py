"""The SQL that keeps a query within a scope (ADR 40) and the platform's rules on a risk
``r`` of the register, written once for every report that needs them (ADR 27)."""

from __future__ import annotations

from dataclasses import fields
from datetime import date, timedelta
from typing import Any

from reporting.domain.events import SolutionDetails
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


def day_end_literal(day: date) -> str:
    """The end of ``day`` (UTC), the next day's first moment, as a literal (a date's
    text is safe to inline)."""
    return f"'{(day + timedelta(days=1)).isoformat()} 00:00:00'"


def kri_status(value: str, kri: str = "k") -> str:
    """An indicator's status from a reading's ``value`` against the thresholds of the
    definition ``kri`` (metrics-scoring's rule, ADR 28); NULL without a reading."""
    worse = {"higher": ">=", "lower": "<="}
    cases = {
        side: f"CASE WHEN {value} {op} {kri}.red THEN 'red'"
        f" WHEN {value} {op} {kri}.amber THEN 'amber' ELSE 'green' END"
        for side, op in worse.items()
    }
    return (
        f"(CASE WHEN {value} IS NULL THEN NULL WHEN {kri}.direction = 'lower_is_worse'"
        f" THEN {cases['lower']} ELSE {cases['higher']} END)"
    )


def kri_stale(observed_at: str, today: str = TODAY, kri: str = "k") -> str:
    """The latest reading no longer counts: ``today`` is after the day it was observed
    plus the indicator's staleness period (ADR 28)."""
    return f"COALESCE({today} > DATE({observed_at}) + INTERVAL {kri}.stale_after_days DAY, FALSE)"


def live_kris(scope: Scope) -> str:
    """The indicators a KRI report covers, now or as of the scope's day, as a derived
    table ``q``: not retired, of a risk that is neither closed nor retired (or whose own
    events have not arrived yet), in the risk's division (the indicator's own until the
    risk's is known), with its latest reading (observed before the day's end) and the
    status and staleness that reading gives."""
    if scope.as_of is None:
        kris = "kris k LEFT JOIN risk_register r ON r.risk_id = k.risk_id"
        live, before = "k.version > 0", ""
    else:
        end = day_end_literal(scope.as_of)
        kris = (
            "kri_history k LEFT JOIN risk_state_history r ON r.risk_id = k.risk_id"
            f" AND {valid_at('r', end)}"
        )
        live, before = valid_at("k", end), f" AND x.observed_at < {end}"
    latest = (
        "(SELECT x.reading_id FROM kri_readings x WHERE x.kri_id = k.kri_id"
        f"{before} ORDER BY x.observed_at DESC, x.reading_id DESC LIMIT 1)"
    )
    return (
        "(SELECT k.kri_id, k.name, k.unit, k.direction, k.amber, k.red, k.stale_after_days,"
        " k.risk_id, r.title AS risk_title,"
        " COALESCE(r.division_id, k.division_id) AS division_id, g.value AS latest_value,"
        " g.observed_at AS latest_observed_at, g.source AS latest_source,"
        f" {kri_status('g.value')} AS status,"
        f" {kri_stale('g.observed_at', today_of(scope))} AS stale"
        f" FROM {kris} LEFT JOIN kri_readings g ON g.reading_id = {latest}"
        f" WHERE {live} AND NOT k.retired AND NOT COALESCE(r.retired, FALSE)"
        " AND NOT r.status <=> 'closed') q"
    )


def breach_since(register: str = "r") -> str:
    """When the risk's scores went into breach and stayed there until its current one:
    the time of the first score after the last that was not in breach (from the score
    history, so the same now and as of a day)."""
    return (
        "(SELECT MIN(h.valid_from) FROM risk_score_history h"
        f" WHERE h.risk_id = {register}.risk_id AND h.score_version <= {register}.score_version"
        " AND h.score_version > (SELECT COALESCE(MAX(b.score_version), 0)"
        f" FROM risk_score_history b WHERE b.risk_id = {register}.risk_id"
        f" AND b.score_version <= {register}.score_version"
        " AND NOT b.appetite_status <=> 'breach'))"
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


# A solution's columns after its id: its details' fields, as the solutions table and its
# history keep them (migrations 0002 and 0007).
SOLUTION_STATE = tuple(f.name for f in fields(SolutionDetails))[1:]


def solutions_of(scope: Scope) -> str:
    """The solutions the scope's reports read: today's, or each solution's version valid
    at the end of the as-of day (ADR 63), as a derived table with the same columns."""
    if scope.as_of is None:
        return "solutions"
    return (
        f"(SELECT h.solution_id, {prefixed('h', ', '.join(SOLUTION_STATE))}, h.version"
        f" FROM solution_history h WHERE {valid_at('h', day_end_literal(scope.as_of))})"
    )


def linked_to(scope: Scope, link: str) -> str:
    """The condition that the link ``link`` holds: today, or at the end of the as-of day
    (its version valid then)."""
    if scope.as_of is None:
        return f"{link}.linked"
    return f"{link}.linked AND {valid_at(link, day_end_literal(scope.as_of))}"


def links_of(scope: Scope) -> str:
    return "risk_solution_links" if scope.as_of is None else "link_history"


def active_solutions(scope: Scope) -> str:
    """How many active solutions the caller may read are linked to the risk ``r`` (now,
    or at the end of the as-of day)."""
    if scope.as_of is None:
        solution, valid = "solutions s ON s.solution_id = l.solution_id", ""
    else:
        end = day_end_literal(scope.as_of)
        solution = "solution_history s ON s.solution_id = l.solution_id"
        valid = f" AND {valid_at('s', end)}"
    return (
        f"(SELECT COUNT(*) FROM {links_of(scope)} l JOIN {solution}{valid}"
        f" WHERE l.risk_id = r.risk_id AND {linked_to(scope, 'l')}"
        f" AND s.status = '{SolutionStatus.ACTIVE}' AND {readable(scope, 's.division_id')})"
    )


def linked_risks(scope: Scope) -> str:
    """How many risks the caller may read the solution ``s`` is linked to (for the
    unscoped, also those whose own events have not arrived yet); now, or at the end of
    the as-of day (the risks in the division they were in then)."""
    links = f"{links_of(scope)} l"
    holds = f"l.solution_id = s.solution_id AND {linked_to(scope, 'l')}"
    if scope.readable_roots is None:
        return f"(SELECT COUNT(*) FROM {links} WHERE {holds})"
    if scope.as_of is None:
        risks = "risk_register lr ON lr.risk_id = l.risk_id"
    else:
        end = day_end_literal(scope.as_of)
        risks = f"risk_state_history lr ON lr.risk_id = l.risk_id AND {valid_at('lr', end)}"
    return (
        f"(SELECT COUNT(*) FROM {links} JOIN {risks}"
        f" WHERE {holds} AND {readable(scope, 'lr.division_id')})"
    )
