"""SHACL validation of catalogs and mapping records, reported as located problems.

pyshacl is imported when it first runs: a load whose content the fast evaluator (shacl_core) passes never needs it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from functools import cache

from rdflib import BNode, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH
from rdflib.term import Node

from crosswalk.content import namespaces as ns
from crosswalk.content.mapping_records import Problem
from crosswalk.content.resources import ContentRoot, content_root

CW = Namespace(ns.ONTOLOGY)


def shapes_graph(root: ContentRoot | None = None) -> Graph:
    """The SHACL shapes of ``root`` (default: the package's own content), read once per root."""
    return _shapes(root or content_root())


def ontology_graph(root: ContentRoot | None = None) -> Graph:
    """The vocabulary and its controlled values: what SHACL needs to know about classes and concepts."""
    return _ontology(root or content_root())


@cache
def _shapes(root: ContentRoot) -> Graph:
    graph = Graph()
    graph.parse(root.ontology / "shapes.ttl", format="turtle")
    return graph


@cache
def _ontology(root: ContentRoot) -> Graph:
    graph = Graph()
    graph.parse(root.ontology / "crosswalk.ttl", format="turtle")
    graph.parse(root.ontology / "vocab.ttl", format="turtle")
    return graph


def shacl_problems(
    data: Graph,
    origin_of: dict[str, str],
    line_of: dict[str, int],
    root: ContentRoot | None = None,
    shapes: Graph | None = None,
) -> list[Problem]:
    """Validate ``data`` (catalogs and mappings together) and locate each violation in its file; ``shapes``: some
    of the root's shapes (``shapes_subset``) instead of all."""
    from pyshacl import validate

    conforms, report, _ = validate(
        data,
        shacl_graph=shapes if shapes is not None else shapes_graph(root),
        ont_graph=ontology_graph(root),
        inference="none",
        allow_warnings=True,
        advanced=True,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = str(report.value(result, SH.focusNode))
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        reason = str(message) if message else "does not conform"
        if value is not None and str(value) not in reason:
            reason += f" (value: {value})"
        problems.append(
            Problem(
                file=origin_of.get(focus, "?"),
                line=line_of.get(focus),
                node=focus,
                field=short_iri(str(path)) if path is not None else None,
                reason=reason,
            )
        )
    return sorted(problems, key=lambda p: (p.file, p.line or 0, p.node or "", p.field or ""))


def shapes_subset(shape_iris: Iterable[str], root: ContentRoot | None = None) -> Graph:
    """The named node shapes of ``root`` with everything they hold (their blank nodes and lists), and the prefixes:
    pyshacl reports the same results and messages for them as with every shape loaded."""
    shapes = shapes_graph(root)
    subset = Graph(bind_namespaces="none")
    for prefix, namespace in shapes.namespaces():
        subset.bind(prefix, namespace, override=True, replace=True)
    todo: list[Node] = [URIRef(iri) for iri in shape_iris]
    seen: set[Node] = set()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in shapes.triples((node, None, None)):
            subset.add(triple)
            if isinstance(triple[2], BNode):
                todo.append(triple[2])
    return subset


def dangling_reference_problems(
    mappings: Graph, known_elements: set[str], origin_of: dict[str, str], line_of: dict[str, int]
) -> list[Problem]:
    """Subjects and objects that name no element, with the closest known ids as suggestions."""
    ends = (
        (str(record), field, str(target))
        for predicate, field in ((CW.subject, "subject_id"), (CW.object, "object_id"))
        for record, target in mappings.subject_objects(predicate)
    )
    return unknown_element_problems(ends, known_elements, origin_of, line_of)


def unknown_element_problems(
    ends: Iterable[tuple[str, str, str]], known: set[str], origin_of: dict[str, str], line_of: dict[str, int]
) -> list[Problem]:
    """Each (record, field, element IRI) whose element is not ``known``, with the closest known ids of the same
    version as suggestions: a catalog that failed to read leaves thousands of references dangling, and comparing
    each with every known element took minutes."""
    in_version: dict[str, list[str]] = {}
    for element in known:
        in_version.setdefault(element.rpartition("/")[0], []).append(element)
    problems = []
    for record, field, iri in ends:
        if iri in known:
            continue
        close = difflib.get_close_matches(iri, in_version.get(iri.rpartition("/")[0], ()), n=3, cutoff=0.8)
        hint = f"; did you mean {', '.join(_local(c) for c in close)}?" if close else ""
        problems.append(
            Problem(
                file=origin_of.get(record, "?"),
                line=line_of.get(record),
                node=record,
                field=field,
                reason=f"unknown element {_local(iri)}{hint}",
            )
        )
    return problems


def element_iris(graph: Graph) -> set[str]:
    return {str(s) for s in graph.subjects(CW.inVersion, None) if isinstance(s, URIRef)}


def _local(iri: str) -> str:
    return iri.removeprefix(ns.ID)


def short_iri(iri: str) -> str:
    """cw:, dcterms: or skos: CURIE of an IRI in those namespaces, for messages."""
    for prefix, base in (("cw", ns.ONTOLOGY), ("dcterms", str(DCTERMS)), ("skos", ns.SKOS)):
        if iri.startswith(base):
            return f"{prefix}:{iri[len(base) :]}"
    return iri
