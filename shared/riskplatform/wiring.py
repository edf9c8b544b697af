"""Wiring a service's adapters once per execution environment.

A service's ``bootstrap`` names its unit of work; everything else (the database, the
publisher behind the outbox relay, the event contracts) is built here from configuration:
``SERVICE_NAME``, ``EVENT_BUS_NAME`` and ``DB_SECRET_ARN``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TypeVar

from riskplatform.contracts import EventContracts, default_contracts
from riskplatform.db import Database, DbSettings
from riskplatform.events import MessageContext
from riskplatform.outbox import OutboxRelay
from riskplatform.publisher import EventBridgePublisher, EventPublisher
from riskplatform.unit_of_work import SqlUnitOfWork

U = TypeVar("U", bound=SqlUnitOfWork)


@dataclass
class Wiring[U: SqlUnitOfWork]:
    producer: str
    uow_class: type[U]
    db: Database
    relay: OutboxRelay
    contracts: EventContracts

    def uow(self, context: MessageContext | None = None) -> U:
        return self.uow_class(
            self.db,
            producer=self.producer,
            contracts=self.contracts,
            relay=self.relay,
            context=context,
        )


def wire[U: SqlUnitOfWork](
    uow_class: type[U],
    *,
    producer: str | None = None,
    settings: DbSettings | None = None,
    publisher: EventPublisher | None = None,
) -> Wiring[U]:
    db = Database(settings or DbSettings.from_environment())
    return Wiring(
        producer=producer or os.environ["SERVICE_NAME"],
        uow_class=uow_class,
        db=db,
        relay=OutboxRelay(db, publisher or EventBridgePublisher(os.environ["EVENT_BUS_NAME"])),
        contracts=default_contracts(),
    )
