"""Wiring a service's adapters once per execution environment.

A service's ``bootstrap`` names its unit of work; everything else (the database, the
publisher behind the outbox relay, the event contracts) is built here from configuration:
``DB_SECRET_ARN`` and, for a service that publishes, ``EVENT_BUS_NAME``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any, TypeVar

from aws_lambda_powertools import Logger

from riskplatform.access_store import SqlMemberships, project_membership
from riskplatform.contracts import EventContracts, default_contracts
from riskplatform.db import Database, DbSettings
from riskplatform.events import Envelope, MessageContext
from riskplatform.memberships import CachedMemberships
from riskplatform.outbox import OutboxRelay
from riskplatform.publisher import EventBridgePublisher, EventPublisher
from riskplatform.unit_of_work import SqlUnitOfWork

U = TypeVar("U", bound=SqlUnitOfWork)


@dataclass
class Wiring[U: SqlUnitOfWork]:
    producer: str
    uow_class: type[U]
    db: Database
    relay: OutboxRelay | None
    contracts: EventContracts

    def sweep_outbox(self) -> int:
        """Send what the outbox still holds; a service that publishes nothing has none."""
        return self.relay.sweep() if self.relay else 0

    def uow(self, context: MessageContext | None = None) -> U:
        return self.uow_class(
            self.db,
            producer=self.producer,
            contracts=self.contracts,
            relay=self.relay,
            context=context,
        )

    @cached_property
    def memberships(self) -> CachedMemberships:
        """Whom the API's callers work for: the service's copy of the memberships."""
        return CachedMemberships(SqlMemberships(self.db))

    def project_membership(self, envelope: Envelope) -> bool:
        """Keep the service's copy of a user's memberships from their event."""
        return project_membership(envelope, self.uow(envelope.consequence()))


def wire[U: SqlUnitOfWork](
    uow_class: type[U],
    *,
    producer: str | None = None,
    settings: DbSettings | None = None,
    publisher: EventPublisher | None = None,
    publishes: bool = True,
) -> Wiring[U]:
    """``publishes=False`` for a service that raises no events: it needs no bus."""
    db = Database(settings or DbSettings.from_environment())
    if publisher is None and publishes:
        publisher = EventBridgePublisher(os.environ["EVENT_BUS_NAME"])
    return Wiring(
        producer=producer or os.environ["SERVICE_NAME"],
        uow_class=uow_class,
        db=db,
        relay=OutboxRelay(db, publisher) if publisher else None,
        contracts=default_contracts(),
    )


def outbox_sweep_handler(wiring: Callable[[], Wiring[Any]]) -> Callable[[Any, Any], dict[str, int]]:
    """The scheduled function of a service that publishes: it sends every event left
    unsent after its commit (a crash, or a failed PutEvents, between commit and relay)."""
    logger = Logger()

    @logger.inject_lambda_context
    def handler(event: dict[str, Any], context: Any) -> dict[str, int]:
        sent = wiring().sweep_outbox()
        logger.info("outbox swept", extra={"sent": sent})
        return {"sent": sent}

    return handler
