"""What is managed through the scoring API: scoring models and their versions, appetite
per division and category, key risk indicators and their readings. Models, appetite
and indicator definitions need Action.MANAGE_MODELS; a reading needs WRITE_RISKS where
the risk is."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from metrics_scoring.domain.appetite import Appetite, AppetiteSetting, applicable
from metrics_scoring.domain.catalog import ModelVersion
from metrics_scoring.domain.divisions import DivisionTree
from metrics_scoring.domain.events import Cause, KriReadingRecorded
from metrics_scoring.domain.jobs import RescoreJob, Scope
from metrics_scoring.domain.kri import DEFAULT_STALE_AFTER_DAYS, Kri, KriRecord, Reading
from metrics_scoring.domain.scoring import ScoringModel
from metrics_scoring.service_layer.handlers import apply_reading
from metrics_scoring.service_layer.rescoring import rescore
from metrics_scoring.service_layer.unit_of_work import UnitOfWork
from riskplatform.access import Action, Caller
from riskplatform.errors import Conflict, InvalidInput, NotFound
from riskplatform.timestamps import iso

API_SOURCE = "api"


def create_model(
    model_id: str, definition: Mapping[str, Any], caller: Caller, uow: UnitOfWork, now: datetime
) -> ModelVersion:
    """A new model, its definition a draft version 1."""
    caller.require(Action.MANAGE_MODELS)
    draft = ModelVersion(ScoringModel.from_definition(model_id, 1, definition), caller.email, now)
    with uow:
        if uow.models.versions(model_id, for_update=True):
            raise Conflict(f"model {model_id} exists: add a version to it", field="modelId")
        uow.models.add(draft)
        uow.commit()
    return draft


def add_model_version(
    model_id: str, definition: Mapping[str, Any], caller: Caller, uow: UnitOfWork, now: datetime
) -> ModelVersion:
    """The model's next version, as a draft."""
    caller.require(Action.MANAGE_MODELS)
    with uow:
        versions = uow.models.versions(model_id, for_update=True)
        if not versions:
            raise NotFound("no scoring model has this id", field="model_id", location="path")
        number = versions[-1].model.version + 1
        draft = ModelVersion(
            ScoringModel.from_definition(model_id, number, definition), caller.email, now
        )
        uow.models.add(draft)
        uow.commit()
    return draft


def list_models(caller: Caller, uow: UnitOfWork) -> list[ModelVersion]:
    caller.require(Action.READ)
    with uow:
        return uow.models.versions()


def get_model(model_id: str, caller: Caller, uow: UnitOfWork) -> list[ModelVersion]:
    caller.require(Action.READ)
    with uow:
        versions = uow.models.versions(model_id)
    if not versions:
        raise NotFound("no scoring model has this id", field="model_id", location="path")
    return versions


def publish_model(
    model_id: str, version: int, caller: Caller, uow: UnitOfWork, now: datetime
) -> tuple[ModelVersion, RescoreJob]:
    """Publish a draft: from now on it scores its categories, and a job rescores every
    risk. Every model's rows are locked, so that two publishes never both claim one
    category."""
    caller.require(Action.MANAGE_MODELS)
    with uow:
        everything = uow.models.versions(for_update=True)
        versions = [v for v in everything if v.model.model_id == model_id]
        if not versions:
            raise NotFound("no scoring model has this id", field="model_id", location="path")
        candidate = next((v for v in versions if v.model.version == version), None)
        if candidate is None:
            raise NotFound("this model has no such version", field="version", location="path")
        others = [m for m in uow.models.published() if m.model_id != model_id]
        job = RescoreJob.open(Scope(), "ScoringModelPublished", uow.context.correlation_id, now)
        candidate.publish(caller.email, now, versions, others, job.job_id)
        uow.models.save_publication(candidate)
        uow.jobs.add(job)
        uow.commit()
    return candidate, job


def get_job(job_id: str, caller: Caller, uow: UnitOfWork) -> RescoreJob:
    caller.require(Action.MANAGE_MODELS)
    with uow:
        job = uow.jobs.get(job_id)
    if job is None:
        raise NotFound("no rescore job has this id", field="job_id", location="path")
    return job


def set_appetite(
    appetite: Appetite, caller: Caller, uow: UnitOfWork, now: datetime
) -> tuple[AppetiteSetting, RescoreJob]:
    """Set (or change) an appetite; a job rescores the category's risks in the subtree."""
    caller.require(Action.MANAGE_MODELS)
    setting = AppetiteSetting(appetite, caller.email, now)
    with uow:
        tree = uow.inputs.division_tree()
        if appetite.division_id not in tree.parents:
            raise InvalidInput("no division has this id", field="divisionId")
        _check_nested(appetite, tree, uow.appetites.settings())
        scope = Scope(
            divisions=frozenset(tree.subtree(appetite.division_id)),
            categories=frozenset({appetite.category}),
        )
        job = RescoreJob.open(scope, "AppetiteSet", uow.context.correlation_id, now)
        uow.appetites.put(setting)
        uow.jobs.add(job)
        uow.commit()
    return setting, job


def _check_nested(appetite: Appetite, tree: DivisionTree, settings: list[AppetiteSetting]) -> None:
    """The new setting is within the one it would inherit, and every setting below it
    for the category within the new one (a 422 naming appetite or tolerance otherwise)."""
    same = {
        s.appetite.division_id: s.appetite
        for s in settings
        if s.appetite.category == appetite.category
    }
    above = applicable(
        {(d, appetite.category): a for d, a in same.items()},
        tree.lineage(appetite.division_id)[1:],
        appetite.category,
    )
    appetite.check_within(above)
    below = tree.subtree(appetite.division_id) - {appetite.division_id}
    for division_id in sorted(below & set(same)):
        try:
            same[division_id].check_within(appetite)
        except InvalidInput as looser:
            raise InvalidInput(
                f"this appetite is tighter than (or set differently from) the one set on"
                f" division {division_id} below: {looser.message}; change that one first",
                field=looser.field,
            ) from None


def list_appetites(caller: Caller, uow: UnitOfWork) -> list[AppetiteSetting]:
    """The appetites set on the divisions the caller may read, and on their ancestors."""
    caller.require(Action.READ)
    with uow:
        tree = uow.inputs.division_tree()
        settings = uow.appetites.settings()
    roots = caller.readable_roots()
    if roots is None:
        return settings
    visible = {d for root in roots for d in tree.subtree(root) | set(tree.lineage(root))}
    return [s for s in settings if s.appetite.division_id in visible]


def define_kri(
    risk_id: str,
    name: str,
    unit: str,
    direction: str,
    amber: float,
    red: float,
    caller: Caller,
    uow: UnitOfWork,
    now: datetime,
    *,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    amber_steps: int = 0,
) -> KriRecord:
    """A new indicator on a risk, announced as KriDefined."""
    caller.require(Action.MANAGE_MODELS)
    kri = Kri(
        str(uuid.uuid4()),
        risk_id,
        name,
        unit,
        direction,
        amber,
        red,
        stale_after_days,
        amber_steps,
    )
    record = KriRecord(kri, caller.email, now, None, None)
    with uow:
        division_id = uow.inputs.division_of(risk_id)
        if division_id is None:
            raise NotFound("no risk has this id", field="risk_id", location="path")
        uow.kris.add(kri, caller.email, now)
        record.defined(division_id)
        for event in record.events:
            uow.emit(event)
        uow.commit()
    return record


def get_kri(kri_id: str, caller: Caller, uow: UnitOfWork) -> KriRecord:
    """An indicator, for those who may read its risk (404 for anyone else)."""
    caller.require(Action.READ)
    with uow:
        record = uow.kris.get(kri_id)
        division_id = uow.inputs.division_of(record.kri.risk_id) if record else None
        if (
            record is None
            or division_id is None
            or not caller.can_in(Action.READ, uow.inputs.division_tree().lineage(division_id))
        ):
            raise NotFound("no key risk indicator has this id", field="kri_id", location="path")
    return record


def change_kri(
    kri_id: str,
    changes: Mapping[str, Any],
    expected_version: int,
    caller: Caller,
    uow: UnitOfWork,
    now: datetime,
) -> KriRecord:
    """Change a definition made against ``expected_version`` (412 otherwise); the risk
    is rescored, since the indicator's status may change with its thresholds."""
    caller.require(Action.MANAGE_MODELS)
    with uow:
        record, division_id = _locked_kri(kri_id, uow)
        if record.change(changes, expected_version, division_id, caller.email, now):
            uow.kris.save(record)
            rescore(uow, [record.kri.risk_id], Cause(kri_id, "KriChanged"), now)
        uow.commit()
    return record


def retire_kri(
    kri_id: str, expected_version: int, caller: Caller, uow: UnitOfWork, now: datetime
) -> KriRecord:
    """Retire an indicator: it counts no more in its risk's score."""
    caller.require(Action.MANAGE_MODELS)
    with uow:
        record, division_id = _locked_kri(kri_id, uow)
        record.retire(expected_version, division_id, caller.email, now)
        uow.kris.save(record)
        rescore(uow, [record.kri.risk_id], Cause(kri_id, "KriRetired"), now)
        uow.commit()
    return record


def _locked_kri(kri_id: str, uow: UnitOfWork) -> tuple[KriRecord, str]:
    record = uow.kris.get(kri_id, for_update=True)
    if record is None:
        raise NotFound("no key risk indicator has this id", field="kri_id", location="path")
    division_id = uow.inputs.division_of(record.kri.risk_id)
    assert division_id is not None, "indicators are defined on risks heard of"
    return record, division_id


def list_kris(risk_id: str, caller: Caller, uow: UnitOfWork) -> list[KriRecord]:
    with uow:
        division_id = uow.inputs.division_of(risk_id)
        if division_id is None:
            raise NotFound("no risk has this id", field="risk_id", location="path")
        caller.require(Action.READ, uow.inputs.division_tree().lineage(division_id))
        return uow.kris.for_risk(risk_id)


def record_reading(
    kri_id: str,
    value: float,
    observed_at: datetime,
    reading_id: str | None,
    caller: Caller,
    uow: UnitOfWork,
    now: datetime,
) -> KriRecord:
    """A reading posted to the API: recorded once per reading id, applied like one from
    a downstream system, and published as KriReadingRecorded."""
    reading = Reading(reading_id or str(uuid.uuid4()), kri_id, value, observed_at, API_SOURCE)
    with uow:
        record = uow.kris.get(kri_id)
        if record is None:
            raise NotFound("no key risk indicator has this id", field="kri_id", location="path")
        division_id = uow.inputs.division_of(record.kri.risk_id)
        assert division_id is not None, "indicators are defined on risks heard of"
        caller.require(Action.WRITE_RISKS, uow.inputs.division_tree().lineage(division_id))
        if record.retired:
            raise Conflict("this indicator is retired", field="kri_id", location="path")
        cause = Cause(reading.reading_id, KriReadingRecorded.detail_type)
        if apply_reading(uow, reading, cause, now):
            uow.emit(
                KriReadingRecorded(
                    reading_id=reading.reading_id,
                    kri_id=kri_id,
                    value=value,
                    observed_at=iso(observed_at),
                    source=API_SOURCE,
                )
            )
        uow.commit()
        updated = uow.kris.get(kri_id)
    assert updated is not None
    return updated
