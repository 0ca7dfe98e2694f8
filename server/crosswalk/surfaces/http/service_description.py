"""The SPARQL 1.1 Service Description (https://www.w3.org/TR/sparql11-service-description/) of an endpoint.

What it says: the language (SPARQL 1.1 Query; no update, no SERVICE), the result formats, the default dataset
(every public named graph with its title, version and triple count; the default graph is their union), and the
named queries of queries/ as SHACL SPARQL executables with their text, in the form the SPARQL examples of
sib-swiss/sparql-examples use (``sh:select`` / ``sh:construct`` / ``sh:ask``, ``rdfs:comment``, ``schema:target``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from urllib.parse import quote

import pyoxigraph
from pyoxigraph import BlankNode, Literal, NamedNode, Triple

from crosswalk.content import queries
from crosswalk.engine.graph_catalog import GraphInfo
from crosswalk.surfaces.http.negotiation import GRAPH_OFFERS, RESULT_OFFERS
from crosswalk.surfaces.http.sparql_guard import query_form

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"
SH = "http://www.w3.org/ns/shacl#"
SCHEMA = "https://schema.org/"
DCTERMS = "http://purl.org/dc/terms/"
RDF_TYPE = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL_VERSION = NamedNode("http://www.w3.org/2002/07/owl#versionInfo")
PREFIXES = {
    "sd": SD, "formats": FORMATS, "void": VOID, "sh": SH, "schema": SCHEMA, "dcterms": DCTERMS, "rdfs": RDFS,
    "owl": "http://www.w3.org/2002/07/owl#", "ent": "http://www.w3.org/ns/entailment/",
}  # fmt: skip

# W3C's names of the formats (https://www.w3.org/ns/formats/), for the media types the endpoint writes.
FORMAT_IRIS = {
    "application/sparql-results+json": "SPARQL_Results_JSON",
    "application/sparql-results+xml": "SPARQL_Results_XML",
    "text/csv": "SPARQL_Results_CSV",
    "text/tab-separated-values": "SPARQL_Results_TSV",
    "text/turtle": "Turtle",
    "application/n-triples": "N-Triples",
    "application/ld+json": "JSON-LD",
    "application/rdf+xml": "RDF_XML",
}
# The SHACL executable class and text property of each query form.
EXECUTABLES = {
    "SELECT": ("SPARQLSelectExecutable", "select"),
    "CONSTRUCT": ("SPARQLConstructExecutable", "construct"),
    "ASK": ("SPARQLAskExecutable", "ask"),
}
SERIALISATIONS = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
}


def _n(namespace: str, local: str) -> NamedNode:
    return NamedNode(namespace + local)


def _string(value: str | int) -> Literal:
    return Literal(str(value)) if isinstance(value, str) else Literal(str(value), datatype=_n(
        "http://www.w3.org/2001/XMLSchema#", "integer"))  # fmt: skip


def describe_service(
    endpoint: str, graphs: Sequence[GraphInfo], own_graphs: Sequence[str] = (), editor: str | None = None
) -> list[Triple]:
    """The description of ``endpoint``: ``graphs`` are the public graphs, ``own_graphs`` an organization's (listed
    by name only); ``editor`` is the query editor's address, where each named query opens."""
    service = NamedNode(endpoint)
    dataset = NamedNode(endpoint + "#dataset")
    default_graph = NamedNode(endpoint + "#default-graph")
    out = [
        Triple(service, RDF_TYPE, _n(SD, "Service")),
        Triple(service, _n(SD, "endpoint"), service),
        Triple(service, _n(SD, "supportedLanguage"), _n(SD, "SPARQL11Query")),
        Triple(service, _n(SD, "feature"), _n(SD, "UnionDefaultGraph")),
        Triple(service, _n(SD, "defaultEntailmentRegime"), NamedNode("http://www.w3.org/ns/entailment/Simple")),
        Triple(service, _n(SD, "defaultDataset"), dataset),
        Triple(service, _n(DCTERMS, "description"), _string(
            "Read-only SPARQL 1.1 Query endpoint (no update, no SERVICE). The default graph is the union of the "
            "named graphs; default-graph-uri and named-graph-uri choose others.")),
        Triple(dataset, RDF_TYPE, _n(SD, "Dataset")),
        Triple(dataset, RDF_TYPE, _n(VOID, "Dataset")),
        Triple(dataset, _n(SD, "defaultGraph"), default_graph),
        Triple(default_graph, RDF_TYPE, _n(SD, "Graph")),
        Triple(default_graph, _n(DCTERMS, "description"), _string("the union of the named graphs")),
    ]  # fmt: skip
    for media_type in (*RESULT_OFFERS, *GRAPH_OFFERS):
        out.append(Triple(service, _n(SD, "resultFormat"), _n(FORMATS, FORMAT_IRIS[media_type])))
    for info in graphs:
        out += _named_graph(dataset, info.graph, info)
    for graph in own_graphs:
        out += _named_graph(dataset, graph, None)
    out += named_queries(service, editor)
    return out


def _named_graph(dataset: NamedNode, name: str, info: GraphInfo | None) -> list[Triple]:
    entry, graph = BlankNode(), BlankNode()
    out = [
        Triple(dataset, _n(SD, "namedGraph"), entry),
        Triple(entry, RDF_TYPE, _n(SD, "NamedGraph")),
        Triple(entry, _n(SD, "name"), NamedNode(name)),
        Triple(entry, _n(SD, "graph"), graph),
        Triple(graph, RDF_TYPE, _n(SD, "Graph")),
    ]
    if info is not None:
        out += [
            Triple(graph, _n(DCTERMS, "title"), _string(info.title)),
            Triple(graph, _n(VOID, "triples"), _string(info.triples)),
        ]
        if info.version:
            out.append(Triple(graph, OWL_VERSION, _string(info.version)))
    return out


def named_queries(service: NamedNode, editor: str | None) -> Iterable[Triple]:
    for name, query in queries.registry().items():
        if not query.public:
            continue
        kind, text_property = EXECUTABLES.get(query_form(query.text) or "SELECT", EXECUTABLES["SELECT"])
        node = NamedNode(f"{editor}?example={quote(name)}") if editor else NamedNode(f"{service.value}#query-{name}")
        yield Triple(node, RDF_TYPE, _n(SH, "SPARQLExecutable"))
        yield Triple(node, RDF_TYPE, _n(SH, kind))
        yield Triple(node, _n(DCTERMS, "identifier"), _string(name))
        yield Triple(node, _n(RDFS, "label"), _string(query.title))
        if query.description:
            yield Triple(node, _n(RDFS, "comment"), _string(query.description))
        yield Triple(node, _n(SH, text_property), _string(query.text))
        yield Triple(node, _n(SCHEMA, "target"), service)


def serialise(triples: Sequence[Triple], media_type: str) -> bytes:
    return pyoxigraph.serialize(triples, format=SERIALISATIONS[media_type], prefixes=PREFIXES) or b""
