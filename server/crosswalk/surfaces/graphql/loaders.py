"""Per-request dataloaders: every field that needs the store goes through one of these, one query per batch of
what the reference cache does not hold yet."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import Annotation, ElementRecord, MappingRecord
from crosswalk.engine.reference_cache import ReferenceCache

V = TypeVar("V")


def _from(kept: Callable[[list[str]], dict[str, V]]) -> Callable[[list[str]], Awaitable[list[V]]]:
    async def load(keys: list[str]) -> list[V]:
        found = kept(keys)
        return [found[key] for key in keys]

    return load


@dataclass
class Loaders:
    """Per request (batches never leak across requests), over the engine's reference cache of the current content
    version (what another request read is not read again)."""

    cache: ReferenceCache
    element: DataLoader[str, ElementRecord | None]
    annotations: DataLoader[str, list[Annotation]]
    applicability: DataLoader[str, list[tuple[str, str, str]]]
    children: DataLoader[str, list[str]]
    mappings_of: DataLoader[str, list[tuple[str, bool]]]
    mapping: DataLoader[str, MappingRecord | None]
    revisions: DataLoader[str, tuple[list[str], list[str]]]

    @classmethod
    def create(cls, engine: Engine) -> Loaders:
        cache = engine.reference_cache()
        return cls(
            cache=cache,
            element=DataLoader(_from(cache.element.many)),
            annotations=DataLoader(_from(cache.annotations.many)),
            applicability=DataLoader(_from(cache.applicability.many)),
            children=DataLoader(_from(cache.children.many)),
            mappings_of=DataLoader(_from(cache.mappings_of.many)),
            mapping=DataLoader(_from(cache.mapping.many)),
            revisions=DataLoader(_from(cache.revisions.many)),
        )
