"""GraphQL mutations of organizations' evidence: profile, record, retract; each checks the caller's role first and
is recorded in the organization's audit trail as the caller's."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from crosswalk.engine.evidence.measurement import Baseline, Measurement, Threshold
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


@strawberry.input(description="An interval: the result's own (95% recommended), the same on both sides.")
class IntervalInput:
    lower: float
    upper: float


@strawberry.input(description="What a benchmark result is compared against: same benchmark and metric.")
class BaselineInput:
    kind: str = strawberry.field(description="other-model, existing-technology or no-ai")
    score: float
    source: str = strawberry.field(description="Where the figure comes from (a citation or a link)")
    model: str | None = None
    version: str | None = None
    description: str | None = None
    benchmark: str | None = strawberry.field(default=None, description="If given, must be the item's benchmark")
    metric: str | None = strawberry.field(default=None, description="If given, must be the item's metric")
    interval: IntervalInput | None = None
    sample_size: int | None = None
    measured: str | None = None
    illustrative: bool = False


@strawberry.input(description="One band of the thresholds for an AI 600-1 risk: [lower, upper) of the difference.")
class ThresholdInput:
    risk: str
    band: str = strawberry.field(description="acceptable, needs-mitigation or unacceptable")
    lower: float | None = None
    upper: float | None = None
    metric: str | None = None


def _num(value: float | int | None) -> str | None:
    return None if value is None else repr(value)


def _measurement(i: EvidenceInput) -> Measurement | None:
    b = i.baseline
    baseline = None if b is None else Baseline(
        kind=b.kind, score=_num(b.score), model=b.model, version=b.version, description=b.description,
        benchmark=b.benchmark, metric=b.metric, lower=_num(b.interval.lower) if b.interval else None,
        upper=_num(b.interval.upper) if b.interval else None, sample_size=_num(b.sample_size), source=b.source,
        measured=b.measured, illustrative=b.illustrative,
    )  # fmt: skip
    interval = i.score_interval
    m = Measurement(i.direction, i.scale, _num(interval.lower) if interval else None,
                    _num(interval.upper) if interval else None, _num(i.sample_size), baseline)  # fmt: skip
    return m if m.given() else None


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
    direction: str | None = strawberry.field(default=None, description="higher-is-safer or higher-is-riskier")
    scale: str | None = strawberry.field(default=None, description="proportion, percent or unbounded")
    score_interval: IntervalInput | None = None
    sample_size: int | None = None
    baseline: BaselineInput | None = None


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
    @strawberry.mutation(
        description="Create or update an organization's profile; thresholds (marginal-risk bands per AI 600-1 risk) "
        "replace the stored ones when given, and are kept when left out."
    )
    def upsert_organization(
        self,
        info: Info[Context, None],
        id: str,
        name: str,
        roles: list[str],
        release_types: list[str],
        thresholds: list[ThresholdInput] | None = None,
    ) -> OrganizationProfile:
        info.context.require("manage-org", id)
        if thresholds is None:
            existing = info.context.engine.evidence.organization(id)
            kept = existing.thresholds if existing else []
        else:
            kept = [Threshold(t.risk, t.band, _num(t.lower), _num(t.upper), t.metric) for t in thresholds]
        profile = Organization(id=id, name=name, roles=roles, release_types=release_types, thresholds=kept)
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
                measurement=_measurement(i),
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
