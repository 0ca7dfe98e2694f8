"""The public catalogs' structure that coverage reads on every call, held in memory.

Catalogs change only through `crosswalk load`, which needs the store to itself, so this is fixed for the life of a
service, like the mapping index. Coverage then spends its store reads on the organization's own graph.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cached_property

from pyoxigraph import NamedNode

from crosswalk.content import queries
from crosswalk.store.base import GraphStore, Row


class CatalogStructure:
    def __init__(self, store: GraphStore) -> None:
        self.store = store
        self._units: dict[tuple[str, tuple[str, ...]], list[Row]] = {}

    def units(self, version_iri: str, kinds: Sequence[str]) -> list[Row]:
        """The assessable elements of a version (api/coverage-units), of the given kinds or of every kind."""
        key = (version_iri, tuple(kinds))
        if key not in self._units:
            bound = {"version": [NamedNode(version_iri)], **({"kind": [NamedNode(k) for k in kinds]} if kinds else {})}
            self._units[key] = self.store.select(queries.text("api/coverage-units"), bound)
        return self._units[key]

    @cached_property
    def parents(self) -> dict[str, list[str]]:
        found: dict[str, list[str]] = defaultdict(list)
        for row in self.store.select(queries.text("api/part-of-edges")):
            found[row["element"].value].append(row["parent"].value)  # type: ignore[union-attr]
        return dict(found)

    def ancestors(self, elements: Iterable[str]) -> dict[str, list[str]]:
        """Every element each given element is part of, at any depth."""
        found: dict[str, list[str]] = {}
        for element in elements:
            seen: list[str] = []
            todo = list(self.parents.get(element, ()))
            while todo:
                parent = todo.pop()
                if parent not in seen:
                    seen.append(parent)
                    todo.extend(self.parents.get(parent, ()))
            if seen:
                found[element] = seen
        return found
