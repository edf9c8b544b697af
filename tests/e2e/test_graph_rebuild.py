"""The local graph is rebuilt from the event archive alone (``make graph-rebuild``, and
``make up`` when the graph is empty or behind the register): replaying every archived
event to graph-sync gives back exactly the graph that live delivery built."""

from __future__ import annotations

from typing import Any

import pytest
from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.traversal import Direction, T

from scripts import graph_rebuild

pytestmark = pytest.mark.e2e


def snapshot() -> tuple[list[dict[str, Any]], list[tuple[str, str, str]]]:
    """Every vertex with every property, and every edge, of the stack's graph."""
    remote = DriverRemoteConnection(graph_rebuild.GREMLIN, "g", pool_size=1)
    try:
        g = traversal().with_remote(remote)
        vertices = sorted(
            (
                {str(k.name if k in (T.id, T.label) else k): v for k, v in found.items()}
                for found in g.V().element_map().to_list()
            ),
            key=lambda v: v["id"],
        )
        edges = sorted(
            (e[Direction.OUT][T.id], e[T.label], e[Direction.IN][T.id])
            for e in g.E().element_map().to_list()
        )
        return vertices, edges
    finally:
        remote.close()


def test_replaying_the_archive_into_an_empty_graph_gives_the_live_graph(outputs):
    graph_rebuild.wait_until_consumed()  # what live delivery still had in hand
    live = snapshot()
    assert live[0], "the demo register should be in the graph"
    graph_rebuild.rebuild()
    assert snapshot() == live
