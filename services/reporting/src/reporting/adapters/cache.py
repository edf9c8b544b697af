"""The report cache: Memcached (ElastiCache in AWS), used on a best-effort basis."""

from __future__ import annotations

import ssl

from aws_lambda_powertools import Logger
from pymemcache.client.base import Client
from pymemcache.exceptions import MemcacheError

TTL_SECONDS = 300
logger = Logger()


class MemcachedCache:
    """Errors count as misses, and a failed store is logged, so that the API answers
    from MySQL while Memcached is down."""

    def __init__(self, endpoint: str, timeout: float = 0.2, tls: bool = False) -> None:
        host, port = endpoint.rsplit(":", 1)
        self.client = Client(
            (host, int(port)),
            connect_timeout=timeout,
            timeout=timeout,
            ignore_exc=True,
            tls_context=ssl.create_default_context() if tls else None,
        )

    def get(self, key: str) -> str | None:
        value = self.client.get(key)
        return value.decode() if value is not None else None

    def set(self, key: str, value: str) -> None:
        try:
            self.client.set(key, value.encode(), expire=TTL_SECONDS)
        except (MemcacheError, OSError):
            logger.warning("could not store in Memcached", exc_info=True)


class NoCache:
    def get(self, key: str) -> str | None:
        return None

    def set(self, key: str, value: str) -> None:
        pass
