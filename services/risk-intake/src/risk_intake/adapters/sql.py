"""What the MySQL repositories share: locks, dates, pages, sorting and text search."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from risk_intake.domain.queries import Sort
from risk_intake.service_layer.unit_of_work import Lock
from riskplatform.db import placeholders
from riskplatform.errors import InvalidInput
from riskplatform.paging import Page

LOCKS: Mapping[Lock, str] = {None: "", "share": " LOCK IN SHARE MODE", "update": " FOR UPDATE"}

# InnoDB's default full-text stopwords (the same list in MariaDB and Aurora MySQL). A
# required term (+word) that is a stopword, or shorter than innodb_ft_min_token_size (3),
# matches nothing at all, so such words are left out of the search.
STOPWORDS = frozenset(
    {
        "a", "about", "an", "are", "as", "at", "be", "by", "com", "de", "en", "for", "from",
        "how", "i", "in", "is", "it", "la", "of", "on", "or", "that", "the", "this", "to",
        "was", "what", "when", "where", "who", "will", "with", "und", "www",
    }
)  # fmt: skip
MIN_WORD = 3


def like_pattern(text: str) -> str:
    """``text`` anywhere, with LIKE's wildcards in it taken literally."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def fulltext_terms(text: str) -> str:
    """A search box's words as a boolean-mode query: every word required, each as a
    prefix (``reag`` finds reagents)."""
    words = [w for w in re.findall(r"[^\W_]+", text.lower()) if len(w) >= MIN_WORD]
    kept = [w for w in words if w not in STOPWORDS]
    if not kept:
        raise InvalidInput(
            f"search for words of {MIN_WORD} or more letters that are not common words"
            " such as 'the' or 'with'",
            field="q",
            location="query",
        )
    return " ".join(f"+{w}*" for w in kept)


class Filter:
    """A WHERE clause built condition by condition, with its parameters."""

    def __init__(self) -> None:
        self.conditions: list[str] = []
        self.params: list[Any] = []

    def add(self, condition: str, *params: Any) -> None:
        self.conditions.append(condition)
        self.params.extend(params)

    def any_of(self, column: str, values: Sequence[Any]) -> None:
        if values:
            self.add(f"{column} IN ({placeholders(values)})", *values)

    def where(self) -> str:
        return " WHERE " + " AND ".join(self.conditions) if self.conditions else ""


def page[T](
    cursor: Any,
    *,
    select: str,
    table: str,
    filter: Filter,
    order: str,
    order_params: Sequence[Any] = (),
    limit: int,
    offset: int,
    build: Callable[[list[dict[str, Any]]], Sequence[T]],
) -> Page[T]:
    cursor.execute(f"SELECT COUNT(*) AS n FROM {table}{filter.where()}", filter.params)
    total = int(cursor.fetchone()["n"])
    cursor.execute(
        f"SELECT {select} FROM {table}{filter.where()} ORDER BY {order} LIMIT %s OFFSET %s",
        [*filter.params, *order_params, limit, offset],
    )
    return Page(build(list(cursor.fetchall())), total, limit, offset)


def order_by(sort: Sort, columns: Mapping[str, str], tiebreak: str) -> str:
    """ORDER BY for a sort field the API allowed; ties go by id so pages are stable."""
    direction = " DESC" if sort.descending else ""
    return f"{columns[sort.field]}{direction}, {tiebreak}"
