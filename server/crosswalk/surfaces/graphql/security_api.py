"""GraphQL for the AI security questions of the curated crosswalks: which AI 600-1 risks the OWASP agentic threats
touch (and which none does), which AI 100-2 attacks no ATLAS technique matches, which CSF 2.0 outcomes an AI RMF
subcategory's evidence also satisfies, which CoSAI controls address an AI 800-1 practice, and an organization's
coverage of an SP 800-53 baseline. Each field runs the named query of the same question in queries/."""

from __future__ import annotations

import strawberry
from pyoxigraph import NamedNode
from strawberry.types import Info

from crosswalk.engine import coverage as coverage_engine
from crosswalk.store.base import values_of
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.evidence_api import Coverage, CoverageScore, ElementCoverage
from crosswalk.surfaces.graphql.types import Element

BASELINES = ("low", "moderate", "high", "privacy")
SELECTION = "https://w3id.org/crosswalk/id/sp-800-53/5.0.1/selection/"


def _rows(info: Info[Context, None], name: str, **bindings: list[NamedNode]) -> list[dict[str, str]]:
    return [values_of(row) for row in info.context.engine.named(name, bindings)]


def _list(value: str | None) -> list[str]:
    return [part for part in (value or "").split("; ") if part]


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


def _element_of(info: Info[Context, None], key: str, version: str, kind: str) -> str:
    """The IRI of an element of one version and kind, or a clear error naming what was asked."""
    iri = info.context.engine.resolve(key, version)
    record = info.context.engine.reference.elements([iri]).get(iri)
    if record is None or record.kind != kind or not record.version.endswith("/" + version):
        raise ValueError(f"{key!r} is not a {kind.lower()} of {version}")
    return iri


@strawberry.type(description="An AI 600-1 GAI risk with the OWASP agentic entries that fall within or overlap it.")
class AgenticRiskReach:
    touched: bool = strawberry.field(description="whether any agentic entry falls within or overlaps the risk")
    threat_count: int
    threats: list[str] = strawberry.field(description="'ASI01 Agent Goal Hijack (intersects-with)', ...")
    not_matching: list[str] = strawberry.field(description="entries a no-relationship record rules out")
    risk_iri: strawberry.Private[str]

    @strawberry.field
    async def risk(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.risk_iri)


@strawberry.type(description="An AI 100-2 attack no ATLAS technique is equal to or a case of, with what ATLAS offers.")
class UnmatchedAttack:
    broader_techniques: list[str] = strawberry.field(description="techniques the attack is a case of (subset-of)")
    overlapping_techniques: list[str] = strawberry.field(description="techniques that only overlap it")
    not_matching_techniques: list[str] = strawberry.field(description="techniques a no-relationship record rules out")
    attack_iri: strawberry.Private[str]

    @strawberry.field
    async def attack(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.attack_iri)


@strawberry.type(description="A CSF 2.0 outcome that evidence for an AI RMF subcategory counts toward in coverage.")
class CsfOutcome:
    relationship: str
    level: str = strawberry.field(description="covered or partial, as the coverage formula gives it")
    strength: int | None
    review: str | None
    mapping_set: str
    explanation: str | None
    outcome_iri: strawberry.Private[str]

    @strawberry.field
    async def outcome(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.outcome_iri)


@strawberry.type(description="A CoSAI Risk Map control that supports an AI 800-1 practice (curated record).")
class ControlSupport:
    relationship: str
    property: str | None
    strength: int | None
    review: str | None
    category: str | None
    explanation: str | None
    control_iri: strawberry.Private[str]

    @strawberry.field
    async def control(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.control_iri)


@strawberry.type
class SecurityQueries:
    @strawberry.field(
        description="Every AI 600-1 GAI risk with the OWASP Agentic Top 10 2026 entries that touch it; "
        "touched: false gives the risks no agentic entry touches."
    )
    def agentic_threat_reach(self, info: Info[Context, None], touched: bool | None = None) -> list[AgenticRiskReach]:
        reach = [
            AgenticRiskReach(
                touched=r["touched"] == "true",
                threat_count=int(r["threatCount"]),
                threats=_list(r.get("threats")),
                not_matching=_list(r.get("notMatching")),
                risk_iri=r["riskElement"],
            )
            for r in _rows(info, "ai-600-1-risks-touched-by-owasp-agentic")
        ]
        return [r for r in reach if touched is None or r.touched == touched]

    @strawberry.field(description="The AI 100-2 E2025 attacks no MITRE ATLAS 5.6.0 technique is equal to or a case of.")
    def attacks_without_atlas_technique(self, info: Info[Context, None]) -> list[UnmatchedAttack]:
        return [
            UnmatchedAttack(
                broader_techniques=_list(r.get("broaderTechniques")),
                overlapping_techniques=_list(r.get("overlappingTechniques")),
                not_matching_techniques=_list(r.get("notMatchingTechniques")),
                attack_iri=r["attackElement"],
            )
            for r in _rows(info, "ai-100-2-attacks-without-atlas-technique")
        ]

    @strawberry.field(
        description="The CSF 2.0 outcomes that evidence for an AI RMF 1.0 subcategory ('GOVERN 2.1', 'GV-2.1') "
        "also satisfies, strongest first, with the coverage level each record gives."
    )
    def csf_outcomes_for_subcategory(self, info: Info[Context, None], subcategory: str) -> list[CsfOutcome]:
        iri = _element_of(info, subcategory, "ai-rmf/1.0", "Subcategory")
        return [
            CsfOutcome(
                relationship=r["relationship"],
                level=r["level"],
                strength=_int(r.get("strength")),
                review=r.get("review"),
                mapping_set=r["set"],
                explanation=r.get("explanation"),
                outcome_iri=r["outcome"],
            )
            for r in _rows(info, "csf-2-outcomes-for-ai-rmf-subcategory", subcategory=[NamedNode(iri)])
        ]

    @strawberry.field(description="The CoSAI Risk Map controls that address an AI 800-1 ipd practice ('3.3').")
    def cosai_controls_for_practice(self, info: Info[Context, None], practice: str) -> list[ControlSupport]:
        iri = _element_of(info, practice, "ai-800-1/ipd", "Practice")
        return [
            ControlSupport(
                relationship=r["relationship"],
                property=r.get("property"),
                strength=_int(r.get("strength")),
                review=r.get("review"),
                category=r.get("categoryTitle"),
                explanation=r.get("explanation"),
                control_iri=r["control"],
            )
            for r in _rows(info, "cosai-controls-for-800-1-practice", practice=[NamedNode(iri)])
        ]

    @strawberry.field(
        description="An organization's coverage of one SP 800-53B baseline (low, moderate, high or privacy): the "
        "SP 800-53 Rev. 5 coverage from all its evidence, kept to the controls and enhancements the baseline selects."
    )
    def baseline_coverage(self, info: Info[Context, None], org: str, baseline: str) -> Coverage:
        if baseline.lower() not in BASELINES:
            raise ValueError(f"unknown SP 800-53 baseline {baseline!r}; known: {', '.join(BASELINES)}")
        report = coverage_engine.compute(info.context.engine, info.context.require("read", org), "sp-800-53")
        selected = {
            r["element"]
            for r in _rows(info, "sp-800-53-baseline-controls", baseline=[NamedNode(SELECTION + baseline.lower())])
        }
        elements = [e for e in report.elements if e.element in selected]
        view = coverage_engine.CoverageReport(report.organization, report.version, elements, report.today)
        return Coverage(
            organization=org,
            version=report.version,
            date=report.today,
            summary=CoverageScore.of(view.summary()),
            elements=[ElementCoverage.of(e) for e in elements],
            report=view,
        )
