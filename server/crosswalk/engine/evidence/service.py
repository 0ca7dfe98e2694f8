"""An organization's evidence as the surfaces read and write it: one object, so no surface reaches the store."""

from __future__ import annotations

from crosswalk.engine.evidence import store as evidence_store
from crosswalk.engine.evidence.model import EvidenceRecord, Organization
from crosswalk.engine.resolver import ElementResolver
from crosswalk.store.base import GraphStore


class EvidenceService:
    def __init__(self, store: GraphStore, resolver: ElementResolver) -> None:
        self.store = store
        self.resolver = resolver

    def organization(self, org: str) -> Organization | None:
        return evidence_store.organization(self.store, org)

    def rows(self, org: str) -> list[dict[str, str]]:
        return evidence_store.evidence_rows(self.store, org)

    def support_rows(self, org: str) -> list[dict[str, str]]:
        return evidence_store.support_rows(self.store, org)

    def import_batch(self, org: Organization, records: list[EvidenceRecord]) -> evidence_store.ImportReport:
        """Validate the whole batch, then write it in one transaction (EvidenceRejected: nothing written)."""
        return evidence_store.import_batch(self.store, self.resolver, org, records)

    def retract(self, org: str, item_id: str, reason: str) -> None:
        evidence_store.retract(self.store, org, item_id, reason)
