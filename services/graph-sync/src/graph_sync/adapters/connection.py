"""One Gremlin connection per execution environment, opened on first use and rebuilt when
it breaks, with Neptune's retry advice: a ``ConcurrentModificationException`` is retried,
a connection error (or a writer that became a reader after a failover) is retried on a
new connection, both after an exponential backoff with full jitter.

Only idempotent traversals go through here (mergeV/mergeE upserts and reads), so running
one again after a failure whose outcome is unknown is safe. When the last attempt still
finds no server, ``StoreUnavailable`` says so (the API answers 503, a consumer's record
goes back to SQS); a connection attempt waits at most ``CONNECT_TIMEOUT_SECONDS``.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Mapping
from contextlib import suppress
from enum import Enum
from typing import Any

import aiohttp
from aws_lambda_powertools import Logger
from gremlin_python.driver.aiohttp.transport import AiohttpTransport
from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection
from gremlin_python.driver.protocol import GremlinServerError
from gremlin_python.driver.remote_connection import RemoteConnection
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.graph_traversal import GraphTraversal, GraphTraversalSource

from riskplatform.errors import StoreUnavailable

logger = Logger()

CONNECT_TIMEOUT_SECONDS = 2
READ_TIMEOUT_SECONDS = 5
WRITE_TIMEOUT_SECONDS = 5

# Neptune names its error in the status message (a JSON document with a "code").
# "already exists": the local graph's answer when two deliveries of one event race to add
# the same vertex or edge (it has no transactions); on a retry the write finds it.
RETRY_CODES = ("ConcurrentModificationException", "ThrottlingException", "already exists")
RECONNECT_CODES = ("ReadOnlyViolationException",)

OpenRemote = Callable[[], RemoteConnection]
Build = Callable[[GraphTraversalSource], GraphTraversal]


class Remedy(Enum):
    RETRY = "retry"
    RECONNECT = "reconnect"


def unsigned(endpoint: str) -> dict[str, str]:
    """No auth headers: the local Gremlin Server, or Neptune without IAM auth."""
    return {}


class BoundedConnectTransport(AiohttpTransport):
    """gremlinpython's transport, with the websocket handshake bounded: its own session
    waits up to aiohttp's default 30 s for a host that does not answer, and for ever for
    a server that accepts but never answers the upgrade. (The same steps as
    ``AiohttpTransport.connect`` of gremlinpython 3.7.3, plus the session timeout; aiohttp
    lifts ``sock_read`` once the websocket is open, where ``read_timeout`` takes over.)"""

    def connect(self, url: str, headers: Mapping[str, str] | None = None) -> None:
        async def handshake() -> None:
            seconds = CONNECT_TIMEOUT_SECONDS
            timeout = aiohttp.ClientTimeout(
                total=None, connect=seconds, sock_connect=seconds, sock_read=seconds
            )
            self._client_session = aiohttp.ClientSession(loop=self._loop, timeout=timeout)
            try:
                self._websocket = await self._client_session.ws_connect(
                    url, **self._aiohttp_kwargs, headers=headers
                )
            except aiohttp.ClientResponseError as error:
                if error.status == 403:  # its message may carry the signed headers
                    raise Exception(  # a plain Exception, as gremlinpython: not retried
                        "Failed to connect to server: HTTP Error code 403 - Forbidden."
                    ) from None
                raise

        try:
            self._loop.run_until_complete(handshake())
        except BaseException:
            self._abandon()
            raise

    def _abandon(self) -> None:
        """A handshake that failed leaves its session and event loop behind, and nothing
        holds the transport to close them (a file descriptor each, until a collection
        that may not manage it): close them here, once per failed connect, so that a
        long outage of the graph cannot run the process out of descriptors."""

        async def close_session() -> None:
            session = getattr(self, "_client_session", None)
            if session is not None and not session.closed:
                await session.close()

        if not self._loop.is_closed():
            self._loop.run_until_complete(close_session())
            self._loop.close()


def websocket(
    endpoint: str,
    headers: Callable[[str], Mapping[str, str]] = unsigned,
    traversal_source: str = "g",
) -> OpenRemote:
    """Opens connections to ``endpoint`` (``ws://127.0.0.1:8182/gremlin`` locally,
    ``wss://<neptune>:8182/gremlin`` in AWS). ``headers`` is called at every (re)connect:
    the seam for Neptune IAM auth, which needs the websocket handshake SigV4-signed for
    ``neptune-db`` and a fresh signature each time (one expires after five minutes).
    Neptune has the traversal source ``g`` only; the local server also has the tests'."""

    def open_remote() -> RemoteConnection:
        return DriverRemoteConnection(
            endpoint,
            traversal_source,
            pool_size=1,
            headers=dict(headers(endpoint)),
            transport_factory=lambda: BoundedConnectTransport(
                read_timeout=READ_TIMEOUT_SECONDS, write_timeout=WRITE_TIMEOUT_SECONDS
            ),
        )

    return open_remote


def remedy(error: Exception) -> Remedy | None:
    """What to do about a failed request; None when trying again would not help."""
    if isinstance(error, GremlinServerError):
        message = str(error.status_message)
        if any(code in message for code in RECONNECT_CODES):
            return Remedy.RECONNECT
        if any(code in message for code in RETRY_CODES):
            return Remedy.RETRY
        return None
    if isinstance(error, OSError | TimeoutError | aiohttp.ClientError):
        return Remedy.RECONNECT
    # gremlinpython reports a closed websocket as a bare RuntimeError (its subclasses,
    # such as NotImplementedError, are bugs, not connection trouble).
    return Remedy.RECONNECT if type(error) is RuntimeError else None


class GremlinConnection:
    def __init__(
        self,
        open_remote: OpenRemote,
        *,
        attempts: int = 5,
        base_delay: float = 0.1,
        max_delay: float = 2.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self._open_remote = open_remote
        self._remote: RemoteConnection | None = None
        self._attempts = attempts
        self._base_delay = base_delay
        self._max_delay = max_delay
        self._sleep = sleep

    def run(self, build: Build) -> list[Any]:
        """Build a traversal on the live connection and run it to a list of results."""
        attempt = 1
        while True:
            try:
                return build(self._source()).to_list()
            except Exception as error:
                action = remedy(error)
                if action is Remedy.RECONNECT:
                    # Even on the last attempt: gremlinpython keeps a connection that
                    # failed to connect out of its pool, so the next request would wait
                    # for it forever.
                    self.close()
                if action is Remedy.RECONNECT and attempt >= self._attempts:
                    raise StoreUnavailable("graph") from error
                if action is None or attempt >= self._attempts:
                    raise
                logger.warning(
                    "gremlin request failed; trying again",
                    attempt=attempt,
                    action=action.value,
                    error=repr(error),
                )
                self._sleep(self._delay(attempt))
                attempt += 1

    def close(self) -> None:
        remote, self._remote = self._remote, None
        if remote is not None:
            with suppress(Exception):
                remote.close()

    def _source(self) -> GraphTraversalSource:
        if self._remote is None:
            self._remote = self._open_remote()
        return traversal().with_remote(self._remote)

    def _delay(self, attempt: int) -> float:
        """Full jitter: anywhere between nothing and the capped exponential step."""
        return random.uniform(0, min(self._max_delay, self._base_delay * 2 ** (attempt - 1)))
