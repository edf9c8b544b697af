"""The port the use cases need: the graph store."""

from __future__ import annotations

from typing import Protocol

from graph_sync.domain.model import Neighborhood, Upsert


class GraphRepository(Protocol):
    def upsert(self, change: Upsert) -> bool:
        """Apply the change at once; False when the vertex already held this version or a
        newer one (its edges are still ensured)."""
        ...

    def neighborhood(self, entity_id: str, depth: int) -> Neighborhood | None:
        """The vertex and everything within ``depth`` hops of it; None when it does not exist."""
        ...
