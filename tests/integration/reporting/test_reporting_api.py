"""reporting's API against the real MariaDB and Memcached: the cached heatmap is never
stale, Memcached being down costs nothing but speed, and bad parameters get a 422."""

from __future__ import annotations

import json

import pytest

from reporting import bootstrap
from reporting.adapters.cache import MemcachedCache
from reporting.domain.model import Scope
from reporting.service_layer.views import heatmap_key
from tests.integration.reporting.conftest import deliver, get, risk_captured, risk_scored
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


def cached_heatmap(reporting, division_id: str | None = None) -> list | None:
    with reporting.uow() as uow:
        key = heatmap_key(uow.reports.generation(), Scope(None, division_id), False)
    cached = bootstrap.report_cache().get(key)
    return json.loads(cached) if cached else None


def test_the_cached_heatmap_is_never_stale(reporting):
    division, taq, lot = new_id(), new_id(), new_id()
    deliver(risk_captured(taq, division, "Taq supply"), risk_scored(taq, division, 3, 5))

    assert get("/reports/heatmap")[1]["total"] == 1
    assert cached_heatmap(reporting) == [[3, 5, 1]]  # stored under the current generation
    assert get("/reports/heatmap")[1]["cells"] == [{"likelihood": 3, "impact": 5, "count": 1}]

    deliver(risk_scored(lot, division, 3, 5))
    assert get("/reports/heatmap")[1]["cells"] == [{"likelihood": 3, "impact": 5, "count": 2}]

    deliver(risk_scored(taq, division, 1, 2, version=2))
    _, rescored = get("/reports/heatmap")
    assert rescored["cells"] == [
        {"likelihood": 1, "impact": 2, "count": 1},
        {"likelihood": 3, "impact": 5, "count": 1},
    ]
    assert cached_heatmap(reporting) == [[1, 2, 1], [3, 5, 1]]


def test_a_heatmap_found_in_the_cache_is_served_from_it(reporting):
    deliver(risk_scored(new_id(), new_id(), 3, 5))
    with reporting.uow() as uow:
        key = heatmap_key(uow.reports.generation(), Scope(None), False)
    bootstrap.report_cache().set(key, json.dumps([[5, 5, 7]]))

    assert get("/reports/heatmap")[1]["cells"] == [{"likelihood": 5, "impact": 5, "count": 7}]


def test_the_api_answers_while_memcached_is_unreachable(reporting, monkeypatch):
    unreachable = MemcachedCache("127.0.0.1:1")
    monkeypatch.setattr(bootstrap, "report_cache", lambda: unreachable)
    deliver(risk_scored(new_id(), new_id(), 2, 4))

    status, heatmap = get("/reports/heatmap")

    assert status == 200
    assert heatmap["cells"] == [{"likelihood": 2, "impact": 4, "count": 1}]


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("/reports/heatmap", {"divisionId": "not-a-uuid"}, "divisionId"),
        ("/reports/risks", {"divisionId": "42"}, "divisionId"),
        ("/reports/risks", {"limit": 0}, "limit"),
        ("/reports/risks", {"limit": 501}, "limit"),
        ("/reports/risks", {"limit": "ten"}, "limit"),
        ("/reports/risks", {"offset": -1}, "offset"),
        ("/reports/risks", {"status": "retired"}, "status"),
        ("/reports/risks", {"category": "weather"}, "category"),
        ("/reports/risks", {"overdue": "sometimes"}, "overdue"),
        ("/reports/heatmap", {"includeRetired": "perhaps"}, "includeRetired"),
        ("/reports/solutions", {"status": "closed"}, "status"),
        ("/reports/solutions", {"divisionId": "x"}, "divisionId"),
        ("/reports/solutions", {"limit": 501}, "limit"),
    ],
)
def test_bad_query_parameters_get_a_422_naming_the_field(reporting, path, params, field):
    status, body = get(path, **params)

    assert status == 422
    assert [(e["field"], e["in"]) for e in body["errors"]] == [(field, "query")]
