"""graph-sync against the real local Gremlin Server, with the service's adapter wired in
as bootstrap would wire it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.graph_traversal import GraphTraversalSource

from graph_sync import bootstrap
from graph_sync.adapters.connection import GremlinConnection, websocket
from graph_sync.adapters.graph import GremlinGraph
from riskplatform.memberships import CachedMemberships
from tests.conftest import GREMLIN_URL, TEST_GRAPH


@pytest.fixture(scope="session")
def g() -> Iterator[GraphTraversalSource]:
    """A plain connection for the tests' own looks at the graph."""
    remote = DriverRemoteConnection(GREMLIN_URL, TEST_GRAPH, pool_size=1)
    yield traversal().with_remote(remote)
    remote.close()


@pytest.fixture
def graph(g: GraphTraversalSource, monkeypatch: pytest.MonkeyPatch) -> Iterator[GremlinGraph]:
    """An emptied graph, and the service's adapter on it wired in as bootstrap would."""
    g.V().drop().iterate()
    wired = GremlinGraph(GremlinConnection(websocket(GREMLIN_URL, traversal_source=TEST_GRAPH)))
    monkeypatch.setattr(bootstrap, "graph", lambda: wired)
    monkeypatch.setattr(bootstrap, "memberships", lambda: CachedMemberships(wired))
    yield wired
    wired.connection.close()
