"""Per-request GraphQL context: the engine (read models) and fresh dataloaders (batches never leak across requests)."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from crosswalk.engine.read_models import Engine
from crosswalk.surfaces.graphql.loaders import Loaders


@dataclass
class Context(BaseContext):
    engine: Engine
    loaders: Loaders

    def __post_init__(self) -> None:
        super().__init__()
