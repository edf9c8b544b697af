"""The port the use cases need: the graph store."""

from __future__ import annotations

from typing import Protocol

from graph_sync.domain.model import Neighborhood, Upsert


class GraphRepository(Protocol):
    def upsert(self, change: Upsert) -> bool:
        """Apply the change at once; False when every write's gate held (the vertex
        already had those versions or newer ones)."""
        ...

    def neighborhood(self, entity_id: str, depth: int) -> Neighborhood | None:
        """The vertex and everything within ``depth`` hops of it, each with its lineage;
        None when it does not exist."""
        ...
