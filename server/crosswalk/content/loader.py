"""Reading the content: ontology, catalogs, mapping sets and curation of one content root, validated as a whole.

Every file is read and validated before anything is returned; a single problem raises LoadError, so a caller that
writes only what this returns never writes a partial load. The vocabulary, chain rules and SHACL shapes used are
the root's own, the same ones the catalogs and sets being read were written against.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Namespace
from rdflib.exceptions import ParserError

from crosswalk.content import namespaces as ns
from crosswalk.content import sssom_tsv
from crosswalk.content.chain_rules import ChainRules, chain_rules
from crosswalk.content.curation import CURATION_LOADERS
from crosswalk.content.frameworks import generated_versions
from crosswalk.content.mapping_records import Problem, to_graph
from crosswalk.content.rejection import Rejected
from crosswalk.content.resources import ContentRoot, content_root
from crosswalk.content.validation import dangling_reference_problems, element_iris, shacl_problems
from crosswalk.content.vocabulary import vocabulary

CW = Namespace(ns.ONTOLOGY)

Progress = Callable[[str], None]


class LoadError(Rejected[Problem]):
    """The files do not validate; nothing was written."""

    outcome = "the store was not changed"


@dataclass
class GraphSource:
    """One named graph to load and the file it comes from."""

    graph: str
    file: Path
    rdf: Graph
    lines: dict[str, int] = field(default_factory=dict)


@dataclass
class ValidatedContent:
    """A root's graphs, every one validated, ready to be written; ``rules`` are the root's chain rules."""

    root: ContentRoot
    graphs: dict[str, list[pyoxigraph.Triple]]
    rules: ChainRules


def _quiet(_: str) -> None:
    return None


def read_content(root: ContentRoot | None = None, progress: Progress = _quiet) -> ValidatedContent:
    """Read and validate every file of ``root`` (default: the package's content); raise LoadError on any problem."""
    root = root or content_root()
    problems: list[Problem] = []
    sources = list(_read_sources(root, problems, progress))

    progress("validating")
    data = Graph()
    origin_of: dict[str, str] = {}
    line_of: dict[str, int] = {}
    for source in sources:
        data += source.rdf
        for subject in set(source.rdf.subjects()):
            origin_of.setdefault(str(subject), _display(source.file))
        line_of.update(source.lines)
    known = element_iris(data)
    for source in sources:
        if source.graph.startswith(ns.GRAPH + "mappings/"):
            problems += dangling_reference_problems(source.rdf, known, origin_of, line_of)
    if not problems:  # SHACL on a graph with known row errors would only repeat them
        problems += shacl_problems(data, origin_of, line_of, root)
    if problems:
        raise LoadError(problems)
    return ValidatedContent(root, {source.graph: to_oxigraph(source.rdf) for source in sources}, chain_rules(root))


def _read_sources(root: ContentRoot, problems: list[Problem], progress: Progress) -> Iterator[GraphSource]:
    vocab = vocabulary(root)
    progress("reading the ontology")
    ontology = Graph()
    for name in ("crosswalk.ttl", "vocab.ttl"):
        with _parse_guard(root.ontology / name, problems):
            ontology.parse(root.ontology / name, format="turtle")
    try:
        ontology += chain_rules(root).as_rdf()
    except (OSError, ValueError, KeyError) as error:
        problems.append(Problem(_display(root.ontology / "chain-rules.tsv"), None, None, None, str(error)))
    yield GraphSource(ns.ONTOLOGY_GRAPH, root.ontology / "crosswalk.ttl", ontology)

    for spec in generated_versions():  # an imported catalog is the store's, not the content root's
        path = root.catalogs / spec.catalog_file
        progress(f"reading catalog {spec.key}")
        if not path.exists():
            problems.append(Problem(_display(path), None, None, None, "catalog missing; run `crosswalk generate`"))
            continue
        graph = Graph()
        with _parse_guard(path, problems):
            graph.parse(path, format="turtle")
        yield GraphSource(spec.graph, path, graph)

    for path in sorted(root.mappings.glob("*.sssom.tsv")):
        progress(f"reading mapping set {path.name}")
        try:
            mapping_set = sssom_tsv.read(path)
        except sssom_tsv.SSSOMFormatError as error:
            problems.append(Problem(_display(path), error.line, None, None, error.message))
            continue
        rdf = to_graph(mapping_set, problems, vocab)
        lines = {str(record): int(str(row)) for record, row in rdf.subject_objects(CW.sourceRow)}
        yield GraphSource(ns.mapping_set_graph(mapping_set.set_id), path, rdf, lines)

    for pattern, read_curation in CURATION_LOADERS.items():
        for path in sorted(root.curation.glob(pattern)):
            progress(f"reading curation {path.name}")
            graph, lines = read_curation(path, problems, vocab)
            yield GraphSource(ns.GRAPH + "curation/" + path.name.split(".")[0], path, graph, lines)


@contextmanager
def _parse_guard(path: Path, problems: list[Problem]) -> Iterator[None]:
    try:
        yield
    except (ParserError, SyntaxError, ValueError) as error:
        problems.append(Problem(_display(path), None, None, None, f"not valid Turtle: {error}"))


def to_oxigraph(graph: Graph) -> list[pyoxigraph.Triple]:
    data = graph.serialize(format="nt", encoding="utf-8")
    return [quad.triple for quad in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)]


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)
