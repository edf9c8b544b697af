"""The division tree as metrics-scoring knows it (from DivisionRegistered and
DivisionMoved): whose lineage a risk's division has, and which divisions lie under
another. Pure Python."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class DivisionTree:
    parents: Mapping[str, str | None]

    def lineage(self, division_id: str) -> list[str]:
        """The division, its parent, and so on up to the root. A division not heard of
        yet is its own root. Events applied out of order could briefly make a loop: the
        walk stops where it would repeat."""
        lineage: list[str] = []
        current: str | None = division_id
        while current is not None and current not in lineage:
            lineage.append(current)
            current = self.parents.get(current)
        return lineage

    def subtree(self, division_id: str) -> set[str]:
        """The division and every division under it."""
        children: dict[str, list[str]] = {}
        for child, parent in self.parents.items():
            if parent is not None:
                children.setdefault(parent, []).append(child)
        found, todo = {division_id}, [division_id]
        while todo:
            for child in children.get(todo.pop(), []):
                if child not in found:
                    found.add(child)
                    todo.append(child)
        return found
