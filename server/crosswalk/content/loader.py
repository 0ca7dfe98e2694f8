"""Reading the content: ontology, catalogs, mapping sets and curation of one content root, validated as a whole.

Every file is read and validated before anything is returned; a single problem raises LoadError, so a caller that
writes only what this returns never writes a partial load. The vocabulary, chain rules and SHACL shapes used are
the root's own, the same ones the catalogs and sets being read were written against.

Turtle is parsed by pyoxigraph straight into the triples that are written, and mapping sets are built as pyoxigraph
triples (rdflib builds only the curation files' RDF). A file the caller says is stored unchanged (``reuse``) is not
read again: its stored triples stand in for it, and only what changed, and what refers to it, is validated again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Namespace, URIRef
from rdflib import Literal as RDFLiteral
from rdflib.exceptions import ParserError
from rdflib.term import Node

from crosswalk.content import namespaces as ns
from crosswalk.content import sssom_tsv
from crosswalk.content.chain_rules import ChainRules, chain_rules
from crosswalk.content.content_checks import content_problems
from crosswalk.content.content_checks import display_path as _display
from crosswalk.content.curation import CURATION_LOADERS
from crosswalk.content.frameworks import generated_versions
from crosswalk.content.graph_source import GraphSource
from crosswalk.content.mapping_records import Problem, to_triples
from crosswalk.content.rejection import Rejected
from crosswalk.content.resources import ContentRoot, content_root
from crosswalk.content.text_files import NotUtf8Text
from crosswalk.content.validation import shapes_graph
from crosswalk.content.vocabulary import vocabulary

CW = Namespace(ns.ONTOLOGY)
SOURCE_ROW = pyoxigraph.NamedNode(ns.ONTOLOGY + "sourceRow")

Progress = Callable[[str], None]
StoredGraph = Callable[[str], list[pyoxigraph.Triple]]  # a graph's triples as the store holds them


class LoadError(Rejected[Problem]):
    """The files do not validate; nothing was written."""

    outcome = "the store was not changed"


@dataclass
class ValidatedContent:
    """A root's graphs, every one validated, ready to be written; ``rules`` are the root's chain rules;
    ``files``: the file each graph (but the ontology's) comes from; ``reused``: graphs stored unchanged."""

    root: ContentRoot
    graphs: dict[str, list[pyoxigraph.Triple]]
    rules: ChainRules
    files: dict[Path, str] = field(default_factory=dict)
    reused: set[str] = field(default_factory=set)


def _quiet(_: str) -> None:
    return None


def read_content(
    root: ContentRoot | None = None,
    progress: Progress = _quiet,
    reuse: dict[Path, str] | None = None,
    stored: StoredGraph | None = None,
) -> ValidatedContent:
    """Read and validate every file of ``root`` (default: the package's content); raise LoadError on any problem.

    ``reuse`` (file -> graph) names files stored unchanged, whose triples ``stored`` gives instead of a read.
    """
    root = root or content_root()
    reuse = reuse if stored is not None else None
    problems: list[Problem] = []
    for name, read in (("vocab.ttl", vocabulary), ("shapes.ttl", shapes_graph)):
        with _parse_guard(root.ontology / name, problems):
            read(root)  # what every other file is read or checked against: nothing can be checked without them
    if problems:
        raise LoadError(problems)
    sources = list(_read_sources(root, problems, progress, reuse or {}, stored))
    progress("validating")
    previous = _previous_subjects(sources, stored) if reuse else None
    problems += content_problems(sources, root, previous, shacl=not problems)
    if problems:
        raise LoadError(problems)
    return ValidatedContent(
        root,
        {source.graph: source.triples for source in sources},
        chain_rules(root),
        {source.file: source.graph for source in sources if source.graph != ns.ONTOLOGY_GRAPH},
        {source.graph for source in sources if source.reused},
    )


def _previous_subjects(sources: list[GraphSource], stored: StoredGraph | None) -> set[str] | None:
    """Subjects the changed graphs had when last stored (what an unchanged graph may have referred to)."""
    if stored is None:
        return None
    return {
        triple.subject.value  # type: ignore[union-attr]
        for source in sources
        if not source.reused
        for triple in stored(source.graph)
    }


def _read_sources(
    root: ContentRoot, problems: list[Problem], progress: Progress, reuse: dict[Path, str], stored: StoredGraph | None
) -> Iterator[GraphSource]:
    vocab = vocabulary(root)
    progress("reading the ontology")
    ontology: list[pyoxigraph.Triple] = []
    for name in ("crosswalk.ttl", "vocab.ttl"):
        ontology += _turtle(root.ontology / name, problems)
    try:
        ontology += oxigraph_triples(chain_rules(root).as_rdf())
    except (OSError, ValueError, KeyError) as error:
        problems.append(Problem(_display(root.ontology / "chain-rules.tsv"), None, None, None, str(error)))
    yield GraphSource(ns.ONTOLOGY_GRAPH, root.ontology / "crosswalk.ttl", ontology)

    for spec in generated_versions():  # an imported catalog is the store's, not the content root's
        path = root.catalogs / spec.catalog_file
        if path in reuse and stored is not None:
            yield GraphSource(reuse[path], path, stored(reuse[path]), reused=True)
            continue
        progress(f"reading catalog {spec.key}")
        if not path.exists():
            problems.append(Problem(_display(path), None, None, None, "catalog missing; run `crosswalk generate`"))
            continue
        yield GraphSource(spec.graph, path, _turtle(path, problems))

    set_files: dict[str, Path] = {}  # graph -> the file it was read from: two files with one set id would be one graph
    for path in sorted(root.mappings.glob("*.sssom.tsv")):
        if path in reuse and stored is not None:
            if reuse[path] in set_files:  # a new file took this set's id (it sorts before this one)
                problems.append(_same_set_id(set_files[reuse[path]], path))
                continue
            triples = stored(reuse[path])
            set_files[reuse[path]] = path
            yield GraphSource(reuse[path], path, triples, _source_rows(triples), reused=True)
            continue
        progress(f"reading mapping set {path.name}")
        try:
            mapping_set = sssom_tsv.read(path)
        except sssom_tsv.SSSOMFormatError as error:
            problems.append(Problem(_display(path), error.line, None, None, error.message))
            continue
        set_graph = ns.mapping_set_graph(mapping_set.set_id)
        if set_graph in set_files:
            problems.append(_same_set_id(path, set_files[set_graph]))
            continue
        triples = to_triples(mapping_set, problems, vocab)
        if triples:  # none when the set's id makes no IRI (to_triples said so): it has no graph to be read into
            set_files[set_graph] = path
            yield GraphSource(set_graph, path, triples, _source_rows(triples))

    for pattern, read_curation in CURATION_LOADERS.items():
        for path in sorted(root.curation.glob(pattern)):
            if path in reuse and stored is not None:
                yield GraphSource(reuse[path], path, stored(reuse[path]), reused=True)
                continue
            progress(f"reading curation {path.name}")
            try:
                graph, lines = read_curation(path, problems, vocab)
            except NotUtf8Text as error:
                problems.append(Problem(_display(path), error.line, None, None, error.message))
                continue
            yield GraphSource(ns.GRAPH + "curation/" + path.name.split(".")[0], path, oxigraph_triples(graph), lines)


def _same_set_id(path: Path, other: Path) -> Problem:
    """Two files that declare one mapping_set_id would be one graph, one's records silently replacing the other's."""
    return Problem(
        _display(path), None, None, "mapping_set_id", f"the same mapping_set_id as {other.name}; give each set its own"
    )


def _source_rows(triples: list[pyoxigraph.Triple]) -> dict[str, int]:
    return {t.subject.value: int(t.object.value) for t in triples if t.predicate == SOURCE_ROW}  # type: ignore[union-attr]


def _turtle(path: Path, problems: list[Problem]) -> list[pyoxigraph.Triple]:
    with _parse_guard(path, problems):
        parsed = pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE, rename_blank_nodes=True)
        return [quad.triple for quad in parsed]
    return []


@contextmanager
def _parse_guard(path: Path, problems: list[Problem]) -> Iterator[None]:
    try:
        yield
    except (ParserError, SyntaxError, ValueError, OSError) as error:
        problems.append(Problem(_display(path), None, None, None, f"not valid Turtle: {error}"))


def oxigraph_triples(graph: Iterable[tuple[Node, Node, Node]]) -> list[pyoxigraph.Triple]:
    """An rdflib graph's triples as pyoxigraph triples, term by term (no serialisation round trip)."""
    terms: dict[Node, pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal] = {}

    def term(node: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
        found = terms.get(node)
        if found is None:
            if isinstance(node, URIRef):
                found = pyoxigraph.NamedNode(str(node))
            elif isinstance(node, BNode):
                found = pyoxigraph.BlankNode(str(node))
            elif isinstance(node, RDFLiteral):
                if node.language:
                    found = pyoxigraph.Literal(str(node), language=node.language)
                elif node.datatype is not None:
                    found = pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
                else:
                    found = pyoxigraph.Literal(str(node))
            else:
                raise TypeError(f"not an RDF term: {node!r}")
            terms[node] = found
        return found

    triples = (pyoxigraph.Triple(term(s), term(p), term(o)) for s, p, o in graph)  # type: ignore[arg-type]
    return list(dict.fromkeys(triples))  # a graph's semantics: each triple once


def to_oxigraph(graph: Graph) -> list[pyoxigraph.Triple]:
    return oxigraph_triples(graph)
