"""GraphQL for the external references: which benchmarks evidence a risk or practice, which techniques a practice
defends against. Each field runs the named query of the same question in queries/."""

from __future__ import annotations

import strawberry
from pyoxigraph import Literal, NamedNode
from strawberry.types import Info

from crosswalk.store.base import values_of
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.types import Element


def _rows(info: Info[Context, None], name: str, **bindings: list[NamedNode | Literal]) -> list[dict[str, str]]:
    rows = info.context.engine.named(name, bindings)
    return [values_of(row) for row in rows]


@strawberry.type(description="A benchmark element whose results are evidence, with the record's strength and why.")
class BenchmarkEvidence:
    framework: str
    route: str = strawberry.field(description="direct, or the AI RMF subcategory it comes through")
    strength: int | None
    explanation: str | None
    element_iri: strawberry.Private[str]

    @strawberry.field
    async def benchmark(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.element_iri)


@strawberry.type
class DefendedTechnique:
    strength: int | None
    mitigation_iri: strawberry.Private[str]
    technique_iri: strawberry.Private[str]

    @strawberry.field
    async def mitigation(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.mitigation_iri)

    @strawberry.field
    async def technique(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.technique_iri)


def _int(value: str | None) -> int | None:
    return None if value is None else int(value)


@strawberry.type
class ReferenceQueries:
    @strawberry.field(
        description="Benchmarks (AILuminate, AttaQ, HELM) that measure an AI 600-1 GAI risk, by name or id "
        "('Information Security' or 'information-security')."
    )
    def benchmarks_for_risk(self, info: Info[Context, None], risk: str) -> list[BenchmarkEvidence]:
        names = {r["id"]: r["name"] for r in _rows(info, "api/gai-risks")}
        name = names.get(risk, risk)
        if name not in names.values():
            raise LookupError(f"unknown GAI risk {risk!r}; known: {', '.join(sorted(names.values()))}")
        rows = _rows(info, "benchmarks-for-600-1-risk", risk=[Literal(name, language="en")])
        return [
            BenchmarkEvidence(
                framework=r["framework"],
                route="direct",
                strength=_int(r.get("strength")),
                explanation=r.get("explanation"),
                element_iri=r["element"],
            )
            for r in rows
        ]

    @strawberry.field(description="The AI 600-1 GAI risks that no benchmark measures (asserted records only).")
    async def risks_without_benchmark(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, [r["riskElement"] for r in _rows(info, "600-1-risks-without-benchmark")])

    @strawberry.field(description="Benchmarks whose results can serve as evidence for an AI 800-1 practice.")
    def benchmarks_for_practice(self, info: Info[Context, None], practice: str) -> list[BenchmarkEvidence]:
        iri = info.context.engine.resolve(practice, "ai-800-1")
        record = info.context.engine.reference.elements([iri]).get(iri)
        if record is None or record.kind != "Practice" or not record.notation:
            raise ValueError(f"{practice!r} is not an AI 800-1 practice")
        rows = _rows(info, "benchmarks-for-800-1-practice", practice=[Literal(record.notation)])
        return [
            BenchmarkEvidence(
                framework=r["framework"],
                route=r["route"],
                strength=_int(r.get("strength")),
                explanation=r.get("explanation"),
                element_iri=r["bench"],
            )
            for r in rows
        ]

    @strawberry.field(description="MITRE ATLAS techniques an AI 800-1 practice or SP 800-218A task defends against.")
    def techniques_defended_by(
        self, info: Info[Context, None], element: str, version: str | None = None
    ) -> list[DefendedTechnique]:
        iri = info.context.engine.resolve(element, version)
        rows = _rows(info, "atlas-techniques-defended-by", element=[NamedNode(iri)])
        return [
            DefendedTechnique(
                strength=_int(r.get("strength")),
                mitigation_iri=r["mitigationElement"],
                technique_iri=r["techniqueElement"],
            )
            for r in rows
        ]
