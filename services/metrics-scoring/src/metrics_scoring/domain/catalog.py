"""The scoring models managed through the API: each model a list of versions, drafts
until published. A published version never changes; publishing replaces the model's
earlier published version for its categories. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from metrics_scoring.domain.events import ScoringModelPublished
from metrics_scoring.domain.scoring import ScoringModel
from riskplatform.errors import Conflict, InvalidInput
from riskplatform.events import DomainEvent
from riskplatform.timestamps import iso
from riskplatform.vocabulary import CATEGORIES


@dataclass
class ModelVersion:
    model: ScoringModel
    created_by: str
    created_at: datetime
    published_by: str | None = None
    published_at: datetime | None = None
    events: list[DomainEvent] = field(default_factory=list, repr=False, compare=False)

    @property
    def published(self) -> bool:
        return self.published_at is not None

    def publish(
        self,
        by: str,
        now: datetime,
        versions: Iterable[ModelVersion],
        published_elsewhere: Iterable[ScoringModel],
        rescore_job_id: str,
    ) -> None:
        """``versions``: every version of this model; ``published_elsewhere``: the
        published version of each other model. Two models never claim one category,
        and one model at most scores every category the others leave."""
        model, others = self.model, list(published_elsewhere)
        if self.published:
            raise Conflict(f"version {model.version} is already published", field="version")
        newest = max((v.model.version for v in versions if v.published), default=0)
        if model.version < newest:
            raise Conflict(
                f"version {newest} is published; publish a newer version instead", field="version"
            )
        for other in others:
            shared = model.categories & other.categories
            if shared or (model.catch_all and other.catch_all):
                claim = ", ".join(sorted(shared)) if shared else "every unclaimed category"
                raise Conflict(
                    f"model {other.model_id} already scores {claim}",
                    field="definition.categories",
                )
        _check_coverage(model, others)
        self.published_by, self.published_at = by, now
        self.events.append(
            ScoringModelPublished(
                model_id=model.model_id,
                version=model.version,
                size=model.size,
                categories=sorted(model.categories),
                impact_aggregation=model.impact_aggregation,
                bands=list(model.bands),
                published_by=by,
                published_at=iso(now),
                rescore_job_id=rescore_job_id,
            )
        )


def _check_coverage(model: ScoringModel, published_elsewhere: Iterable[ScoringModel]) -> None:
    """After the publish every risk must still have a model: one model scores whatever
    the others leave (including risks whose category is not known yet)."""
    models = [model, *published_elsewhere]
    if any(m.catch_all for m in models):
        return
    claimed = set().union(*(m.categories for m in models))
    uncovered = [c for c in CATEGORIES if c not in claimed]
    raise InvalidInput(
        "no published model would score "
        + (f"these categories: {', '.join(uncovered)}; nor " if uncovered else "")
        + "risks whose category is not known yet. Keep one model for every category"
        " the others leave (categories: [])",
        field="definition.categories",
    )
