"""The controlled values of ontology/vocab.ttl, read once: relationship semantics are data, not code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import ContentRoot, content_root

if TYPE_CHECKING:
    from rdflib import URIRef
    from rdflib.term import Node

CW = ns.ONTOLOGY


@dataclass(frozen=True)
class RelationshipType:
    iri: str
    notation: str
    label: str
    style: str  # style notation
    inverse: str  # IRI of the type read from the object's side
    skos: str | None  # SKOS alignment IRI
    oscal: str | None
    definition: str


@dataclass(frozen=True)
class Vocabulary:
    styles: dict[str, str]  # notation -> IRI
    styles_requiring_rationale: frozenset[str]  # notations
    relationships: dict[tuple[str, str], RelationshipType]  # (style notation, type notation) -> type
    schemes: dict[str, dict[str, str]]  # scheme slug -> notation -> concept IRI
    labels: dict[str, str]  # concept IRI -> preferred label
    by_iri: dict[str, RelationshipType]  # relationship type IRI -> type
    notations: dict[str, str]  # concept IRI -> notation

    def relationship_by_iri(self, iri: str) -> RelationshipType:
        return self.by_iri[iri]

    def concept(self, scheme: str, notation: str) -> str | None:
        return self.schemes.get(scheme, {}).get(notation)

    def notation_of(self, iri: str) -> str:
        return self.notations.get(iri, iri.rsplit("/", 1)[-1])


def vocabulary(root: ContentRoot | None = None) -> Vocabulary:
    """The vocabulary of ``root`` (default: the package's own content), read once per root."""
    return _read(root or content_root())


@cache
def _read(root: ContentRoot) -> Vocabulary:
    from rdflib import Graph, URIRef  # here, not at import: a service reads the vocabulary on first use
    from rdflib.namespace import RDF, SKOS

    graph = Graph()
    graph.parse(root.ontology / "vocab.ttl", format="turtle")
    cw = lambda name: URIRef(CW + name)  # noqa: E731

    def text(node: Node, predicate: URIRef) -> str | None:
        value = graph.value(node, predicate)
        return None if value is None else str(value)

    styles: dict[str, str] = {}
    requiring: set[str] = set()
    for style in graph.subjects(RDF.type, cw("MappingStyle")):
        notation = text(style, SKOS.notation) or ""
        styles[notation] = str(style)
        if str(graph.value(style, cw("requiresRationale"))).lower() == "true":
            requiring.add(notation)
    style_notation = {iri: notation for notation, iri in styles.items()}

    relationships: dict[tuple[str, str], RelationshipType] = {}
    by_iri: dict[str, RelationshipType] = {}
    notations: dict[str, str] = {}
    for rel in graph.subjects(RDF.type, cw("RelationshipType")):
        assert isinstance(rel, URIRef)
        rel_type = RelationshipType(
            iri=str(rel),
            notation=text(rel, SKOS.notation) or "",
            label=text(rel, SKOS.prefLabel) or "",
            style=style_notation[str(graph.value(rel, cw("style")))],
            inverse=str(graph.value(rel, cw("inverseRelationship"))),
            skos=text(rel, cw("skosAlignment")),
            oscal=text(rel, cw("oscalRelationship")),
            definition=text(rel, SKOS.definition) or "",
        )
        relationships[(rel_type.style, rel_type.notation)] = rel_type
        by_iri[rel_type.iri] = rel_type

    schemes: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        label = text(concept, SKOS.prefLabel)
        if label:
            labels[str(concept)] = label
        concept_notation = text(concept, SKOS.notation)
        if concept_notation is None:
            continue
        notations[str(concept)] = concept_notation
        scheme_slug = str(scheme).removeprefix(ns.VOCAB)
        schemes.setdefault(scheme_slug, {})[concept_notation] = str(concept)
    return Vocabulary(styles, frozenset(requiring), relationships, schemes, labels, by_iri, notations)
