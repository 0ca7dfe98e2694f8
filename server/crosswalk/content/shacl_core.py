"""A fast validator for the SHACL Core components our shapes use, for bulk evidence imports.

pyshacl validates about 200 evidence items a second; an import of 10,000 would take a minute. This evaluates the
same shapes (ontology/shapes.ttl) over an in-memory index of the batch: targets sh:targetClass (with subclasses)
and sh:targetSubjectsOf; property shapes with a single-predicate path and sh:minCount, sh:maxCount, sh:datatype,
sh:nodeKind, sh:in, sh:class, sh:pattern, sh:minInclusive, sh:maxInclusive, sh:hasValue; node-level sh:or of such
shapes; sh:message. A shape that uses anything else and targets a node of the batch is reported as unsupported, and
the caller falls back to pyshacl. The test suite checks both engines agree.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

from pyoxigraph import Literal, NamedNode, Triple
from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.collection import Collection
from rdflib.namespace import SH

from crosswalk.content.validation import ontology_graph, shapes_graph

SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["in"], SH["class"], SH.pattern,
    SH.minInclusive, SH.maxInclusive, SH.hasValue, SH.message, SH.property, SH["or"], SH.targetClass,
    SH.targetSubjectsOf, RDF.type, SH.name, SH.description,
}  # fmt: skip
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Unsupported(Exception):
    """The shapes need a component this engine does not evaluate."""


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str


@dataclass
class PropertyCheck:
    path: str
    constraints: dict[str, object] = field(default_factory=dict)
    message: str | None = None


@dataclass
class NodeShape:
    iri: str
    target_classes: set[str] = field(default_factory=set)
    target_subjects_of: set[str] = field(default_factory=set)
    properties: list[PropertyCheck] = field(default_factory=list)
    alternatives: list[list[PropertyCheck]] = field(default_factory=list)  # sh:or: one list per node-level or
    message: str | None = None
    unsupported: str | None = None


def _term(value: object) -> object:
    if isinstance(value, URIRef):
        return str(value)
    if isinstance(value, RDFLiteral):
        return value.toPython() if value.datatype and "integer" in str(value.datatype) else str(value)
    return value


def _property(graph: Graph, node: object) -> PropertyCheck:
    path = graph.value(node, SH.path)  # type: ignore[call-overload]
    if not isinstance(path, URIRef):
        raise Unsupported(f"property shape with a complex path ({path})")
    check = PropertyCheck(str(path))
    for predicate, value in graph.predicate_objects(node):  # type: ignore[arg-type]
        if predicate not in SUPPORTED:
            raise Unsupported(f"component {predicate}")
        if predicate == SH["in"]:
            check.constraints["in"] = {_term(v) for v in Collection(graph, value)}
        elif predicate == SH.message:
            check.message = str(value)
        elif predicate != SH.path:
            check.constraints[str(predicate).removeprefix(str(SH))] = _term(value)
    return check


@cache
def compiled() -> tuple[list[NodeShape], dict[str, set[str]]]:
    graph = shapes_graph()
    shapes = []
    for node in set(graph.subjects(RDF.type, SH.NodeShape)):
        shape = NodeShape(str(node))
        try:
            for predicate, value in graph.predicate_objects(node):
                if predicate == SH.targetClass:
                    shape.target_classes.add(str(value))
                elif predicate == SH.targetSubjectsOf:
                    shape.target_subjects_of.add(str(value))
                elif predicate == SH.property:
                    shape.properties.append(_property(graph, value))
                elif predicate == SH["or"]:
                    shape.alternatives.append([_property(graph, member) for member in Collection(graph, value)])
                elif predicate == SH.message:
                    shape.message = str(value)
                elif predicate not in SUPPORTED:
                    raise Unsupported(f"component {predicate}")
        except Unsupported as reason:
            shape.unsupported = str(reason)
        shapes.append(shape)
    return shapes, _subclasses()


def _subclasses() -> dict[str, set[str]]:
    """class -> itself and every subclass, from the ontology."""
    graph = ontology_graph()
    children: dict[str, set[str]] = defaultdict(set)
    for sub, sup in graph.subject_objects(RDFS.subClassOf):
        if isinstance(sub, URIRef) and isinstance(sup, URIRef) and not isinstance(sup, BNode):
            children[str(sup)].add(str(sub))
    closure: dict[str, set[str]] = {}
    for cls in list(children):
        seen, todo = {cls}, [cls]
        while todo:
            for child in children.get(todo.pop(), ()):
                if child not in seen:
                    seen.add(child)
                    todo.append(child)
        closure[cls] = seen
    return closure


class _Index:
    def __init__(self, triples: Iterable[Triple]) -> None:
        self.values: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        self.types: dict[str, set[str]] = defaultdict(set)
        self.subjects_of: dict[str, set[str]] = defaultdict(set)
        rdf_type = str(RDF.type)
        for triple in triples:
            subject = triple.subject.value  # type: ignore[union-attr]
            predicate = triple.predicate.value
            self.values[subject][predicate].append(triple.object)
            self.subjects_of[predicate].add(subject)
            if predicate == rdf_type and isinstance(triple.object, NamedNode):
                self.types[subject].add(triple.object.value)
        for concept, classes in _vocabulary_types().items():
            self.types[concept] |= classes


@cache
def _vocabulary_types() -> dict[str, set[str]]:
    """The ontology's typed resources (concepts of the schemes), which sh:class checks on the batch refer to."""
    types: dict[str, set[str]] = defaultdict(set)
    for concept, cls in ontology_graph().subject_objects(RDF.type):
        types[str(concept)].add(str(cls))
    return dict(types)


def _violations(
    check: PropertyCheck, values: list[object], index: _Index, subclasses: dict[str, set[str]]
) -> list[str]:
    found = []
    c = check.constraints
    if "minCount" in c and len(values) < int(c["minCount"]):  # type: ignore[call-overload]
        found.append(f"fewer than {c['minCount']} values")
    if "maxCount" in c and len(values) > int(c["maxCount"]):  # type: ignore[call-overload]
        found.append(f"more than {c['maxCount']} values")
    if "hasValue" in c and not any(getattr(v, "value", v) == c["hasValue"] for v in values):
        found.append(f"missing the value {c['hasValue']}")
    for value in values:
        text = value.value if isinstance(value, NamedNode | Literal) else str(value)
        if "datatype" in c:
            kind = value.datatype.value if isinstance(value, Literal) else None
            if isinstance(value, Literal) and value.language:
                kind = LANG_STRING
            if kind != c["datatype"]:
                found.append(f"value {text!r} is not of datatype {c['datatype']}")
        if c.get("nodeKind") == str(SH.IRI) and not isinstance(value, NamedNode):
            found.append(f"value {text!r} is not an IRI")
        if "in" in c and text not in c["in"]:  # type: ignore[operator]
            found.append(f"value {text!r} is not one of the allowed values")
        if "class" in c:
            allowed = subclasses.get(str(c["class"]), {str(c["class"])})
            if not index.types.get(text, set()) & allowed:
                found.append(f"value {text!r} is not a {c['class']}")
        if "pattern" in c and not re.search(str(c["pattern"]), text):
            found.append(f"value {text!r} does not match {c['pattern']}")
        if "minInclusive" in c or "maxInclusive" in c:
            try:
                number = float(text)
            except ValueError:
                found.append(f"value {text!r} is not a number")
                continue
            if "minInclusive" in c and number < float(c["minInclusive"]):  # type: ignore[arg-type]
                found.append(f"value {text!r} is below {c['minInclusive']}")
            if "maxInclusive" in c and number > float(c["maxInclusive"]):  # type: ignore[arg-type]
                found.append(f"value {text!r} is above {c['maxInclusive']}")
    return found


def validate(triples: list[Triple]) -> list[Violation]:
    """Violations of ontology/shapes.ttl by the triples; raises Unsupported when pyshacl must be used instead."""
    shapes, subclasses = compiled()
    index = _Index(triples)
    violations: list[Violation] = []
    for shape in shapes:
        focus: set[str] = set()
        for cls in shape.target_classes:
            for member in subclasses.get(cls, {cls}):
                focus |= {s for s, types in index.types.items() if member in types and s in index.values}
        for predicate in shape.target_subjects_of:
            focus |= index.subjects_of.get(predicate, set())
        if not focus:
            continue
        if shape.unsupported:
            raise Unsupported(f"{shape.iri}: {shape.unsupported}")
        for node in sorted(focus):
            values = index.values[node]
            for check in shape.properties:
                for problem in _violations(check, values.get(check.path, []), index, subclasses):
                    violations.append(Violation(node, check.path, check.message or shape.message or problem))
            for alternatives in shape.alternatives:
                if all(_violations(check, values.get(check.path, []), index, subclasses) for check in alternatives):
                    violations.append(Violation(node, None, shape.message or "conforms to none of sh:or"))
    return violations
