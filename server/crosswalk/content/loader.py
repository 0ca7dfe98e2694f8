"""Loading: ontology, catalogs and mapping sets into named graphs, validated first, written all at once.

Every file is read and validated before the store is touched; a single problem stops the load and the
store stays as it was. A reload replaces the project's graphs (never duplicates) and leaves every other
graph (an organization's evidence, say) alone.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph
from rdflib import Graph, Namespace
from rdflib.exceptions import ParserError

from crosswalk.content import chain_rules

from crosswalk.content import sssom_tsv
from crosswalk.content import namespaces as ns
from crosswalk.content.curation import CURATION_LOADERS
from crosswalk.content.frameworks import FRAMEWORK_VERSIONS
from crosswalk.engine.inference import INFERRED_GRAPH, MappingIndex, materialise
from crosswalk.content.mapping_records import Problem, to_graph
from crosswalk.content.rejection import Rejected
from crosswalk.content.resources import catalogs_dir, mappings_dir, ontology_dir
from crosswalk.store import GraphStore
from crosswalk.store.embedded.oxigraph import OxigraphStore
from crosswalk.content.validation import dangling_reference_problems, element_iris, shacl_problems

CW = Namespace(ns.ONTOLOGY)

# Graphs the loader owns: replaced on every load, dropped when their file is gone.
MANAGED_GRAPH_PREFIXES = (ns.GRAPH + "catalog/", ns.GRAPH + "mappings/", ns.GRAPH + "curation/", INFERRED_GRAPH)
# Imported sets are public too, but not managed: a reload keeps them.
PUBLIC_GRAPH_PREFIXES = (ns.ONTOLOGY_GRAPH, *MANAGED_GRAPH_PREFIXES, ns.IMPORTED_GRAPH_PREFIX)


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
class LoadReport:
    graphs: dict[str, int]  # graph IRI -> triples
    dropped: list[str]
    seconds: float
    inferred: dict[str, int] = field(default_factory=dict)  # "N hops, relationship" -> count

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


Progress = Callable[[str], None]


def _quiet(_: str) -> None:
    return None


def load(store: GraphStore, *, progress: Progress = _quiet, root: Path | None = None) -> LoadReport:
    """Validate every project file, then replace the project's graphs in one transaction."""
    started = time.perf_counter()
    problems: list[Problem] = []
    sources = list(_read_sources(problems, progress, root))

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
        problems += shacl_problems(data, origin_of, line_of)
    if problems:
        raise LoadError(problems)

    new_graphs = {source.graph: to_oxigraph(source.rdf) for source in sources}
    progress("inferring chained mappings")
    inferred, inference_stats = infer_chains(store, new_graphs)
    new_graphs[INFERRED_GRAPH] = inferred

    progress("writing the store")
    stale = [
        graph for graph in store.named_graphs() if graph.startswith(MANAGED_GRAPH_PREFIXES) and graph not in new_graphs
    ]
    replacements: dict[str, list[pyoxigraph.Triple]] = {graph: [] for graph in stale}
    replacements.update(new_graphs)
    store.replace_graphs(replacements)
    return LoadReport(
        graphs={graph: len(triples) for graph, triples in new_graphs.items()},
        dropped=stale,
        seconds=time.perf_counter() - started,
        inferred=inference_stats,
    )


def infer_chains(
    store: GraphStore, graphs: dict[str, list[pyoxigraph.Triple]], keep: Callable[[str], bool] | None = None
) -> tuple[list[pyoxigraph.Triple], dict[str, int]]:
    """Materialise chained mappings from ``graphs`` (about to be written) and the store's imported sets.

    ``keep`` picks further store graphs to read (default: the imported sets); a graph in ``graphs`` replaces the
    store's. Never reads the old inferred graph, so chains are always built from asserted records.
    """
    wanted = keep or (lambda graph: graph.startswith(ns.IMPORTED_GRAPH_PREFIX))
    kept = [g for g in store.named_graphs() if wanted(g) and g != INFERRED_GRAPH and g not in graphs]
    scratch = OxigraphStore.open(None)
    try:
        scratch.replace_graphs(graphs)
        if kept:
            scratch.native.bulk_extend(store.quads(kept))
        return materialise(MappingIndex.from_store(scratch))
    finally:
        scratch.close()


def _read_sources(problems: list[Problem], progress: Progress, root: Path | None) -> Iterator[GraphSource]:
    onto_dir = root / "ontology" if root else ontology_dir()
    cat_dir = onto_dir / "catalogs" if root else catalogs_dir()
    map_dir = root / "mappings" if root else mappings_dir()

    progress("reading the ontology")
    ontology = Graph()
    for name in ("crosswalk.ttl", "vocab.ttl"):
        with _parse_guard(onto_dir / name, problems):
            ontology.parse(onto_dir / name, format="turtle")
    try:
        ontology += chain_rules.as_rdf(chain_rules.read_rules(onto_dir / "chain-rules.tsv"))
    except (OSError, ValueError, KeyError) as error:
        problems.append(Problem(_display(onto_dir / "chain-rules.tsv"), None, None, None, str(error)))
    yield GraphSource(ns.ONTOLOGY_GRAPH, onto_dir / "crosswalk.ttl", ontology)

    for spec in FRAMEWORK_VERSIONS.values():
        path = cat_dir / spec.catalog_file
        progress(f"reading catalog {spec.key}")
        if not path.exists():
            problems.append(Problem(_display(path), None, None, None, "catalog missing; run `crosswalk generate`"))
            continue
        graph = Graph()
        with _parse_guard(path, problems):
            graph.parse(path, format="turtle")
        yield GraphSource(spec.graph, path, graph)

    for path in sorted(map_dir.glob("*.sssom.tsv")):
        progress(f"reading mapping set {path.name}")
        try:
            mapping_set = sssom_tsv.read(path)
        except sssom_tsv.SSSOMFormatError as error:
            problems.append(Problem(_display(path), error.line, None, None, error.message))
            continue
        rdf = to_graph(mapping_set, problems)
        lines = {str(record): int(str(row)) for record, row in rdf.subject_objects(CW.sourceRow)}
        yield GraphSource(ns.mapping_set_graph(mapping_set.set_id), path, rdf, lines)

    for pattern, read_curation in CURATION_LOADERS.items():
        for path in sorted((map_dir / "curation").glob(pattern)):
            progress(f"reading curation {path.name}")
            graph, lines = read_curation(path, problems)
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
