"""The dashboards at 100,000 risks, through the local API and as SQL run directly.

A synthetic company (a top division ``BM-DASH-…`` with ten sub-divisions, 100,000 risks
with a year of history, scored on the default 5 x 5 model) is written straight into the
stack's reporting read model, measured, and removed again, so the register a user opens
stays the demo company's (ADR 53). Every dashboard endpoint is asked for that subtree as
the executive: uncached (the read model's generation bumped before each request, as any
projected event does) and cached, beside the floor (a request the API's authorizer
refuses before any function runs) and beside the same report computed in-process on the
same database (the SQL and the domain's folding, without the function's cost).
"""

# ruff: noqa: E402  (the service's code is put on the path first, as its layer and package)
from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pymysql
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "shared"), str(ROOT / "services/reporting/src")]

from benchmarks.stats import percentile
from reporting.adapters.cache import NoCache
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.domain.model import RiskFilter, Scope
from reporting.service_layer import views
from riskplatform.db import placeholders
from riskplatform.vocabulary import CATEGORIES
from riskplatform.wiring import wire
from scripts import local_setup
from scripts.migrate import local_settings

PORT = int(os.environ.get("MARIADB_PORT", "13306"))
RISKS = 100_000
RUNS = 15
BATCH = 5_000
LEVEL_OF = [(4, "low"), (9, "medium"), (16, "high"), (25, "critical")]


def level(score: int) -> str:
    return next(name for top, name in LEVEL_OF if score <= top)


def company(risks: int, seed: int = 5) -> tuple[list[tuple[Any, ...]], dict[str, list[Any]]]:
    """Divisions, then the rows of the register and of both histories."""
    rnd = random.Random(seed)
    tag = uuid.uuid4().hex[:6].upper()
    top = str(uuid.uuid4())
    subs = [str(uuid.uuid4()) for _ in range(10)]
    divisions = [(top, None, f"BM-DASH-{tag}", "Dashboards benchmark")] + [
        (d, top, f"BM-DASH-{tag}-{i}", f"Dashboards benchmark {i}") for i, d in enumerate(subs)
    ]
    now = datetime.now(UTC).replace(tzinfo=None)
    rows: dict[str, list[Any]] = {"register": [], "states": [], "scores": []}
    for n in range(risks):
        risk, division = str(uuid.uuid4()), rnd.choice(subs)
        status = rnd.choices(["open", "mitigating", "accepted", "closed"], [70, 20, 4, 6])[0]
        lk, im = rnd.randint(1, 5), rnd.randint(1, 5)
        clk, cim = rnd.randint(1, lk), rnd.randint(1, im)
        tlk, tim = rnd.randint(1, clk), rnd.randint(1, cim)
        current = clk * cim
        appetite = "within" if current <= 6 else "watch" if current <= 12 else "breach"
        captured = now - timedelta(days=rnd.randint(1, 365), seconds=rnd.randint(0, 86_399))
        scored = captured + timedelta(hours=1)
        review = (scored + timedelta(days=rnd.choice([30, 90, 180, 365]))).date()
        accepted_until = (now + timedelta(days=90)).date() if status == "accepted" else None
        category = rnd.choice(CATEGORIES)
        title = f"Benchmark risk {n}"
        rows["register"].append(
            (risk, division, title, category, "bench@example.com", status, accepted_until,
             lk, im, lk * im, level(lk * im), scored, clk, cim, current, level(current),
             tlk, tim, tlk * tim, level(tlk * tim), appetite, top, review, rnd.randint(0, 2))
        )  # fmt: skip
        rows["states"].append(
            (risk, captured, division, title, category, "bench@example.com", status,
             accepted_until)
        )  # fmt: skip
        rows["scores"].append(
            (risk, scored, division, lk, im, lk * im, level(lk * im), scored, clk, cim,
             current, level(current), tlk, tim, tlk * tim, level(tlk * tim), appetite, top,
             review, rnd.randint(0, 2))
        )  # fmt: skip
    return divisions, rows


REGISTER = (
    "INSERT INTO risk_register (risk_id, division_id, title, category, owner_email, status,"
    " acceptance_expires_on, risk_version, likelihood, impact, score, level, scored_at,"
    " model_id, model_version, current_likelihood, current_impact, current_score,"
    " current_level, target_likelihood, target_impact, target_score, target_level,"
    " appetite_status, appetite, appetite_tolerance, appetite_division_id, next_review_due,"
    " tested_controls, score_version) VALUES (%s, %s, %s, %s, %s, %s, %s, 1, %s, %s, %s, %s,"
    " %s, 'default-5x5', 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, 6, 12, %s, %s, %s, 1)"
)
STATES = (
    "INSERT INTO risk_state_history (risk_id, risk_version, valid_from, division_id, title,"
    " category, owner_email, status, acceptance_expires_on) VALUES (%s, 1, %s, %s, %s, %s,"
    " %s, %s, %s)"
)
SCORES = (
    "INSERT INTO risk_score_history (risk_id, score_version, valid_from, division_id,"
    " likelihood, impact, score, level, scored_at, model_id, model_version,"
    " current_likelihood, current_impact, current_score, current_level, target_likelihood,"
    " target_impact, target_score, target_level, appetite_status, appetite, appetite_tolerance,"
    " appetite_division_id, next_review_due, tested_controls) VALUES (%s, 1, %s, %s, %s, %s,"
    " %s, %s, %s, 'default-5x5', 1, %s, %s, %s, %s, %s, %s, %s, %s, %s, 6, 12, %s, %s, %s)"
)


def batches(items: list[Any]) -> Iterator[list[Any]]:
    for start in range(0, len(items), BATCH):
        yield items[start : start + BATCH]


def connect() -> pymysql.connections.Connection:
    _, owner = local_settings("reporting", PORT)
    return pymysql.connect(
        host=owner.host,
        port=owner.port,
        user=owner.user,
        password=owner.password,
        database=owner.database,
        autocommit=True,
    )


def bump(db: pymysql.connections.Connection) -> None:
    """What every projected event does: the caches' generation moves on."""
    with db.cursor() as cursor:
        cursor.execute("UPDATE read_model_generation SET generation = generation + 1")


def seed(
    db: pymysql.connections.Connection,
    divisions: list[Any],
    rows: dict[str, Any],
    histories: bool = True,
) -> None:
    """The divisions and the register, and (unless only today's register is measured)
    both histories."""
    with db.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO divisions (id, parent_id, code, name, version, name_version,"
            " parent_version) VALUES (%s, %s, %s, %s, 1, 1, 1)",
            divisions,
        )
        tables = ((REGISTER, "register"), (STATES, "states"), (SCORES, "scores"))
        for sql, key in tables if histories else tables[:1]:
            for chunk in batches(rows[key]):
                cursor.executemany(sql, chunk)
    bump(db)


def remove(db: pymysql.connections.Connection, division_ids: list[str]) -> None:
    marks = placeholders(division_ids)
    with db.cursor() as cursor:
        for table in ("risk_score_history", "risk_state_history", "risk_register"):
            cursor.execute(f"DELETE FROM {table} WHERE division_id IN ({marks})", division_ids)
        cursor.execute(f"DELETE FROM divisions WHERE id IN ({marks})", division_ids)
    bump(db)


def timed(call: Callable[[], Any], runs: int = RUNS, before: Callable[[], None] | None = None):
    spent = []
    for _ in range(runs):
        if before:
            before()
        started = time.perf_counter()
        call()
        spent.append(time.perf_counter() - started)
    return spent


def ms(values: list[float], p: float) -> float:
    return percentile(values, p) * 1000


# The aims of issue 14 for an export of 100,000 rows (PDF has none: shown for its cost).
EXPORT_AIMS = {"csv": 5.0, "xlsx": 20.0, "pdf": None}


def peak_rss_kb() -> int:
    """This process's peak resident memory (kB): Linux's VmHWM, which, unlike
    ru_maxrss, does not carry the parent's peak across fork and exec."""
    status = Path("/proc/self/status").read_text()
    return int(next(line for line in status.splitlines() if line.startswith("VmHWM:")).split()[1])


def export_child(top: str, file_format: str) -> None:
    """In a process of its own (so that its peak memory is the export's): the register of
    ``top`` written as the API function writes it, into a spooled file; prints JSON."""
    import tempfile

    from reporting.exports import tables
    from reporting.exports.delivery import SPOOL_BYTES
    from reporting.exports.writers import FileFormat, write

    _, owner = local_settings("reporting", PORT)
    wiring = wire(ReportingUnitOfWork, producer="reporting", settings=owner, publishes=False)
    before = peak_rss_kb()
    started = time.perf_counter()
    scope = Scope(None, top)
    entries = views.export(RiskFilter(scope), wiring.uow())
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        write(
            tables.risks_document(scope, entries, datetime.now(UTC)), FileFormat(file_format), spool
        )
        size = spool.tell()
    spent = time.perf_counter() - started
    peak = peak_rss_kb()
    print(json.dumps({"seconds": spent, "bytes": size, "rss_before": before, "rss_peak": peak}))


def exports(session: requests.Session, api: str, top: str, risks: int) -> None:
    """Every risk of the subtree as CSV, XLSX and PDF: through the API (the answer, then
    the file its link leads to) and written in a process of its own for its peak memory
    (ru_maxrss; the function's code, without the upload)."""
    print(
        f"  exports of the register, {risks:,} rows, once each: through the API (the answer,"
        " then the download) | the same written in-process (peak resident memory)"
    )
    for file_format, aim in EXPORT_AIMS.items():
        started = time.perf_counter()
        answer = session.get(
            f"{api}/reports/risks", params={"divisionId": top, "format": file_format}, timeout=60
        )
        answered = time.perf_counter() - started
        if answer.status_code == 201:
            fetched = requests.get(answer.headers["Location"], timeout=60)
            size = len(fetched.content)
        else:
            size = len(answer.content)
        total = time.perf_counter() - started
        child = subprocess.run(
            [sys.executable, "-m", "benchmarks.dashboards", "--export-child", top, file_format],
            capture_output=True, text=True, check=True, cwd=ROOT,
        )  # fmt: skip
        local = json.loads(child.stdout.strip().splitlines()[-1])
        verdict = (
            "" if aim is None else (" within" if answered <= aim else " OVER") + f" aim {aim:.0f} s"
        )
        print(
            f"  {file_format.upper():<5} API {answer.status_code} in {answered:5.1f} s"
            f"{verdict}, downloaded {size / 1e6:5.1f} MB by {total:5.1f} s"
            f" | in-process {local['seconds']:5.1f} s, peak RSS {local['rss_peak'] / 1024:5.0f} MB"
            f" (at start {local['rss_before'] / 1024:.0f} MB)"
        )


def main(risks: int = RISKS, only_exports: bool = False) -> None:
    outputs = json.loads((ROOT / ".local/outputs.json").read_text())
    api = outputs["ReportingApiUrl"]
    session = requests.Session()
    session.headers["Authorization"] = local_setup.token("executive@riskplatform.local")
    db = connect()
    divisions, rows = company(risks)
    top, ids = divisions[0][0], [d[0] for d in divisions]
    started = time.perf_counter()
    try:
        seed(db, divisions, rows, histories=not only_exports)
        loaded = time.perf_counter() - started
        _, owner = local_settings("reporting", PORT)
        wiring = wire(ReportingUnitOfWork, producer="reporting", settings=owner, publishes=False)
        if only_exports:
            print(
                f"\nExports at {risks:,} risks (today's register only, loaded into the read"
                f" model in {loaded:.0f} s):"
            )
            exports(session, api, top, risks)
            return
        today = date.today()
        scope, last_month = Scope(None, top), today - timedelta(days=29)
        reports: dict[str, tuple[str, dict[str, Any], Callable[[], Any]]] = {
            "summary": (
                "/reports/summary",
                {"divisionId": top},
                lambda: views.summary(scope, 10, wiring.uow(), NoCache()),
            ),
            "heat maps (3 per model)": (
                "/reports/heatmaps",
                {"divisionId": top},
                lambda: views.heatmaps(scope, False, wiring.uow(), NoCache()),
            ),
            "register, first page": (
                "/reports/risks",
                {"divisionId": top, "limit": 50, "sort": "-currentResidual"},
                lambda: views.register(RiskFilter(scope), 50, 0, wiring.uow()),
            ),
            "register, page 100": (
                "/reports/risks",
                {"divisionId": top, "limit": 50, "offset": 4_950, "sort": "-currentResidual"},
                lambda: views.register(RiskFilter(scope), 50, 4_950, wiring.uow()),
            ),
            "summary as of 90 days ago": (
                "/reports/summary",
                {"divisionId": top, "asOf": (today - timedelta(days=90)).isoformat()},
                lambda: views.summary(
                    Scope(None, top, today - timedelta(days=90)), 10, wiring.uow(), NoCache()
                ),
            ),
            "trends, 30 days": (
                "/reports/trends",
                {"divisionId": top, "from": last_month.isoformat(), "to": today.isoformat()},
                lambda: views.trends(scope, last_month, today, wiring.uow(), NoCache()),
            ),
        }
        floor = timed(
            lambda: requests.get(f"{api}/reports/summary", headers={"Authorization": "no"}),
            RUNS * 2,
        )
        # The function runs and refuses the query before it reads anything (422).
        invoked = timed(lambda: session.get(f"{api}/reports/summary", params={"top": 0}), RUNS * 2)
        print(
            f"\nDashboards at {risks:,} risks (loaded into the read model in {loaded:.0f} s),"
            f" {RUNS} runs each, as the executive, one division's subtree:"
        )
        print(
            f"  floor: refused by the authorizer  p50 {ms(floor, 50):7.1f} ms;"
            f" the function invoked, nothing read (422) p50 {ms(invoked, 50):.1f}"
            f" p95 {ms(invoked, 95):.1f} ms"
        )
        print(
            f"  {'report':<28} {'uncached p50/p95':>20} {'cached p50/p95':>18}"
            f" {'SQL direct p50/p95':>20}  (aim: uncached p95 within 50 ms of the invoked floor,"
            " cached within 5 ms of it)"
        )

        def get(path: str, query: dict[str, Any]) -> Callable[[], None]:
            def call() -> None:
                answer = session.get(f"{api}{path}", params=query, timeout=60)
                if answer.status_code != 200:
                    raise RuntimeError(f"{path}: {answer.status_code} {answer.text[:200]}")

            return call

        for name, (path, query, direct) in reports.items():
            uncached = timed(get(path, query), before=lambda: bump(db))
            cached = timed(get(path, query))
            sql = timed(direct, runs=5)
            print(
                f"  {name:<28} {ms(uncached, 50):8.1f}/{ms(uncached, 95):7.1f} ms"
                f" {ms(cached, 50):7.1f}/{ms(cached, 95):7.1f} ms"
                f" {ms(sql, 50):8.1f}/{ms(sql, 95):7.1f} ms"
            )
        exports(session, api, top, risks)
    finally:
        remove(db, ids)
        db.close()


if __name__ == "__main__":
    if sys.argv[1:2] == ["--export-child"]:
        export_child(*sys.argv[2:4])
    else:  # --exports: only the exports (seed, export, remove)
        main(only_exports=sys.argv[1:2] == ["--exports"])
