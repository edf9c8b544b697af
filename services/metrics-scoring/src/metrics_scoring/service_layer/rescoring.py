"""Rescoring: the one way a score changes. ``rescore`` recomputes some risks inside the
caller's unit of work; ``run_job`` works through a rescore job batch by batch, each batch
its own transaction that commits the scores with the job's cursor."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from metrics_scoring.domain.calculation import ScoringContext, compute
from metrics_scoring.domain.events import Cause
from metrics_scoring.domain.jobs import RescoreJob
from metrics_scoring.domain.model import RiskScore
from metrics_scoring.service_layer.unit_of_work import NewUnitOfWork, UnitOfWork
from riskplatform.events import MessageContext

BATCH_SIZE = 500
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


def scoring_context(uow: UnitOfWork) -> ScoringContext:
    return ScoringContext(
        models=tuple(uow.models.published()),
        tree=uow.inputs.division_tree(),
        appetites={
            (s.appetite.division_id, s.appetite.category): s.appetite
            for s in uow.appetites.settings()
        },
    )


def rescore(uow: UnitOfWork, risk_ids: Sequence[str], cause: Cause, now: datetime) -> int:
    """Recompute the scores of these risks (those assessed); save and announce the ones
    that changed, and return how many did."""
    facts = {i: f for i, f in uow.inputs.facts(risk_ids).items() if f.assessment is not None}
    if not facts:
        return 0
    context = scoring_context(uow)
    scores = uow.scores.current(list(facts))
    changed = []
    for risk_id, known in facts.items():
        score = scores.get(risk_id) or RiskScore.unscored(risk_id)
        if score.update(compute(known, context, now.date()), cause, now):
            changed.append(score)
    uow.scores.save(changed)
    return len(changed)


def run_job(
    job_id: str,
    new_uow: NewUnitOfWork,
    deadline: float,
    clock: Clock = utc_now,
    batch_size: int = BATCH_SIZE,
) -> None:
    """Work on the job until it is done or ``deadline`` (``time.monotonic()``) passes.
    Whoever holds the job's lock works on it; others leave it to them."""
    with new_uow(MessageContext.new()) as uow:
        job = uow.jobs.get(job_id)
    if job is None or job.done:
        return
    context = MessageContext(job.correlation_id, job.cause.event_id)
    while time.monotonic() < deadline:
        with new_uow(context) as uow:
            job = uow.jobs.lock_unfinished(job_id)
            if job is None:
                return
            ids = uow.inputs.risk_ids(job.scope, job.after_risk_id, batch_size)
            now = clock()
            if ids:
                job.advance(ids[-1], len(ids), rescore(uow, ids, job.cause, now))
            if len(ids) < batch_size:
                job.finish(now)
            uow.jobs.save(job)
            uow.commit()
        if job.done:
            return


def run_unfinished(new_uow: NewUnitOfWork, deadline: float, clock: Clock = utc_now) -> int:
    """Work on every unfinished job, oldest first, until ``deadline``; return how many
    are still unfinished."""
    with new_uow(MessageContext.new()) as uow:
        job_ids = uow.jobs.unfinished()
    for job_id in job_ids:
        if time.monotonic() >= deadline:
            break
        run_job(job_id, new_uow, deadline, clock)
    with new_uow(MessageContext.new()) as uow:
        return len(uow.jobs.unfinished())


def open_expiry_job(new_uow: NewUnitOfWork, now: datetime) -> bool:
    """Open today's job for the risks whose passed tests fell due (once a day)."""
    with new_uow(MessageContext.new()) as uow:
        opened = uow.jobs.add(RescoreJob.expiry(now.date(), now))
        uow.commit()
    return opened
