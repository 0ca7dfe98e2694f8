"""GraphQL for organizations: their evidence (queries and mutations), coverage, gaps and an item's reach."""

from __future__ import annotations

from enum import Enum

import strawberry
from strawberry.types import Info

from crosswalk.engine import coverage as coverage_engine
from crosswalk.engine.evidence.model import evidence_iri
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.types import Element, Mapping


@strawberry.type
class SupportedElement:
    status: str
    reason: str | None
    element_iri: strawberry.Private[str]

    @strawberry.field
    async def element(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.element_iri)


@strawberry.type(description="What evidence for an element would cover elsewhere.")
class Reach:
    level: str = strawberry.field(description="covered or partial")
    relationship: str
    hops: int
    element_iri: strawberry.Private[str]

    @strawberry.field
    async def element(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.element_iri)


@strawberry.type
class EvidenceItem:
    id: str
    title: str
    kind: str
    link: str | None
    content_hash: str | None
    owner: str | None
    produced: str | None
    valid_until: str | None
    metric: str | None
    score: float | None
    model: str | None
    retracted: bool
    retraction_reason: str | None
    supports: list[SupportedElement]
    benchmark_iri: strawberry.Private[str | None]

    @strawberry.field
    async def benchmark(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.benchmark_iri)

    @strawberry.field(description="Everything this item covers, in every framework, directly or through mappings.")
    def reach(self, info: Info[Context, None]) -> list[Reach]:
        found: dict[str, Reach] = {}
        for support in self.supports:
            if support.status not in coverage_engine.LEVEL_OF_STATUS:
                continue
            found.setdefault(
                support.element_iri,
                Reach(level="covered", relationship="direct", hops=0, element_iri=support.element_iri),
            )
            for target, level, relationship, hops in coverage_engine.reach(info.context.engine, support.element_iri):
                if support.status == "partially-implemented":
                    level = "partial"
                if target not in found or (found[target].level == "partial" and level == "covered"):
                    found[target] = Reach(level=level, relationship=relationship, hops=hops, element_iri=target)
        return list(found.values())


@strawberry.type
class OrganizationProfile:
    id: str
    name: str
    roles: list[str]
    release_types: list[str]

    @strawberry.field
    def evidence(self, info: Info[Context, None]) -> list[EvidenceItem]:
        return load_evidence(info, info.context.require("read", self.id))

    @strawberry.field(description="Every write to the organization's evidence, newest first (its admins only).")
    def audit_trail(self, info: Info[Context, None]) -> list[AuditEntry]:
        org = info.context.require("manage-org", self.id)
        return [
            AuditEntry(
                at=row["at"],
                action=row["action"],
                agent=row["agent"],
                signed_in_with=row["method"],
                items=[item.rsplit("/evidence/", 1)[-1] for item in row.get("items", "").split("|") if item],
            )
            for row in info.context.engine.evidence.audit_trail(org)
        ]


@strawberry.type(description="One write to an organization's evidence: when, by whom, and which items.")
class AuditEntry:
    at: str
    action: str
    agent: str = strawberry.field(description="Who: a token's subject, a signed-on user, or the CLI's user")
    signed_in_with: str = strawberry.field(description="token, jwt, cli or system")
    items: list[str]


def load_evidence(info: Info[Context, None], org: str) -> list[EvidenceItem]:
    items: dict[str, EvidenceItem] = {}
    for value in info.context.engine.evidence.rows(org):
        item = items.get(value["item"])
        if item is None:
            item = items[value["item"]] = EvidenceItem(
                id=value["id"],
                title=value["title"],
                kind=value["kind"],
                link=value.get("link"),
                content_hash=value.get("hash"),
                owner=value.get("owner"),
                produced=value.get("produced"),
                valid_until=value.get("validUntil"),
                metric=value.get("metric"),
                score=float(value["score"]) if "score" in value else None,
                model=value.get("model"),
                retracted=value.get("retracted") == "true",
                retraction_reason=value.get("retractionReason"),
                supports=[],
                benchmark_iri=value.get("benchmark"),
            )
        if "element" in value:
            item.supports.append(
                SupportedElement(
                    status=value.get("status", ""), reason=value.get("reason"), element_iri=value["element"]
                )
            )
    return list(items.values())


@strawberry.type
class Contribution:
    evidence_id: str
    evidence_title: str
    evidence_kind: str
    level: str
    via: str = strawberry.field(description="direct, part of, or the IR 8477 relationship the evidence counts through")
    valid_until: str | None
    from_iri: strawberry.Private[str]
    path_iris: strawberry.Private[list[str]]

    @strawberry.field(description="The element the evidence was recorded against.")
    async def from_element(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.from_iri)

    @strawberry.field(description="The mapping records the evidence counts through, in order.")
    async def path(self, info: Info[Context, None]) -> list[Mapping]:
        records = await info.context.loaders.mapping.load_many(self.path_iris)
        return [Mapping(record=r) for r in records if r is not None]

    @classmethod
    def of(cls, c: coverage_engine.Contribution) -> Contribution:
        return cls(
            evidence_id=c.evidence_id,
            evidence_title=c.evidence_title,
            evidence_kind=c.evidence_kind,
            level=c.level,
            via=c.via,
            valid_until=c.valid_until,
            from_iri=c.from_element,
            path_iris=c.path,
        )


@strawberry.type(description="A weakness of the evidence for an element, reported beside it; it never changes a score.")
class CoverageWeakness:
    kind: str = strawberry.field(description="measured-without-baseline")
    evidence_id: str
    reason: str


@strawberry.type
class ElementCoverage:
    status: str = strawberry.field(description="covered, partial, gap or not-applicable")
    reason: str | None = strawberry.field(description="why not applicable")
    contributions: list[Contribution]
    stale: list[Contribution] = strawberry.field(description="expired evidence: reported, not counted")
    planned: list[str]
    risk_tags: list[str]
    roles: list[str]
    weaknesses: list[CoverageWeakness] = strawberry.field(
        description="E.g. a benchmark result that counts here but was measured without a baseline"
    )
    record: strawberry.Private[coverage_engine.ElementCoverage]

    @strawberry.field
    async def element(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.record.element)

    @strawberry.field(description="For a gap: what else evidence for this element would cover in other frameworks.")
    def close_with(self, info: Info[Context, None]) -> list[Reach]:
        if self.status != "gap":
            return []
        found = coverage_engine.reach(info.context.engine, self.record.element)
        return [Reach(level=lvl, relationship=rel, hops=hops, element_iri=t) for t, lvl, rel, hops in found[:50]]

    @classmethod
    def of(cls, record: coverage_engine.ElementCoverage) -> ElementCoverage:
        return cls(
            status=record.status,
            reason=record.reason,
            contributions=[Contribution.of(c) for c in record.contributions],
            stale=[Contribution.of(c) for c in record.stale],
            planned=record.planned,
            risk_tags=record.risks,
            roles=record.roles,
            weaknesses=[
                CoverageWeakness(kind=w.kind, evidence_id=w.evidence_id, reason=w.reason) for w in record.weaknesses
            ],
            record=record,
        )


@strawberry.type
class CoverageScore:
    key: str
    applicable: int
    covered: int
    partial: int
    gap: int
    not_applicable: int
    score: float = strawberry.field(description="(covered + 0.5 x partial) / applicable")

    @classmethod
    def of(cls, group: coverage_engine.GroupScore) -> CoverageScore:
        return cls(
            key=group.key,
            applicable=group.applicable,
            covered=group.covered,
            partial=group.partial,
            gap=group.gap,
            not_applicable=group.not_applicable,
            score=group.score,
        )


@strawberry.enum
class CoverageGrouping(Enum):
    FUNCTION = "grandparent"  # AI RMF function, SP 800-218A group
    CATEGORY = "parent"  # AI RMF category, AI 800-1 objective, SP 800-218A practice, AI 600-1 (none)
    RISK_TAG = "risk"


@strawberry.type
class Coverage:
    organization: str
    version: str
    date: str
    summary: CoverageScore
    elements: list[ElementCoverage]
    report: strawberry.Private[coverage_engine.CoverageReport]
    selection: str | None = strawberry.field(
        default=None, description="The selection (a baseline, an imported OSCAL profile) the coverage is scoped to."
    )

    @strawberry.field(description="Scores rolled up by function, category/objective, or AI 600-1 risk tag.")
    def groups(self, by: CoverageGrouping) -> list[CoverageScore]:
        return [CoverageScore.of(g) for g in self.report.groups(by.value)]


def _filtered(
    report: coverage_engine.CoverageReport,
    risk_tag: str | None,
    role: str | None,
    within: str | None,
    statuses: list[str] | None,
) -> list[coverage_engine.ElementCoverage]:
    kept = []
    for e in report.elements:
        if risk_tag and risk_tag not in e.risks:
            continue
        if role and role not in e.roles:
            continue
        if within and within not in (e.parent_notation, e.grandparent_notation):
            continue
        if statuses and e.status not in statuses:
            continue
        kept.append(e)
    return kept


@strawberry.type
class EvidenceQueries:
    @strawberry.field
    def organization(self, info: Info[Context, None], id: str) -> OrganizationProfile | None:
        profile = info.context.engine.evidence.organization(info.context.require("read", id))
        if profile is None:
            return None
        return OrganizationProfile(
            id=profile.id, name=profile.name, roles=profile.roles, release_types=profile.release_types
        )

    @strawberry.field(
        description="Coverage of a framework ('ai-800-1') or version ('ai-rmf/1.0') for one organization, "
        "filterable by AI 600-1 risk tag, value-chain role, function/category/objective, and status; scoped to a "
        "named selection of the version ('moderate', an SP 800-53B baseline; an imported OSCAL profile's id or "
        "IRI) with `selection` (the framework may then be left out)."
    )
    def coverage(
        self,
        info: Info[Context, None],
        org: str,
        framework: str | None = None,
        risk_tag: str | None = None,
        role: str | None = None,
        within: str | None = None,
        status: list[str] | None = None,
        selection: str | None = None,
    ) -> Coverage:
        report = coverage_engine.compute(
            info.context.engine, info.context.require("read", org), framework, selection=selection
        )
        elements = _filtered(report, risk_tag, role, within, status)
        view = coverage_engine.CoverageReport(
            report.organization, report.version, elements, report.today, report.selection
        )
        return Coverage(
            organization=org,
            version=report.version,
            date=report.today,
            summary=CoverageScore.of(view.summary()),
            elements=[ElementCoverage.of(e) for e in elements],
            report=view,
            selection=report.selection,
        )

    @strawberry.field(description="The applicable elements with no counting evidence, each with what would close it.")
    def gaps(
        self, info: Info[Context, None], org: str, framework: str, risk_tag: str | None = None
    ) -> list[ElementCoverage]:
        report = coverage_engine.compute(info.context.engine, info.context.require("read", org), framework)
        return [ElementCoverage.of(e) for e in _filtered(report, risk_tag, None, None, ["gap"])]

    @strawberry.field(description="One evidence item with everything it covers in every framework.")
    def evidence(self, info: Info[Context, None], org: str, id: str) -> EvidenceItem | None:
        wanted = evidence_iri(info.context.require("read", org), id)
        for item in load_evidence(info, org):
            if evidence_iri(org, item.id) == wanted:
                return item
        return None
