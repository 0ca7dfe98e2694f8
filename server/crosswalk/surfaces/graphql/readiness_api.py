"""GraphQL for the readiness of the standards base (NIST AI 100-5 tiers) behind AI 800-1 practices: each practice's
least ready tier, what rests on a tier, the Tier 1 topics nothing addresses, and an organization's coverage by tier.
Each field runs the named query of the same question in queries/ (the coverage field adds the coverage engine)."""

from __future__ import annotations

import strawberry
from pyoxigraph import Literal, NamedNode
from strawberry.types import Info

from crosswalk.engine import readiness
from crosswalk.store.base import values_of
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.evidence_api import CoverageScore, ElementCoverage
from crosswalk.surfaces.graphql.types import Element

TIER_NUMBERS = {1: "4.1", 2: "4.2", 3: "4.3"}


@strawberry.type(description="One AI 100-5 topic or sub-topic a practice depends on, with its tier and NIST's wording.")
class ReadinessDependency:
    topic: str = strawberry.field(description="AI 100-5 topic id (assigned by the reference data, e.g. 'T1-02')")
    topic_title: str
    tier: str = strawberry.field(description="the tier's section number: 4.1, 4.2 or 4.3")
    tier_title: str
    readiness_class: str | None = strawberry.field(description="editorial class of the sub-topic's readiness")
    readiness_statement: str | None = strawberry.field(description="NIST's readiness wording for the sub-topic")
    wording: str = strawberry.field(description="the sub-topic's readiness wording, else the tier's title")
    strength: int | None
    record: str = strawberry.field(description="IRI of the curated mapping record")
    target_iri: strawberry.Private[str]

    @strawberry.field(description="The AI 100-5 topic or sub-topic itself.")
    async def target(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.target_iri)

    @classmethod
    def of(cls, d: readiness.Dependency) -> ReadinessDependency:
        return cls(
            topic=d.topic,
            topic_title=d.topic_title,
            tier=d.tier,
            tier_title=d.tier_title,
            readiness_class=d.readiness_class,
            readiness_statement=d.readiness_statement,
            wording=d.wording,
            strength=d.strength,
            record=d.record,
            target_iri=d.target,
        )


@strawberry.type(description="An AI 800-1 practice with the least ready AI 100-5 tier among the topics it depends on.")
class PracticeReadiness:
    notation: str
    least_ready_tier: str | None = strawberry.field(description="4.1, 4.2 or 4.3; none without an AI 100-5 record")
    least_ready_tier_title: str | None
    limiting: list[ReadinessDependency] = strawberry.field(description="the dependencies on the least ready tier")
    dependencies: list[ReadinessDependency]
    element_iri: strawberry.Private[str]

    @strawberry.field
    async def practice(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.element_iri)

    @classmethod
    def of(cls, p: readiness.PracticeReadiness) -> PracticeReadiness:
        return cls(
            notation=p.notation,
            least_ready_tier=p.least_ready_tier,
            least_ready_tier_title=p.least_ready_tier_title,
            limiting=[ReadinessDependency.of(d) for d in p.limiting],
            dependencies=[ReadinessDependency.of(d) for d in p.dependencies],
            element_iri=p.element,
        )


@strawberry.type(description="An element resting on an AI 100-5 topic or sub-topic of a tier, and the record why.")
class TierDependent:
    kind: str
    topic: str
    topic_title: str
    target_id: str
    readiness_class: str | None
    readiness_statement: str | None
    strength: int | None
    record: str
    element_iri: strawberry.Private[str]

    @strawberry.field
    async def element(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.element_iri)


@strawberry.type(description="An AI 100-5 topic, with its Executive Summary wording and sub-topic count.")
class UnaddressedTopic:
    topic: str
    title: str
    executive_summary: str | None
    subtopics: int
    page: str
    element_iri: strawberry.Private[str]

    @strawberry.field
    async def element(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.element_iri)


@strawberry.type(description="An organization's coverage of the practices whose least ready AI 100-5 tier is one.")
class TierCoverage:
    tier: str | None = strawberry.field(description="4.1, 4.2, 4.3, or none: practices without an AI 100-5 record")
    title: str | None
    summary: CoverageScore
    elements: list[ElementCoverage]


def _tier_notation(tier: int) -> str:
    if tier not in TIER_NUMBERS:
        raise ValueError("tier is 1, 2 or 3 (AI 100-5 sections 4.1, 4.2, 4.3)")
    return TIER_NUMBERS[tier]


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


@strawberry.type
class ReadinessQueries:
    @strawberry.field(
        description="Each AI 800-1 (ipd) practice, or one ('Practice 4.1'), with the least ready NIST AI 100-5 "
        "tier among the topics it depends on and NIST's readiness wording (curated records)."
    )
    def practice_readiness(self, info: Info[Context, None], practice: str | None = None) -> list[PracticeReadiness]:
        bindings: dict[str, list[NamedNode | Literal]] = {}
        if practice is not None:
            engine = info.context.engine
            iri = engine.resolve(practice, readiness.READINESS_VERSION)
            record = engine.reference.elements([iri]).get(iri)
            if record is None or record.kind != "Practice" or not record.notation:
                raise ValueError(f"{practice!r} is not an AI 800-1 (ipd) practice")
            bindings["practice"] = [Literal(record.notation)]
        rows = info.context.engine.named(readiness.READINESS_QUERY, bindings)
        return [PracticeReadiness.of(p) for p in readiness.from_rows(rows)]

    @strawberry.field(
        description="Elements of a version (default AI 800-1 ipd practices) that rest on AI 100-5 topics of a "
        "tier (default 3: needing significant foundational work); kinds filters element kinds (default Practice)."
    )
    def practices_on_tier(
        self,
        info: Info[Context, None],
        tier: int = 3,
        version: str = readiness.READINESS_VERSION,
        kinds: list[str] | None = None,
    ) -> list[TierDependent]:
        engine = info.context.engine
        bindings: dict[str, list[NamedNode | Literal]] = {
            "tier": [Literal(_tier_notation(tier))],
            "version": [NamedNode(engine.reference.version_iri(version))],
        }
        wanted = set(kinds if kinds is not None else ["Practice"])
        rows = [values_of(row) for row in engine.named("ai-100-5-tier-dependents", bindings)]
        return [
            TierDependent(
                kind=r["kind"],
                topic=r["topic"],
                topic_title=r["topicTitle"],
                target_id=r["targetId"],
                readiness_class=r.get("readinessClass"),
                readiness_statement=r.get("readinessStatement"),
                strength=_int(r.get("strength")),
                record=r["record"],
                element_iri=r["element"],
            )
            for r in rows
            if not wanted or r["kind"] in wanted
        ]

    @strawberry.field(
        description="The AI 100-5 Tier 1 topics that no AI 800-1 practice or method, benchmark or transparency "
        "index element, or Appendix B standards project in the graph addresses."
    )
    def unaddressed_tier_1_topics(self, info: Info[Context, None]) -> list[UnaddressedTopic]:
        rows = [values_of(row) for row in info.context.engine.named("ai-100-5-tier-1-topics-unaddressed")]
        return [
            UnaddressedTopic(
                topic=r["topic"],
                title=r["topicTitle"],
                executive_summary=r.get("executiveSummary"),
                subtopics=int(r["subtopics"]),
                page=r["page"],
                element_iri=r["topicElement"],
            )
            for r in rows
        ]

    @strawberry.field(
        description="One organization's AI 800-1 coverage grouped by the least ready AI 100-5 tier of each "
        "practice's topics (4.1, 4.2, 4.3, then practices without an AI 100-5 record)."
    )
    def coverage_by_readiness_tier(
        self, info: Info[Context, None], org: str, framework: str = "ai-800-1"
    ) -> list[TierCoverage]:
        groups = readiness.coverage_by_tier(info.context.engine, info.context.require("read", org), framework)
        return [
            TierCoverage(
                tier=g.tier,
                title=g.title,
                summary=CoverageScore.of(g.score),
                elements=[ElementCoverage.of(e) for e in g.elements],
            )
            for g in groups
        ]
