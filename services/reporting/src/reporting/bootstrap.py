"""Builds reporting's adapters once per execution environment."""

from __future__ import annotations

import os
from functools import cache

from reporting.adapters.cache import MemcachedCache, NoCache
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.exports.delivery import ExportStore, S3ExportStore
from reporting.service_layer.unit_of_work import Cache
from riskplatform.wiring import Wiring, wire

SERVICE = "reporting"


@cache
def wiring() -> Wiring[ReportingUnitOfWork]:
    return wire(ReportingUnitOfWork, producer=SERVICE, publishes=False)


@cache
def report_cache() -> Cache:
    endpoint = os.environ.get("MEMCACHED_ENDPOINT")
    tls = os.environ.get("MEMCACHED_TLS", "false").lower() == "true"
    return MemcachedCache(endpoint, tls=tls) if endpoint else NoCache()


@cache
def export_store() -> ExportStore:
    """The bucket that holds the exports not answered inline (ADR 64); needed only then.
    On AWS stages EXPORT_LINK_ENDPOINT is the S3 interface endpoint the links must name."""
    return S3ExportStore(
        os.environ.get("EXPORT_BUCKET"), link_endpoint=os.environ.get("EXPORT_LINK_ENDPOINT")
    )
