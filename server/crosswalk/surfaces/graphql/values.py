"""GraphQL value types (concepts, relationships, locators) and pagination helpers shared by the schema."""

from __future__ import annotations

import base64
from enum import Enum

import strawberry

from crosswalk.content import namespaces as ns
from crosswalk.content.vocabulary import vocabulary

MAX_PAGE = 500


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def decode_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "offset" and value.isdigit():
            return int(value)
    except (ValueError, UnicodeDecodeError):
        pass
    raise ValueError(f"invalid cursor {cursor!r}: pass the nextCursor of a previous page")


def page_bounds(first: int, after: str | None) -> tuple[int, int]:
    if not 1 <= first <= MAX_PAGE:
        raise ValueError(f"first must be between 1 and {MAX_PAGE}")
    start = decode_cursor(after)
    return start, start + first


def curie(iri: str) -> str:
    for prefix, base in ns.PREFIXES.items():
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri


@strawberry.type(description="A value from a controlled vocabulary (IR 8477 types, provenance, roles, ...).")
class Concept:
    iri: str
    label: str | None
    notation: str | None

    @classmethod
    def of(cls, iri: str | None) -> Concept | None:
        if not iri:
            return None
        vocab = vocabulary()
        return cls(iri=iri, label=vocab.labels.get(iri), notation=vocab.notation_of(iri))


@strawberry.type(description="An IR 8477 relationship type, with its inverse and its SKOS and OSCAL alignments.")
class Relationship:
    iri: str
    notation: str
    label: str
    style: str
    definition: str
    skos_predicate: str | None
    oscal_relationship: str | None

    @strawberry.field(description="The same relationship read from the object's side.")
    def inverse(self) -> Relationship:
        return Relationship.of(vocabulary().relationship_by_iri(self.iri).inverse)

    @classmethod
    def of(cls, iri: str) -> Relationship:
        rel = vocabulary().relationship_by_iri(iri)
        return cls(
            iri=rel.iri,
            notation=rel.notation,
            label=rel.label,
            style=rel.style,
            definition=rel.definition,
            skos_predicate=curie(rel.skos) if rel.skos else None,
            oscal_relationship=rel.oscal,
        )


@strawberry.type(description="Where an element stands in its source document.")
class Locator:
    document: str | None
    section: str | None
    table: str | None
    page: str | None = strawberry.field(description="The page number printed on the page.")
    pdf_page: int | None = strawberry.field(description="The page's position in the PDF file.")


@strawberry.type
class VersionNote:
    text: str
    fidelity: str


@strawberry.type
class ReleaseApplicability:
    release_type: str
    applicability: str
    reason: str


@strawberry.enum
class Direction(Enum):
    FROM = "from"
    TO = "to"
    ANY = "any"
