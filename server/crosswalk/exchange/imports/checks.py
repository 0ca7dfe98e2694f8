"""Checks an import must pass before anything is written: references, SHACL, and clashes with what is loaded.

References: an IRI in our element namespace must name a loaded element (the message suggests the closest ones).
IRIs outside it are a third party's own concepts and are allowed. SHACL then runs on the imported records with
the ontology, every end typed cw:Element in the validation copy only (loaded elements are, by the reference
check; foreign concepts are the third party's), so the mapping shapes apply unchanged without re-validating
whole catalogs.
"""

from __future__ import annotations

from pyoxigraph import NamedNode
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.content.mapping_records import Problem
from crosswalk.content.namespaces import is_public_graph
from crosswalk.content.validation import dangling_reference_problems, ontology_graph, shacl_problems
from crosswalk.exchange.imports.common import CW, ImportedSet
from crosswalk.store.base import GraphStore
from crosswalk.store.base import text_of as value

BATCH = 400


def known_elements(store: GraphStore) -> set[str]:
    return {value(r, "element") or "" for r in store.select(queries.text("api/element-iris"))}


def reference_problems(imported: ImportedSet, file: str, known: set[str]) -> list[Problem]:
    """Ends in our element namespace that name no loaded element, with the closest ids as suggestions."""
    graph = imported.graph
    foreign = {str(o) for o in _ends(graph) if not str(o).startswith(ns.ID)}
    return dangling_reference_problems(graph, known | foreign, _origin(imported, file), imported.lines)


def shape_problems(imported: ImportedSet, file: str) -> list[Problem]:
    data = Graph()
    data += imported.graph
    data += ontology_graph()  # the vocabulary's concepts and classes, which the shapes test values against
    for iri in _ends(imported.graph):  # loaded elements (checked first) and foreign concepts alike
        data.add((iri, RDF.type, CW.Element))
    return shacl_problems(data, _origin(imported, file), imported.lines)


def _ends(graph: Graph) -> set[URIRef]:
    return {o for p in (CW.subject, CW.object) for o in graph.objects(None, p) if isinstance(o, URIRef)}


def _origin(imported: ImportedSet, file: str) -> dict[str, str]:
    return {str(s): imported.where.get(str(s), file) for s in imported.graph.subjects()}


def clashes(store: GraphStore, imported: ImportedSet, file: str) -> list[Problem]:
    """A set or record IRI already in another graph would be duplicated; re-importing into its own graph is fine."""
    problems = []
    for row in store.select(queries.text("api/mapping-set-graphs")):
        graph = value(row, "graph") or ""
        if graph == imported.graph_iri:
            continue
        if value(row, "set") == imported.iri or value(row, "id") == imported.id:
            where = graph.removeprefix(ns.GRAPH) if is_public_graph(graph) else "another graph"
            problems.append(
                Problem(file, None, imported.iri, None, f"mapping set {imported.id!r} is already loaded ({where})")
            )
    if problems:
        return problems
    records = [str(r) for r in imported.graph.subjects(RDF.type, CW.Mapping)]
    elsewhere: dict[str, str] = {}
    for start in range(0, len(records), BATCH):
        bound = {"resource": [NamedNode(i) for i in records[start : start + BATCH]]}
        for row in store.select(queries.text("api/resource-triples"), bound):
            if (value(row, "graph") or "") != imported.graph_iri:
                elsewhere.setdefault(value(row, "resource") or "", value(row, "graph") or "")
    return [
        Problem(file, imported.lines.get(record), record, "record_id", f"record {record} already exists in {graph}")
        for record, graph in elsewhere.items()
    ]
