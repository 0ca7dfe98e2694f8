"""GraphQL object types. Fields that need the store resolve through the request's dataloaders."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, TypeVar, cast

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

T = TypeVar("T")


def _subject(root: Mapping, info: Info[Context, None]) -> Element | None:
    return element_now(info, root.record.subject)


def _object(root: Mapping, info: Info[Context, None]) -> Element | None:
    return element_now(info, root.record.object)


def _style(root: Mapping) -> Concept:
    return Concept.of(root.record.style)  # type: ignore[return-value]


def _relationship(root: Mapping) -> Relationship:
    return Relationship.of(root.record.relationship)


def _rationale(root: Mapping) -> Concept | None:
    return Concept.of(root.record.rationale)


def _relationship_property(root: Mapping) -> Concept | None:
    return Concept.of(root.record.property)


def _provenance(root: Mapping) -> Concept:
    return Concept.of(root.record.provenance)  # type: ignore[return-value]


def _review_status(root: Mapping) -> Concept:
    return Concept.of(root.record.review_status)  # type: ignore[return-value]


@strawberry.type(description="A mapping record: a typed, explained, attributed relation between two elements.")
class Mapping:
    """Plain values are attributes, set once from the record: strawberry answers them without a resolver call (the
    fields with resolvers are declared in place, so the schema lists the fields in the same order)."""

    record: strawberry.Private[MappingRecord]
    iri: str = ""
    record_id: str = ""
    mapping_set: str = ""
    subject: Element | None = strawberry.field(resolver=_subject)
    object_: Element | None = strawberry.field(name="object", resolver=_object)
    style: Concept = strawberry.field(resolver=_style)
    relationship: Relationship = strawberry.field(
        resolver=_relationship, description="The IR 8477 relationship type, read from subject to object."
    )
    rationale: Concept | None = strawberry.field(resolver=_rationale)
    relationship_property: Concept | None = strawberry.field(resolver=_relationship_property)
    strength: int | None = strawberry.field(default=None, description="0 (unrelated) to 10 (equal), where known.")
    provenance: Concept = strawberry.field(
        resolver=_provenance, description="Who asserts it: NIST official, curated, inferred, suggested, ..."
    )
    justification: str = strawberry.field(
        default="", description="The SEMAPV justification (SSSOM mapping_justification)."
    )
    author: str | None = None
    reviewer: str | None = None
    date: str | None = None
    review_status: Concept = strawberry.field(resolver=_review_status)
    explanation: str | None = None
    comment: str | None = None
    skos_predicate: str = ""
    predicate_modifier: str | None = None
    source_row: int | None = strawberry.field(
        default=None, description="Line of the SSSOM TSV file the record comes from."
    )

    def __post_init__(self) -> None:
        r = self.record
        self.iri, self.record_id, self.mapping_set = r.iri, r.record_id, r.set_iri.removeprefix(ns.MAPPINGS)
        self.strength, self.justification, self.author = r.strength, curie(r.justification), r.author
        self.reviewer, self.date, self.explanation, self.comment = r.reviewer, r.date, r.explanation, r.comment
        self.skos_predicate, self.predicate_modifier, self.source_row = curie(r.predicate), r.modifier, r.row


@strawberry.type(description="A mapping seen from one element: the relationship is read from that element's side.")
class ElementMapping:
    direction: Direction
    relationship: Relationship
    mapping: Mapping
    other_iri: strawberry.Private[str]

    @strawberry.field(description="The element at the other end.")
    def other(self, info: Info[Context, None]) -> Element | None:
        return element_now(info, self.other_iri)


@strawberry.type
class ElementConnection:
    items: list[Annotated[Element, strawberry.lazy("crosswalk.surfaces.graphql.types")]]
    total_count: int
    next_cursor: str | None


def _locator(root: Element) -> Locator:
    r = root.record
    return Locator(document=r.document, section=r.section, table=r.table, page=r.page, pdf_page=r.pdf_page)


@strawberry.type(description="A citable unit of a framework version: function, subcategory, practice, task, risk, ...")
class Element:
    """Plain values are attributes, set once from the record (see Mapping)."""

    record: strawberry.Private[ElementRecord]
    iri: str = ""
    id: str = strawberry.field(default="", description="The element's id within its version (its IRI's last segment).")
    kind: str = strawberry.field(
        default="", description="Element kind: Function, Category, Subcategory, Practice, Task, Risk, ..."
    )
    notation: str | None = strawberry.field(
        default=None, description="The identifier as the document prints it, e.g. 'GOVERN 1.1'."
    )
    label: str | None = None
    statement: str | None = strawberry.field(default=None, description="The document's text; see textFidelity.")
    text_fidelity: str | None = strawberry.field(default=None, description="verbatim or paraphrase")
    text_source: str | None = None
    text_completeness: str | None = None
    version: str = ""
    locator: Locator = strawberry.field(resolver=_locator)
    order: int | None = None
    playbook_statement: str | None = None
    priority: str | None = None
    profile_status: str | None = None
    addition_type: str | None = None

    def __post_init__(self) -> None:
        r = self.record
        self.iri, self.id, self.kind, self.notation, self.label = r.iri, r.id, r.kind, r.notation, r.label
        self.statement, self.text_fidelity, self.text_source = r.statement, r.fidelity, r.text_source
        self.text_completeness, self.version, self.order = r.text_completeness, r.version.removeprefix(ns.ID), r.order
        self.playbook_statement, self.priority, self.profile_status = r.playbook_statement, r.priority, r.profile_status
        self.addition_type = r.addition_type

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
    def parent(self, info: Info[Context, None]) -> Element | None:
        return element_now(info, self.record.parent)

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
    def children(self, info: Info[Context, None], first: int = 100, after: str | None = None) -> ElementConnection:
        start, end = page_bounds(first, after)
        cache = info.context.loaders.cache
        kept = cache.children.known([self.record.iri])
        if kept is not None:
            iris = kept[self.record.iri]
            records = cache.element.known(iris[start:end])
            if records is not None:  # a prefetched tree: answered now, without a batch per level
                return _connection([Element(record=r) for r in records.values() if r], len(iris), end)
        return deferred(self._children(info, start, end))

    async def _children(self, info: Info[Context, None], start: int, end: int) -> ElementConnection:
        iris = await info.context.loaders.children.load(self.record.iri)
        return _connection(await Element.load_many(info, iris[start:end]), len(iris), end)

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
    def mappings(
        self,
        info: Info[Context, None],
        direction: Direction = Direction.ANY,
        to_framework: str | None = None,
        include_inferred: bool = False,
    ) -> list[ElementMapping]:
        cache = info.context.loaders.cache
        found = cache.mappings_of.known([self.record.iri])
        if found is not None:
            iris = [iri for iri, inferred in found[self.record.iri] if include_inferred or not inferred]
            records = cache.mapping.known(iris)
            if records is not None:  # a prefetched page: answered now
                return self._views([r for r in records.values() if r], direction, to_framework)
        return deferred(self._mappings(info, direction, to_framework, include_inferred))

    async def _mappings(
        self, info: Info[Context, None], direction: Direction, to_framework: str | None, include_inferred: bool
    ) -> list[ElementMapping]:
        found = await info.context.loaders.mappings_of.load(self.record.iri)
        iris = [iri for iri, inferred in found if include_inferred or not inferred]
        records = [r for r in await info.context.loaders.mapping.load_many(iris) if r is not None]
        return self._views(records, direction, to_framework)

    def _views(
        self, records: list[MappingRecord], direction: Direction, to_framework: str | None
    ) -> list[ElementMapping]:
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


def deferred(value: Awaitable[T]) -> T:
    """An awaitable answer from a plain resolver: graphql-core awaits it, and a field whose data is kept already is
    answered without a coroutine (per-field async cost more than the reads in a prefetched tree)."""
    return cast(T, value)


def element_now(info: Info[Context, None], iri: str | None) -> Element | None:
    """The element, at once when the reference cache holds it, else through the request's batch."""
    if not iri:
        return None
    kept = info.context.loaders.cache.element.known([iri])
    if kept is None:
        return deferred(Element.load(info, iri))
    record = kept[iri]
    return Element(record=record) if record else None


def _connection(items: list[Element], total: int, end: int) -> ElementConnection:
    return ElementConnection(items=items, total_count=total, next_cursor=encode_cursor(end) if end < total else None)
