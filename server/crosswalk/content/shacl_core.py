"""A fast validator for the SHACL Core components our shapes use, for bulk evidence imports and content loads.

pyshacl validates about 200 evidence items a second; an import of 10,000 would take a minute, a content load of
110,000 triples half a minute. This evaluates the same shapes (ontology/shapes.ttl) over an in-memory index of the
data: targets sh:targetClass (with subclasses) and sh:targetSubjectsOf; property shapes with a predicate or sequence
path and sh:minCount, sh:maxCount, sh:datatype (with the lexical form checked), sh:nodeKind, sh:in, sh:class,
sh:pattern, sh:minInclusive, sh:maxInclusive, sh:hasValue, sh:equals and a property-level sh:or of such constraints;
node-level sh:or of such shapes; sh:message. A shape that uses anything else and targets a node of the data is
reported as unsupported, and the caller falls back to pyshacl (for that shape). The test suite checks both engines
agree.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Collection as Sized
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

from pyoxigraph import BlankNode, Literal, NamedNode, RdfFormat, Triple, parse
from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from crosswalk.content.resources import ContentRoot, content_root
from crosswalk.content.validation import ontology_graph, shapes_graph

SUPPORTED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH.nodeKind, SH["in"], SH["class"], SH.pattern,
    SH.minInclusive, SH.maxInclusive, SH.hasValue, SH.equals, SH.message, SH.property, SH["or"], SH.targetClass,
    SH.targetSubjectsOf, RDF.type, SH.name, SH.description,
}  # fmt: skip
LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"
SH_IRI = str(SH.IRI)
# The constraints on each value node (the others are on the set of values).
VALUE_LEVEL = {"datatype", "nodeKind", "in", "class", "pattern", "minInclusive", "maxInclusive"}
# Lexical forms of the datatypes the shapes name: pyshacl rejects an ill-formed literal of the right datatype too.
LEXICAL = {
    str(XSD.integer): re.compile(r"[+-]?[0-9]+"),
    str(XSD.decimal): re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"),
    str(XSD.boolean): re.compile(r"true|false|1|0"),
    str(XSD.date): re.compile(r"-?[0-9]{4,}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])(Z|[+-][0-9]{2}:[0-9]{2})?"),
}

Path = tuple[str, ...]  # a predicate, or a sequence of predicates


class Unsupported(Exception):
    """The shapes need a component this engine does not evaluate."""


@dataclass(frozen=True)
class Violation:
    focus: str
    path: str | None
    message: str
    shape: str = ""  # the node shape's IRI


@dataclass
class PropertyCheck:
    path: Path
    constraints: dict[str, object] = field(default_factory=dict)
    message: str | None = None
    alternatives: list[dict[str, object]] = field(default_factory=list)  # property-level sh:or: one per member

    @property
    def path_text(self) -> str:
        return "/".join(self.path)

    @cached_property
    def per_value(self) -> bool:
        """Whether any constraint looks at each value (else only the set of values is checked)."""
        return bool(self.alternatives) or not VALUE_LEVEL.isdisjoint(self.constraints)


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


def _path(graph: Graph, path: object) -> Path:
    if isinstance(path, URIRef):
        return (str(path),)
    if isinstance(path, BNode) and graph.value(path, RDF.first) is not None:
        steps = list(Collection(graph, path))
        if steps and all(isinstance(step, URIRef) for step in steps):
            return tuple(str(step) for step in steps)
    raise Unsupported(f"property shape with a complex path ({path})")


def _constraints(graph: Graph, node: object, check: PropertyCheck | None) -> dict[str, object]:
    """The constraints on ``node`` (a property shape, or a member of a property-level sh:or when check is None)."""
    found: dict[str, object] = {}
    for predicate, value in graph.predicate_objects(node):  # type: ignore[arg-type]
        if predicate not in SUPPORTED or (check is None and predicate in (SH["or"], SH.path, SH.message)):
            raise Unsupported(f"component {predicate}")
        if predicate == SH["in"]:
            found["in"] = {_term(v) for v in Collection(graph, value)}
        elif predicate == SH["or"] and check is not None:
            check.alternatives = [_constraints(graph, member, None) for member in Collection(graph, value)]
        elif predicate == SH.message and check is not None:
            check.message = str(value)
        elif predicate not in (SH.path, SH.name, SH.description):
            found[str(predicate).removeprefix(str(SH))] = _term(value)
    return found


def _property(graph: Graph, node: object) -> PropertyCheck:
    check = PropertyCheck(_path(graph, graph.value(node, SH.path)))  # type: ignore[call-overload]
    check.constraints = _constraints(graph, node, check)
    return check


def compiled(root: ContentRoot | None = None) -> tuple[list[NodeShape], dict[str, set[str]]]:
    """The shapes of ``root`` (default: the package's content) and its class hierarchy, compiled once per root."""
    return _compiled(root or content_root())


@cache
def _compiled(root: ContentRoot) -> tuple[list[NodeShape], dict[str, set[str]]]:
    graph = shapes_graph(root)
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
    return sorted(shapes, key=lambda s: s.iri), _subclasses(root)


def _subclasses(root: ContentRoot) -> dict[str, set[str]]:
    """class -> itself and every subclass, from the ontology."""
    graph = ontology_graph(root)
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


def node_key(term: object) -> str:
    """A subject's key in the index: the IRI, or _:id for a blank node (never mixed up with an IRI)."""
    if isinstance(term, BlankNode):
        return "_:" + term.value
    return term.value  # type: ignore[attr-defined]


class _Index:
    def __init__(self, triples: Iterable[Triple], root: ContentRoot) -> None:
        self.values: dict[str, dict[str, list[object]]] = defaultdict(lambda: defaultdict(list))
        self.types: dict[str, set[str]] = defaultdict(set)
        self.subjects_of: dict[str, set[str]] = defaultdict(set)
        rdf_type = str(RDF.type)
        values = self.values
        for triple in dict.fromkeys(itertools.chain(_ontology_triples(root), triples)):  # each triple once
            term = triple.subject
            subject = term.value if type(term) is NamedNode else "_:" + term.value  # type: ignore[union-attr]
            predicate = triple.predicate.value
            values[subject][predicate].append(triple.object)
            self.subjects_of[predicate].add(subject)
            if predicate == rdf_type and isinstance(triple.object, NamedNode):
                self.types[subject].add(triple.object.value)
        for concept, classes in _vocabulary_types(root).items():
            self.types[concept] |= classes

    def follow(self, node: str, path: Path) -> list[object]:
        """The value nodes of ``path`` from ``node``, each once."""
        values = self.values[node].get(path[0], []) if node in self.values else []
        for predicate in path[1:]:
            reached: list[object] = []
            for value in values:
                if isinstance(value, NamedNode | BlankNode) and node_key(value) in self.values:
                    reached += self.values[node_key(value)].get(predicate, [])
            values = reached
        return list(dict.fromkeys(values)) if len(path) > 1 else values


@cache
def _ontology_triples(root: ContentRoot) -> tuple[Triple, ...]:
    """The ontology as triples: part of the data graph, as pyshacl's ont_graph is (paths through the vocabulary,
    such as a relationship's cw:style, need its values)."""
    data = ontology_graph(root).serialize(format="nt", encoding="utf-8")
    return tuple(quad.triple for quad in parse(data, format=RdfFormat.N_TRIPLES))


@cache
def _vocabulary_types(root: ContentRoot) -> dict[str, set[str]]:
    """The ontology's typed resources (concepts of the schemes), which sh:class checks on the batch refer to."""
    types: dict[str, set[str]] = defaultdict(set)
    for concept, cls in ontology_graph(root).subject_objects(RDF.type):
        types[str(concept)].add(str(cls))
    return dict(types)


def _value_problems(c: dict[str, object], value: object, index: _Index, subclasses: dict[str, set[str]]) -> list[str]:
    """What is wrong with one value node under constraints ``c`` (empty: it conforms)."""
    found = []
    text = value.value if isinstance(value, NamedNode | Literal | BlankNode) else str(value)
    if "datatype" in c:
        kind = value.datatype.value if isinstance(value, Literal) else None
        if isinstance(value, Literal) and value.language:
            kind = LANG_STRING
        lexical = LEXICAL.get(str(c["datatype"]))
        if kind != c["datatype"] or (lexical is not None and not lexical.fullmatch(text)):
            found.append(f"value {text!r} is not of datatype {c['datatype']}")
    if c.get("nodeKind") == SH_IRI and not isinstance(value, NamedNode):
        found.append(f"value {text!r} is not an IRI")
    if "in" in c and (isinstance(value, BlankNode) or text not in c["in"]):  # type: ignore[operator]
        found.append(f"value {text!r} is not one of the allowed values")
    if "class" in c:
        allowed = subclasses.get(str(c["class"]), {str(c["class"])})
        if isinstance(value, Literal) or not index.types.get(node_key(value), set()) & allowed:
            found.append(f"value {text!r} is not a {c['class']}")
    if "pattern" in c and (isinstance(value, BlankNode) or not re.search(str(c["pattern"]), text)):
        found.append(f"value {text!r} does not match {c['pattern']}")
    if "minInclusive" in c or "maxInclusive" in c:
        try:
            if not isinstance(value, Literal):
                raise ValueError(text)
            number = float(text)
        except ValueError:
            found.append(f"value {text!r} is not a number")
            return found
        if "minInclusive" in c and number < float(c["minInclusive"]):  # type: ignore[arg-type]
            found.append(f"value {text!r} is below {c['minInclusive']}")
        if "maxInclusive" in c and number > float(c["maxInclusive"]):  # type: ignore[arg-type]
            found.append(f"value {text!r} is above {c['maxInclusive']}")
    return found


def _violations(
    check: PropertyCheck, node: str, values: list[object], index: _Index, subclasses: dict[str, set[str]]
) -> list[str]:
    found = []
    c = check.constraints
    if "minCount" in c and len(values) < int(c["minCount"]):  # type: ignore[call-overload]
        found.append(f"fewer than {c['minCount']} values")
    if "maxCount" in c and len(values) > int(c["maxCount"]):  # type: ignore[call-overload]
        found.append(f"more than {c['maxCount']} values")
    if "hasValue" in c and not any(getattr(v, "value", v) == c["hasValue"] for v in values):
        found.append(f"missing the value {c['hasValue']}")
    if "equals" in c and set(values) != set(index.follow(node, (str(c["equals"]),))):
        found.append(f"values differ from those of {c['equals']}")
    if not check.per_value:
        return found
    for value in values:
        found += _value_problems(c, value, index, subclasses)
        if check.alternatives and all(_value_problems(a, value, index, subclasses) for a in check.alternatives):
            found.append(f"value {getattr(value, 'value', value)!r} conforms to none of sh:or")
    return found


def validate(triples: list[Triple], root: ContentRoot | None = None) -> list[Violation]:
    """Violations of ontology/shapes.ttl by the triples; raises Unsupported when pyshacl must be used instead."""
    violations, unsupported = check(triples, root)
    if unsupported:
        raise Unsupported("; ".join(unsupported))
    return violations


def check(
    triples: Iterable[Triple], root: ContentRoot | None = None, focus_on: Sized[str] | None = None
) -> tuple[list[Violation], list[str]]:
    """(violations, IRIs of the shapes this engine cannot evaluate that have focus nodes in the data).

    ``focus_on`` keeps the focus nodes to those keys (IRIs, _:id for blank nodes): what changed since the last
    validation and what refers to it. The whole data is still indexed, so references into the rest resolve.
    """
    root = root or content_root()
    shapes, subclasses = compiled(root)
    index = _Index(triples, root)
    violations: list[Violation] = []
    unsupported: list[str] = []
    members: dict[str, set[str]] = defaultdict(set)  # class -> its instances that are subjects in the data
    for node, types in index.types.items():
        if node in index.values:
            for cls in types:
                members[cls].add(node)
    for shape in shapes:
        focus: set[str] = set()
        for cls in shape.target_classes:
            for member in subclasses.get(cls, {cls}):
                focus |= members.get(member, set())
        for predicate in shape.target_subjects_of:
            focus |= index.subjects_of.get(predicate, set())
        if focus_on is not None:
            focus = {node for node in focus if node in focus_on}
        if not focus:
            continue
        if shape.unsupported:
            unsupported.append(shape.iri)
            continue
        for node in sorted(focus):
            for check_ in shape.properties:
                values = index.follow(node, check_.path)
                for problem in _violations(check_, node, values, index, subclasses):
                    message = check_.message or shape.message or problem
                    violations.append(Violation(node, check_.path_text, message, shape.iri))
            for alternatives in shape.alternatives:
                if all(_violations(c, node, index.follow(node, c.path), index, subclasses) for c in alternatives):
                    violations.append(Violation(node, None, shape.message or "conforms to none of sh:or", shape.iri))
    return violations, unsupported
