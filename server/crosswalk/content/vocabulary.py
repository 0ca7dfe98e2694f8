"""The controlled values of ontology/vocab.ttl, read once: relationship semantics are data, not code."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS
from rdflib.term import Node

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import ontology_dir

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

    def relationship_by_iri(self, iri: str) -> RelationshipType:
        return _BY_IRI[iri]

    def concept(self, scheme: str, notation: str) -> str | None:
        return self.schemes.get(scheme, {}).get(notation)

    def notation_of(self, iri: str) -> str:
        return _NOTATIONS.get(iri, iri.rsplit("/", 1)[-1])


_BY_IRI: dict[str, RelationshipType] = {}
_NOTATIONS: dict[str, str] = {}


@cache
def vocabulary() -> Vocabulary:
    graph = Graph()
    graph.parse(ontology_dir() / "vocab.ttl", format="turtle")
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
        _BY_IRI[rel_type.iri] = rel_type

    schemes: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    for concept, scheme in graph.subject_objects(SKOS.inScheme):
        label = text(concept, SKOS.prefLabel)
        if label:
            labels[str(concept)] = label
        concept_notation = text(concept, SKOS.notation)
        if concept_notation is None:
            continue
        _NOTATIONS[str(concept)] = concept_notation
        scheme_slug = str(scheme).removeprefix(ns.VOCAB)
        schemes.setdefault(scheme_slug, {})[concept_notation] = str(concept)
    return Vocabulary(styles, frozenset(requiring), relationships, schemes, labels)
