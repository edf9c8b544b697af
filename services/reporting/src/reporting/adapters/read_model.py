"""The read model in MySQL. Every write is one upsert whose version gates are evaluated by
the server on the row it locks, so concurrent and out-of-order deliveries cannot undo a
newer version."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from reporting.adapters.scoping import SOLUTION_STATE
from reporting.domain.events import (
    BreachChanged,
    DivisionMoved,
    DivisionRegistered,
    DivisionRenamed,
    DivisionRetired,
    Grade,
    KriDefinition,
    KriReading,
    LinkChanged,
    ModelPublished,
    RiskScored,
    RiskState,
    SolutionState,
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
    "acceptance_expires_on",
    "accepted_by",
)
SAVE_RISK = gated_upsert("risk_register", ("risk_id",), {"risk_version": RISK_STATE})
SCORE_STATE = (
    "likelihood",
    "impact",
    "score",
    "level",
    "scored_at",
    "model_id",
    "model_version",
    "inherent_acceptability",
    "current_likelihood",
    "current_impact",
    "current_score",
    "current_level",
    "current_acceptability",
    "target_likelihood",
    "target_impact",
    "target_score",
    "target_level",
    "target_acceptability",
    "appetite_status",
    "appetite",
    "appetite_tolerance",
    "appetite_division_id",
    "action_priority",
    "rpn",
    "next_review_due",
    "tested_controls",
)
# A score's division only counts until the risk's own RiskCaptured arrives.
SAVE_SCORE = gated_upsert(
    "risk_register", ("risk_id",), {"score_version": SCORE_STATE}, insert_only=("division_id",)
)
SAVE_BREACH = gated_upsert(
    "risk_register",
    ("risk_id",),
    {"breach_version": ("in_breach", "breach_changed_at")},
    insert_only=("division_id",),
)
SAVE_MODEL = "INSERT IGNORE INTO scoring_models (model_id, version, size) VALUES (%s, %s, %s)"
SAVE_SOLUTION = gated_upsert("solutions", ("solution_id",), {"version": SOLUTION_STATE})
SAVE_LINK = gated_upsert(
    "risk_solution_links", ("risk_id", "solution_id"), {"risk_version": ("linked",)}
)


def history_insert(
    table: str, version: str, state: tuple[str, ...], key: str | tuple[str, ...] = "risk_id"
) -> str:
    """One version of a thing's state into its history, kept once whatever the order or
    number of deliveries. Parameters: its key, its state, its version, its time."""
    columns = (*keys_of(key), *state, version, "valid_from")
    return (
        f"INSERT IGNORE INTO {table} ({', '.join(columns)})"
        f" VALUES ({', '.join(['%s'] * len(columns))})"
    )


def history_close(table: str, version: str, key: str | tuple[str, ...] = "risk_id") -> str:
    """Each version of a thing's history is valid until the next version's time (the
    latest: NULL), whichever order they arrived in. Parameters: its key, twice. Run
    after the current row's upsert: its lock orders the transactions of one thing, and
    none of them reads before it, so each sees the versions committed before it."""
    keys = keys_of(key)
    inner = " AND ".join(f"{k} = %s" for k in keys)
    outer = " AND ".join(f"h.{k} = %s" for k in keys)
    return (
        f"UPDATE {table} h JOIN (SELECT {version},"
        f" LEAD(valid_from) OVER (ORDER BY {version}) AS next_from"
        f" FROM {table} WHERE {inner}) n ON n.{version} = h.{version}"
        f" SET h.valid_to = n.next_from WHERE {outer} AND NOT h.valid_to <=> n.next_from"
    )


def keys_of(key: str | tuple[str, ...]) -> tuple[str, ...]:
    return (key,) if isinstance(key, str) else key


RECORD_SOLUTION = history_insert("solution_history", "version", SOLUTION_STATE, "solution_id")
CLOSE_SOLUTION = history_close("solution_history", "version", "solution_id")
LINK_KEY = ("risk_id", "solution_id")
RECORD_LINK = history_insert("link_history", "risk_version", ("linked",), LINK_KEY)
CLOSE_LINK = history_close("link_history", "risk_version", LINK_KEY)
RECORD_STATE = history_insert("risk_state_history", "risk_version", RISK_STATE)
CLOSE_STATE = history_close("risk_state_history", "risk_version")
RECORD_SCORE = history_insert("risk_score_history", "score_version", ("division_id", *SCORE_STATE))
CLOSE_SCORE = history_close("risk_score_history", "score_version")
KRI_STATE = (
    "risk_id",
    "division_id",
    "name",
    "unit",
    "direction",
    "amber",
    "red",
    "stale_after_days",
    "amber_steps",
    "retired",
)
# The KRI's row is upserted first: its lock orders the transactions of one indicator
# before its history is closed (as the register row does for a risk's).
SAVE_KRI = gated_upsert("kris", ("kri_id",), {"version": KRI_STATE})
RECORD_KRI = history_insert("kri_history", "version", KRI_STATE, key="kri_id")
CLOSE_KRI = history_close("kri_history", "version", key="kri_id")
SAVE_KRI_READING = (
    "INSERT IGNORE INTO kri_readings (reading_id, kri_id, value, observed_at, source)"
    " VALUES (%s, %s, %s, %s, %s)"
)
BUMP_GENERATION = (
    "INSERT INTO read_model_generation (id, epoch, generation) VALUES (1, UUID(), 1)"
    " ON DUPLICATE KEY UPDATE generation = generation + 1"
)


def naive_utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(tzinfo=None)


def grade(found: Grade | None) -> tuple[Any, ...]:
    if found is None:
        return (None,) * 5
    return (found.likelihood, found.impact, found.score, found.level, found.acceptability)


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
        state = (
            event.division_id,
            event.title,
            event.category,
            event.owner_email,
            event.status,
            event.treatment,
            event.review_due,
            event.retired,
            event.acceptance.expires_on if event.acceptance else None,
            event.acceptance.accepted_by if event.acceptance else None,
        )
        self.cursor.execute(SAVE_RISK, (event.risk_id, *state, event.risk_version))
        if event.occurred_at is not None:  # the history is by the intake event's own time
            at = naive_utc(event.occurred_at)
            self.cursor.execute(RECORD_STATE, (event.risk_id, *state, event.risk_version, at))
            self.cursor.execute(CLOSE_STATE, (event.risk_id, event.risk_id))

    def save_score(self, event: RiskScored) -> None:
        appetite = event.appetite
        state = (
            event.likelihood,
            event.impact,
            event.score,
            event.level,
            naive_utc(event.scored_at),
            event.model_id,
            event.model_version,
            event.inherent_acceptability,
            *grade(event.current),
            *grade(event.target),
            appetite.status if appetite else None,
            appetite.appetite if appetite else None,
            appetite.tolerance if appetite else None,
            appetite.division_id if appetite else None,
            event.action_priority,
            event.rpn,
            event.next_review_due,
            event.tested_controls,
        )
        risk, division, version = event.risk_id, event.division_id, event.score_version
        self.cursor.execute(SAVE_SCORE, (risk, division, *state, version))
        at = naive_utc(event.scored_at)  # the history is by the score's own time
        self.cursor.execute(RECORD_SCORE, (risk, division, *state, version, at))
        self.cursor.execute(CLOSE_SCORE, (risk, risk))

    def save_breach(self, event: BreachChanged) -> None:
        self.cursor.execute(
            SAVE_BREACH,
            (
                event.risk_id,
                event.division_id,
                event.in_breach,
                naive_utc(event.changed_at),
                event.score_version,
            ),
        )

    def save_model(self, event: ModelPublished) -> None:
        self.cursor.execute(SAVE_MODEL, (event.model_id, event.version, event.size))

    def save_kri(self, event: KriDefinition) -> None:
        state = (
            event.risk_id,
            event.division_id,
            event.name,
            event.unit,
            event.direction,
            event.amber,
            event.red,
            event.stale_after_days,
            event.amber_steps,
            event.retired,
        )
        kri, version = event.kri_id, event.version
        self.cursor.execute(SAVE_KRI, (kri, *state, version))
        at = naive_utc(event.changed_at)  # the history is by the definition's own time
        self.cursor.execute(RECORD_KRI, (kri, *state, version, at))
        self.cursor.execute(CLOSE_KRI, (kri, kri))

    def save_kri_reading(self, event: KriReading) -> None:
        self.cursor.execute(
            SAVE_KRI_READING,
            (
                event.reading_id,
                event.kri_id,
                event.value,
                naive_utc(event.observed_at),
                event.source,
            ),
        )

    def save_solution(self, event: SolutionState, at: datetime) -> None:
        """The solution's state now, and in its history from ``at`` (the event's time)."""
        solution, version = event.solution_id, event.version
        state = tuple(getattr(event, column) for column in SOLUTION_STATE)
        self.cursor.execute(SAVE_SOLUTION, (solution, *state, version))
        self.cursor.execute(RECORD_SOLUTION, (solution, *state, version, naive_utc(at)))
        self.cursor.execute(CLOSE_SOLUTION, (solution, solution))

    def save_link(self, event: LinkChanged, at: datetime) -> None:
        """The link's state now, and in its history from ``at`` (the event's time)."""
        key = (event.risk_id, event.solution_id)
        self.cursor.execute(SAVE_LINK, (*key, event.linked, event.risk_version))
        self.cursor.execute(RECORD_LINK, (*key, event.linked, event.risk_version, naive_utc(at)))
        self.cursor.execute(CLOSE_LINK, (*key, *key))

    def bump_generation(self) -> None:
        self.cursor.execute(BUMP_GENERATION)
