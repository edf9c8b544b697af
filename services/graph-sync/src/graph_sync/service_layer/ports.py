"""The port the use cases need: the graph store."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from graph_sync.domain.analytics import Exposed, Walk
from graph_sync.domain.model import Link, Neighborhood, Node, Owned, Upsert


class GraphRepository(Protocol):
    def upsert(self, change: Upsert) -> bool:
        """Apply the change at once; False when every write's gate held (the vertex
        already had those versions or newer ones)."""
        ...

    def chunks(self, changes: Sequence[Upsert]) -> list[list[Upsert]]:
        """The changes, in order, in chunks the store takes in one request each."""
        ...

    def upsert_all(self, changes: Sequence[Upsert]) -> set[str]:
        """Apply changes to distinct vertices at once, each write behind its own gate;
        the ids of the vertices changed."""
        ...

    def divisions_of(self, user_id: str) -> frozenset[str]:
        """The divisions a user works in (none for an unknown user)."""
        ...

    def neighborhood(self, entity_id: str, depth: int) -> Neighborhood | None:
        """The vertex and everything within ``depth`` hops of it, each with its lineage;
        None when it does not exist."""
        ...

    def nodes(self, ids: Iterable[str]) -> dict[str, Node]:
        """The vertices with these ids, each with its lineage."""
        ...

    def links_of(self, ids: list[str], direction: str) -> list[Link]:
        """The edges by which the vertices lead on: towards what depends on them
        (analytics.DEPENDENTS) or either way (analytics.EITHER_WAY)."""
        ...

    def subtree(self, roots: Iterable[str]) -> frozenset[str]:
        """The divisions given and every division below them."""
        ...

    def exposure_by_entity(
        self, label: str, hops: int, divisions: frozenset[str] | None
    ) -> dict[str, Exposed]:
        """For every entity with this label, the figures of the live risks that depend
        on it (only those in ``divisions``, when given)."""
        ...

    def owners(self, text: str | None, divisions: frozenset[str] | None) -> list[Owned]:
        """The owners whose email holds ``text`` (any, when None), each with how many
        risks and solutions they own (of ``divisions`` only, when given); those who own
        none of them left out."""
        ...

    def supply(self, division_id: str) -> list[Walk]:
        """Walks from the division or a sub-division, through a product it sells, to
        each supplier and site that product depends on."""
        ...

    def affecting(self, ids: Iterable[str]) -> dict[str, list[str]]:
        """For each entity, the risks that affect it."""
        ...
