"""Publishing content into a store: the validated graphs plus the chains inferred from them, in one transaction.

A reload replaces the project's graphs (never duplicates) and leaves every other graph (an organization's evidence,
imported sets) alone; the chains are inferred with the chain rules of the same content root that was read.

The store keeps each file's content hash (content/fingerprints.py) beside the graphs, written in the same write.
A reload of files that did not change reads, validates and writes nothing; one where some changed reads only those
(the others' triples come from the store), validates what changed and what refers to it, and writes it all.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from crosswalk.content import fingerprints
from crosswalk.content import namespaces as ns
from crosswalk.content.chain_rules import ChainRules
from crosswalk.content.loader import LoadError, Progress, read_content
from crosswalk.content.resources import content_root
from crosswalk.engine.inference import materialise
from crosswalk.engine.mapping_index import READS, MappingIndex
from crosswalk.store import GraphStore, open_store

__all__ = ["LoadError", "LoadReport", "infer_chains", "load"]


@dataclass
class LoadReport:
    graphs: dict[str, int]  # graph IRI -> triples written
    dropped: list[str]
    seconds: float
    inferred: dict[str, int] = field(default_factory=dict)  # "N hops, relationship" -> count
    unchanged: list[str] = field(default_factory=list)  # graphs whose files had not changed since the last load

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())

    @property
    def nothing_changed(self) -> bool:
        return not self.graphs and not self.dropped


def _quiet(_: str) -> None:
    return None


def load(store: GraphStore, *, progress: Progress = _quiet, root: Path | None = None, bulk: bool = False) -> LoadReport:
    """Validate the content root's files that changed since the last load, then replace the project's graphs in
    one transaction (nothing when no file changed). ``bulk``: the caller holds the store alone (the command line),
    so it may be written with the backend's bulk loader (``bulk_replace_graphs``)."""
    started = time.perf_counter()
    content_root_ = content_root(root)
    progress("comparing the files with the store")
    hashes = fingerprints.file_hashes(content_root_)
    context = fingerprints.context_hash(content_root_)
    present = set(store.named_graphs())
    state = fingerprints.LoadState.from_triples(q.triple for q in store.quads([ns.LOAD_STATE_GRAPH]))
    reuse = {path: graph for path, graph in state.unchanged(content_root_, context, hashes).items() if graph in present}
    stale = [
        graph
        for graph in present
        if graph.startswith(ns.MANAGED_GRAPH_PREFIXES) and graph != ns.INFERRED_GRAPH and graph not in reuse.values()
    ]
    if len(reuse) == len(hashes) and not stale and {ns.ONTOLOGY_GRAPH, ns.INFERRED_GRAPH} <= present:
        return LoadReport({}, [], time.perf_counter() - started, unchanged=sorted(reuse.values()))

    def stored(graph: str) -> list[pyoxigraph.Triple]:
        return [quad.triple for quad in store.quads([graph])]

    content = read_content(content_root_, progress, reuse, stored)
    new_graphs = dict(content.graphs)
    progress("inferring chained mappings")
    inferred, inference_stats = infer_chains(store, new_graphs, rules=content.rules)
    new_graphs[ns.INFERRED_GRAPH] = inferred
    new_graphs[ns.LOAD_STATE_GRAPH] = fingerprints.state_triples(content_root_, context, hashes, content.files)

    progress("writing the store")
    dropped = [graph for graph in stale if graph not in new_graphs]
    replacements: dict[str, list[pyoxigraph.Triple]] = {graph: [] for graph in dropped}
    replacements.update((graph, triples) for graph, triples in new_graphs.items() if graph not in content.reused)
    if bulk:
        store.bulk_replace_graphs(replacements)
    else:
        store.replace_graphs(replacements)
    written = {g: len(t) for g, t in new_graphs.items() if g not in content.reused and g != ns.LOAD_STATE_GRAPH}
    return LoadReport(
        graphs=written,
        dropped=dropped,
        seconds=time.perf_counter() - started,
        inferred=inference_stats,
        unchanged=sorted(content.reused),
    )


def infer_chains(
    store: GraphStore,
    graphs: dict[str, list[pyoxigraph.Triple]],
    keep: Callable[[str], bool] | None = None,
    rules: ChainRules | None = None,
) -> tuple[list[pyoxigraph.Triple], dict[str, int]]:
    """Materialise chained mappings from ``graphs`` (about to be written) and the store's imported sets.

    ``keep`` picks further store graphs to read (default: the imported sets); a graph in ``graphs`` replaces the
    store's. Never reads the old inferred graph, so chains are always built from asserted records.
    """
    wanted = keep or (lambda graph: graph.startswith(ns.IMPORTED_GRAPH_PREFIX))
    kept = [g for g in store.named_graphs() if wanted(g) and g != ns.INFERRED_GRAPH and g not in graphs]
    reads = {pyoxigraph.NamedNode(iri) for iri in READS}  # the rest (texts, hierarchy) the index never reads
    scratch = open_store(None)
    try:
        scratch.add_quads(
            pyoxigraph.Quad(t.subject, t.predicate, t.object, pyoxigraph.NamedNode(graph))
            for graph, triples in graphs.items()
            for t in triples
            if t.predicate in reads
        )
        if kept:
            scratch.add_quads(q for q in store.quads(kept) if q.predicate in reads)
        return materialise(MappingIndex.from_store(scratch, rules))
    finally:
        scratch.close()
