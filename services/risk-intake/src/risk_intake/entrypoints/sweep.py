"""Scheduled outbox sweep: sends every event left unsent after its commit."""

from risk_intake import bootstrap
from riskplatform.wiring import outbox_sweep_handler

handler = outbox_sweep_handler(lambda: bootstrap.wiring())  # looked up at each call
