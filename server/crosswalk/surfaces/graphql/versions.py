"""GraphQL types for frameworks, their versions and mapping sets."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from crosswalk.content import namespaces as ns
from crosswalk.engine.records import MappingSetRecord, VersionRecord
from crosswalk.surfaces.graphql.context import Context
from crosswalk.surfaces.graphql.selection import nesting
from crosswalk.surfaces.graphql.types import Element, ElementConnection, Mapping
from crosswalk.surfaces.graphql.values import VersionNote, encode_cursor, page_bounds


@strawberry.type
class MappingSet:
    iri: str
    id: str
    title: str
    description: str | None
    license: str | None
    subject_source: str | None
    object_source: str | None
    date: str | None
    file: str | None
    record_count: int

    @classmethod
    def of(cls, record: MappingSetRecord) -> MappingSet:
        return cls(
            iri=record.iri,
            id=record.id,
            title=record.title,
            description=record.description,
            license=record.license,
            subject_source=record.subject_source,
            object_source=record.object_source,
            date=record.date,
            file=record.file,
            record_count=record.records,
        )


@strawberry.type(description="One edition of a framework document, with its publication metadata.")
class FrameworkVersion:
    record: strawberry.Private[VersionRecord]

    @strawberry.field(description="e.g. 'ai-rmf/1.0'")
    def id(self) -> str:
        return self.record.id

    @strawberry.field
    def iri(self) -> str:
        return self.record.iri

    @strawberry.field
    def framework(self) -> str:
        return self.record.framework_id

    @strawberry.field
    def framework_title(self) -> str:
        return self.record.framework_title

    @strawberry.field
    def title(self) -> str:
        return self.record.title

    @strawberry.field
    def version_label(self) -> str:
        return self.record.label

    @strawberry.field
    def publisher(self) -> str:
        return self.record.publisher

    @strawberry.field
    def issued(self) -> str:
        return self.record.issued

    @strawberry.field(description="final, draft, superseded or withdrawn")
    def status(self) -> str:
        return self.record.status

    @strawberry.field(description="complete, or partial when only parts of the edition are known")
    def completeness(self) -> str:
        return self.record.completeness

    @strawberry.field
    def completeness_note(self) -> str | None:
        return self.record.completeness_note

    @strawberry.field
    def license(self) -> str:
        return self.record.license

    @strawberry.field
    def attribution(self) -> str:
        return self.record.attribution

    @strawberry.field
    def source(self) -> str | None:
        return self.record.source

    @strawberry.field
    def is_latest(self) -> bool:
        return self.record.latest

    @strawberry.field
    def previous_version(self) -> str | None:
        return self.record.previous.removeprefix(ns.ID) if self.record.previous else None

    @strawberry.field
    def element_count(self) -> int:
        return self.record.elements

    @strawberry.field(description="How many elements carry the document's own words.")
    def verbatim_count(self) -> int:
        return self.record.verbatim

    @strawberry.field
    def paraphrase_count(self) -> int:
        return self.record.paraphrase

    @strawberry.field(
        description="Notes recorded on the version, e.g. NIST's announced changes for a draft, each marked "
        "verbatim or paraphrase."
    )
    def notes(self, info: Info[Context, None]) -> list[VersionNote]:
        return [
            VersionNote(text=t, fidelity=f) for t, f in info.context.engine.reference.version_notes(self.record.iri)
        ]

    @strawberry.field(description="The version's top-level elements, paginated; nest children for the tree.")
    async def tree(self, info: Info[Context, None], first: int = 50, after: str | None = None) -> ElementConnection:
        start, end = page_bounds(first, after)
        cache = info.context.loaders.cache
        iris = cache.top_elements(self.record.iri)
        if nesting("children", info.selected_fields) >= 2:
            cache.prefetch_tree(iris[start:end])  # the whole tree in one read, not one read per level
        items = await Element.load_many(info, iris[start:end])
        return ElementConnection(
            items=items, total_count=len(iris), next_cursor=encode_cursor(end) if end < len(iris) else None
        )


@strawberry.type
class Framework:
    id: str
    iri: str
    title: str
    versions: list[FrameworkVersion]


@strawberry.type
class MappingConnection:
    items: list[Mapping]
    total_count: int
    next_cursor: str | None
