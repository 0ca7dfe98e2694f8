"""Publishing content into a store: the validated graphs plus the chains inferred from them, in one transaction.

A reload replaces the project's graphs (never duplicates) and leaves every other graph (an organization's evidence,
imported sets) alone; the chains are inferred with the chain rules of the same content root that was read.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph

from crosswalk.content import namespaces as ns
from crosswalk.content.chain_rules import ChainRules
from crosswalk.content.loader import LoadError, Progress, read_content
from crosswalk.content.resources import content_root
from crosswalk.engine.inference import materialise
from crosswalk.engine.mapping_index import MappingIndex
from crosswalk.store import GraphStore, open_store

__all__ = ["LoadError", "LoadReport", "infer_chains", "load"]


@dataclass
class LoadReport:
    graphs: dict[str, int]  # graph IRI -> triples
    dropped: list[str]
    seconds: float
    inferred: dict[str, int] = field(default_factory=dict)  # "N hops, relationship" -> count

    @property
    def triples(self) -> int:
        return sum(self.graphs.values())


def _quiet(_: str) -> None:
    return None


def load(store: GraphStore, *, progress: Progress = _quiet, root: Path | None = None) -> LoadReport:
    """Validate every file of the content root, then replace the project's graphs in one transaction."""
    started = time.perf_counter()
    content = read_content(content_root(root), progress)
    new_graphs = dict(content.graphs)
    progress("inferring chained mappings")
    inferred, inference_stats = infer_chains(store, new_graphs, rules=content.rules)
    new_graphs[ns.INFERRED_GRAPH] = inferred

    progress("writing the store")
    stale = [
        graph
        for graph in store.named_graphs()
        if graph.startswith(ns.MANAGED_GRAPH_PREFIXES) and graph not in new_graphs
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
    scratch = open_store(None)
    try:
        scratch.replace_graphs(graphs)
        if kept:
            scratch.add_quads(store.quads(kept))
        return materialise(MappingIndex.from_store(scratch, rules))
    finally:
        scratch.close()
