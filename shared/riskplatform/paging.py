"""One paging convention for every list in the four APIs (ADR 68): a page is asked for
with ``limit`` (1 to 500, 50 when not given) and ``offset`` (how many matching items come
before it), and answers its items with ``total``, ``limit`` and ``offset``. Pure Python,
so that a domain may speak of pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
MAX_OFFSET = 1_000_000


@dataclass(frozen=True)
class Page[T]:
    """The items of one page, how many match in all, and where the page lies."""

    items: Sequence[T]
    total: int
    limit: int
    offset: int
