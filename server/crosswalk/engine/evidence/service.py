"""An organization's evidence as the surfaces read and write it: one object, so no surface reaches the store."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from crosswalk.engine.evidence import store as evidence_store
from crosswalk.engine.evidence.audit import Agent
from crosswalk.engine.evidence.measurement_reads import benchmark_rows
from crosswalk.engine.evidence.model import (
    EvidenceRecord,
    Organization,
    check_org_id,
    evidence_iri,
    history_graph,
    org_graph,
)
from crosswalk.engine.resolver import ElementResolver
from crosswalk.store.base import GraphStore


def _bound(value: str | None) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def _profile_key(profile: Organization) -> tuple[object, ...]:
    thresholds = sorted(
        ((t.resolved_risk or t.risk), t.band, str(_bound(t.lower)), str(_bound(t.upper)), t.metric or "")
        for t in profile.thresholds
    )
    return profile.name, sorted(profile.roles), sorted(profile.release_types), thresholds


class ProfileProblem(ValueError):
    """An import that cannot say whose evidence it is (the message says what to give)."""


class EvidenceService:
    """Reads and writes of organizations' evidence; ``generation(org)`` changes with every write made through it,
    so copies of an organization's graphs (the SPARQL workers') know when to refresh."""

    def __init__(self, store: GraphStore, resolver: ElementResolver) -> None:
        self.store = store
        self.resolver = resolver
        self._generations: dict[str, int] = {}

    def generation(self, org: str) -> int:
        return self._generations.get(org, 0)

    def _written(self, org: str) -> None:
        self._generations[org] = self.generation(org) + 1

    def graphs(self, org: str) -> list[str]:
        """The organization's own graphs that its SPARQL endpoint reads (its evidence and their history)."""
        return [org_graph(check_org_id(org)), history_graph(org)]

    def audit_trail(self, org: str) -> list[dict[str, str]]:
        return evidence_store.audit_trail(self.store, org)

    def organization(self, org: str) -> Organization | None:
        return evidence_store.organization(self.store, org)

    def rows(self, org: str) -> list[dict[str, str]]:
        return evidence_store.evidence_rows(self.store, org)

    def support_rows(self, org: str) -> list[dict[str, str]]:
        return evidence_store.support_rows(self.store, org)

    def profile_for(
        self,
        org_id: str,
        file_org: Organization | None,
        name: str | None = None,
        roles: Sequence[str] = (),
        releases: Sequence[str] = (),
    ) -> Organization:
        """The profile an import writes: the options given, else the file's organization block, else the stored one."""
        if file_org is not None and file_org.id and file_org.id != org_id:
            raise ProfileProblem(f"the file is for organization {file_org.id!r}, not {org_id!r}")
        base = file_org or self.organization(org_id)
        if base is None and not (roles or releases):
            raise ProfileProblem(
                f"organization {org_id!r} is new: give its profile in the file's 'organization' block "
                "or with --role and --release"
            )
        return Organization(
            id=org_id,
            name=name or (base.name if base else org_id),
            roles=list(roles) or (base.roles if base else []),
            release_types=list(releases) or (base.release_types if base else []),
            thresholds=base.thresholds if base else [],
        )

    def changes_profile(self, profile: Organization) -> bool:
        """Whether writing ``profile`` changes the stored one (a change needs ``manage-org``): name, roles, release
        types and thresholds, the thresholds compared by resolved risk and numeric bounds. EvidenceRejected for a
        profile that does not validate."""
        stored = self.organization(profile.id)
        if stored is None:
            return True
        if profile.thresholds:
            self.check_batch(profile, [])  # resolves each threshold's risk, as the import will
        return _profile_key(stored) != _profile_key(profile)

    def benchmark_rows(self, org: str) -> list[dict[str, str]]:
        """Benchmark results with their direction, uncertainty and baseline, for marginal risk."""
        return benchmark_rows(self.store, org)

    def check_batch(self, org: Organization, records: list[EvidenceRecord]) -> evidence_store.ImportReport:
        """What an import of the batch would do (created, updated, supports), writing nothing; EvidenceRejected
        with every problem otherwise. The same checks as ``import_batch``."""
        _, existing = evidence_store.check_batch(self.store, self.resolver, org, records)
        report = evidence_store.ImportReport(org.id)
        for record in records:
            stored = evidence_iri(org.id, record.id) in existing
            (report.updated if stored else report.created).append(record.id)
            report.supports += len(record.supports)
        return report

    def import_batch(
        self, org: Organization, records: list[EvidenceRecord], agent: Agent = evidence_store.SYSTEM
    ) -> evidence_store.ImportReport:
        """Validate the whole batch, then write it (EvidenceRejected: nothing written), audited as ``agent``'s."""
        try:
            return evidence_store.import_batch(self.store, self.resolver, org, records, agent)
        finally:
            self._written(org.id)

    def retract(self, org: str, item_id: str, reason: str, agent: Agent = evidence_store.SYSTEM) -> None:
        try:
            evidence_store.retract(self.store, org, item_id, reason, agent)
        finally:
            self._written(org)
