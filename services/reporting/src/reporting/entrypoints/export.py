"""The register as a CSV file. Titles, e-mails and the other texts are user input: a cell
that a spreadsheet would read as a formula (it begins with =, +, -, @, a tab or a
carriage return) is neutralised with a leading single quote (OWASP, CSV injection)."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from reporting.domain.model import RegisterEntry

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: Any) -> str:
    """The cell's text, with a quote in front when a spreadsheet would run it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _grade(part: str) -> Callable[[RegisterEntry], Any]:
    def read(entry: RegisterEntry) -> Any:
        grade = entry.current if part.startswith("current") else entry.target
        return getattr(grade, part.split("_", 1)[1]) if grade else None

    return read


COLUMNS: tuple[tuple[str, Callable[[RegisterEntry], Any]], ...] = (
    ("riskId", lambda e: e.risk_id),
    ("divisionId", lambda e: e.division_id),
    ("title", lambda e: e.title),
    ("category", lambda e: e.category),
    ("ownerEmail", lambda e: e.owner_email),
    ("status", lambda e: e.status),
    ("treatment", lambda e: e.treatment),
    ("retired", lambda e: e.retired),
    ("inherentLikelihood", lambda e: e.likelihood),
    ("inherentImpact", lambda e: e.impact),
    ("inherentScore", lambda e: e.score),
    ("inherentLevel", lambda e: e.level),
    ("currentLikelihood", _grade("current_likelihood")),
    ("currentImpact", _grade("current_impact")),
    ("currentScore", _grade("current_score")),
    ("currentLevel", _grade("current_level")),
    ("targetLikelihood", _grade("target_likelihood")),
    ("targetImpact", _grade("target_impact")),
    ("targetScore", _grade("target_score")),
    ("targetLevel", _grade("target_level")),
    ("appetiteStatus", lambda e: e.standing),
    ("actionPriority", lambda e: e.action_priority),
    ("nextReviewDue", lambda e: e.next_review_due),
    ("reviewOverdue", lambda e: e.review_overdue),
    ("acceptedUntil", lambda e: e.accepted_until),
    ("activeSolutions", lambda e: e.active_solutions),
    ("modelId", lambda e: e.model_id),
    ("scoredAt", lambda e: e.scored_at),
)


def risks_csv(entries: Iterable[RegisterEntry]) -> str:
    """A header row, then one row per risk, written as the entries are read."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in COLUMNS])
    for entry in entries:
        writer.writerow([neutralised(read(entry)) for _, read in COLUMNS])
    return out.getvalue()
