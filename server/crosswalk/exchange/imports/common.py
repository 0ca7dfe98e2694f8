"""What every importer produces: mapping sets as RDF graphs, each bound for its own named graph."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from crosswalk.content import namespaces as ns
from crosswalk.content.mapping_records import Problem
from crosswalk.content.rejection import Rejected

CW = Namespace(ns.ONTOLOGY)
IMPORTED = URIRef(ns.VOCAB + "provenance-imported")
_SLUG = re.compile(r"[^a-z0-9._-]+")


@dataclass
class ImportedSet:
    """One mapping set read from a file: its RDF (records and set node) and where each record came from."""

    iri: str
    id: str
    graph: Graph
    lines: dict[str, int] = field(default_factory=dict)  # record IRI -> line (or entry number) in the file
    where: dict[str, str] = field(default_factory=dict)  # record IRI -> location in a JSON file ("file $.path")

    @property
    def graph_iri(self) -> str:
        return ns.imported_graph(self.id)

    @property
    def node(self) -> URIRef:
        return URIRef(self.iri)


class ImportRejected(Rejected[Problem]):
    """The file does not validate; nothing was written."""

    outcome = "nothing was imported"


def slug(text: str) -> str:
    """A set id for the graph name: the last path segment of the set's IRI, lower-case and IRI-safe."""
    last = text.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    for suffix in (".sssom.tsv", ".sssom.json", ".tsv", ".json"):
        last = last.removesuffix(suffix)
    return _SLUG.sub("-", last.lower()).strip("-") or "set"


def minted_record_id(*parts: str) -> str:
    return "r-" + hashlib.sha1("|".join(parts).encode("utf-8")).hexdigest()[:16]


def mark_imported(graph: Graph) -> None:
    """Every record says it was imported; the provenance the file stated is kept as cw:declaredProvenance."""
    for record in set(graph.subjects(RDF.type, CW.Mapping)):
        stated = graph.value(record, CW.provenance)
        graph.remove((record, CW.provenance, None))
        graph.add((record, CW.provenance, IMPORTED))
        if stated is not None and stated != IMPORTED and graph.value(record, CW.declaredProvenance) is None:
            graph.add((record, CW.declaredProvenance, stated))


def add_file_provenance(imported: ImportedSet, file_name: str, digest: str, media_type: str, when: str) -> None:
    """PROV-O on the set: derived from the file (a content-addressed entity with its name), generated at ``when``."""
    entity = URIRef(f"urn:sha256:{digest}")
    graph = imported.graph
    graph.add((imported.node, PROV.wasDerivedFrom, entity))
    graph.add((imported.node, PROV.generatedAtTime, Literal(when, datatype=XSD.dateTime)))
    graph.add((entity, RDF.type, PROV.Entity))
    graph.add((entity, DCTERMS.title, Literal(file_name)))
    graph.add((entity, DCTERMS.identifier, Literal(f"sha256:{digest}")))
    graph.add((entity, DCTERMS.format, Literal(media_type)))


def comparable(graph: Graph) -> Graph:
    """A mapping set's graph minus what an import adds or a file position decides, for round-trip comparison.

    Dropped: cw:sourceRow (a line number), the set's prov:* statements and the file entity (where the set was read
    from). Folded back: an imported record's cw:provenance 'imported' plus cw:declaredProvenance X become
    cw:provenance X. Everything else, every record field and every set field, must match exactly.
    """
    out = Graph()
    sets = set(graph.subjects(RDF.type, CW.MappingSet))
    files = {o for s in sets for o in graph.objects(s, PROV.wasDerivedFrom) if isinstance(o, URIRef)}
    for s, p, o in graph:
        if p == CW.sourceRow or s in files or (s in sets and str(p).startswith(str(PROV))):
            continue
        if p == CW.provenance and o == IMPORTED and graph.value(s, CW.declaredProvenance) is not None:
            continue
        if p == CW.declaredProvenance:
            out.add((s, CW.provenance, o))
            continue
        out.add((s, p, o))
    return out
