"""Rebuild the local relationship graph by replaying the event archive into graph-sync.

The graph keeps nothing that the events did not say, and graph-sync's upserts are
idempotent and version-gated, so replaying every archived event to graph-sync's rule
rebuilds it exactly (docs/operations.md has the same procedure for AWS).

    python -m scripts.graph_rebuild            # empty the graph, replay, wait, report
    python -m scripts.graph_rebuild --if-behind
        # only when the graph is empty or holds fewer risks than the register (make up)
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

import boto3
import pymysql
from gremlin_python.driver.driver_remote_connection import DriverRemoteConnection
from gremlin_python.process.anonymous_traversal import traversal
from gremlin_python.process.graph_traversal import __

from scripts import local_setup

GREMLIN = "ws://127.0.0.1:8182/gremlin"
MARIADB_PORT = 13306
SETTLE_SECONDS = 600


def register_risks() -> int:
    """How many risks the register holds (risk-intake's own schema, read as the admin)."""
    connection = pymysql.connect(host="127.0.0.1", port=MARIADB_PORT, user="root", password="")
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM risk_intake.risks")
            row = cursor.fetchone()
            return int(row[0]) if row else 0
    finally:
        connection.close()


def graph_counts() -> tuple[int, int]:
    """(vertices, Risk vertices) in the local stack's graph."""
    remote = DriverRemoteConnection(GREMLIN, "g", pool_size=1)
    try:
        g = traversal().with_remote(remote)
        return g.V().count().next(), g.V().has_label("Risk").count().next()
    finally:
        remote.close()


def unowned_risks() -> int:
    """Risks naming an owner who has no OWNS edge to them: a graph kept from before
    owners were in it."""
    remote = DriverRemoteConnection(GREMLIN, "g", pool_size=1)
    try:
        g = traversal().with_remote(remote)
        return g.V().has_label("Risk").has("owner_email").not_(__.in_("OWNS")).count().next()
    finally:
        remote.close()


def empty_graph() -> None:
    remote = DriverRemoteConnection(GREMLIN, "g", pool_size=1)
    try:
        traversal().with_remote(remote).V().drop().iterate()
    finally:
        remote.close()


def graph_rule_arn() -> str:
    name = f"riskplatform-{local_setup.STAGE}-graph-sync"
    resource = boto3.client("cloudformation").describe_stack_resource(
        StackName=name, LogicalResourceId="GraphEventsRule"
    )["StackResourceDetail"]["PhysicalResourceId"]
    bus = local_setup.parameter("events/bus-name")
    rule = resource.split("|")[-1]
    return str(boto3.client("events").describe_rule(Name=rule, EventBusName=bus)["Arn"])


def replay() -> str:
    """Replay the whole archive to graph-sync's rule alone; wait until it is sent."""
    events = boto3.client("events")
    archive_name = f"riskplatform-{local_setup.STAGE}-all"
    archive = events.describe_archive(ArchiveName=archive_name)
    name = f"graph-rebuild-{datetime.now(UTC):%Y%m%d%H%M%S}"
    events.start_replay(
        ReplayName=name,
        EventSourceArn=archive["ArchiveArn"],
        EventStartTime=archive["CreationTime"],
        EventEndTime=datetime.now(UTC),
        Destination={
            "Arn": local_setup.parameter("events/bus-arn"),
            "FilterArns": [graph_rule_arn()],
        },
    )
    deadline = time.monotonic() + SETTLE_SECONDS
    while time.monotonic() < deadline:
        state = events.describe_replay(ReplayName=name)["State"]
        if state == "COMPLETED":
            return name
        if state in ("FAILED", "CANCELLED"):
            raise RuntimeError(f"replay {name} ended {state}")
        time.sleep(0.5)
    raise TimeoutError(f"replay {name} did not complete in {SETTLE_SECONDS} s")


def wait_until_consumed() -> None:
    """Until graph-sync's queue holds nothing, visible or in flight, three times running."""
    sqs = boto3.client("sqs")
    url = sqs.get_queue_url(QueueName=f"riskplatform-{local_setup.STAGE}-graph-sync")["QueueUrl"]
    quiet, deadline = 0, time.monotonic() + SETTLE_SECONDS
    while quiet < 3:
        if time.monotonic() > deadline:
            raise TimeoutError("graph-sync did not drain its queue")
        attributes = sqs.get_queue_attributes(
            QueueUrl=url,
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        waiting = sum(int(v) for v in attributes.values())
        quiet = quiet + 1 if waiting == 0 else 0
        time.sleep(0.5)


def rebuild() -> None:
    started = time.monotonic()
    empty_graph()
    name = replay()
    wait_until_consumed()
    vertices, risks = graph_counts()
    print(
        f"graph rebuilt by replay {name} in {time.monotonic() - started:.0f} s:"
        f" {vertices} vertices, {risks} of the register's {register_risks()} risks"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--if-behind", action="store_true")
    if_behind = parser.parse_args().if_behind
    if if_behind:
        _, risks = graph_counts()
        held = register_risks()
        unowned = unowned_risks()
        if risks >= held and not unowned:
            print(f"graph up to date ({risks} risks, as the register)")
            return
        if unowned:
            print(f"{unowned} of the graph's risks have no owner in it: rebuilding it by replay")
        else:
            print(f"graph holds {risks} of the register's {held} risks: rebuilding it by replay")
    rebuild()


if __name__ == "__main__":
    main()
