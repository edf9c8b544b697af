"""The Gremlin adapter's retry policy (Neptune's advice), on a scripted remote connection."""

from __future__ import annotations

import aiohttp
import pytest
from gremlin_python.driver.protocol import GremlinServerError
from gremlin_python.driver.remote_connection import RemoteConnection, RemoteTraversal
from gremlin_python.process.traversal import Traverser

from graph_sync.adapters.connection import GremlinConnection, Remedy, remedy
from riskplatform.errors import StoreUnavailable


def server_error(code: str) -> GremlinServerError:
    message = f'{{"code":"{code}","requestId":"r","detailedMessage":"..."}}'
    return GremlinServerError({"code": 500, "message": message, "attributes": {}})


CME = server_error("ConcurrentModificationException")


class ScriptedRemote(RemoteConnection):
    """Answers each request with the next outcome of a shared script."""

    def __init__(self, script: list[Exception | list]) -> None:
        super().__init__("ws://scripted/gremlin", "g")
        self.script = script
        self.closed = False

    def submit(self, bytecode):  # type: ignore[no-untyped-def]
        outcome = self.script.pop(0)
        if isinstance(outcome, Exception):
            raise outcome
        return RemoteTraversal(iter([Traverser(item) for item in outcome]))

    def close(self) -> None:
        self.closed = True


class Scripted:
    def __init__(self, *script: Exception | list) -> None:
        self.script = list(script)
        self.opened: list[ScriptedRemote] = []
        self.delays: list[float] = []

    def open(self) -> ScriptedRemote:
        self.opened.append(ScriptedRemote(self.script))
        return self.opened[-1]

    def connection(self, attempts: int = 5) -> GremlinConnection:
        return GremlinConnection(self.open, attempts=attempts, sleep=self.delays.append)


def count(g):  # type: ignore[no-untyped-def]
    return g.V().count()


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (CME, Remedy.RETRY),
        (server_error("ThrottlingException"), Remedy.RETRY),
        (server_error("ReadOnlyViolationException"), Remedy.RECONNECT),
        (RuntimeError("Connection was closed by server."), Remedy.RECONNECT),
        (ConnectionResetError("reset"), Remedy.RECONNECT),
        (TimeoutError(), Remedy.RECONNECT),
        (aiohttp.ServerDisconnectedError(), Remedy.RECONNECT),
        (server_error("ConstraintViolationException"), None),
        (NotImplementedError(), None),
        (ValueError("bug"), None),
    ],
)
def test_what_is_worth_another_try(error, expected):
    assert remedy(error) is expected


def test_a_concurrent_modification_is_retried_on_the_same_connection():
    remote = Scripted(CME, CME, [7])

    assert remote.connection().run(count) == [7]
    assert len(remote.opened) == 1
    assert len(remote.delays) == 2


def test_a_broken_connection_is_replaced():
    remote = Scripted(RuntimeError("Connection was closed by server."), [7])
    connection = remote.connection()

    assert connection.run(count) == [7]
    assert len(remote.opened) == 2
    assert remote.opened[0].closed and not remote.opened[1].closed


def test_the_delays_back_off_exponentially_with_jitter():
    remote = Scripted(CME, CME, CME, CME, [1])

    remote.connection().run(count)

    caps = [0.1, 0.2, 0.4, 0.8]
    assert all(0 <= delay <= cap for delay, cap in zip(remote.delays, caps, strict=True))


def test_it_gives_up_after_the_last_attempt():
    remote = Scripted(CME, CME, CME)

    with pytest.raises(GremlinServerError, match="ConcurrentModification"):
        remote.connection(attempts=3).run(count)
    assert len(remote.delays) == 2


def test_other_errors_are_not_retried():
    remote = Scripted(server_error("ConstraintViolationException"), [1])

    with pytest.raises(GremlinServerError):
        remote.connection().run(count)
    assert remote.delays == []


def test_the_connection_opens_on_first_use_and_is_kept():
    remote = Scripted([1], [2])
    connection = remote.connection()
    assert remote.opened == []

    assert connection.run(count) + connection.run(count) == [1, 2]
    assert len(remote.opened) == 1


def test_a_broken_connection_is_dropped_even_when_giving_up():
    closed = RuntimeError("Connection was closed by server.")
    remote = Scripted(closed, closed, [7])
    connection = remote.connection(attempts=2)

    with pytest.raises(StoreUnavailable):
        connection.run(count)
    assert connection.run(count) == [7]
    assert len(remote.opened) == 3
    assert all(r.closed for r in remote.opened[:2])


def test_no_server_after_the_last_attempt_is_an_unavailable_store():
    remote = Scripted(*[ConnectionRefusedError(111, "Connect call failed")] * 3)

    with pytest.raises(StoreUnavailable) as unavailable:
        remote.connection(attempts=3).run(count)
    assert unavailable.value.store == "graph"
    assert isinstance(unavailable.value.__cause__, ConnectionRefusedError)  # for the logs
    assert len(remote.delays) == 2
