"""The controlled values of ontology/vocab.ttl, read once: relationship semantics are data, not code."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from crosswalk.content import namespaces as ns
from crosswalk.content.resources import ContentRoot, content_root

CW = ns.ONTOLOGY
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_NOTATION = _SKOS + "notation"
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


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
    # pyoxigraph, not rdflib: the mapping index reads the vocabulary, and serving should not import rdflib for it
    from pyoxigraph import RdfFormat, parse

    facts: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for triple in parse(path=str(root.ontology / "vocab.ttl"), format=RdfFormat.TURTLE):
        facts[triple.subject.value][triple.predicate.value].append(triple.object.value)

    def text(node: str, predicate: str) -> str | None:
        values = facts.get(node, {}).get(predicate)
        return values[0] if values else None

    def of_type(kind: str) -> list[str]:
        return [node for node, properties in facts.items() if CW + kind in properties.get(_TYPE, ())]

    styles: dict[str, str] = {}
    requiring: set[str] = set()
    for style in of_type("MappingStyle"):
        notation = text(style, _NOTATION) or ""
        styles[notation] = style
        if (text(style, CW + "requiresRationale") or "").lower() == "true":
            requiring.add(notation)
    style_notation = {iri: notation for notation, iri in styles.items()}

    relationships: dict[tuple[str, str], RelationshipType] = {}
    by_iri: dict[str, RelationshipType] = {}
    notations: dict[str, str] = {}
    for rel in of_type("RelationshipType"):
        rel_type = RelationshipType(
            iri=rel,
            notation=text(rel, _NOTATION) or "",
            label=text(rel, _SKOS + "prefLabel") or "",
            style=style_notation[text(rel, CW + "style") or ""],
            inverse=str(text(rel, CW + "inverseRelationship")),
            skos=text(rel, CW + "skosAlignment"),
            oscal=text(rel, CW + "oscalRelationship"),
            definition=text(rel, _SKOS + "definition") or "",
        )
        relationships[(rel_type.style, rel_type.notation)] = rel_type
        by_iri[rel_type.iri] = rel_type

    schemes: dict[str, dict[str, str]] = {}
    labels: dict[str, str] = {}
    for concept, properties in facts.items():
        for scheme in properties.get(_SKOS + "inScheme", ()):
            label = text(concept, _SKOS + "prefLabel")
            if label:
                labels[concept] = label
            concept_notation = text(concept, _NOTATION)
            if concept_notation is None:
                continue
            notations[concept] = concept_notation
            scheme_slug = scheme.removeprefix(ns.VOCAB)
            schemes.setdefault(scheme_slug, {})[concept_notation] = concept
    return Vocabulary(styles, frozenset(requiring), relationships, schemes, labels, by_iri, notations)
