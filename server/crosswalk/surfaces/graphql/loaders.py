"""Per-request dataloaders: every field that needs the store goes through one of these, one query per batch."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from strawberry.dataloader import DataLoader

from crosswalk.engine.read_models import Engine
from crosswalk.engine.records import Annotation, ElementRecord, MappingRecord

V = TypeVar("V")


def _batched(
    fetch: Callable[[Sequence[str]], dict[str, V]], default: Callable[[], V]
) -> Callable[[list[str]], Awaitable[list[V]]]:
    async def load(keys: list[str]) -> list[V]:
        found = fetch(keys)
        return [found.get(key, default()) for key in keys]

    return load


def _optional(fetch: Callable[[Sequence[str]], Mapping[str, V]]) -> Callable[[list[str]], Awaitable[list[V | None]]]:
    async def load(keys: list[str]) -> list[V | None]:
        found = fetch(keys)
        return [found.get(key) for key in keys]

    return load


def _no_revisions() -> tuple[list[str], list[str]]:
    return [], []


@dataclass
class Loaders:
    element: DataLoader[str, ElementRecord | None]
    annotations: DataLoader[str, list[Annotation]]
    applicability: DataLoader[str, list[tuple[str, str, str]]]
    children: DataLoader[str, list[str]]
    mappings_of: DataLoader[str, list[tuple[str, bool]]]
    mapping: DataLoader[str, MappingRecord | None]
    revisions: DataLoader[str, tuple[list[str], list[str]]]

    @classmethod
    def create(cls, engine: Engine) -> Loaders:
        return cls(
            element=DataLoader(_optional(engine.reference.elements)),
            annotations=DataLoader(_batched(engine.reference.annotations, list[Annotation])),
            applicability=DataLoader(_batched(engine.reference.release_applicability, list[tuple[str, str, str]])),
            children=DataLoader(_batched(engine.reference.children, list[str])),
            mappings_of=DataLoader(_batched(engine.reference.mapping_iris_of, list[tuple[str, bool]])),
            mapping=DataLoader(_optional(engine.reference.mappings)),
            revisions=DataLoader(_batched(engine.reference.revisions, _no_revisions)),
        )
