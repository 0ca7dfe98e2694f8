"""SSSOM rows to mapping records in RDF: every row becomes a cw:Mapping node carrying all its fields.

Problems are collected per row (file, line, field, reason) rather than raised one at a time, so a curator
sees every error of a file in one run.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, NamedNode, RdfFormat, Triple, serialize
from rdflib import Graph, Namespace

from crosswalk.content import namespaces as ns
from crosswalk.content.sssom_tsv import MappingRow, MappingSetFile
from crosswalk.content.vocabulary import Vocabulary, vocabulary

CW = Namespace(ns.ONTOLOGY)  # rdflib terms, for the callers that read a set's rdflib graph


class _Terms:
    """pyoxigraph named nodes by local name: ``_C.subject`` is cw:subject (the records are built as pyoxigraph
    triples, the terms a load writes, with no rdflib term in between)."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> NamedNode:
        node = NamedNode(self._base + name)
        setattr(self, name, node)
        return node


_C = _Terms(ns.ONTOLOGY)
_DCTERMS = _Terms(ns.DCTERMS)
_PROV = _Terms(ns.PROV)
_RDF_TYPE = NamedNode(ns.RDF + "type")
_RDFS_COMMENT = NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
_XSD_DATE = NamedNode("http://www.w3.org/2001/XMLSchema#date")


def _named(iri: str, problem: Callable[[str], None]) -> NamedNode | None:
    """A node for an IRI the file gives; None, and a problem, where it is no IRI (a space, say)."""
    try:
        return NamedNode(iri)
    except ValueError:
        problem(f"{iri!r} is not a valid IRI")
        return None


# SSSOM text column -> (vocab scheme, record property); looked up, not switched on.
_CONCEPT_COLUMNS = {
    "ir8477_rationale": ("rationale", _C.rationale),
    "ir8477_property": ("relationship-property", _C.relationshipProperty),
    "mapping_provenance": ("provenance", _C.provenance),
    "review_status": ("review-status", _C.reviewStatus),
}
_LITERAL_COLUMNS = {
    "author_label": _DCTERMS.creator,
    "reviewer_label": _C.reviewer,
    "comment": _RDFS_COMMENT,
    "relationship_explanation": _C.explanation,
    "subject_label": _C.subjectLabel,
    "object_label": _C.objectLabel,
    "predicate_modifier": _C.predicateModifier,
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


class TripleList(list[Triple]):
    """The triples of a set as a plain list, built like a Graph (``add``) but without an index."""

    def add(self, triple: tuple[NamedNode, NamedNode, NamedNode | Literal]) -> None:
        self.append(Triple(*triple))


def to_graph(mapping_set: MappingSetFile, problems: list[Problem], vocab: Vocabulary | None = None) -> Graph:
    """The set's RDF as an rdflib graph (for pyshacl); append every problem found to ``problems``."""
    graph = Graph()
    graph.parse(data=serialize(to_triples(mapping_set, problems, vocab), format=RdfFormat.N_TRIPLES), format="nt")
    return graph


def to_triples(mapping_set: MappingSetFile, problems: list[Problem], vocab: Vocabulary | None = None) -> list[Triple]:
    """The set's RDF as pyoxigraph triples, each once (what a load writes); every problem appended to ``problems``."""
    vocab = vocab or vocabulary()
    file = str(mapping_set.path or mapping_set.set_id)
    curie_map = mapping_set.curie_map
    graph = TripleList()
    set_node = _named(
        ns.mapping_set_iri(mapping_set.set_id),
        lambda reason: problems.append(Problem(file, None, None, "mapping_set_id", reason)),
    )
    if set_node is None:
        return []  # nothing of the set can be named
    meta = mapping_set.metadata
    graph.add((set_node, _RDF_TYPE, _C.MappingSet))
    graph.add((set_node, _DCTERMS.identifier, Literal(mapping_set.set_id)))
    for key, predicate in (
        ("mapping_set_title", _DCTERMS.title),
        ("mapping_set_description", _DCTERMS.description),
        ("mapping_date", _DCTERMS.date),
    ):
        if meta.get(key):
            graph.add((set_node, predicate, Literal(str(meta[key]))))

    def header_iri(key: str) -> NamedNode | None:
        return _named(str(meta[key]), lambda reason: problems.append(Problem(file, None, None, key, reason)))

    if meta.get("license") and (license_node := header_iri("license")) is not None:
        graph.add((set_node, _DCTERMS.license, license_node))
    for creator in meta.get("creator_label") or []:
        graph.add((set_node, _DCTERMS.creator, Literal(str(creator))))
    for key, predicate in (("subject_source", _C.subjectSource), ("object_source", _C.objectSource)):
        if meta.get(key) and (source := header_iri(key)) is not None:
            graph.add((set_node, predicate, source))
    if mapping_set.path is not None:
        graph.add((set_node, _PROV.wasDerivedFrom, Literal(f"mappings/{Path(mapping_set.path).name}")))

    seen: dict[str, int] = {}
    for row in mapping_set.rows:
        _add_row(graph, set_node, mapping_set, row, curie_map, file, seen, problems, vocab)
    return list(dict.fromkeys(graph))  # a graph's semantics: each triple once


def _add_row(
    graph: TripleList,
    set_node: NamedNode,
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
    node = _named(node_iri, functools.partial(problem, "record_id"))
    if node is None:
        return
    graph.add((node, _RDF_TYPE, _C.Mapping))
    graph.add((node, _C.inMappingSet, set_node))
    graph.add((node, _C.recordId, Literal(row.record_id)))
    if row.line:
        graph.add((node, _C.sourceRow, Literal(row.line)))

    for column, predicate in (("subject_id", _C.subject), ("object_id", _C.object)):
        value = getattr(row, column)
        iri = expand(value, curie_map)
        if iri is None:
            problem(column, f"{value!r} has a prefix not declared in the curie_map")
        elif (end := _named(iri, functools.partial(problem, column))) is not None:
            graph.add((node, predicate, end))

    predicate_iri = expand(row.predicate_id, curie_map)
    if predicate_iri is None:
        problem("predicate_id", f"{row.predicate_id!r} has a prefix not declared in the curie_map")
    elif (predicate_node := _named(predicate_iri, functools.partial(problem, "predicate_id"))) is not None:
        graph.add((node, _C.skosPredicate, predicate_node))
    justification = expand(row.mapping_justification, curie_map)
    if justification is None or not justification.startswith(ns.SEMAPV):
        problem("mapping_justification", f"{row.mapping_justification!r} is not a semapv term")
    elif (justification_node := _named(justification, functools.partial(problem, "mapping_justification"))) is not None:
        graph.add((node, _C.justification, justification_node))

    style = v.styles.get(row.ir8477_style)
    if style is None:
        problem("ir8477_style", f"unknown style {row.ir8477_style!r}; expected one of {sorted(v.styles)}")
    else:
        graph.add((node, _C.mappingStyle, NamedNode(style)))
        rel = v.relationships.get((row.ir8477_style, row.ir8477_relationship))
        if rel is None:
            allowed = sorted(n for s, n in v.relationships if s == row.ir8477_style)
            problem(
                "ir8477_relationship",
                f"{row.ir8477_relationship!r} is not a {row.ir8477_style} relationship; expected one of {allowed}",
            )
        else:
            graph.add((node, _C.relationship, NamedNode(rel.iri)))
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
            graph.add((node, predicate, NamedNode(concept)))

    if row.ir8477_strength:
        try:
            strength = int(row.ir8477_strength)
        except ValueError:
            strength = -1
        if not 0 <= strength <= 10:
            problem("ir8477_strength", f"{row.ir8477_strength!r} is not an integer from 0 to 10")
        else:
            graph.add((node, _C.strength, Literal(strength)))
    if row.mapping_date:
        graph.add((node, _DCTERMS.date, Literal(row.mapping_date, datatype=_XSD_DATE)))
    for column, predicate in _LITERAL_COLUMNS.items():
        value = getattr(row, column)
        if value:
            graph.add((node, predicate, Literal(value)))
