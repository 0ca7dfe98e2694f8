"""Shared helpers for catalog generators: one place that knows how an element is written as RDF."""

from __future__ import annotations

import importlib
import json
import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from crosswalk.content import namespaces as ns
from crosswalk.content.frameworks import FrameworkVersionSpec

CW = Namespace(ns.ONTOLOGY)
CWV = Namespace(ns.VOCAB)


def slug(text: str) -> str:
    """A lower-case IRI-safe slug for names that have no notation of their own (actors, topics)."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class ReferenceDataError(ValueError):
    """Reference data a generator cannot read: the file or folder, and why."""

    def __init__(self, path: Path, reason: str) -> None:
        self.path, self.reason = path, reason
        super().__init__(f"{path}: {reason}")


def load_json(path: Path) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return json.load(handle)
    except FileNotFoundError as error:
        raise ReferenceDataError(path, "missing") from error
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ReferenceDataError(path, f"not valid JSON: {error}") from error


@dataclass
class Locator:
    """Where an element stands in its source document."""

    document: str
    section: str | None = None
    table: str | None = None
    page: str | None = None
    pdf_page: int | None = None


@dataclass
class CatalogBuilder:
    """Accumulates one framework version's catalog as an rdflib graph."""

    spec: FrameworkVersionSpec
    graph: Graph = field(default_factory=Graph)

    def __post_init__(self) -> None:
        g = self.graph
        g.bind("cw", CW)
        g.bind("cwv", CWV)
        g.bind("skos", SKOS)
        g.bind("dcterms", DCTERMS)
        g.bind("prov", PROV)
        g.bind("owl", OWL)
        g.bind(self.spec.prefix, Namespace(self.spec.element_base))
        g.bind("cwid", Namespace(ns.ID))

    # -- framework and version -------------------------------------------------------------
    def framework(self, title: str, description: str, publisher: str) -> URIRef:
        fw = URIRef(self.spec.framework_iri)
        g = self.graph
        g.add((fw, RDF.type, CW.Framework))
        g.add((fw, DCTERMS.identifier, Literal(self.spec.framework)))
        g.add((fw, DCTERMS.title, Literal(title, lang="en")))
        g.add((fw, DCTERMS.description, Literal(description, lang="en")))
        g.add((fw, DCTERMS.publisher, Literal(publisher)))
        g.add((fw, CW.hasVersion, URIRef(self.spec.iri)))
        return fw

    def version(
        self,
        *,
        title: str,
        version_label: str,
        publisher: str,
        issued: str,
        status: str,
        completeness: str,
        license_iri: str,
        attribution: str,
        source: str,
        derived_from: list[str],
        latest: bool = True,
        completeness_note: str | None = None,
        description: str | None = None,
    ) -> URIRef:
        v = URIRef(self.spec.iri)
        g = self.graph
        g.add((v, RDF.type, CW.FrameworkVersion))
        g.add((v, DCTERMS.identifier, Literal(self.spec.key)))
        g.add((v, CW.versionOf, URIRef(self.spec.framework_iri)))
        g.add((v, DCTERMS.title, Literal(title, lang="en")))
        g.add((v, CW.versionLabel, Literal(version_label)))
        g.add((v, DCTERMS.publisher, Literal(publisher)))
        g.add((v, DCTERMS.issued, Literal(issued, datatype=XSD.date)))
        g.add((v, CW.status, CWV[f"status-{status}"]))
        g.add((v, CW.completeness, CWV[f"completeness-{completeness}"]))
        g.add((v, DCTERMS.license, URIRef(license_iri)))
        g.add((v, CW.attribution, Literal(attribution)))
        g.add((v, DCTERMS.source, URIRef(source)))
        g.add((v, CW.isLatestVersion, Literal(latest)))
        for item in derived_from:
            g.add((v, PROV.wasDerivedFrom, Literal(item)))
        if completeness_note:
            g.add((v, CW.completenessNote, Literal(completeness_note, lang="en")))
        if description:
            g.add((v, DCTERMS.description, Literal(description, lang="en")))
        return v

    # -- elements --------------------------------------------------------------------------
    def iri(self, local_id: str) -> URIRef:
        return URIRef(self.spec.element_base + local_id)

    def element(
        self,
        kind: str,
        local_id: str,
        *,
        locator: Locator,
        notation: str | None = None,
        label: str | None = None,
        statement: str | None = None,
        parent: URIRef | None = None,
        order: int | None = None,
        fidelity: str = "verbatim",
    ) -> URIRef:
        """Add an element. ``statement`` is the document's own text; ``fidelity`` says if it is not."""
        node = self.iri(local_id)
        g = self.graph
        g.add((node, RDF.type, CW[kind]))
        g.add((node, CW.inVersion, URIRef(self.spec.iri)))
        g.add((node, DCTERMS.identifier, Literal(local_id)))
        if notation is not None:
            g.add((node, SKOS.notation, Literal(notation)))
        if label is not None:
            g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        if statement is not None:
            g.add((node, CW.statement, Literal(statement, lang="en")))
            g.add((node, CW.textFidelity, CWV[f"fidelity-{fidelity}"]))
        if parent is not None:
            g.add((node, CW.partOf, parent))
        if order is not None:
            g.add((node, CW.order, Literal(order)))
        self.locate(node, locator)
        return node

    def locate(self, node: URIRef, locator: Locator) -> None:
        g = self.graph
        g.add((node, CW.sourceDocument, Literal(locator.document)))
        if locator.section:
            g.add((node, CW.sourceSection, Literal(locator.section)))
        if locator.table:
            g.add((node, CW.sourceTable, Literal(locator.table)))
        if locator.page:
            g.add((node, CW.sourcePage, Literal(locator.page)))
        if locator.pdf_page is not None:
            g.add((node, CW.sourcePdfPage, Literal(locator.pdf_page)))

    def add(self, subject: URIRef, predicate: URIRef, obj: URIRef | Literal | BNode) -> None:
        self.graph.add((subject, predicate, obj))

    def text(self, subject: URIRef, predicate: URIRef, value: str) -> None:
        self.graph.add((subject, predicate, Literal(value, lang="en")))

    def concept(self, scheme_slug: str, label: str, cls: URIRef = SKOS.Concept) -> URIRef:
        """A shared concept (AI actor, topic, ...) under the vocab namespace, declared where it is used."""
        node = CWV[f"{scheme_slug}/{slug(label)}"]
        g = self.graph
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        g.add((node, SKOS.inScheme, CWV[scheme_slug]))
        g.add((CWV[scheme_slug], RDF.type, SKOS.ConceptScheme))
        return node

    def ai_actor(self, label: str) -> URIRef:
        return self.concept("ai-actor", label, CW.AIActor)

    def finish(self) -> Graph:
        """Record the element count on the version node and return the graph."""
        count = sum(1 for _ in self.graph.subjects(CW.inVersion, URIRef(self.spec.iri)))
        self.graph.add((URIRef(self.spec.iri), CW.elementCount, Literal(count)))
        return self.graph


class TripleList:
    """What a CatalogBuilder needs of a graph, as a plain list of triples: an import of a whole catalog builds tens of
    thousands of triples, and rdflib's indexed store is what made that slow. ``oxigraph`` gives them as pyoxigraph
    triples for the store; ``graph`` as an rdflib graph where a caller wants one (tests, comparisons)."""

    def __init__(self) -> None:
        self.triples: list[tuple[Any, Any, Any]] = []

    def add(self, triple: tuple[Any, Any, Any]) -> None:
        self.triples.append(triple)

    def bind(self, *_: Any) -> None:
        return None

    def subjects(self, predicate: Any, obj: Any) -> Iterable[Any]:
        return [s for s, p, o in self.triples if p == predicate and o == obj]

    def __contains__(self, triple: tuple[Any, Any, Any]) -> bool:
        return triple in set(self.triples)

    def oxigraph(self) -> list[Any]:
        import pyoxigraph as ox

        made: dict[Any, Any] = {}  # predicates, versions and parents recur: each term is converted once

        def term(t: Any) -> Any:
            found = made.get(t)
            if found is None:
                if isinstance(t, URIRef):
                    found = ox.NamedNode(str(t))
                elif t.language:
                    found = ox.Literal(str(t), language=t.language)
                else:
                    found = ox.Literal(str(t), datatype=ox.NamedNode(str(t.datatype)) if t.datatype else None)
                made[t] = found
            return found

        return [ox.Triple(term(s), term(p), term(o)) for s, p, o in dict.fromkeys(self.triples)]


def build_catalog(spec: FrameworkVersionSpec, reference_dir: Path) -> Graph:
    """Build a version's catalog through its spec's generator string ("module:function")."""
    module_name, _, function = spec.generator.partition(":")
    graph: Graph = getattr(importlib.import_module(module_name), function)(reference_dir)
    return graph


def catalog_text(spec: FrameworkVersionSpec, reference_dir: Path) -> str:
    """A version's catalog as the Turtle its file holds."""
    return build_catalog(spec, reference_dir).serialize(format="turtle")


def write_whole(texts: Mapping[Path, str]) -> list[Path]:
    """Write each file whole: a temporary file beside it, renamed over it, so none is ever left half written."""
    for path, text in texts.items():
        scratch = path.with_name(f".{path.name}.tmp")
        scratch.write_text(text, encoding="utf-8")
        os.replace(scratch, path)
    return list(texts)


def write_catalogs(specs: Iterable[FrameworkVersionSpec], reference_dir: Path, catalogs_dir: Path) -> list[Path]:
    """Write each version's catalog as ``<catalogs_dir>/<framework>-<version>.ttl``."""
    return write_whole({catalogs_dir / spec.catalog_file: catalog_text(spec, reference_dir) for spec in specs})


__all__ = [
    "CW", "CWV", "DCTERMS", "RDFS", "SKOS", "CatalogBuilder", "Locator", "ReferenceDataError", "build_catalog",
    "catalog_text", "load_json", "slug", "write_catalogs", "write_whole",
]  # fmt: skip
