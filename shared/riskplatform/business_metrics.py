"""Business metrics as CloudWatch EMF, counted from the events a service commits: an
event is the business fact, so counting it after its commit counts each fact once per
commit (namespace from POWERTOOLS_METRICS_NAMESPACE, dimension ``service``). The per-service
dashboards read these names."""

from __future__ import annotations

import os
from collections.abc import Iterable

from aws_lambda_powertools import Metrics
from aws_lambda_powertools.metrics import MetricUnit
from aws_lambda_powertools.metrics.functions import is_metrics_disabled

metrics = Metrics(namespace=os.environ.get("POWERTOOLS_METRICS_NAMESPACE", "RiskPlatform"))

METRIC_OF_EVENT = {
    "RiskCaptured": "RisksCaptured",
    "RiskAssessed": "RisksAssessed",
    "RiskScored": "ScoresComputed",
    "AppetiteBreached": "AppetiteBreaches",
}


def count(name: str, value: int = 1) -> None:
    """Nothing with POWERTOOLS_METRICS_DISABLED=true (as for the benchmarks): Powertools
    honours it when flushing, but still prints every 100th value of a metric itself."""
    if is_metrics_disabled():
        return
    metrics.add_metric(name=name, unit=MetricUnit.Count, value=value)


def count_committed(detail_types: Iterable[str]) -> None:
    for detail_type in detail_types:
        if detail_type in METRIC_OF_EVENT:
            count(METRIC_OF_EVENT[detail_type])


def flush() -> None:
    """Write what this invocation counted (one EMF line); nothing when it counted nothing."""
    if metrics.metric_set:
        metrics.flush_metrics()
