"""Builds graph-sync's adapters once per execution environment, from ``GREMLIN_ENDPOINT``
(``ws://127.0.0.1:8182/gremlin`` locally, ``wss://<neptune>:8182/gremlin`` in AWS).
The connection itself opens on the first request."""

from __future__ import annotations

import os
from functools import cache

from graph_sync.adapters.connection import GremlinConnection, websocket
from graph_sync.adapters.graph import GremlinGraph


@cache
def graph() -> GremlinGraph:
    return GremlinGraph(GremlinConnection(websocket(os.environ["GREMLIN_ENDPOINT"])))
