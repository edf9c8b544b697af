"""Builds graph-sync's adapters once per execution environment, from ``GREMLIN_ENDPOINT``
(``ws://127.0.0.1:8182/gremlin`` locally, ``wss://<neptune>:8182/gremlin`` in AWS) and
``GREMLIN_IAM_AUTH`` (``true`` where Neptune requires IAM authentication).
The connection itself opens on the first request."""

from __future__ import annotations

import os
from functools import cache

from graph_sync.adapters.connection import GremlinConnection, unsigned, websocket
from graph_sync.adapters.graph import GremlinGraph
from graph_sync.adapters.neptune_auth import signed_headers
from riskplatform.memberships import CachedMemberships


@cache
def graph() -> GremlinGraph:
    iam = os.environ.get("GREMLIN_IAM_AUTH", "false").lower() == "true"
    remote = websocket(os.environ["GREMLIN_ENDPOINT"], signed_headers if iam else unsigned)
    return GremlinGraph(GremlinConnection(remote))


@cache
def memberships() -> CachedMemberships:
    """Whom the API's callers work for: the users' memberships kept in the graph."""
    return CachedMemberships(graph())
