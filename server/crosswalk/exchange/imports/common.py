"""What every importer produces: mapping sets as RDF graphs, each bound for its own named graph."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, XSD

from crosswalk.content import namespaces as ns
from crosswalk.content.mapping_records import Problem
from crosswalk.content.rejection import Rejected

CW = Namespace(ns.ONTOLOGY)
ALIAS_SET = CW.aliasSet  # true on a set whose exactMatch rows say a foreign id is one of our elements
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


@dataclass(frozen=True)
class RowNote:
    """What became of one row of a lenient import: 'changed' (imported with a stated change) or 'skipped'."""

    line: int
    outcome: str
    reason: str


@dataclass
class ImportOptions:
    """How to read a file. Lenient (the default) skips or mends rows and says so; ``strict`` rejects the whole file.

    ``skip``: rows (line or entry number -> reason) a previous pass found wrong, left out of the next pass.
    ``alias``: the set states that foreign ids are our elements (skos:exactMatch rows), see engine.mapping_index.
    """

    strict: bool = False
    curie_map: dict[str, str] = field(default_factory=dict)
    alias: bool = False
    skip: dict[int, str] = field(default_factory=dict)
    changes: dict[int, list[str]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    row_lines: set[int] = field(default_factory=set)
    # OSCAL catalogs: the framework id and version slug of the new version, and its CURIE prefix (else derived).
    framework: str | None = None
    version: str | None = None
    prefix: str | None = None
    # OSCAL profiles: the version whose elements the profile selects.
    selects: str | None = None
    name: str | None = None  # the selection's id (default: from the file name)

    def change(self, line: int, reason: str) -> None:
        self.changes.setdefault(line, []).append(reason)

    def warn(self, text: str) -> None:
        if text not in self.warnings:
            self.warnings.append(text)

    def notes(self) -> list[RowNote]:
        skipped = [RowNote(line, "skipped", reason) for line, reason in self.skip.items()]
        changed = [RowNote(line, "changed", "; ".join(r)) for line, r in self.changes.items() if line not in self.skip]
        return sorted(skipped + changed, key=lambda n: n.line)


_TEXT_OPTIONS = ("framework", "version", "prefix", "selects", "name")


def options_params(options: ImportOptions) -> list[tuple[str, str]]:
    """The options as query parameters of POST /imports (what `crosswalk import --server` sends)."""
    params = [(flag, "true") for flag in ("strict", "alias") if getattr(options, flag)]
    params += [(key, str(getattr(options, key))) for key in _TEXT_OPTIONS if getattr(options, key)]
    if options.curie_map:
        params.append(("curie_map", json.dumps(options.curie_map)))
    return params


def options_from_params(params: Mapping[str, str]) -> ImportOptions:
    """The options a request states; ValueError on a curie map that is not a JSON object of prefix -> IRI."""
    curie_map = json.loads(params.get("curie_map") or "{}")
    if not isinstance(curie_map, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and v.startswith(("http://", "https://", "urn:"))
        for k, v in curie_map.items()
    ):
        raise ValueError("curie_map must be a JSON object of prefix -> namespace IRI")
    return ImportOptions(
        strict=params.get("strict") == "true", alias=params.get("alias") == "true", curie_map=curie_map,
        **{key: params.get(key) or None for key in _TEXT_OPTIONS},  # type: ignore[arg-type]
    )  # fmt: skip


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
