"""The GraphQL surface: what the HTTP app mounts (the schema, the per-request context and its dataloaders)."""

from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.loaders import Loaders
from crosswalk.surfaces.graphql.schema import schema

__all__ = ["Context", "Loaders", "schema"]
