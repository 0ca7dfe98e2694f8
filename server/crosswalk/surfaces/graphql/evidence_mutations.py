"""GraphQL mutations of organizations' evidence: profile, record, retract; each checks the caller's role first and
is recorded in the organization's audit trail as the caller's."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from crosswalk.engine.evidence.model import EvidenceRecord, Organization, SupportClaim
from crosswalk.engine.evidence.store import ImportReport
from crosswalk.engine.evidence.validate import EvidenceRejected
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.evidence_api import OrganizationProfile


@strawberry.input
class SupportInput:
    element: str
    status: str
    version: str | None = None
    reason: str | None = None


@strawberry.input
class EvidenceInput:
    id: str
    title: str
    kind: str
    supports: list[SupportInput]
    link: str | None = None
    content_hash: str | None = None
    owner: str | None = None
    produced: str | None = None
    valid_until: str | None = None
    benchmark: str | None = None
    metric: str | None = None
    score: float | None = None
    model: str | None = None


@strawberry.type
class RecordResult:
    created: list[str]
    updated: list[str]
    supported_elements: int
    unchanged: list[str] = strawberry.field(
        default_factory=list, description="Items stored already with exactly this content: left as they were."
    )


@strawberry.type
class Mutation:
    @strawberry.mutation(description="Create or update an organization's profile.")
    def upsert_organization(
        self, info: Info[Context, None], id: str, name: str, roles: list[str], release_types: list[str]
    ) -> OrganizationProfile:
        info.context.require("manage-org", id)
        profile = Organization(id=id, name=name, roles=roles, release_types=release_types)
        _write(info, profile, [])
        return OrganizationProfile(id=id, name=name, roles=roles, release_types=release_types)

    @strawberry.mutation(
        description="Record or update evidence items (by id). The batch is validated whole: on any error nothing "
        "is written and every problem is returned."
    )
    def record_evidence(self, info: Info[Context, None], org: str, items: list[EvidenceInput]) -> RecordResult:
        profile = info.context.engine.evidence.organization(info.context.require("write-evidence", org))
        if profile is None:
            raise LookupError(f"no organization {org!r}; create it with upsertOrganization")
        records = [
            EvidenceRecord(
                id=i.id,
                title=i.title,
                kind=i.kind,
                link=i.link,
                content_hash=i.content_hash,
                owner=i.owner,
                produced=i.produced,
                valid_until=i.valid_until,
                benchmark=i.benchmark,
                metric=i.metric,
                score=None if i.score is None else str(i.score),
                model=i.model,
                source=f"items[{n}] ({i.id})",
                supports=[SupportClaim(s.element, s.status, s.version, s.reason) for s in i.supports],
            )
            for n, i in enumerate(items)
        ]
        report = _write(info, profile, records)
        return RecordResult(
            created=report.created,
            updated=report.updated,
            supported_elements=report.supports,
            unchanged=report.unchanged,
        )

    @strawberry.mutation(description="Retract an evidence item: it stops counting; it and its history are kept.")
    def retract_evidence(self, info: Info[Context, None], org: str, id: str, reason: str) -> bool:
        try:
            info.context.engine.evidence.retract(
                info.context.require("write-evidence", org), id, reason, info.context.agent
            )
        except EvidenceRejected as error:
            raise ValueError(str(error)) from error
        return True


def _write(info: Info[Context, None], profile: Organization, records: list[EvidenceRecord]) -> ImportReport:
    try:
        return info.context.engine.evidence.import_batch(profile, records, info.context.agent)
    except EvidenceRejected as error:
        raise ValueError(str(error)) from error
