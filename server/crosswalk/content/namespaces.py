"""IRIs of the vocabulary, the data and the named graphs, in one place so every module agrees."""

from __future__ import annotations

import re

ONTOLOGY = "https://w3id.org/crosswalk/ontology#"
VOCAB = "https://w3id.org/crosswalk/vocab/"
BASE = "https://w3id.org/crosswalk/"
ID = BASE + "id/"
MAPPINGS = BASE + "mappings/"
GRAPH = BASE + "graph/"

SKOS = "http://www.w3.org/2004/02/skos/core#"
DCTERMS = "http://purl.org/dc/terms/"
PROV = "http://www.w3.org/ns/prov#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SEMAPV = "https://w3id.org/semapv/vocab/"
SSSOM = "https://w3id.org/sssom/"

ONTOLOGY_GRAPH = GRAPH + "ontology"

# Prefixes used in SPARQL, Turtle output and SSSOM curie maps.
PREFIXES: dict[str, str] = {
    "cw": ONTOLOGY,
    "cwv": VOCAB,
    "cwmap": MAPPINGS,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "semapv": SEMAPV,
}


def framework_iri(framework: str) -> str:
    return f"{ID}{framework}"


def version_iri(framework: str, version: str) -> str:
    return f"{ID}{framework}/{version}"


def element_iri(framework: str, version: str, local_id: str) -> str:
    return f"{ID}{framework}/{version}/{local_id}"


def catalog_graph(framework: str, version: str) -> str:
    return f"{GRAPH}catalog/{framework}/{version}"


def mapping_set_iri(set_id: str) -> str:
    return f"{MAPPINGS}{set_id}"


def mapping_set_graph(set_id: str) -> str:
    return f"{GRAPH}mappings/{set_id}"


# Imported third-party mapping sets: one graph each, never touched by `crosswalk load`.
IMPORTED_GRAPH_PREFIX = GRAPH + "imported/"


def imported_graph(set_id: str) -> str:
    return f"{IMPORTED_GRAPH_PREFIX}{set_id}"


# Imported OSCAL catalogs as framework versions: framework ids "imported/<slug>", graphs beside the imported sets.
IMPORTED_FRAMEWORK_PREFIX = "imported/"


IMPORTED_CATALOG_PREFIX = IMPORTED_GRAPH_PREFIX + "catalog/"
IMPORTED_SELECTION_PREFIX = IMPORTED_GRAPH_PREFIX + "selection/"  # OSCAL profiles' selections of a catalog


def imported_catalog_graph(framework: str, version: str) -> str:
    return f"{IMPORTED_CATALOG_PREFIX}{framework.removeprefix(IMPORTED_FRAMEWORK_PREFIX)}/{version}"


# Mapping suggestions and the curators' decisions on them: one graph per target set, kept by a reload (a review
# queue is work in progress, not content) and private (curators read it through GraphQL; /sparql never sees it).
SUGGESTIONS = BASE + "suggestions/"
SUGGESTION_GRAPH_PREFIX = GRAPH + "suggestions/"


def suggestion_graph(set_id: str) -> str:
    return f"{SUGGESTION_GRAPH_PREFIX}{set_id}"


INFERRED_GRAPH = GRAPH + "inferred"
# The store's own bookkeeping (the generation marker every write replaces): private, never a public graph.
META_GRAPH = GRAPH + "meta"
# The markers of the public graphs' writes alone, one per kind of read model built from them: catalogs (element
# ids, structure, declared versions) and mappings (the mapping index), so an imported mapping set rebuilds only the
# index. Under META_GRAPH, so never listed.
CATALOGS_META_GRAPH = GRAPH + "meta/catalogs"
MAPPINGS_META_GRAPH = GRAPH + "meta/mappings"
# What the last load read: each file's graph and content hash (content/fingerprints.py); private, written with the
# graphs it describes.
LOAD_STATE_GRAPH = GRAPH + "meta/load"
# Graphs the loader owns: replaced on every load, dropped when their file is gone.
MANAGED_GRAPH_PREFIXES = (GRAPH + "catalog/", GRAPH + "mappings/", GRAPH + "curation/", INFERRED_GRAPH)
# The public graphs: the ontology, what the loader manages, and imported sets (public too, but kept by a reload).
# Everything else (an organization's evidence and history) is private.
PUBLIC_GRAPH_PREFIXES = (ONTOLOGY_GRAPH, *MANAGED_GRAPH_PREFIXES, IMPORTED_GRAPH_PREFIX)


def is_public_graph(graph: str) -> bool:
    return graph.startswith(PUBLIC_GRAPH_PREFIXES)


# Public graphs of mapping records (the loader's sets, curation, inferred chains, imported sets); the other public
# graphs describe catalogs (the ontology, the loader's and imported catalogs, profile selections).
MAPPING_GRAPH_PREFIXES = (GRAPH + "mappings/", GRAPH + "curation/", INFERRED_GRAPH)


def is_mapping_graph(graph: str) -> bool:
    if graph.startswith(IMPORTED_GRAPH_PREFIX):
        return not graph.startswith((IMPORTED_CATALOG_PREFIX, IMPORTED_SELECTION_PREFIX))
    return graph.startswith(MAPPING_GRAPH_PREFIXES)


# An absolute http(s) IRI a user typed (a license, a query binding): no spaces nor characters an IRI may not hold.
HTTP_IRI = re.compile(r"https?://[^\s<>\"{}|\\^`]+")
