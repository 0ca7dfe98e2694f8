"""The public IRI base: where the project's IRIs are published, set once (CROSSWALK_BASE_IRI).

The data is minted under ``namespaces.BASE`` (https://w3id.org/crosswalk/). A deployment that publishes the same
resources under its own domain sets CROSSWALK_BASE_IRI; every IRI leaving the service (pages, RDF answers,
exports) is then rewritten to that base, and every IRI coming in (requests, imports) is mapped back. With the
default base both directions are the identity, so nothing is rewritten.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from crosswalk.content import namespaces as ns

ENV_VAR = "CROSSWALK_BASE_IRI"


@dataclass(frozen=True)
class IriBase:
    public_base: str = ns.BASE

    @classmethod
    def from_env(cls) -> IriBase:
        value = os.environ.get(ENV_VAR, "").strip() or ns.BASE
        return cls(value if value.endswith("/") else value + "/")

    @property
    def is_identity(self) -> bool:
        return self.public_base == ns.BASE

    def public(self, iri: str) -> str:
        """A stored IRI as the world sees it."""
        if self.is_identity or not iri.startswith(ns.BASE):
            return iri
        return self.public_base + iri[len(ns.BASE) :]

    def stored(self, iri: str) -> str:
        """An IRI written under the public base, as the store holds it."""
        if self.is_identity or not iri.startswith(self.public_base):
            return iri
        return ns.BASE + iri[len(self.public_base) :]

    def from_path(self, path: str) -> str:
        """A request path (``id/ai-rmf/1.0/GV-1.1``) to the stored IRI it names."""
        return ns.BASE + path.lstrip("/")

    @staticmethod
    def path_of(iri: str) -> str | None:
        """The local path (``/id/...``) that serves a stored IRI, or None for IRIs not ours."""
        if not iri.startswith(ns.BASE):
            return None
        local = iri[len(ns.BASE) :]
        if local.startswith("ontology#") or local == "ontology":
            return "/ontology"
        return "/" + local
