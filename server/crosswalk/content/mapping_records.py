"""SSSOM rows to mapping records in RDF: every row becomes a cw:Mapping node carrying all its fields.

Problems are collected per row (file, line, field, reason) rather than raised one at a time, so a curator
sees every error of a file in one run.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD
from rdflib.term import Node

from crosswalk.content import namespaces as ns
from crosswalk.content.sssom_tsv import MappingRow, MappingSetFile
from crosswalk.content.vocabulary import Vocabulary, vocabulary

CW = Namespace(ns.ONTOLOGY)

# SSSOM text column -> (vocab scheme, record property); looked up, not switched on.
_CONCEPT_COLUMNS = {
    "ir8477_rationale": ("rationale", CW.rationale),
    "ir8477_property": ("relationship-property", CW.relationshipProperty),
    "mapping_provenance": ("provenance", CW.provenance),
    "review_status": ("review-status", CW.reviewStatus),
}
_LITERAL_COLUMNS = {
    "author_label": DCTERMS.creator,
    "reviewer_label": CW.reviewer,
    "comment": RDFS.comment,
    "relationship_explanation": CW.explanation,
    "subject_label": CW.subjectLabel,
    "object_label": CW.objectLabel,
    "predicate_modifier": CW.predicateModifier,
}


@dataclass(frozen=True)
class Problem:
    """One reason a file cannot be loaded, located as precisely as the format allows."""

    file: str
    line: int | None
    node: str | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        what = f" [{self.field}]" if self.field else ""
        node = f" <{self.node}>" if self.node and not self.line else ""
        return f"{where}{node}{what}: {self.reason}"


def expand(curie: str, curie_map: dict[str, str]) -> str | None:
    """A CURIE or full IRI to an IRI; None if the prefix is not declared."""
    if curie.startswith(("http://", "https://", "urn:")):
        return curie
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in curie_map:
        return None
    return curie_map[prefix] + local


def record_iri(set_id: str, record_id: str, curie_map: dict[str, str]) -> str:
    expanded = expand(record_id, curie_map)
    return expanded if expanded else f"{ns.mapping_set_iri(set_id)}/{record_id}"


class TripleList(list[tuple[Node, Node, Node]]):
    """The triples of a set as a plain list, built like a Graph (``add``) but without rdflib's indexes."""

    def add(self, triple: tuple[Node, Node, Node]) -> None:
        self.append(triple)


def to_graph(mapping_set: MappingSetFile, problems: list[Problem], vocab: Vocabulary | None = None) -> Graph:
    """Build the set's RDF; append every problem found to ``problems``. ``vocab``: the content root's vocabulary."""
    graph = Graph()
    for triple in to_triples(mapping_set, problems, vocab):
        graph.add(triple)
    return graph


def to_triples(mapping_set: MappingSetFile, problems: list[Problem], vocab: Vocabulary | None = None) -> TripleList:
    """The set's RDF as a list of rdflib triples (what a load converts and writes; no Graph needed)."""
    vocab = vocab or vocabulary()
    file = str(mapping_set.path or mapping_set.set_id)
    curie_map = mapping_set.curie_map
    graph = TripleList()
    set_node = URIRef(ns.mapping_set_iri(mapping_set.set_id))
    meta = mapping_set.metadata
    graph.add((set_node, RDF.type, CW.MappingSet))
    graph.add((set_node, DCTERMS.identifier, Literal(mapping_set.set_id)))
    for key, predicate in (
        ("mapping_set_title", DCTERMS.title),
        ("mapping_set_description", DCTERMS.description),
        ("mapping_date", DCTERMS.date),
    ):
        if meta.get(key):
            graph.add((set_node, predicate, Literal(str(meta[key]))))
    if meta.get("license"):
        graph.add((set_node, DCTERMS.license, URIRef(str(meta["license"]))))
    for creator in meta.get("creator_label") or []:
        graph.add((set_node, DCTERMS.creator, Literal(str(creator))))
    for key, predicate in (("subject_source", CW.subjectSource), ("object_source", CW.objectSource)):
        if meta.get(key):
            graph.add((set_node, predicate, URIRef(str(meta[key]))))
    if mapping_set.path is not None:
        graph.add((set_node, PROV.wasDerivedFrom, Literal(f"mappings/{Path(mapping_set.path).name}")))

    seen: dict[str, int] = {}
    for row in mapping_set.rows:
        _add_row(graph, set_node, mapping_set, row, curie_map, file, seen, problems, vocab)
    return graph


def _add_row(
    graph: TripleList,
    set_node: URIRef,
    mapping_set: MappingSetFile,
    row: MappingRow,
    curie_map: dict[str, str],
    file: str,
    seen: dict[str, int],
    problems: list[Problem],
    v: Vocabulary,
) -> None:
    def problem(field: str | None, reason: str) -> None:
        problems.append(Problem(file, row.line or None, None, field, reason))

    node_iri = record_iri(mapping_set.set_id, row.record_id, curie_map)
    if node_iri in seen:
        problem("record_id", f"duplicate record_id {row.record_id!r} (first on line {seen[node_iri]})")
        return
    seen[node_iri] = row.line
    node = URIRef(node_iri)
    graph.add((node, RDF.type, CW.Mapping))
    graph.add((node, CW.inMappingSet, set_node))
    graph.add((node, CW.recordId, Literal(row.record_id)))
    if row.line:
        graph.add((node, CW.sourceRow, Literal(row.line)))

    for column, predicate in (("subject_id", CW.subject), ("object_id", CW.object)):
        value = getattr(row, column)
        iri = expand(value, curie_map)
        if iri is None:
            problem(column, f"{value!r} has a prefix not declared in the curie_map")
        else:
            graph.add((node, predicate, URIRef(iri)))

    predicate_iri = expand(row.predicate_id, curie_map)
    if predicate_iri is None:
        problem("predicate_id", f"{row.predicate_id!r} has a prefix not declared in the curie_map")
    else:
        graph.add((node, CW.skosPredicate, URIRef(predicate_iri)))
    justification = expand(row.mapping_justification, curie_map)
    if justification is None or not justification.startswith(ns.SEMAPV):
        problem("mapping_justification", f"{row.mapping_justification!r} is not a semapv term")
    else:
        graph.add((node, CW.justification, URIRef(justification)))

    style = v.styles.get(row.ir8477_style)
    if style is None:
        problem("ir8477_style", f"unknown style {row.ir8477_style!r}; expected one of {sorted(v.styles)}")
    else:
        graph.add((node, CW.mappingStyle, URIRef(style)))
        rel = v.relationships.get((row.ir8477_style, row.ir8477_relationship))
        if rel is None:
            allowed = sorted(n for s, n in v.relationships if s == row.ir8477_style)
            problem(
                "ir8477_relationship",
                f"{row.ir8477_relationship!r} is not a {row.ir8477_style} relationship; expected one of {allowed}",
            )
        else:
            graph.add((node, CW.relationship, URIRef(rel.iri)))
        if row.ir8477_style in v.styles_requiring_rationale and not row.ir8477_rationale:
            problem("ir8477_rationale", f"the {row.ir8477_style} style needs a rationale (IR 8477 §4.3)")

    for column, (scheme, predicate) in _CONCEPT_COLUMNS.items():
        value = getattr(row, column)
        if not value:
            continue
        concept = v.concept(scheme, value)
        if concept is None:
            problem(column, f"unknown value {value!r}; expected one of {sorted(v.schemes.get(scheme, {}))}")
        else:
            graph.add((node, predicate, URIRef(concept)))

    if row.ir8477_strength:
        try:
            strength = int(row.ir8477_strength)
        except ValueError:
            strength = -1
        if not 0 <= strength <= 10:
            problem("ir8477_strength", f"{row.ir8477_strength!r} is not an integer from 0 to 10")
        else:
            graph.add((node, CW.strength, Literal(strength)))
    if row.mapping_date:
        graph.add((node, DCTERMS.date, Literal(row.mapping_date, datatype=XSD.date)))
    for column, predicate in _LITERAL_COLUMNS.items():
        value = getattr(row, column)
        if value:
            graph.add((node, predicate, Literal(value)))
