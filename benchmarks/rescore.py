"""A model publish over a large synthetic register: how long metrics-scoring takes to
rescore every risk, beside the floor of the same database work done directly.

A fresh `bench_metrics_scoring` schema on the local MariaDB gets 100,000 assessed risks
(in 60 divisions, every category, a third with FMEA ratings, most with one to three of
2,000 solutions linked, some with key risk indicators, appetites on the top divisions),
all scored once by a rescore job. Then a new version of the default model is published
and its rescore job is run to the end, as the scheduled rescore function runs it: 500
risks a transaction, each committing the new scores, their history, their RiskScored
events (validated against the contract) in the outbox and the job's cursor. The relay is
left out: the outbox sweep publishes later, at PutEvents' pace, not the database's.

The floor repeats the database work of that run without the service: per batch of 500,
the same reads (risks locked, links with solutions, indicators, current scores, models,
divisions, appetites), the same writes (scores upserted, history appended, one outbox
row per risk of the same size, the cursor), one commit; no scoring, no serialising, no
validation. Afterwards the run is checked: every risk exactly once in the new model's
history.

    .local/venvs/dev/bin/python -m benchmarks.rescore [risks]
"""

# ruff: noqa: E402  (the service's code is put on the path first, as its layer and package)
from __future__ import annotations

import json
import random
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pymysql

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "services/metrics-scoring/src")]

from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from metrics_scoring.domain.jobs import RescoreJob, Scope
from metrics_scoring.service_layer import management, rescoring
from riskplatform.access import Caller
from riskplatform.contracts import SCHEMA_ROOT, default_contracts
from riskplatform.db import Database, DbSettings
from riskplatform.events import MessageContext
from riskplatform.wiring import Wiring, wire
from scripts.migrate import local_password, migrate, schema_name

RISKS = 100_000
PORT = 13306
PREFIX = "bench_"
CATEGORIES = [
    "strategic",
    "operational",
    "financial",
    "regulatory_quality",
    "product_safety",
    "supply_chain",
    "cyber",
    "ehs",
    "reputational",
]
DIMENSIONS = ["safety", "regulatory", "financial", "supply", "reputation"]
ADMIN = Caller.from_claims({"email": "bench@riskplatform.local", "cognito:groups": "[admin]"})
SEED_BATCH = 5_000
VALIDATION_SAMPLE = 5_000


def fresh_schema() -> DbSettings:
    schema = schema_name("metrics-scoring", PREFIX)
    root = pymysql.connect(host="127.0.0.1", port=PORT, user="root", password="")
    with root.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{schema}`")
    root.close()
    migrate("metrics-scoring", host="127.0.0.1", port=PORT, prefix=PREFIX)
    return DbSettings("127.0.0.1", PORT, schema[:32], local_password("metrics-scoring"), schema)


def insert(db: Database, statement: str, rows: list[tuple[Any, ...]]) -> None:
    connection = db.connection()
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SEED_BATCH):
            cursor.executemany(statement, rows[start : start + SEED_BATCH])
    connection.commit()


def seed(db: Database, risks: int, rnd: random.Random) -> list[str]:
    """The projections as risk-intake's events would have left them."""
    tops = [str(uuid.uuid4()) for _ in range(6)]
    divisions = [(d, None, 1) for d in tops]
    divisions += [(str(uuid.uuid4()), rnd.choice(tops), 1) for _ in range(54)]
    insert(
        db, "INSERT INTO divisions (division_id, parent_id, version) VALUES (%s, %s, %s)", divisions
    )
    now = datetime.now(UTC).replace(tzinfo=None)
    insert(
        db,
        "INSERT INTO appetites (division_id, category, appetite, tolerance, set_by,"
        " set_at) VALUES (%s, %s, %s, %s, 'bench', %s)",
        [(d, c, 6, 12, now) for d in tops for c in CATEGORIES],
    )
    solutions = [
        (
            str(uuid.uuid4()),
            f"Control {n}",
            rnd.choice(["preventive", "mitigating"]),
            rnd.choice(["planned", "active", "active", "active", "degraded"]),
            rnd.randrange(20, 90, 10),
            rnd.choice(["passed", "passed", "failed", None]),
            (now + timedelta(days=rnd.randrange(-60, 365))).date(),
            1,
        )
        for n in range(2_000)
    ]
    insert(
        db,
        "INSERT INTO solutions (solution_id, title, kind, status, design_effectiveness,"
        " test_result, next_test_due, version) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        solutions,
    )
    ids = sorted(str(uuid.uuid4()) for _ in range(risks))
    rows, links, kris = [], [], []
    for risk_id in ids:
        impact = {d: rnd.randint(1, 5) for d in rnd.sample(DIMENSIONS, rnd.randint(1, 3))}
        fmea = (
            {
                "severity": rnd.randint(1, 10),
                "occurrence": rnd.randint(1, 10),
                "detection": rnd.randint(1, 10),
            }
            if rnd.random() < 0.33
            else None
        )
        rows.append(
            (
                risk_id,
                rnd.choice(divisions)[0],
                rnd.choice(CATEGORIES),
                str(uuid.uuid4()),
                rnd.randint(1, 5),
                json.dumps(impact),
                json.dumps(fmea) if fmea else None,
                now - timedelta(days=rnd.randrange(400)),
            )
        )
        for solution in rnd.sample(solutions, rnd.choice([0, 1, 1, 2, 3])):
            links.append((risk_id, solution[0]))
        if rnd.random() < 0.05:
            kris.append((str(uuid.uuid4()), risk_id, rnd.choice(["green", "amber", "red"]), now))
    insert(
        db,
        "INSERT INTO risks (risk_id, division_id, division_version, category,"
        " category_version, assessment_id, assessment_version, likelihood, impact_ratings,"
        " fmea, assessed_at) VALUES (%s, %s, 2, %s, 1, %s, 2, %s, %s, %s, %s)",
        rows,
    )
    insert(
        db,
        "INSERT INTO risk_solutions (risk_id, solution_id, linked, risk_version)"
        " VALUES (%s, %s, TRUE, 3)",
        links,
    )
    insert(
        db,
        "INSERT INTO kris (kri_id, risk_id, name, unit, direction, amber, red,"
        " defined_by, defined_at, status) VALUES (%s, %s, 'Complaints', 'per month',"
        " 'higher_is_worse', 5, 10, 'bench', %s, %s)",
        [(k, r, now, s) for k, r, s, now in kris],
    )
    return ids


def run_to_the_end(wiring: Wiring[ScoringUnitOfWork], job: RescoreJob) -> float:
    def new_uow(context: MessageContext) -> ScoringUnitOfWork:
        return wiring.uow(context)

    started = time.perf_counter()
    rescoring.run_job(job.job_id, new_uow, time.monotonic() + 3_600)
    return time.perf_counter() - started


def floor(db: Database, ids: list[str], detail: str) -> float:
    """The same database work, done directly."""
    connection = db.connection()
    with connection.cursor() as cursor:  # the current score's columns that history keeps
        cursor.execute(
            "SELECT column_name AS c FROM information_schema.columns"
            " WHERE table_schema = DATABASE() AND table_name = 'score_history'"
        )
        history_columns = {row["c"] for row in cursor.fetchall()}
    connection.commit()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for start in range(0, len(ids), rescoring.BATCH_SIZE):
            batch = ids[start : start + rescoring.BATCH_SIZE]
            marks = ", ".join(["%s"] * len(batch))
            connection.begin()
            cursor.execute("SELECT job_id FROM rescore_jobs LIMIT 1 FOR UPDATE")
            cursor.execute(
                f"SELECT risk_id FROM risks WHERE risk_id > %s AND assessment_version"
                f" > 0 ORDER BY risk_id LIMIT {len(batch)}",
                (batch[0],),
            )
            cursor.execute(
                f"SELECT * FROM risks WHERE risk_id IN ({marks}) ORDER BY risk_id FOR UPDATE", batch
            )
            cursor.execute(
                "SELECT l.risk_id, s.* FROM risk_solutions l JOIN solutions s"
                f" ON s.solution_id = l.solution_id WHERE l.linked AND l.risk_id IN"
                f" ({marks})",
                batch,
            )
            cursor.execute(
                f"SELECT * FROM kris WHERE status IS NOT NULL AND risk_id IN ({marks})", batch
            )
            cursor.execute("SELECT model_id, version, definition FROM scoring_models")
            cursor.execute("SELECT division_id, parent_id FROM divisions")
            cursor.execute("SELECT * FROM appetites")
            cursor.execute(f"SELECT * FROM risk_scores WHERE risk_id IN ({marks})", batch)
            current = cursor.fetchall()
            columns = list(current[0])
            updates = ", ".join(f"{c} = VALUES({c})" for c in columns[1:])
            cursor.executemany(
                f"INSERT INTO risk_scores ({', '.join(columns)}) VALUES"
                f" ({', '.join(['%s'] * len(columns))}) ON DUPLICATE KEY UPDATE {updates}",
                [
                    tuple({**row, "score_version": row["score_version"] + 1}.values())
                    for row in current
                ],
            )
            history = [c for c in columns if c in history_columns]
            cursor.executemany(
                f"INSERT INTO score_history ({', '.join(history)}) VALUES"
                f" ({', '.join(['%s'] * len(history))})",
                [
                    tuple(row[c] if c != "score_version" else row[c] + 1 for c in history)
                    for row in current
                ],
            )
            cursor.executemany(
                "INSERT INTO outbox (event_id, source, detail_type, detail, created_at)"
                " VALUES (%s, 'riskplatform.metrics-scoring', 'RiskScored', %s,"
                " UTC_TIMESTAMP(6))",
                [(str(uuid.uuid4()), detail) for _ in current],
            )
            cursor.execute("UPDATE rescore_jobs SET after_risk_id = %s LIMIT 1", (batch[-1],))
            connection.commit()
    return time.perf_counter() - started


def validation_alone(db: Database, events: int) -> tuple[float, float, float]:
    """Validating the publish's RiskScored events against their contract again, alone:
    seconds for all of them with the compiled contract, then microseconds an event with
    the compiled contract and with jsonschema's validator built once (how it was done
    before), over a sample."""
    connection = db.connection()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT detail FROM outbox WHERE detail_type = 'RiskScored' ORDER BY id DESC LIMIT %s",
            (events,),
        )
        details = [json.loads(row["detail"]) for row in cursor.fetchall()]
    connection.commit()
    contracts = default_contracts()
    started = time.perf_counter()
    for detail in details:
        contracts.validate("riskplatform.metrics-scoring", "RiskScored", detail)
    compiled = time.perf_counter() - started

    from jsonschema import Draft4Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT4

    schemas = [json.loads(p.read_text()) for p in SCHEMA_ROOT.rglob("*.schema.json")]
    registry: Registry = Registry().with_resources(
        (s["id"], Resource.from_contents(s, default_specification=DRAFT4)) for s in schemas
    )
    [scored] = [s for s in schemas if s["id"].endswith(":RiskScored:v1")]
    validator = Draft4Validator(scored, registry=registry)
    sample = details[:VALIDATION_SAMPLE]
    started = time.perf_counter()
    for detail in sample:
        validator.validate(detail)
    before = time.perf_counter() - started
    started = time.perf_counter()
    for detail in sample:
        contracts.validate("riskplatform.metrics-scoring", "RiskScored", detail)
    after = time.perf_counter() - started
    return compiled, after / len(sample) * 1e6, before / len(sample) * 1e6


def one(db: Database, statement: str) -> Any:
    connection = db.connection()
    with connection.cursor() as cursor:
        cursor.execute(statement)
        row = cursor.fetchone()
    connection.commit()
    return row


def main(risks: int = RISKS) -> None:
    settings = fresh_schema()
    wiring = wire(ScoringUnitOfWork, producer="metrics-scoring", settings=settings, publishes=False)
    started = time.perf_counter()
    ids = seed(wiring.db, risks, random.Random(20261120))
    seeded = time.perf_counter() - started

    now = datetime.now(UTC)
    first = RescoreJob.open(Scope(), "ScoresMigrated", "benchmark", now)
    with wiring.uow() as uow:
        uow.jobs.add(first)
        uow.commit()
    first_run = run_to_the_end(wiring, first)

    definition = json.loads(one(wiring.db, "SELECT definition FROM scoring_models")["definition"])
    definition["review_cadence_days"] = {"low": 300, "medium": 150, "high": 60, "critical": 20}
    management.add_model_version("default-5x5", definition, ADMIN, wiring.uow(), now)
    _, job = management.publish_model("default-5x5", 2, ADMIN, wiring.uow(), now)
    publish_run = run_to_the_end(wiring, job)

    check = one(
        wiring.db,
        "SELECT COUNT(*) AS n, COUNT(DISTINCT risk_id) AS risks FROM"
        " score_history WHERE model_version = 2",
    )
    done = one(
        wiring.db,
        f"SELECT rescored, changed, finished_at FROM rescore_jobs WHERE job_id = '{job.job_id}'",
    )
    detail = one(
        wiring.db,
        "SELECT detail FROM outbox WHERE detail_type = 'RiskScored' ORDER BY id DESC LIMIT 1",
    )["detail"]
    validating, compiled_us, jsonschema_us = validation_alone(wiring.db, risks)
    floor_run = floor(wiring.db, ids, detail)

    print(
        f"\nRescore on a model publish, {risks:,} risks, {rescoring.BATCH_SIZE} a transaction"
        f" (seeded in {seeded:.1f} s)"
    )
    print(
        f"  first scoring of the register   {first_run:7.1f} s  {risks / first_run:8,.0f} risks/s"
    )
    print(
        f"  publish -> every risk rescored  {publish_run:7.1f} s  {risks / publish_run:8,.0f}"
        " risks/s"
    )
    print(
        f"  floor: same database work alone {floor_run:7.1f} s  {risks / floor_run:8,.0f}"
        f" risks/s  (the service takes {publish_run / floor_run:.1f}x the floor)"
    )
    print(
        f"  of the publish: validating each RiskScored against its contract {validating:.1f} s"
        f" ({validating / publish_run:.0%}): {compiled_us:.0f} us an event compiled once,"
        f" {jsonschema_us:.0f} us with jsonschema's validator (before)"
    )
    lost = risks - check["risks"]
    repeated = check["n"] - check["risks"]
    print(
        f"  checked: job rescored {done['rescored']:,}, changed {done['changed']:,},"
        f" finished {done['finished_at'] is not None}; in the new model's history"
        f" {check['risks']:,} risks, lost {lost}, repeated {repeated}"
    )
    wiring.db.close()
    if lost or repeated:
        raise SystemExit("the publish lost or repeated risks")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else RISKS)
