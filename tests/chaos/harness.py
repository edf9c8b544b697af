"""Fault-injection harness (issue 13, ADR 55): analysts capture and assess risks through
risk-intake's real API handler while the bus, the queues, the consumers and the stores
misbehave on purpose; then a checker counts, against intake's own records, what each
consumer lost or applied twice.

Real: every service's code (intake's API handler and service layer, the outbox relay and
its sweep, the kernel's consumer and ``Parking``, the three consumer handlers) and the
stores (MariaDB in fresh ``chaos_`` schemas, Gremlin Server's test graph ``gtest``,
Memcached). Simulated: AWS's transport, in memory, so that 100,000 events fit in minutes:
a stand-in for the boto3 events client under the real ``EventBridgePublisher`` that
routes by the EventPatterns of the services' own templates, and an SQS stand-in per
consumer with at-least-once semantics (visibility timeout, receive count, DLQ after the
template's ``maxReceiveCount``, duplicates, random order, ``DelaySeconds``, message
attributes).

Faults: PutEvents calls that fail and entries that fail; a crash between an intake
request's commit and its publish (only the sweep delivers those); duplicated and
reordered deliveries; consumers that crash in the middle of a batch; a poison event; and
MariaDB, the graph and Memcached each unavailable for a window.

    python -m tests.chaos.harness --risks 50000 --outage-seconds 300     # make chaos
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import heapq
import itertools
import json
import logging
import os
import random
import socket
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pymysql
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from cfnlint.decode import cfn_yaml
from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.graph_traversal import GraphTraversalSource, __
from gremlin_python.process.traversal import T

from benchmarks.stats import percentile
from graph_sync import bootstrap as graph_bootstrap
from graph_sync.adapters.connection import GremlinConnection, websocket
from graph_sync.adapters.graph import GremlinGraph
from graph_sync.entrypoints import consumer as graph_consumer
from metrics_scoring import bootstrap as scoring_bootstrap
from metrics_scoring.adapters.unit_of_work import ScoringUnitOfWork
from metrics_scoring.entrypoints import consumer as scoring_consumer
from reporting import bootstrap as reporting_bootstrap
from reporting.adapters.cache import MemcachedCache
from reporting.adapters.unit_of_work import ReportingUnitOfWork
from reporting.entrypoints import api as reporting_api
from reporting.entrypoints import consumer as reporting_consumer
from risk_intake import bootstrap as intake_bootstrap
from risk_intake.adapters.unit_of_work import IntakeUnitOfWork
from risk_intake.entrypoints import api as intake_api
from riskplatform import consumer as kernel_consumer
from riskplatform.access_store import SqlUserAccess
from riskplatform.db import DbSettings
from riskplatform.errors import StoreUnavailable
from riskplatform.memberships import Membership, UserAccess
from riskplatform.outbox import OutboxRelay
from riskplatform.publisher import EventBridgePublisher
from riskplatform.wiring import Wiring, wire
from scripts.migrate import local_password, migrate, schema_name
from tests.support.api_gateway import proxy_event

ROOT = Path(__file__).resolve().parents[2]
MARIADB_PORT = int(os.environ.get("MARIADB_PORT", "13306"))
GREMLIN_URL = os.environ.get("GREMLIN_URL", "ws://127.0.0.1:8182/gremlin")
GRAPH = "gtest"  # the tests' own graph; the stack's `g` is never touched (ADR 51, 53)
MEMCACHED = f"127.0.0.1:{os.environ.get('MEMCACHED_PORT', '11211')}"
REGION, ACCOUNT = "us-east-1", "000000000000"
BUS = "riskplatform-chaos"
BATCH_SIZE = 10  # the templates' event source mappings
INTAKE, SCORING, REPORTING, GRAPH_SYNC = "risk-intake", "metrics-scoring", "reporting", "graph-sync"
CONSUMERS = (SCORING, REPORTING, GRAPH_SYNC)
STORES = ("database", "graph", "memcached")
CATEGORIES = ("operational", "supply_chain", "financial", "strategic", "product_safety")

# Powertools keeps the current request of every API resolver in one class attribute
# (``BaseRouter.current_event``): one process answers one API request at a time, as a
# Lambda execution environment does. The consumers run concurrently.
API = threading.Lock()

EXECUTIVE = {"sub": "chaos-executive", "email": "exec@example.com", "cognito:groups": "[executive]"}
ADMIN = {"sub": "chaos-admin", "email": "admin@example.com", "cognito:groups": "[admin]"}


@dataclass(frozen=True)
class Options:
    risks: int = 50_000
    analysts: int = 4
    pollers: int = 4  # concurrent batches per consumer (ConsumerConcurrency: 5, dev 2)
    divisions: int = 5
    outage_seconds: float = 300.0
    second_assessment: float = 0.1  # share of risks assessed twice
    put_events_fails: float = 0.02  # a whole PutEvents call raises
    entry_fails: float = 0.03  # an entry of a call that went through is reported failed
    crash_before_publish: float = 0.02  # an intake request dies between commit and publish
    bus_duplicates: float = 0.02  # EventBridge delivers an entry twice
    sqs_duplicates: float = 0.02  # SQS delivers a message a second time
    consumer_crashes: float = 0.02  # a batch's function dies after some of its records
    visibility_seconds: float = 5.0
    park_delays: tuple[int, ...] = (1, 2, 4)
    sweep_every_seconds: float = 5.0  # the scheduled sweep (every minute on AWS)
    settle_timeout_seconds: float = 1200.0
    prefix: str = "chaos_"
    seed: int = 13
    keep: bool = False  # keep the schemas and the graph's vertices for a look afterwards


# ---- the stores, up or down ---------------------------------------------------------------


def closed_port() -> int:
    """A loopback port nothing listens on: connecting is refused at once."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


@dataclass
class Outage:
    store: str
    started: float
    ended: float | None = None
    parkings: dict[str, int] = field(default_factory=dict)  # consumer: records parked


class Stores:
    """Which store is down now. Nothing is stopped: each thread's adapters point at a
    closed loopback port while its store is "down" (the shared servers keep serving
    everyone else), and back when it is up again."""

    def __init__(self) -> None:
        self.down: dict[str, bool] = dict.fromkeys(STORES, False)
        self.port = closed_port()
        self.outages: list[Outage] = []

    def fail(self, store: str) -> None:
        self.outages.append(Outage(store, time.monotonic()))
        self.down[store] = True

    def restore(self, store: str) -> None:
        self.down[store] = False
        for outage in self.outages:
            if outage.store == store and outage.ended is None:
                outage.ended = time.monotonic()


class PerThread[W]:
    """A service's bootstrap function, each thread getting its own adapters (each Lambda
    execution environment has its own connection), built on first use."""

    def __init__(self, build: Callable[[], W], sync: Callable[[W], None] = lambda w: None):
        self._build = build
        self._sync = sync
        self._local = threading.local()
        self._lock = threading.Lock()
        self.built: list[W] = []

    def __call__(self) -> W:
        made = getattr(self._local, "made", None)
        if made is None:
            made = self._local.made = self._build()
            with self._lock:
                self.built.append(made)
        self._sync(made)
        return made


# ---- the bus: a stand-in for the boto3 events client, routing by the templates ------------


@dataclass(frozen=True)
class Route:
    service: str
    sources: frozenset[str]
    detail_types: frozenset[str]

    def matches(self, source: str, detail_type: str) -> bool:
        return source in self.sources and detail_type in self.detail_types


def template_routes() -> tuple[list[Route], dict[str, int]]:
    """Each consumer's rule (its EventPattern) and its queue's maxReceiveCount, as its
    own template.yaml declares them."""
    routes, receives = [], {}
    for service in CONSUMERS:
        template = cfn_yaml.load(str(ROOT / "services" / service / "template.yaml"))
        for resource in template["Resources"].values():
            properties = resource.get("Properties", {})
            if resource["Type"] == "AWS::Events::Rule" and "EventPattern" in properties:
                pattern = properties["EventPattern"]
                if set(pattern) - {"source", "detail-type"}:
                    raise ValueError(f"{service}: a pattern the harness cannot read: {pattern}")
                routes.append(
                    Route(service, frozenset(pattern["source"]), frozenset(pattern["detail-type"]))
                )
            if resource["Type"] == "AWS::SQS::Queue" and "RedrivePolicy" in properties:
                receives[service] = int(properties["RedrivePolicy"]["maxReceiveCount"])
    return routes, receives


@dataclass
class Message:
    id: str
    body: str
    attributes: dict[str, dict[str, str]]
    receives: int = 0
    visible_at: float = 0.0
    receipt: str = ""


class Queue:
    """SQS, in memory: at least once, in no particular order."""

    def __init__(
        self,
        name: str,
        rng: random.Random,
        visibility: float,
        max_receives: int | None = None,
        dlq: Queue | None = None,
        duplicates: float = 0.0,
    ) -> None:
        self.name = name
        self.arn = f"arn:aws:sqs:{REGION}:{ACCOUNT}:{name}"
        self.url = f"https://sqs.{REGION}.amazonaws.com/{ACCOUNT}/{name}"
        self._rng = rng
        self._visibility = visibility
        self._max_receives = max_receives
        self._dlq = dlq
        self._duplicates = duplicates
        self._lock = threading.Lock()
        self._messages: dict[str, Message] = {}
        self._ready: list[str] = []  # visible now
        self._waiting: list[tuple[float, int, str]] = []  # (visible at, seq, id)
        self._seq = itertools.count()
        self.parked = 0  # messages that carry the `parked` attribute
        self.parkings = 0  # records parked on this queue so far
        self.duplicated = 0

    def send(
        self, body: str, delay: float = 0, attributes: dict[str, dict[str, str]] | None = None
    ) -> str:
        message = Message(str(uuid.uuid4()), body, attributes or {})
        with self._lock:
            self._add(message, time.monotonic() + delay)
        return message.id

    def _add(self, message: Message, visible_at: float) -> None:
        self._messages[message.id] = message
        message.visible_at = visible_at
        heapq.heappush(self._waiting, (visible_at, next(self._seq), message.id))
        if kernel_consumer.PARKED in message.attributes:
            self.parked += 1

    def _forget(self, message: Message) -> None:
        del self._messages[message.id]
        if kernel_consumer.PARKED in message.attributes:
            self.parked -= 1

    def receive(self, limit: int) -> list[Message]:
        now = time.monotonic()
        taken: list[Message] = []
        with self._lock:
            while self._waiting and self._waiting[0][0] <= now:
                visible_at, _, message_id = heapq.heappop(self._waiting)
                message = self._messages.get(message_id)
                if message is not None and message.visible_at == visible_at:
                    self._ready.append(message_id)
            while self._ready and len(taken) < limit:
                i = self._rng.randrange(len(self._ready))  # reordered: any visible one
                self._ready[i], self._ready[-1] = self._ready[-1], self._ready[i]
                message = self._messages.get(self._ready.pop())
                if message is None or message.visible_at > now:
                    continue
                message.receives += 1
                if self._max_receives is not None and message.receives > self._max_receives:
                    self._forget(message)  # the redrive policy: to the DLQ
                    if self._dlq is not None:
                        self._dlq.send(message.body, attributes=message.attributes)
                    continue
                message.receipt = str(uuid.uuid4())
                message.visible_at = now + self._visibility
                heapq.heappush(self._waiting, (message.visible_at, next(self._seq), message.id))
                taken.append(
                    Message(
                        message.id,
                        message.body,
                        message.attributes,
                        message.receives,
                        message.visible_at,
                        message.receipt,
                    )
                )
                if self._rng.random() < self._duplicates:  # at least once: again, later
                    self.duplicated += 1
                    self._add(Message(str(uuid.uuid4()), message.body, message.attributes), now)
        return taken

    def delete(self, message_id: str, receipt: str) -> None:
        with self._lock:
            message = self._messages.get(message_id)
            if message is not None and message.receipt == receipt:
                self._forget(message)

    def depth(self) -> int:
        with self._lock:
            return len(self._messages)

    def bodies(self) -> list[str]:
        with self._lock:
            return [m.body for m in self._messages.values()]


class Sqs:
    """What ``Parking`` calls on boto3's SQS client: get_queue_url and send_message."""

    def __init__(self, queues: list[Queue]) -> None:
        self._by_name = {q.name: q for q in queues}
        self._by_url = {q.url: q for q in queues}
        self._lock = threading.Lock()

    def get_queue_url(self, QueueName: str, QueueOwnerAWSAccountId: str) -> dict[str, str]:
        return {"QueueUrl": self._by_name[QueueName].url}

    def send_message(
        self,
        QueueUrl: str,
        MessageBody: str,
        DelaySeconds: int = 0,
        MessageAttributes: dict[str, dict[str, str]] | None = None,
    ) -> dict[str, str]:
        if not 0 <= DelaySeconds <= 900:
            raise ValueError(f"DelaySeconds {DelaySeconds} is out of SQS's range")
        attributes = {
            name: {"stringValue": value["StringValue"], "dataType": value["DataType"]}
            for name, value in (MessageAttributes or {}).items()
        }
        queue = self._by_url[QueueUrl]
        with self._lock:
            queue.parkings += kernel_consumer.PARKED in attributes
        return {"MessageId": queue.send(MessageBody, DelaySeconds, attributes)}


@dataclass
class BusFigures:
    calls: int = 0
    calls_failed: int = 0
    entries_failed: int = 0
    duplicated: int = 0
    delivered: Counter[str] = field(default_factory=Counter)  # detail-type: distinct events
    event_ids: set[str] = field(default_factory=set)


class Events:
    """A stand-in for boto3's EventBridge client: ``put_events`` sometimes raises, sometimes
    fails some entries; the others become EventBridge events, sent to each consumer's
    queue whose rule matches, sometimes twice."""

    def __init__(
        self, routes: list[Route], queues: dict[str, Queue], options: Options, seed: int
    ) -> None:
        self._routes = routes
        self._queues = queues
        self._options = options
        self._rng = random.Random(seed)
        self._lock = threading.Lock()
        self.figures = BusFigures()

    def put_events(self, Entries: list[dict[str, str]]) -> dict[str, Any]:
        with self._lock:
            self.figures.calls += 1
            if self._rng.random() < self._options.put_events_fails:
                self.figures.calls_failed += 1
                raise ConnectionError("PutEvents failed (injected)")
            results: list[dict[str, str]] = []
            for entry in Entries:
                if self._rng.random() < self._options.entry_fails:
                    self.figures.entries_failed += 1
                    results.append({"ErrorCode": "InternalFailure", "ErrorMessage": "injected"})
                    continue
                copies = 2 if self._rng.random() < self._options.bus_duplicates else 1
                self.figures.duplicated += copies - 1
                results.append({"EventId": self.deliver(entry, copies)})
        return {"FailedEntryCount": sum("ErrorCode" in r for r in results), "Entries": results}

    def deliver(self, entry: dict[str, str], copies: int = 1) -> str:
        event = {
            "version": "0",
            "id": str(uuid.uuid4()),
            "detail-type": entry["DetailType"],
            "source": entry["Source"],
            "account": ACCOUNT,
            "time": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "region": REGION,
            "resources": [],
            "detail": json.loads(entry["Detail"]),
        }
        event_id = event["detail"].get("metadata", {}).get("event_id", event["id"])
        if event_id not in self.figures.event_ids:
            self.figures.event_ids.add(event_id)
            self.figures.delivered[entry["DetailType"]] += 1
        body = json.dumps(event)
        for route in self._routes:
            if route.matches(entry["Source"], entry["DetailType"]):
                for _ in range(copies):
                    self._queues[route.service].send(body)
        return str(event["id"])


class CrashingRelay(OutboxRelay):
    """Intake's relay in the analysts' requests: some die between the commit and the
    publish, so the event stays in the outbox for the sweep."""

    dropped = 0
    crash = 0.0
    _lock = threading.Lock()
    _rng = random.Random()
    _analysts = threading.local()

    @classmethod
    def in_analyst_thread(cls) -> None:
        cls._analysts.active = True

    def publish(self, event_ids: list[str]) -> int:
        if getattr(self._analysts, "active", False):
            with self._lock:
                dies = self._rng.random() < self.crash
                if dies:
                    CrashingRelay.dropped += len(event_ids)
            if dies:
                return 0
        return super().publish(event_ids)


# ---- the consumers: a poller per queue, calling the real handlers -------------------------


class LambdaCrash(BaseException):
    """The function's process dies: not an Exception, so nothing of the batch is caught,
    reported or acknowledged."""


class CrashPlan(threading.local):
    after: int | None = None
    handled: int = 0


crash_plan = CrashPlan()


def crashing(original: Callable[..., None]) -> Callable[..., None]:
    """The kernel's per-record call, dying after ``crash_plan.after`` records of a batch."""

    def handle_with_retry(handle: Any, envelope: Any, transient: Any) -> None:
        if crash_plan.after is not None and crash_plan.handled >= crash_plan.after:
            raise LambdaCrash()
        original(handle, envelope, transient)
        crash_plan.handled += 1

    return handle_with_retry


@dataclass(frozen=True)
class LambdaContext:
    function_name: str
    memory_limit_in_mb: int = 512
    invoked_function_arn: str = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:chaos"
    aws_request_id: str = "chaos"

    def get_remaining_time_in_millis(self) -> int:
        return 60_000


@dataclass
class ConsumerFigures:
    batches: int = 0
    records: int = 0
    crashes: int = 0
    failed_records: int = 0
    handler_errors: list[str] = field(default_factory=list)


class Poller(threading.Thread):
    def __init__(
        self,
        service: str,
        handler: Callable[[dict[str, Any], Any], dict[str, Any]],
        queue: Queue,
        crash: float,
        seed: int,
        stop: threading.Event,
    ) -> None:
        super().__init__(name=f"poller-{service}", daemon=True)
        self.service = service
        self.handler = handler
        self.queue = queue
        self.crash = crash
        self.rng = random.Random(seed)
        self.stop = stop
        self.figures = ConsumerFigures()

    def record(self, message: Message) -> dict[str, Any]:
        return {
            "messageId": message.id,
            "receiptHandle": message.receipt,
            "body": message.body,
            "attributes": {"ApproximateReceiveCount": str(message.receives)},
            "messageAttributes": message.attributes,
            "md5OfBody": "",
            "eventSource": "aws:sqs",
            "eventSourceARN": self.queue.arn,
            "awsRegion": REGION,
        }

    def run(self) -> None:
        context = LambdaContext(function_name=f"chaos-{self.service}-consumer")
        while not self.stop.is_set():
            batch = self.queue.receive(BATCH_SIZE)
            if not batch:
                time.sleep(0.01)
                continue
            self.figures.batches += 1
            # Only a batch on its first delivery crashes, so that no message spends more
            # than one receive on the harness's crashes (three would send it to the DLQ).
            first = all(m.receives == 1 for m in batch)
            crash = len(batch) > 1 and first and self.rng.random() < self.crash
            crash_plan.after = self.rng.randrange(1, len(batch)) if crash else None
            crash_plan.handled = 0
            try:
                response = self.handler({"Records": [self.record(m) for m in batch]}, context)
            except LambdaCrash:
                self.figures.crashes += 1
                continue  # nothing deleted: SQS gives it all again after the visibility
            except BatchProcessingError:
                self.figures.failed_records += len(batch)
                continue  # every record failed: the whole batch returns
            except Exception as error:  # the function failed as a whole
                self.figures.handler_errors.append(repr(error))
                continue
            finally:
                crash_plan.after = None
            failed = {f["itemIdentifier"] for f in response.get("batchItemFailures", [])}
            self.figures.failed_records += len(failed)
            self.figures.records += len(batch) - len(failed)
            for message in batch:
                if message.id not in failed:
                    self.queue.delete(message.id, message.receipt)


# ---- intake: analysts through the real API handler --------------------------------------


def api_event(method: str, path: str, claims: dict[str, str], body: Any = None) -> dict[str, Any]:
    return proxy_event(method, path, claims, body, stage="chaos")


@dataclass
class LoadFigures:
    requests: int = 0
    unavailable: int = 0  # 503s, sent again after Retry-After
    unavailable_fast: int = 0  # of them, answered within the 2 s connect timeout
    errors: list[str] = field(default_factory=list)
    captured: int = 0
    assessed: int = 0
    latencies: list[float] = field(default_factory=list)


class Analysts:
    def __init__(self, options: Options, divisions: list[str], stop: threading.Event) -> None:
        self.options = options
        self.divisions = divisions
        self.stop = stop
        self.next = itertools.count()
        self.lock = threading.Lock()
        self.figures = LoadFigures()
        self.threads = [
            threading.Thread(target=self.work, args=(n,), name=f"analyst-{n}", daemon=True)
            for n in range(options.analysts)
        ]

    @staticmethod
    def user(n: int) -> dict[str, str]:
        return {
            "sub": f"chaos-analyst-{n}",
            "email": f"analyst-{n}@example.com",
            "cognito:groups": "[analyst]",
        }

    def progress(self) -> float:
        return min(1.0, self.figures.captured / max(1, self.options.risks))

    def call(self, method: str, path: str, claims: dict[str, str], body: Any) -> dict[str, Any]:
        """Send until answered; a 503 is sent again after its Retry-After."""
        while not self.stop.is_set():
            with API:
                started = time.monotonic()
                response = intake_api.handler(
                    api_event(method, path, claims, body), LambdaContext("chaos-intake-api")
                )
                took = time.monotonic() - started
            with self.lock:
                self.figures.requests += 1
            status = response["statusCode"]
            if status == 201:
                with self.lock:
                    self.figures.latencies.append(took)
                return dict(json.loads(response["body"]))
            if status == 503:
                headers = {k: v[-1] for k, v in (response.get("multiValueHeaders") or {}).items()}
                headers |= response.get("headers") or {}
                with self.lock:
                    self.figures.unavailable += 1
                    self.figures.unavailable_fast += took < 2.0
                time.sleep(float(headers.get("Retry-After", StoreUnavailable.retry_after_seconds)))
                continue
            raise RuntimeError(f"{method} {path} answered {status}: {response['body']}")
        raise RuntimeError("stopped")

    def work(self, n: int) -> None:
        CrashingRelay.in_analyst_thread()
        rng = random.Random(self.options.seed * 1000 + n)
        claims = self.user(n)
        try:
            while not self.stop.is_set():
                k = next(self.next)
                if k >= self.options.risks:
                    return
                category = CATEGORIES[k % len(CATEGORIES)]
                risk = self.call(
                    "POST",
                    "/risks",
                    claims,
                    {
                        "divisionId": self.divisions[k % len(self.divisions)],
                        "title": f"Chaos risk {k}",
                        "description": "A synthetic risk of the fault-injection harness.",
                        "category": category,
                        "ownerEmail": claims["email"],
                    },
                )
                with self.lock:
                    self.figures.captured += 1
                times = 2 if rng.random() < self.options.second_assessment else 1
                for _ in range(times):
                    self.call(
                        "POST",
                        f"/risks/{risk['id']}/assessments",
                        claims,
                        {
                            "likelihood": rng.randint(1, 5),
                            "impact": {"safety": rng.randint(1, 5), "supply": rng.randint(1, 5)},
                        },
                    )
                    with self.lock:
                        self.figures.assessed += 1
        except Exception as error:
            with self.lock:
                self.figures.errors.append(repr(error))


# ---- the run ---------------------------------------------------------------------------


def fresh_schema(service: str, prefix: str) -> DbSettings:
    schema = schema_name(service, prefix)
    drop_schema(schema)
    migrate(service, host="127.0.0.1", port=MARIADB_PORT, prefix=prefix)
    return DbSettings("127.0.0.1", MARIADB_PORT, schema[:32], local_password(service), schema)


def root_connection() -> pymysql.connections.Connection:
    return pymysql.connect(
        host="127.0.0.1",
        port=MARIADB_PORT,
        user="root",
        password="",
        cursorclass=pymysql.cursors.DictCursor,
        autocommit=True,
    )


def drop_schema(schema: str) -> None:
    root = root_connection()
    with root.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{schema}`")
    root.close()


@contextlib.contextmanager
def graph_source() -> Iterator[GraphTraversalSource]:
    remote = DriverRemoteConnection(GREMLIN_URL, GRAPH, pool_size=1)
    try:
        yield traversal().with_remote(remote)
    finally:
        remote.close()


@contextlib.contextmanager
def patched(target: Any, name: str, value: Any) -> Iterator[None]:
    original = getattr(target, name)
    setattr(target, name, value)
    try:
        yield
    finally:
        setattr(target, name, original)


@dataclass
class Run:
    options: Options
    settings: dict[str, DbSettings]
    stores: Stores
    queues: dict[str, Queue]
    dlqs: dict[str, Queue]
    routes: list[Route]
    bus: Events
    pollers: list[Poller] = field(default_factory=list)
    divisions: list[str] = field(default_factory=list)
    poison_id: str = ""
    load_started: float = 0.0
    load_ended: float = 0.0
    delivered_during_load: int = 0
    settled_at: float | None = None
    catch_up: dict[tuple[str, str], float | None] = field(default_factory=dict)
    parked_peak: dict[tuple[str, str], int] = field(default_factory=dict)
    sweeps: Counter[str] = field(default_factory=Counter)
    sweep_errors: Counter[str] = field(default_factory=Counter)
    reads: dict[str, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))
    load: LoadFigures = field(default_factory=LoadFigures)
    report: Report | None = None
    unraisable: list[Any] = field(default_factory=list)
    open_files: list[tuple[str, int]] = field(default_factory=list)


def run(options: Options, out: Callable[[str], None] = print) -> Run:
    """Build everything, run the load with its faults, wait until settled, check."""
    os.environ["POWERTOOLS_METRICS_DISABLED"] = "true"  # no EMF lines among the figures
    rng = random.Random(options.seed)
    routes, receives = template_routes()
    stores = Stores()
    dlqs = {s: Queue(f"chaos-{s}-dlq", random.Random(rng.random()), 30.0) for s in CONSUMERS}
    queues = {
        s: Queue(
            f"chaos-{s}",
            random.Random(rng.random()),
            options.visibility_seconds,
            max_receives=receives[s],
            dlq=dlqs[s],
            duplicates=options.sqs_duplicates,
        )
        for s in CONSUMERS
    }
    bus = Events(routes, queues, options, options.seed)
    settings = {s: fresh_schema(s, options.prefix) for s in (INTAKE, SCORING, REPORTING)}
    state = Run(options, settings, stores, queues, dlqs, routes, bus)
    CrashingRelay.crash = options.crash_before_publish
    CrashingRelay.dropped = 0
    CrashingRelay._rng = random.Random(options.seed + 1)
    publisher = EventBridgePublisher(BUS, client=bus)
    nowhere = DbSettings("127.0.0.1", stores.port, "nobody", "secret", "no_such_schema")

    def database(wiring: Wiring[Any], service: str) -> None:
        wanted = nowhere if stores.down["database"] else settings[service]
        if wiring.db.settings != wanted:
            wiring.db.close()
            wiring.db.settings = wanted

    def intake_wiring() -> Wiring[IntakeUnitOfWork]:
        wiring = wire(
            IntakeUnitOfWork, producer=INTAKE, settings=settings[INTAKE], publisher=publisher
        )
        wiring.relay = CrashingRelay(wiring.db, publisher)
        return wiring

    intake = PerThread(intake_wiring, lambda w: database(w, INTAKE))
    scoring = PerThread(
        lambda: wire(
            ScoringUnitOfWork, producer=SCORING, settings=settings[SCORING], publisher=publisher
        ),
        lambda w: database(w, SCORING),
    )
    reporting = PerThread(
        lambda: wire(
            ReportingUnitOfWork, producer=REPORTING, settings=settings[REPORTING], publishes=False
        ),
        lambda w: database(w, REPORTING),
    )
    up_graph = PerThread(
        lambda: GremlinGraph(GremlinConnection(websocket(GREMLIN_URL, traversal_source=GRAPH)))
    )
    down_graph = PerThread(
        lambda: GremlinGraph(
            GremlinConnection(
                websocket(f"ws://127.0.0.1:{stores.port}/gremlin", traversal_source=GRAPH),
                attempts=3,
                base_delay=0.01,
            )
        )
    )
    up_cache = PerThread(lambda: MemcachedCache(MEMCACHED))
    down_cache = PerThread(lambda: MemcachedCache(f"127.0.0.1:{stores.port}"))

    def graph() -> GremlinGraph:
        return down_graph() if stores.down["graph"] else up_graph()

    def cache() -> MemcachedCache:
        return down_cache() if stores.down["memcached"] else up_cache()

    stop = threading.Event()
    sqs = Sqs([*queues.values(), *dlqs.values()])
    with contextlib.ExitStack() as stack:
        # gremlinpython closes a transport it collects on its own event loop, which fails
        # when the collection happens in a thread that is running another: counted, not
        # printed (the connections of the graph "outage" are the ones collected).
        stack.enter_context(patched(sys, "unraisablehook", state.unraisable.append))
        # That close fails inside a running loop and leaks the transport's own event loop
        # (its file descriptors): a collection in a poller, which runs one, would leak it,
        # so garbage is collected by the watching thread, which runs none.
        gc.disable()
        stack.callback(gc.enable)
        for target, name, value in (
            (intake_bootstrap, "wiring", intake),
            (scoring_bootstrap, "wiring", scoring),
            (reporting_bootstrap, "wiring", reporting),
            (reporting_bootstrap, "report_cache", cache),
            (graph_bootstrap, "graph", graph),
            (kernel_consumer, "parking", kernel_consumer.Parking(sqs, delays=options.park_delays)),
            (kernel_consumer, "handle_with_retry", crashing(kernel_consumer.handle_with_retry)),
        ):
            stack.enter_context(patched(target, name, value))
        stack.callback(close_all, intake, scoring, reporting, up_graph, down_graph)
        try:
            drive(state, intake, scoring, stop, out)
        finally:
            stop.set()
            for poller in state.pollers:
                poller.join(timeout=30)
    state.report = check(state)
    if not options.keep:
        clean_up(state)
    return state


def close_all(*built: PerThread[Any]) -> None:
    for made in built:
        for adapter in made.built:
            if isinstance(adapter, Wiring):
                adapter.db.close()
            elif isinstance(adapter, GremlinGraph):
                adapter.connection.close()


def setup(state: Run) -> None:
    """Divisions through the API as an admin, and the analysts' memberships in intake's copy
    (as an admin's grant leaves them, ADR 50)."""
    for n in range(state.options.divisions):
        response = intake_api.handler(
            api_event(
                "POST", "/divisions", ADMIN, {"name": f"Chaos division {n}", "code": f"CHAOS-{n}"}
            ),
            LambdaContext("chaos-intake-api"),
        )
        if response["statusCode"] != 201:
            raise RuntimeError(f"creating a division answered {response['body']}")
        state.divisions.append(json.loads(response["body"])["id"])
    wiring = intake_bootstrap.wiring()
    now = datetime.now(UTC)
    with wiring.uow() as uow:
        for n in range(state.options.analysts):
            user = Analysts.user(n)
            grants = {d: Membership(d, ADMIN["email"], now) for d in state.divisions}
            SqlUserAccess(uow.cursor).save(UserAccess(user["sub"], user["email"], 1, grants))
        uow.commit()


def poison(state: Run) -> None:
    """A RiskCaptured whose detail breaks its contract (no title, category, ...): every
    consumer it routes to fails it until it reaches that consumer's DLQ."""
    state.poison_id = str(uuid.uuid4())
    metadata = {
        "event_id": state.poison_id,
        "event_version": 1,
        "occurred_at": datetime.now(UTC).isoformat(),
        "producer": INTAKE,
        "correlation_id": str(uuid.uuid4()),
        "causation_id": None,
        "aggregate_id": str(uuid.uuid4()),
        "aggregate_version": 1,
        "division_id": state.divisions[0],
    }
    detail = {"metadata": metadata, "data": {"risk_id": metadata["aggregate_id"]}}
    state.bus.deliver(
        {
            "Source": f"riskplatform.{INTAKE}",
            "DetailType": "RiskCaptured",
            "Detail": json.dumps(detail),
        }
    )


def drive(
    state: Run,
    intake: PerThread[Wiring[IntakeUnitOfWork]],
    scoring: PerThread[Wiring[ScoringUnitOfWork]],
    stop: threading.Event,
    out: Callable[[str], None],
) -> None:
    options, stores = state.options, state.stores
    setup(state)
    handlers = {
        SCORING: scoring_consumer.handler,
        REPORTING: reporting_consumer.handler,
        GRAPH_SYNC: graph_consumer.handler,
    }
    for n, service in enumerate(CONSUMERS):
        for k in range(options.pollers):
            poller = Poller(
                service,
                handlers[service],
                state.queues[service],
                options.consumer_crashes,
                options.seed + 100 * n + k,
                stop,
            )
            state.pollers.append(poller)
            poller.start()

    def sweep() -> None:  # the scheduled sweep function of each service that publishes
        while not stop.wait(options.sweep_every_seconds):
            for service, wiring in ((INTAKE, intake), (SCORING, scoring)):
                try:
                    state.sweeps[service] += wiring().sweep_outbox()
                except StoreUnavailable:
                    state.sweep_errors[service] += 1

    def read() -> None:  # an executive keeps opening the heat map
        while not stop.wait(0.5):
            down = ",".join(s for s in STORES if stores.down[s]) or "none"
            with API:
                response = reporting_api.handler(
                    api_event("GET", "/reports/heatmap", EXECUTIVE), LambdaContext("chaos-reports")
                )
            if down == (",".join(s for s in STORES if stores.down[s]) or "none"):
                state.reads[down][response["statusCode"]] += 1  # not across a change

    background = [threading.Thread(target=t, daemon=True) for t in (sweep, read)]
    for thread in background:
        thread.start()

    analysts = Analysts(options, state.divisions, stop)
    state.load = analysts.figures
    state.load_started = time.monotonic()
    for thread in analysts.threads:
        thread.start()

    watching: list[tuple[Outage, str]] = []
    poisoned = False
    next_outage = 0
    outage: Outage | None = None
    last_line = 0.0
    state.open_files.append(("at the start", open_files()))
    while True:
        gc.collect()
        now = time.monotonic()
        loading = any(t.is_alive() for t in analysts.threads)
        if loading is False and state.load_ended == 0.0:
            state.load_ended = now
            state.delivered_during_load = len(state.bus.figures.event_ids)
        if not poisoned and (analysts.progress() >= 0.1 or not loading):
            poison(state)
            poisoned = True
        # The outages, one after another, at 20, 45 and 70 % of the load (or after it).
        # A consumer that parked records while its store was down has caught up when no
        # parked record is left in its queue (no two stores affect the same consumer).
        if outage is None and next_outage < len(STORES):
            if analysts.progress() >= (0.2, 0.45, 0.7)[next_outage] or not loading:
                stores.fail(STORES[next_outage])
                outage = stores.outages[-1]
                outage.parkings = {s: -q.parkings for s, q in state.queues.items()}
                next_outage += 1
                out(f"  {outage.store} down at {now - state.load_started:.0f} s")
        elif outage is not None and now - outage.started >= options.outage_seconds:
            state.open_files.append((f"at the end of the {outage.store} outage", open_files()))
            stores.restore(outage.store)
            out(f"  {outage.store} back at {now - state.load_started:.0f} s")
            for service in CONSUMERS:
                outage.parkings[service] += state.queues[service].parkings
                if outage.parkings[service]:
                    watching.append((outage, service))
                else:
                    state.catch_up[(outage.store, service)] = 0.0
            outage = None
        for key in list(watching):
            ended, service = key
            parked = state.queues[service].parked
            peak = (ended.store, service)
            if parked == 0:
                state.catch_up[peak] = max(0.0, now - (ended.ended or now))
                watching.remove(key)
        for s in STORES:  # the most parked in each consumer's queue while its store was down
            if stores.down[s]:
                for service in CONSUMERS:
                    peak = (s, service)
                    parked = state.queues[service].parked
                    state.parked_peak[peak] = max(state.parked_peak.get(peak, 0), parked)
        if now - last_line >= 30:
            last_line = now
            depths = " ".join(f"{s}={q.depth()}" for s, q in state.queues.items())
            out(
                f"  {now - state.load_started:5.0f} s: captured {analysts.figures.captured}"
                f" assessed {analysts.figures.assessed}; events {len(state.bus.figures.event_ids)};"
                f" queues {depths}"
            )
        if analysts.figures.errors:
            raise RuntimeError(f"an analyst stopped: {analysts.figures.errors[0]}")
        done = not loading and outage is None and next_outage == len(STORES) and not watching
        if done and settled(state, intake, scoring):
            state.settled_at = time.monotonic()
            return
        if state.load_ended and now - state.load_ended > options.settle_timeout_seconds:
            out("  not settled within the timeout: checking what there is")
            return
        time.sleep(0.2)


def open_files() -> int:
    return len(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else -1


def settled(
    state: Run,
    intake: PerThread[Wiring[IntakeUnitOfWork]],
    scoring: PerThread[Wiring[ScoringUnitOfWork]],
) -> bool:
    """Every queue empty (nothing in flight, delayed or parked) and both outboxes sent."""
    if any(q.depth() for q in state.queues.values()):
        return False
    for wiring in (intake(), scoring()):
        assert wiring.relay is not None
        if wiring.relay.pending():
            return False
    return not any(q.depth() for q in state.queues.values())


# ---- the checker ----------------------------------------------------------------------


@dataclass
class Findings:
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)


@dataclass
class Report:
    consumers: dict[str, Findings]
    dlq: dict[str, Counter[str]]  # consumer: event id -> copies in its DLQ
    poison_routes: list[str]
    risks: int
    assessed: int

    @property
    def lost(self) -> int:
        return sum(len(f.lost) for f in self.consumers.values())

    @property
    def duplicated(self) -> int:
        return sum(len(f.duplicated) for f in self.consumers.values())

    def poison_only_in_dlqs(self, poison_id: str) -> bool:
        return all(
            set(self.dlq[s]) == ({poison_id} if s in self.poison_routes else set())
            for s in CONSUMERS
        )


def rows(sql: str, args: Any = None) -> list[dict[str, Any]]:
    root = root_connection()
    try:
        with root.cursor() as cursor:
            cursor.execute(sql, args)
            return list(cursor.fetchall())
    finally:
        root.close()


def check(state: Run) -> Report:
    """What each consumer lost or applied twice, against intake's own records."""
    db = {s: state.settings[s].database for s in state.settings}
    risks = {r["id"]: r for r in rows(f"SELECT id, division_id FROM `{db[INTAKE]}`.risks")}
    latest = {
        r["risk_id"]: r["id"]
        for r in rows(
            f"SELECT a.risk_id, a.id FROM `{db[INTAKE]}`.assessments a"
            f" JOIN (SELECT risk_id, MAX(risk_version) AS v FROM `{db[INTAKE]}`.assessments"
            "  GROUP BY risk_id) m ON m.risk_id = a.risk_id AND m.v = a.risk_version"
        )
    }
    scoring, reporting, graph = Findings(), Findings(), Findings()

    scores = {
        r["risk_id"]: r
        for r in rows(
            f"SELECT risk_id, assessment_id, score_version, score, level"
            f" FROM `{db[SCORING]}`.risk_scores"
        )
    }
    for risk_id, assessment_id in latest.items():
        score = scores.get(risk_id)
        if score is None:
            scoring.lost.append(f"{risk_id}: assessed, no score")
        elif score["assessment_id"] != assessment_id:
            scoring.lost.append(
                f"{risk_id}: scored from assessment {score['assessment_id']},"
                f" the latest is {assessment_id}"
            )
    for r in rows(
        f"SELECT risk_id, cause_event_id, COUNT(*) AS n FROM `{db[SCORING]}`.score_history"
        " GROUP BY risk_id, cause_event_id HAVING n > 1"
    ):
        scoring.duplicated.append(
            f"{r['risk_id']}: {r['n']} score versions from the one event {r['cause_event_id']}"
        )
    for r in rows(
        f"SELECT h.risk_id, COUNT(*) AS n, MAX(h.score_version) AS top, s.score_version"
        f" FROM `{db[SCORING]}`.score_history h JOIN `{db[SCORING]}`.risk_scores s"
        " ON s.risk_id = h.risk_id GROUP BY h.risk_id, s.score_version"
        " HAVING n <> top OR top <> s.score_version"
    ):
        scoring.duplicated.append(
            f"{r['risk_id']}: history of {r['n']} versions up to {r['top']},"
            f" current version {r['score_version']}"
        )
    for r in rows(
        f"SELECT JSON_VALUE(detail, '$.data.risk_id') AS risk_id,"
        f" JSON_VALUE(detail, '$.data.score_version') AS v, COUNT(*) AS n"
        f" FROM `{db[SCORING]}`.outbox WHERE detail_type = 'RiskScored'"
        " GROUP BY risk_id, v HAVING n > 1"
    ):
        scoring.duplicated.append(f"{r['risk_id']}: {r['n']} RiskScored for version {r['v']}")
    for risk_id in set(scores) - set(risks):
        scoring.duplicated.append(f"{risk_id}: a score for a risk intake does not have")

    register = {
        r["risk_id"]: r
        for r in rows(
            f"SELECT risk_id, division_id, score_version, score, level"
            f" FROM `{db[REPORTING]}`.risk_register"
        )
    }
    for risk_id, risk in risks.items():
        row, score = register.get(risk_id), scores.get(risk_id)
        if row is None:
            reporting.lost.append(f"{risk_id}: not in the read model")
        elif row["division_id"] != risk["division_id"]:
            reporting.lost.append(f"{risk_id}: in division {row['division_id']}")
        elif score and (row["score_version"], row["level"]) != (
            score["score_version"],
            score["level"],
        ):
            reporting.lost.append(
                f"{risk_id}: score version {row['score_version']} {row['level']},"
                f" scoring has {score['score_version']} {score['level']}"
            )
    for risk_id in set(register) - set(risks):
        reporting.duplicated.append(f"{risk_id}: in the read model, not in intake")
    known = {r["id"] for r in rows(f"SELECT id FROM `{db[REPORTING]}`.divisions")}
    for division_id in set(state.divisions) - known:
        reporting.lost.append(f"division {division_id}: not in the read model")

    ids = list(risks)
    with graph_source() as g:
        seen: dict[str, dict[str, Any]] = {}
        for start in range(0, len(ids), 500):
            found = (
                g.V(*ids[start : start + 500])
                .project("id", "label", "versions", "score_version", "level", "owners")
                .by(T.id)
                .by(T.label)
                .by(__.properties("score_version").count())
                .by(__.coalesce(__.values("score_version"), __.constant(0)))
                .by(__.coalesce(__.values("level"), __.constant("")))
                .by(__.in_("HAS_RISK").id_().fold())
                .to_list()
            )
            seen.update({v["id"]: v for v in found})
        divisions = g.V(*state.divisions).has_label("Division").id_().to_list()
        poisoned = g.V(state.poison_id).count().next() if state.poison_id else 0
    for risk_id, risk in risks.items():
        vertex, score = seen.get(risk_id), scores.get(risk_id)
        if vertex is None or vertex["label"] != "Risk":
            graph.lost.append(f"{risk_id}: no Risk vertex")
            continue
        if vertex["owners"] != [risk["division_id"]]:
            (graph.duplicated if len(vertex["owners"]) > 1 else graph.lost).append(
                f"{risk_id}: HAS_RISK from {vertex['owners']}, its division is"
                f" {risk['division_id']}"
            )
        if vertex["versions"] > 1:
            graph.duplicated.append(f"{risk_id}: {vertex['versions']} score_version values")
        if score and (vertex["score_version"], vertex["level"]) != (
            score["score_version"],
            score["level"],
        ):
            graph.lost.append(
                f"{risk_id}: score version {vertex['score_version']} {vertex['level']},"
                f" scoring has {score['score_version']} {score['level']}"
            )
    for division_id in set(state.divisions) - set(divisions):
        graph.lost.append(f"division {division_id}: no Division vertex")
    if poisoned:
        graph.duplicated.append(f"the poison event's risk {state.poison_id} is in the graph")

    dlq: dict[str, Counter[str]] = {}
    for service, queue in state.dlqs.items():
        dlq[service] = Counter(
            json.loads(body)["detail"].get("metadata", {}).get("event_id", "?")
            for body in queue.bodies()
        )
    poison_routes = [
        r.service for r in state.routes if r.matches(f"riskplatform.{INTAKE}", "RiskCaptured")
    ]
    return Report(
        {SCORING: scoring, REPORTING: reporting, GRAPH_SYNC: graph},
        dlq,
        poison_routes,
        len(risks),
        len(latest),
    )


def clean_up(state: Run) -> None:
    """Drop the schemas and remove the vertices this run made (only those: other suites
    use the test graph too)."""
    risk_ids = [r["id"] for r in rows(f"SELECT id FROM `{state.settings[INTAKE].database}`.risks")]
    with graph_source() as g:
        made = [*risk_ids, *state.divisions]
        for start in range(0, len(made), 500):
            g.V(*made[start : start + 500]).drop().iterate()
    for settings in state.settings.values():
        drop_schema(settings.database)


# ---- the figures -------------------------------------------------------------------------


def figures(state: Run) -> list[str]:
    report, bus, load = state.report, state.bus.figures, state.load
    assert report is not None
    end = state.settled_at or time.monotonic()
    elapsed = end - state.load_started
    intake_events = sum(n for t, n in bus.delivered.items() if t != "RiskScored")
    events = sum(bus.delivered.values())
    loaded = max(1e-9, (state.load_ended or end) - state.load_started)
    lines = [
        f"Fault-injection harness: {report.risks} risks, {report.assessed} assessed,"
        f" {len(state.divisions)} divisions, {state.options.analysts} analysts",
        f"  intake events delivered      {intake_events:>9,}"
        f"   (RiskScored: {bus.delivered['RiskScored']:,}; all: {events:,})",
        f"  throughput                   {events / elapsed:>9.0f} events/s"
        f"   ({events:,} distinct events, load start to settled {elapsed:.0f} s)",
        f"  throughput during the load   {state.delivered_during_load / loaded:>9.0f} events/s"
        f"   ({state.delivered_during_load:,} events in {loaded:.0f} s, outages included)",
        f"  intake requests              {load.requests:>9,}"
        f"   p50 {percentile(load.latencies, 50) * 1000:.1f} ms"
        f"   p99 {percentile(load.latencies, 99) * 1000:.1f} ms;"
        f" 503 {load.unavailable} ({load.unavailable_fast} within 2 s)",
    ]
    if state.settled_at is None:
        lines.append("  time to settle               NOT SETTLED")
    else:
        lines.append(
            f"  time to settle               {state.settled_at - state.load_ended:>9.1f} s"
            "   after the last request (queues empty, outboxes sent)"
        )
    lines.append(
        f"  faults: PutEvents failed {bus.calls_failed} of {bus.calls} calls,"
        f" {bus.entries_failed} entries failed; {CrashingRelay.dropped} events lost"
        f" between commit and publish (swept: intake {state.sweeps[INTAKE]},"
        f" scoring {state.sweeps[SCORING]}); duplicated by the bus {bus.duplicated},"
        f" by SQS {sum(q.duplicated for q in state.queues.values())}"
    )
    for service in CONSUMERS:
        pollers = [p.figures for p in state.pollers if p.service == service]
        errors = sum(len(f.handler_errors) for f in pollers)
        lines.append(
            f"  {service:<16} {sum(f.records for f in pollers):>9,} records in"
            f" {sum(f.batches for f in pollers):,} batches by {len(pollers)} pollers,"
            f" {sum(f.crashes for f in pollers)} crashed mid-batch,"
            f" {sum(f.failed_records for f in pollers)} records failed"
            + (f", {errors} handler errors" if errors else "")
        )
    for outage in state.stores.outages:
        window = (outage.ended or end) - outage.started
        lines.append(f"  {outage.store} down for {window:.0f} s; catch-up after it came back:")
        for service in CONSUMERS:
            peak = state.parked_peak.get((outage.store, service), 0)
            caught = state.catch_up.get((outage.store, service))
            parkings = outage.parkings.get(service, 0)
            parked = f"{parkings:,} parkings, at most {peak:,} parked at once"
            if not parkings and caught is not None:
                lines.append(f"    {service:<16}      -     (nothing parked: not its store)")
            elif caught is None:
                lines.append(f"    {service:<16} not caught up ({parked})")
            else:
                lines.append(f"    {service:<16} {caught:6.1f} s   ({parked})")
    lines.append(
        "  open file descriptors        "
        + ", ".join(f"{n:,} {when}" for when, n in state.open_files)
        + f"; {len(state.unraisable):,} errors in finalizers"
    )
    for stores, statuses in sorted(state.reads.items()):
        answered = ", ".join(f"{n} x {s}" for s, n in sorted(statuses.items()))
        lines.append(f"  heat map reads, stores down: {stores:<10} {answered}")
    lines.append(f"  lost                         {report.lost:>9}")
    lines.append(f"  duplicated                   {report.duplicated:>9}")
    for service, findings in report.consumers.items():
        lines.append(
            f"    {service:<16} lost {len(findings.lost)}, duplicated {len(findings.duplicated)}"
        )
        lines.extend(f"      lost: {text}" for text in findings.lost[:5])
        lines.extend(f"      duplicated: {text}" for text in findings.duplicated[:5])
    placement = "only in the DLQs" if report.poison_only_in_dlqs(state.poison_id) else "WRONG"
    lines.append(f"  poison event                 {placement}")
    for service in CONSUMERS:
        held = ", ".join(
            ("the poison" if e == state.poison_id else e) + (f" x{n}" if n > 1 else "")
            for e, n in report.dlq[service].items()
        )
        lines.append(f"    {service:<16} DLQ: {held or 'empty'}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--risks", type=int, default=Options.risks)
    parser.add_argument("--analysts", type=int, default=Options.analysts)
    parser.add_argument("--pollers", type=int, default=Options.pollers)
    parser.add_argument("--outage-seconds", type=float, default=Options.outage_seconds)
    parser.add_argument("--seed", type=int, default=Options.seed)
    parser.add_argument("--keep", action="store_true", help="keep the schemas and vertices")
    args = parser.parse_args()
    options = Options(
        risks=args.risks,
        analysts=args.analysts,
        pollers=args.pollers,
        outage_seconds=args.outage_seconds,
        seed=args.seed,
        keep=args.keep,
    )
    logging.disable(logging.CRITICAL)  # the services' logs would drown the figures
    state = run(options, out=lambda line: print(line, flush=True))
    print()
    print("\n".join(figures(state)))
    assert state.report is not None
    ok = (
        state.settled_at is not None
        and state.report.lost == 0
        and state.report.duplicated == 0
        and state.report.poison_only_in_dlqs(state.poison_id)
    )
    raise SystemExit(0 if ok else 1)


if __name__ == "__main__":
    main()
