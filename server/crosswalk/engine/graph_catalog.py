"""The public named graphs as a researcher's service description lists them: title, version and size of each.

Read once per service start (the SPARQL workers serve a snapshot taken then), through two named queries.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from crosswalk.content import namespaces as ns
from crosswalk.content import queries
from crosswalk.store.base import GraphStore, text_of

# Graphs that describe no titled resource of their own get a title by the kind of graph they are.
KIND_TITLES: tuple[tuple[str, str], ...] = (
    (ns.INFERRED_GRAPH, "Chained mappings inferred from the asserted mapping sets"),
    (ns.GRAPH + "curation/", "Curation annotations"),
    (ns.IMPORTED_GRAPH_PREFIX, "Imported mapping set"),
    (ns.GRAPH + "mappings/", "Mapping set"),
    (ns.GRAPH + "catalog/", "Framework catalog"),
    (ns.ONTOLOGY_GRAPH, "crosswalk ontology"),
)


@dataclass(frozen=True)
class GraphInfo:
    graph: str
    title: str
    version: str | None
    triples: int


def _kind_title(graph: str) -> str:
    for prefix, title in KIND_TITLES:
        if graph.startswith(prefix):
            rest = graph[len(prefix) :].strip("/")
            return f"{title}: {rest}" if rest else title
    return graph


def public_graphs(store: GraphStore) -> list[GraphInfo]:
    """Every public named graph with its title, version (or date) and triple count, in IRI order."""
    sizes = {
        text_of(row, "graph") or "": int(text_of(row, "triples") or 0)
        for row in store.select(queries.text("api/graph-sizes"))
    }
    described: dict[str, list[tuple[str, str | None]]] = defaultdict(list)
    for row in store.select(queries.text("api/graph-descriptions")):
        described[text_of(row, "graph") or ""].append((text_of(row, "title") or "", text_of(row, "version")))
    found = []
    for graph in sorted(g for g in sizes if ns.is_public_graph(g)):
        titles = list(dict.fromkeys(described.get(graph, [])))
        title, version = titles[0] if len(titles) == 1 else (_kind_title(graph), None)
        found.append(GraphInfo(graph, title, version, sizes[graph]))
    return found
