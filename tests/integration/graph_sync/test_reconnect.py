"""Neptune drops connections (idle timeouts, failovers, a thawed Lambda's stale socket):
the adapter replaces a cut connection and the event still lands."""

from __future__ import annotations

import gc
import json
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import suppress
from urllib.parse import urlsplit

import pytest

from graph_sync import bootstrap
from graph_sync.adapters.connection import GremlinConnection, websocket
from graph_sync.adapters.graph import GremlinGraph
from graph_sync.entrypoints import consumer
from riskplatform import consumer as riskplatform_consumer
from riskplatform.consumer import PARKED, Parking
from riskplatform.errors import StoreUnavailable
from tests.conftest import GREMLIN_URL, TEST_GRAPH
from tests.integration.graph_sync.helpers import (
    LambdaContext,
    deliver,
    division_registered,
    sqs_batch,
)
from tests.support.ids import new_id

pytestmark = pytest.mark.integration


class CuttableProxy:
    """A TCP proxy to the Gremlin Server whose open connections can be cut at will."""

    def __init__(self, upstream: tuple[str, int]) -> None:
        self.upstream = upstream
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(0.1)
        self.port = self.listener.getsockname()[1]
        self.accepted = 0
        self.open: list[socket.socket] = []
        self.running = True
        self.thread = threading.Thread(target=self._accept, daemon=True)
        self.thread.start()

    def cut(self) -> None:
        for sock in self.open:
            with suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        self.open.clear()

    def close(self) -> None:
        self.running = False
        self.thread.join()
        self.listener.close()
        self.cut()

    def _accept(self) -> None:
        while self.running:
            try:
                client, _ = self.listener.accept()
            except TimeoutError:
                continue
            client.settimeout(None)
            server = socket.create_connection(self.upstream)
            self.accepted += 1
            self.open += [client, server]
            for source, target in ((client, server), (server, client)):
                threading.Thread(target=self._pipe, args=(source, target), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, target: socket.socket) -> None:
        with suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)


@pytest.fixture
def proxy() -> Iterator[CuttableProxy]:
    url = urlsplit(GREMLIN_URL)
    cuttable = CuttableProxy((url.hostname or "127.0.0.1", url.port or 8182))
    yield cuttable
    cuttable.close()


@pytest.fixture
def through_proxy(graph, proxy, monkeypatch) -> Iterator[GremlinGraph]:
    """The service's adapter, reaching the emptied graph through the proxy."""
    endpoint = f"ws://127.0.0.1:{proxy.port}/gremlin"
    proxied = GremlinGraph(
        GremlinConnection(websocket(endpoint, traversal_source=TEST_GRAPH), base_delay=0.01)
    )
    monkeypatch.setattr(bootstrap, "graph", lambda: proxied)
    yield proxied
    proxied.connection.close()


def test_a_cut_connection_is_replaced_and_the_event_lands(g, proxy, through_proxy):
    before, after = new_id(), new_id()
    assert deliver(division_registered(before)) == {"batchItemFailures": []}

    proxy.cut()
    report = deliver(division_registered(after))

    assert report == {"batchItemFailures": []}
    assert proxy.accepted == 2
    assert sorted(g.V().id_().to_list()) == sorted([before, after])


class RecordingSqs:
    """Stands in for SQS where a parked record is sent back to its queue."""

    def __init__(self) -> None:
        self.sent: list[dict[str, object]] = []

    def get_queue_url(self, QueueName: str, QueueOwnerAWSAccountId: str) -> dict[str, str]:
        return {"QueueUrl": f"http://queues/{QueueOwnerAWSAccountId}/{QueueName}"}

    def send_message(self, **message: object) -> None:
        self.sent.append(message)


def unreachable() -> GremlinConnection:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        closed_port = probe.getsockname()[1]
    return GremlinConnection(
        websocket(f"ws://127.0.0.1:{closed_port}/gremlin"), attempts=3, base_delay=0.01
    )


def test_an_unreachable_graph_parks_the_batch_on_its_queue(graph, monkeypatch):
    """The graph is down: the events are not failed (no receive spent) but sent back to
    their queue, delayed, to be applied when it answers again (ADR 54)."""
    connection, sqs = unreachable(), RecordingSqs()
    monkeypatch.setattr(bootstrap, "graph", lambda: GremlinGraph(connection))
    monkeypatch.setattr(riskplatform_consumer, "parking", Parking(sqs))
    first, second = division_registered(new_id()), division_registered(new_id())

    report = consumer.handler(sqs_batch(first, second), LambdaContext())

    assert report == {"batchItemFailures": []}
    assert [json.loads(str(m["MessageBody"]))["id"] for m in sqs.sent] == [
        first["id"],
        second["id"],
    ]
    assert all(
        m["MessageAttributes"] == {PARKED: {"DataType": "Number", "StringValue": "1"}}
        for m in sqs.sent
    )
    assert all(15 <= int(str(m["DelaySeconds"])) <= 900 for m in sqs.sent)


def open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


def test_failed_connects_to_a_down_graph_leave_no_descriptor_open(graph):
    """Each failed handshake closes its session and event loop: a long outage cannot run
    the process out of file descriptors (a Lambda has 1,024)."""
    connection = unreachable()
    with suppress(StoreUnavailable):
        connection.run(lambda g: g.V().limit(1))  # warm up whatever is opened once
    gc.collect()
    before = open_descriptors()

    for _ in range(20):
        with suppress(StoreUnavailable):
            connection.run(lambda g: g.V().limit(1))

    assert open_descriptors() - before <= 2
