"""Per-request dataloaders: every field that needs the store goes through one of these, one query per batch of
what the reference cache does not hold yet."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import cached_property
from typing import TypeVar

from strawberry.dataloader import DataLoader

from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import Annotation, ElementRecord, MappingRecord
from crosswalk.engine.reference_cache import Kept, ReferenceCache

V = TypeVar("V")


class Loaders:
    """Per request (batches never leak across requests), over the engine's reference cache of the current content
    version (what another request read is not read again). The cache is looked up at first use, off the event loop:
    finding the content version may read the store's marker."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self.element: DataLoader[str, ElementRecord | None] = DataLoader(self._from(lambda c: c.element))
        self.annotations: DataLoader[str, list[Annotation]] = DataLoader(self._from(lambda c: c.annotations))
        self.applicability: DataLoader[str, list[tuple[str, str, str]]] = DataLoader(
            self._from(lambda c: c.applicability)
        )
        self.children: DataLoader[str, list[str]] = DataLoader(self._from(lambda c: c.children))
        self.mappings_of: DataLoader[str, list[tuple[str, bool]]] = DataLoader(self._from(lambda c: c.mappings_of))
        self.mapping: DataLoader[str, MappingRecord | None] = DataLoader(self._from(lambda c: c.mapping))
        self.revisions: DataLoader[str, tuple[list[str], list[str]]] = DataLoader(self._from(lambda c: c.revisions))

    @classmethod
    def create(cls, engine: Engine) -> Loaders:
        return cls(engine)

    @cached_property
    def cache(self) -> ReferenceCache:
        """The reference cache this request reads through (one content version for the whole request)."""
        return self._engine.reference_cache()

    def _from(self, kept: Callable[[ReferenceCache], Kept[V]]) -> Callable[[list[str]], Awaitable[list[V]]]:
        async def load(keys: list[str]) -> list[V]:
            found = kept(self.cache).many(keys)
            return [found[key] for key in keys]

        return load
