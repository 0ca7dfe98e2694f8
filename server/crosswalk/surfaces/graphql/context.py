"""Per-request GraphQL context: the repository and fresh dataloaders (batches never leak across requests)."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from crosswalk.surfaces.graphql.loaders import Loaders
from crosswalk.engine.repository import Repository


@dataclass
class Context(BaseContext):
    repository: Repository
    loaders: Loaders

    def __post_init__(self) -> None:
        super().__init__()
