"""Shared kernel of the Risk Analytics Platform, shipped to every function as a layer.

Pure parts (events, errors, contracts) may be imported by any layer of a service;
the adapters (db, outbox, inbox, publisher, consumer, api) belong to the outer layers.
"""
