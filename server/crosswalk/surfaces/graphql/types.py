"""GraphQL object types. Fields that need the store resolve through the request's dataloaders."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry.types import Info

from crosswalk.content import namespaces as ns
from crosswalk.engine.records import ElementRecord, MappingRecord
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.values import (
    Concept,
    Direction,
    Locator,
    Relationship,
    ReleaseApplicability,
    curie,
    encode_cursor,
    page_bounds,
)


@strawberry.type(description="A mapping record: a typed, explained, attributed relation between two elements.")
class Mapping:
    record: strawberry.Private[MappingRecord]

    @strawberry.field
    def iri(self) -> str:
        return self.record.iri

    @strawberry.field
    def record_id(self) -> str:
        return self.record.record_id

    @strawberry.field
    def mapping_set(self) -> str:
        return self.record.set_iri.removeprefix(ns.MAPPINGS)

    @strawberry.field
    async def subject(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.record.subject)

    @strawberry.field(name="object")
    async def object_(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.record.object)

    @strawberry.field
    def style(self) -> Concept:
        return Concept.of(self.record.style)  # type: ignore[return-value]

    @strawberry.field(description="The IR 8477 relationship type, read from subject to object.")
    def relationship(self) -> Relationship:
        return Relationship.of(self.record.relationship)

    @strawberry.field
    def rationale(self) -> Concept | None:
        return Concept.of(self.record.rationale)

    @strawberry.field
    def relationship_property(self) -> Concept | None:
        return Concept.of(self.record.property)

    @strawberry.field(description="0 (unrelated) to 10 (equal), where known.")
    def strength(self) -> int | None:
        return self.record.strength

    @strawberry.field(description="Who asserts it: NIST official, curated, inferred, suggested, ...")
    def provenance(self) -> Concept:
        return Concept.of(self.record.provenance)  # type: ignore[return-value]

    @strawberry.field(description="The SEMAPV justification (SSSOM mapping_justification).")
    def justification(self) -> str:
        return curie(self.record.justification)

    @strawberry.field
    def author(self) -> str | None:
        return self.record.author

    @strawberry.field
    def reviewer(self) -> str | None:
        return self.record.reviewer

    @strawberry.field
    def date(self) -> str | None:
        return self.record.date

    @strawberry.field
    def review_status(self) -> Concept:
        return Concept.of(self.record.review_status)  # type: ignore[return-value]

    @strawberry.field
    def explanation(self) -> str | None:
        return self.record.explanation

    @strawberry.field
    def comment(self) -> str | None:
        return self.record.comment

    @strawberry.field
    def skos_predicate(self) -> str:
        return curie(self.record.predicate)

    @strawberry.field
    def predicate_modifier(self) -> str | None:
        return self.record.modifier

    @strawberry.field(description="Line of the SSSOM TSV file the record comes from.")
    def source_row(self) -> int | None:
        return self.record.row


@strawberry.type(description="A mapping seen from one element: the relationship is read from that element's side.")
class ElementMapping:
    direction: Direction
    relationship: Relationship
    mapping: Mapping
    other_iri: strawberry.Private[str]

    @strawberry.field(description="The element at the other end.")
    async def other(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.other_iri)


@strawberry.type
class ElementConnection:
    items: list[Annotated[Element, strawberry.lazy("crosswalk.surfaces.graphql.types")]]
    total_count: int
    next_cursor: str | None


@strawberry.type(description="A citable unit of a framework version: function, subcategory, practice, task, risk, ...")
class Element:
    record: strawberry.Private[ElementRecord]

    @staticmethod
    async def load(info: Info[Context, None], iri: str | None) -> Element | None:
        if not iri:
            return None
        record = await info.context.loaders.element.load(iri)
        return Element(record=record) if record else None

    @staticmethod
    async def load_many(info: Info[Context, None], iris: list[str]) -> list[Element]:
        records = await info.context.loaders.element.load_many(iris)
        return [Element(record=r) for r in records if r is not None]

    @strawberry.field
    def iri(self) -> str:
        return self.record.iri

    @strawberry.field(description="The element's id within its version (its IRI's last segment).")
    def id(self) -> str:
        return self.record.id

    @strawberry.field(description="Element kind: Function, Category, Subcategory, Practice, Task, Risk, ...")
    def kind(self) -> str:
        return self.record.kind

    @strawberry.field(description="The identifier as the document prints it, e.g. 'GOVERN 1.1'.")
    def notation(self) -> str | None:
        return self.record.notation

    @strawberry.field
    def label(self) -> str | None:
        return self.record.label

    @strawberry.field(description="The document's text; see textFidelity.")
    def statement(self) -> str | None:
        return self.record.statement

    @strawberry.field(description="verbatim or paraphrase")
    def text_fidelity(self) -> str | None:
        return self.record.fidelity

    @strawberry.field
    def text_source(self) -> str | None:
        return self.record.text_source

    @strawberry.field
    def text_completeness(self) -> str | None:
        return self.record.text_completeness

    @strawberry.field
    def version(self) -> str:
        return self.record.version.removeprefix(ns.ID)

    @strawberry.field
    def locator(self) -> Locator:
        r = self.record
        return Locator(document=r.document, section=r.section, table=r.table, page=r.page, pdf_page=r.pdf_page)

    @strawberry.field
    def order(self) -> int | None:
        return self.record.order

    @strawberry.field
    def playbook_statement(self) -> str | None:
        return self.record.playbook_statement

    @strawberry.field
    def priority(self) -> str | None:
        return self.record.priority

    @strawberry.field
    def profile_status(self) -> str | None:
        return self.record.profile_status

    @strawberry.field
    def addition_type(self) -> str | None:
        return self.record.addition_type

    @strawberry.field
    async def parent(self, info: Info[Context, None]) -> Element | None:
        return await Element.load(info, self.record.parent)

    @strawberry.field(description="Parents up to the root, nearest first.")
    async def ancestors(self, info: Info[Context, None]) -> list[Element]:
        found: list[Element] = []
        current = self.record.parent
        while current and len(found) < 20:
            element = await Element.load(info, current)
            if element is None:
                break
            found.append(element)
            current = element.record.parent
        return found

    @strawberry.field
    async def children(
        self, info: Info[Context, None], first: int = 100, after: str | None = None
    ) -> ElementConnection:
        start, end = page_bounds(first, after)
        iris = await info.context.loaders.children.load(self.record.iri)
        items = await Element.load_many(info, iris[start:end])
        return ElementConnection(
            items=items, total_count=len(iris), next_cursor=encode_cursor(end) if end < len(iris) else None
        )

    async def _annotations(self, info: Info[Context, None], prop: str) -> list[tuple[str, str | None, str | None]]:
        annotations = await info.context.loaders.annotations.load(self.record.iri)
        return sorted((a.value, a.label, a.notation) for a in annotations if a.property == prop)

    @strawberry.field
    async def ai_actors(self, info: Info[Context, None]) -> list[Concept]:
        return [Concept(iri=v, label=label, notation=n) for v, label, n in await self._annotations(info, "aiActor")]

    @strawberry.field
    async def topics(self, info: Info[Context, None]) -> list[Concept]:
        return [Concept(iri=v, label=label, notation=n) for v, label, n in await self._annotations(info, "topic")]

    @strawberry.field
    async def trustworthy_characteristics(self, info: Info[Context, None]) -> list[Concept]:
        rows = await self._annotations(info, "trustworthyCharacteristic")
        return [Concept(iri=v, label=label, notation=n) for v, label, n in rows]

    @strawberry.field(description="Value-chain roles best placed to carry out the element (curated).")
    async def value_chain_roles(self, info: Info[Context, None]) -> list[Concept]:
        rows = await self._annotations(info, "valueChainRole")
        return [Concept(iri=v, label=label, notation=n) for v, label, n in rows]

    @strawberry.field
    async def value_chain_reason(self, info: Info[Context, None]) -> str | None:
        rows = await self._annotations(info, "valueChainReason")
        return rows[0][0] if rows else None

    @strawberry.field
    async def release_applicability(self, info: Info[Context, None]) -> list[ReleaseApplicability]:
        rows = await info.context.loaders.applicability.load(self.record.iri)
        return [ReleaseApplicability(release_type=t, applicability=a, reason=r) for t, a, r in rows]

    @strawberry.field(description="The AI 600-1 GAI risks the document tags this element with.")
    async def risk_tags(self, info: Info[Context, None]) -> list[Element]:
        return await Element.load_many(info, [v for v, _, _ in await self._annotations(info, "riskTag")])

    @strawberry.field(description="Further verbatim text (e.g. the Playbook's About section).")
    async def descriptions(self, info: Info[Context, None]) -> list[str]:
        return [v for v, _, _ in await self._annotations(info, "description")]

    @strawberry.field
    async def references(self, info: Info[Context, None]) -> list[str]:
        return [v for v, _, _ in await self._annotations(info, "reference")]

    @strawberry.field(description="Earlier-draft elements this element revises (prov:wasRevisionOf).")
    async def revises(self, info: Info[Context, None]) -> list[Element]:
        revises, _ = await info.context.loaders.revisions.load(self.record.iri)
        return await Element.load_many(info, revises)

    @strawberry.field(description="Later-draft elements that revise this element.")
    async def revised_by(self, info: Info[Context, None]) -> list[Element]:
        _, revised_by = await info.context.loaders.revisions.load(self.record.iri)
        return await Element.load_many(info, revised_by)

    @strawberry.field(description="Mapping records from and to this element, each read from this element's side.")
    async def mappings(
        self,
        info: Info[Context, None],
        direction: Direction = Direction.ANY,
        to_framework: str | None = None,
        include_inferred: bool = False,
    ) -> list[ElementMapping]:
        found = await info.context.loaders.mappings_of.load(self.record.iri)
        iris = [iri for iri, inferred in found if include_inferred or not inferred]
        records = [r for r in await info.context.loaders.mapping.load_many(iris) if r is not None]
        views = []
        for record in sorted(records, key=lambda r: (r.set_iri, r.row or 0, r.iri)):
            outgoing = record.subject == self.record.iri
            if direction is Direction.FROM and not outgoing:
                continue
            if direction is Direction.TO and outgoing:
                continue
            other = record.object if outgoing else record.subject
            if to_framework and not other.startswith(f"{ns.ID}{to_framework.strip('/')}/"):
                continue
            relationship = Relationship.of(record.relationship)
            views.append(
                ElementMapping(
                    direction=Direction.FROM if outgoing else Direction.TO,
                    relationship=relationship if outgoing else relationship.inverse(),
                    mapping=Mapping(record=record),
                    other_iri=other,
                )
            )
        return views
