"""Per-request GraphQL context: the engine (read models), the caller, and fresh dataloaders (batches never leak
across requests)."""

from __future__ import annotations

from dataclasses import dataclass

from strawberry.fastapi import BaseContext

from crosswalk.engine.accounts import ANONYMOUS, Principal
from crosswalk.engine.evidence.audit import Agent
from crosswalk.engine.evidence.model import check_org_id
from crosswalk.engine.read_models import Engine
from crosswalk.surfaces.graphql.loaders import Loaders


@dataclass
class Context(BaseContext):
    engine: Engine
    loaders: Loaders
    principal: Principal = ANONYMOUS

    def __post_init__(self) -> None:
        super().__init__()

    def require(self, action: str, org: str) -> str:
        """The organization id, once the caller may do ``action`` there (Unauthenticated or Forbidden, with their
        GraphQL error codes, otherwise). Every resolver that touches an organization starts here."""
        self.principal.require(action, check_org_id(org))
        return org

    @property
    def agent(self) -> Agent:
        return Agent(self.principal.subject, self.principal.method)
