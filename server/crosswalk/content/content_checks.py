"""The checks every load runs on its content: references between files, then SHACL, fast where it can be.

SHACL runs first in crosswalk.content.shacl_core over all the triples. Content it passes (the everyday case) needs
nothing more. Where it finds a violation, or meets a shape it cannot evaluate, pyshacl runs with just those shapes,
so every problem is reported with pyshacl's own result messages, as a load always reported them.

On a reload, only what changed is checked again: the changed files' nodes, the nodes they had before, and what
refers to them (two hops: the longest path the shapes follow). The rest was validated when it was stored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType

from pyoxigraph import BlankNode, NamedNode, RdfFormat, Triple, serialize
from rdflib import Graph

from crosswalk.content import namespaces as ns
from crosswalk.content import shacl_core
from crosswalk.content.frameworks import generated_versions
from crosswalk.content.graph_source import GraphSource
from crosswalk.content.mapping_records import Problem
from crosswalk.content.resources import ContentRoot
from crosswalk.content.validation import shacl_problems, shapes_subset, unknown_element_problems

IN_VERSION = NamedNode(ns.ONTOLOGY + "inVersion")
ENDS = ((NamedNode(ns.ONTOLOGY + "subject"), "subject_id"), (NamedNode(ns.ONTOLOGY + "object"), "object_id"))
SHAPE_HOPS = 2


def content_problems(
    sources: Sequence[GraphSource], root: ContentRoot, previous: set[str] | None = None, *, shacl: bool = True
) -> list[Problem]:
    """Every problem of the content, located in its file. ``previous``: on a reload, the subjects the changed
    graphs had when stored (None: check everything); ``shacl``: False when the files had problems already."""
    origin_of: dict[str, str] = {}
    line_of: dict[str, int] = {}
    for source in sources:
        file = _display(source)
        for triple in source.triples:
            origin_of.setdefault(shacl_core.node_key(triple.subject), file)
        line_of.update(source.lines)
    changed = [s for s in sources if not s.reused and s.graph != ns.ONTOLOGY_GRAPH]
    known = {t.subject.value for s in sources for t in s.triples if t.predicate == IN_VERSION}  # type: ignore[union-attr]
    catalogs_changed = previous is None or any(not s.graph.startswith(ns.GRAPH + "mappings/") for s in changed)
    problems: list[Problem] = []
    unread = _unread_versions(known)
    for source in sources:
        if source.graph.startswith(ns.GRAPH + "mappings/") and (catalogs_changed or not source.reused):
            problems += dangling_problems(source.triples, known, origin_of, line_of, unread, _display(source))
    if problems or not shacl:  # SHACL on data with known row errors would only repeat them
        return problems
    focus = None if previous is None else affected(sources, changed, previous)
    triples = [triple for source in sources for triple in source.triples]
    violations, unsupported = shacl_core.check(triples, root, focus)
    recheck = sorted({v.shape for v in violations} | set(unsupported))
    if not recheck:
        return []
    found = shacl_problems(_rdflib(triples), origin_of, line_of, root, shapes_subset(recheck, root))
    return [p for p in found if focus is None or (p.node or "") in focus]


def affected(sources: Sequence[GraphSource], changed: Sequence[GraphSource], previous: set[str]) -> set[str]:
    """The nodes to validate again: the changed graphs' subjects, and what refers to them (or to the subjects they
    had before) within SHAPE_HOPS."""
    nodes = {shacl_core.node_key(t.subject) for source in changed for t in source.triples}
    frontier = nodes | previous
    kept = [t for source in sources if source.reused for t in source.triples]
    for _ in range(SHAPE_HOPS):
        referring = {
            shacl_core.node_key(t.subject)
            for t in kept
            if isinstance(t.object, NamedNode | BlankNode) and shacl_core.node_key(t.object) in frontier
        }
        frontier = referring - nodes
        nodes |= referring
    return nodes


def _unread_versions(known: set[str]) -> dict[str, str]:
    """Registered versions (IRI -> key) of which no element was read: their catalog is missing or did not parse,
    which is reported on its own, so every reference into them would only repeat it."""
    prefixes = {element.rpartition("/")[0] for element in known}
    return {
        spec.iri: spec.key
        for spec in generated_versions()
        if spec.iri not in prefixes and not any(p.startswith(spec.iri + "/") for p in prefixes)
    }


def dangling_problems(
    triples: Iterable[Triple],
    known: set[str],
    origin_of: dict[str, str],
    line_of: dict[str, int],
    unread: Mapping[str, str] = MappingProxyType({}),
    file: str = "?",
) -> list[Problem]:
    """Records whose subject or object names no element (validation.unknown_element_problems over these triples).
    References into an ``unread`` version (IRI -> key) are counted, one problem per version, not listed."""
    ends = [
        (triple.subject.value, field, triple.object.value)  # type: ignore[union-attr]
        for predicate, field in ENDS
        for triple in triples
        if triple.predicate == predicate
    ]
    skipped: dict[str, int] = {}
    if unread:
        checked = []
        for end in ends:
            version = next((v for v in unread if end[2].startswith(v + "/")), None)
            if version is None:
                checked.append(end)
            else:
                skipped[version] = skipped.get(version, 0) + 1
        ends = checked
    problems = unknown_element_problems(ends, known, origin_of, line_of)
    for version, count in skipped.items():
        reason = f"{count} reference(s) into {unread[version]} not checked: its catalog could not be read"
        problems.append(Problem(file, None, None, None, reason))
    return problems


def _rdflib(triples: list[Triple]) -> Graph:
    """The content as one rdflib graph, for pyshacl (only when there is something to report)."""
    graph = Graph()
    data = serialize(triples, format=RdfFormat.N_TRIPLES) or b""
    graph.parse(data=data, format="nt")
    return graph


def _display(source: GraphSource) -> str:
    return display_path(source.file)


def display_path(path: Path) -> str:
    """A file as problems name it: relative to the working directory where it is under it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
